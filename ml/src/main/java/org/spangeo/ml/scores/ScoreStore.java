package org.spangeo.ml.scores;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.spangeo.zarr.blocks.Block;
import org.spangeo.zarr.blocks.BlockKey;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.dataset.Selection;
import org.spangeo.zarr.metadata.DType;
import org.spangeo.zarr.metadata.FillValue;
import org.spangeo.zarr.store.HadoopConf;
import org.spangeo.zarr.write.Compressors;
import org.spangeo.zarr.write.DatasetSpec;
import org.spangeo.zarr.write.Specs;
import org.spangeo.zarr.write.VariableSpec;
import org.spangeo.zarr.write.ZarrWriter;

/**
 * Writes a {@link ScoreResult} through the project's Zarr writer (one variable per score, the
 * kept dims' coordinates from the forecast; baselines as {@code <score>_<baseline>}; ROC points
 * along a {@code threshold} dim; {@code brier_skill_score} against the climatology) and the JSON
 * summary of the overall numbers.
 */
public final class ScoreStore {
  private ScoreStore() {}

  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** The output variable name of a metric of a source ("csi", "csi_climatology"). */
  public static String name(String label, String source) {
    return ScoreResult.MODEL.equals(source) ? label : label + "_" + source;
  }

  public static DatasetSpec spec(ScoreResult r, Dataset fc, Selection fsel, String dtype, String compressor,
      Map<String, String> attributes) {
    DatasetSpec spec = new DatasetSpec();
    ObjectNode attrs = JSON.createObjectNode();
    attributes.forEach(attrs::put);
    spec.attributes(attrs);
    for (String d : r.dims) {
      if (fc.hasVariable(d)) spec.coordinate(Specs.coordinate(fc, fsel, d), Specs.coordinateValues(fc, fsel, d));
    }
    DType t = "float32".equals(dtype) ? DType.FLOAT32 : DType.FLOAT64;
    String comp = compressor == null ? Compressors.DEFAULT : compressor;
    long[] shape = new long[r.shape.length];
    int[] chunks = new int[r.shape.length];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = r.shape[i];
      chunks[i] = Math.max(1, r.shape[i]);
    }
    if (r.metrics.contains(Metric.ROC)) {
      int n = r.rocThresholds.length;
      VariableSpec th = VariableSpec.coordinate("threshold", n).dtype(DType.FLOAT64).attributes(JSON.createObjectNode()
          .put("long_name", "forecast probability threshold (yes where forecast >= threshold)")).build();
      spec.coordinate(th, r.rocThresholds.clone());
    }
    if (r.fss != null) {
      int n = r.fssScales.length;
      long[] sc = new long[n];
      for (int i = 0; i < n; i++) sc[i] = r.fssScales[i];
      // scales are whole cell counts: int64, so xarray selects them as fss.sel(scale=9)
      VariableSpec th = VariableSpec.coordinate("scale", n).dtype(DType.INT64).attributes(JSON.createObjectNode()
          .put("long_name", "neighbourhood size (n x n grid cells)").put("units", "grid cells")).build();
      spec.coordinate(th, sc);
      List<String> dims = new ArrayList<>(List.of("scale"));
      dims.addAll(r.dims);
      long[] sh = new long[shape.length + 1];
      int[] ch = new int[shape.length + 1];
      sh[0] = n;
      ch[0] = n;
      System.arraycopy(shape, 0, sh, 1, shape.length);
      System.arraycopy(chunks, 0, ch, 1, shape.length);
      for (String s : r.fss.keySet()) {
        VariableSpec v = var(name("fss", s), dims, sh, ch, t, comp, "fss", s);
        spec.variable(v.withAttributes(a -> {
          a.put("threshold", r.fssThreshold);
          if (r.dims.isEmpty()) {
            // the bar a scale must reach to be useful, for the figure's line (only for the single overall value)
            FssPartial all = r.fssOverall(s);
            if (Double.isFinite(all.baseRate(0))) a.put("observed_base_rate", all.baseRate(0)).put("useful_fss", all.usefulFss(0));
          }
        }));
      }
    }
    for (String s : r.sources()) {
      for (Metric m : r.metrics) {
        String label = m == Metric.ROC ? "roc_auc" : m.label();
        spec.variable(var(name(label, s), r.dims, shape, chunks, t, comp, label, s));
        if (m == Metric.ROC) {
          List<String> dims = new ArrayList<>(List.of("threshold"));
          dims.addAll(r.dims);
          long[] sh = new long[shape.length + 1];
          int[] ch = new int[shape.length + 1];
          sh[0] = r.rocThresholds.length;
          ch[0] = r.rocThresholds.length;
          System.arraycopy(shape, 0, sh, 1, shape.length);
          System.arraycopy(chunks, 0, ch, 1, shape.length);
          spec.variable(var(name("roc_pod", s), dims, sh, ch, t, comp, "roc_pod", s));
          spec.variable(var(name("roc_pofd", s), dims, sh, ch, t, comp, "roc_pofd", s));
        }
        if (m == Metric.RELIABILITY) {
          spec.variable(var(name("resolution", s), r.dims, shape, chunks, t, comp, "resolution", s));
          spec.variable(var(name("uncertainty", s), r.dims, shape, chunks, t, comp, "uncertainty", s));
        }
      }
    }
    if (r.fields.containsKey(ScoreResult.CLIMATOLOGY) && r.metrics.contains(Metric.BRIER)) {
      spec.variable(var("brier_skill_score", r.dims, shape, chunks, t, comp, "brier_skill_score", ScoreResult.MODEL));
    }
    return spec;
  }

  private static VariableSpec var(String name, List<String> dims, long[] shape, int[] chunks, DType t, String comp,
      String label, String source) {
    ObjectNode a = JSON.createObjectNode();
    a.put("long_name", label.replace('_', ' ') + (ScoreResult.MODEL.equals(source) ? "" : " of the " + source.replace('_', ' ')
        + " baseline"));
    if (label.equals("brier_skill_score")) a.put("definition", "1 - brier / brier_climatology");
    if (label.equals("fss")) a.put("definition", "Fractions Skill Score (Roberts and Lean 2008): 1 - sum (O_n - M_n)^2 / (sum O_n^2 + sum M_n^2)");
    if (label.equals("reliability")) a.put("definition", "Brier reliability term: sum over 10 bins of n_k (mean forecast - observed frequency)^2 / N");
    if (label.equals("resolution")) a.put("definition", "Brier resolution term: sum over 10 bins of n_k (observed frequency - overall frequency)^2 / N");
    if (label.equals("uncertainty")) a.put("definition", "Brier uncertainty term: o (1 - o), o the overall event frequency");
    return VariableSpec.builder(name, dims, shape).chunks(chunks).dtype(t).fill(FillValue.ofDouble(Double.NaN))
        .compressor(comp).attributes(a).build();
  }

  /** The score fields as blocks, one per variable of {@link #spec}. */
  public static List<Block> blocks(ScoreResult r) {
    List<Block> out = new ArrayList<>();
    if (r.fss != null) {
      List<String> dims = new ArrayList<>(List.of("scale"));
      dims.addAll(r.dims);
      int[] sh = new int[r.shape.length + 1];
      sh[0] = r.fssScales.length;
      System.arraycopy(r.shape, 0, sh, 1, r.shape.length);
      for (String s : r.fss.keySet()) out.add(block(name("fss", s), dims, sh, r.fssField(s)));
    }
    for (String s : r.sources()) {
      for (Metric m : r.metrics) {
        out.add(block(name(m == Metric.ROC ? "roc_auc" : m.label(), s), r.dims, r.shape, r.field(s, m)));
        if (m == Metric.ROC) {
          List<String> dims = new ArrayList<>(List.of("threshold"));
          dims.addAll(r.dims);
          int[] sh = new int[r.shape.length + 1];
          sh[0] = r.rocThresholds.length;
          System.arraycopy(r.shape, 0, sh, 1, r.shape.length);
          out.add(block(name("roc_pod", s), dims, sh, r.rocField(s, 0)));
          out.add(block(name("roc_pofd", s), dims, sh, r.rocField(s, 1)));
        }
        if (m == Metric.RELIABILITY) {
          out.add(block(name("resolution", s), r.dims, r.shape, r.decompositionField(s, 1)));
          out.add(block(name("uncertainty", s), r.dims, r.shape, r.decompositionField(s, 2)));
        }
      }
    }
    if (r.fields.containsKey(ScoreResult.CLIMATOLOGY) && r.metrics.contains(Metric.BRIER)) {
      out.add(block("brier_skill_score", r.dims, r.shape, r.brierSkillScoreField()));
    }
    return out;
  }

  private static Block block(String name, List<String> dims, int[] shape, double[] values) {
    return Block.ofDoubles(new BlockKey(name, dims, new long[dims.size()]), shape, values);
  }

  /**
   * Writes the store (through the writer's commit protocol) from the driver, which holds the
   * merged scores already: one chunk per field, a few MB with ROC maps, which Spark tasks would
   * only get shipped inside their closures (the "task of very large size" warning).
   */
  public static void write(HadoopConf conf, String out, DatasetSpec spec, ZarrWriter.Mode mode,
      ScoreResult r) {
    ZarrWriter w = ZarrWriter.begin(conf, out, spec, mode);
    try {
      for (Block b : blocks(r)) w.writeBlock(b);
      w.commit();
    } catch (RuntimeException e) {
      w.abort();
      throw e;
    }
  }

  /** The summary as JSON text. */
  public static String summaryJson(ScoreResult r, Map<String, Object> extra) {
    Map<String, Object> all = new java.util.LinkedHashMap<>(extra);
    all.putAll(r.summary());
    try {
      return JSON.writeValueAsString(all);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Any map of numbers, lists and JSON nodes as indented JSON text. */
  public static String toJson(Map<String, Object> m) {
    try {
      return JSON.writeValueAsString(m);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes the summary to any Hadoop path (a local file by default). */
  public static void writeSummary(HadoopConf conf, String path, String json) {
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(conf.get());
      try (OutputStream o = fs.create(p, true)) {
        o.write(json.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot write the summary " + path + ": " + e.getMessage(), e);
    }
  }
}
