package org.spangeo.jobs.stages;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.spangeo.jobs.ui.SparkJobs;
import org.spangeo.zarr.InvalidArgumentException;
import org.spangeo.zarr.array.BoxCopy;
import org.spangeo.zarr.blocks.Block;
import org.spangeo.zarr.blocks.Blocks;
import org.spangeo.zarr.blocks.BlockKey;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.dataset.Selection;
import org.spangeo.zarr.dataset.Variable;
import org.spangeo.zarr.write.Compressors;
import org.spangeo.zarr.write.DatasetSpec;
import org.spangeo.zarr.write.Specs;
import org.spangeo.zarr.write.VariableSpec;

/**
 * {@code ds.groupby("time.month") - clim}: each value minus its group's climatology, in
 * float32 as numpy subtracts float32 arrays. The climatology (computed here or read from a
 * store) is small, so it is broadcast whole and the data is never shuffled: output blocks are
 * the input blocks, written where they are read.
 */
public final class Anomaly {
  private Anomaly() {}

  /** {@code climatology}: a store with the group dim, or null to compute it from the same input. */
  public static StageResult compute(StageInput in, String by, Dataset climatology, String compressor) {
    return compute(in, by, climatology, false, null, compressor);
  }

  /**
   * With {@code standardize}: {@code (x - clim_mean) / clim_std} per group, xarray's
   * {@code (g - g.mean()) / g.std()} (population std); the std comes from {@code climStd} or,
   * like the mean, from the same input.
   */
  public static StageResult compute(StageInput in, String by, Dataset climatology, boolean standardize, Dataset climStd,
      String compressor) {
    long[] times = in.selectedTimes();
    Grouping g = Grouping.by(by, times);
    String time = in.timeDim();
    Clim mean = load(in, by, g, climatology, Stat.MEAN, "--climatology", compressor, standardize ? "pass 1 of 3" : "pass 1 of 2");
    Clim std = standardize ? load(in, by, g, climStd, Stat.STD, "--climatology-std", compressor, "pass 2 of 3") : null;
    Broadcast<Map<String, float[]>> bClim = in.jsc.broadcast(mean.values);
    Broadcast<Map<String, float[]>> bStd = std == null ? null : in.jsc.broadcast(std.values);
    Broadcast<int[]> bGroup = in.jsc.broadcast(g.groupOf);
    Map<String, int[]> climShape = mean.shapes;
    Map<String, int[]> stdShape = std == null ? null : std.shapes;

    int[] groupRow = mean.groupRow;
    int[] stdRow = std == null ? null : std.groupRow;
    DatasetSpec spec = Specs.like(in.ds, in.sel, in.vars, compressor == null ? Compressors.DEFAULT : compressor);
    for (String v : in.vars) {
      spec.variable(spec.variable(v).withAttributes(a -> {
        a.put("long_name", (a.has("long_name") ? a.get("long_name").asText() : v)
            + (standardize ? " standardized anomaly from the " : " anomaly from the ") + by + "ly climatology");
        if (standardize) a.put("units", "1");
      }).withDType(org.spangeo.zarr.metadata.DType.FLOAT32,
          org.spangeo.zarr.metadata.FillValue.ofDouble(Double.NaN)));
    }
    if (std != null) {
      for (String v : in.vars) {
        if (!java.util.Arrays.equals(climShape.get(v), stdShape.get(v))) {
          throw new InvalidArgumentException("--climatology-std: '" + v + "' has shape " + java.util.Arrays.toString(stdShape.get(v))
              + ", the mean climatology " + java.util.Arrays.toString(climShape.get(v)) + ": they must be on one grid");
        }
      }
    }
    JavaRDD<Block> blocks = Blocks.read(in.jsc, in.ds, in.sel, in.vars, 0, in.metrics).map(b -> subtract(b, time,
        bClim.value().get(b.key().variable()), climShape.get(b.key().variable()), bGroup.value(), groupRow,
        bStd == null ? null : bStd.value().get(b.key().variable()), stdRow));
    return new StageResult(spec, blocks, in.cells());
  }

  /** A climatology as full (group, ...) float arrays per variable, and its row per group label. */
  static final class Clim {
    final Map<String, float[]> values = new HashMap<>();
    final Map<String, int[]> shapes = new HashMap<>();
    int[] groupRow;
  }

  /** Computes the {@code stat} climatology of the input, or reads it from {@code store} (on the input's grid). */
  static Clim load(StageInput in, String by, Grouping g, Dataset store, Stat stat, String option, String compressor,
      String pass) {
    String time = in.timeDim();
    Clim out = new Clim();
    out.groupRow = new int[g.groups()];
    Map<String, float[]> clim = out.values;
    Map<String, int[]> climShape = out.shapes;
    int[] groupRow = out.groupRow;
    Dataset climatology = store;
    if (climatology == null) {
      StageResult c = Climatology.compute(in, by, stat, compressor);
      for (int i = 0; i < groupRow.length; i++) groupRow[i] = i;
      for (String v : in.vars) {
        VariableSpec s = c.spec.variable(v);
        long[] shape = s.shape();
        int[] sh = new int[shape.length];
        for (int i = 0; i < sh.length; i++) sh[i] = (int) shape[i];
        clim.put(v, new float[Math.toIntExact(product(sh))]);
        climShape.put(v, sh);
      }
      try (SparkJobs.Described d = SparkJobs.step(in.jsc, pass);
           SparkJobs.Site s = SparkJobs.site(in.jsc, "climatology by " + by + " (" + stat.label() + "), to the driver")) {
        for (Block b : c.blocks.collect()) place(b, clim.get(b.key().variable()), climShape.get(b.key().variable()));
      }
    } else {
      if (!climatology.dims().containsKey(g.dim)) {
        throw new InvalidArgumentException(option + " has no '" + g.dim + "' dim (dims: " + climatology.dims().keySet() + ")");
      }
      double[] labels = climatology.coordinateValues(g.dim);
      for (int i = 0; i < g.groups(); i++) {
        groupRow[i] = -1;
        for (int j = 0; j < labels.length; j++) if (labels[j] == g.labels[i]) groupRow[i] = j;
        if (groupRow[i] < 0) {
          throw new InvalidArgumentException(option + " has no " + g.dim + " " + g.labels[i] + " for the data's time steps");
        }
      }
      for (String v : in.vars) {
        if (!climatology.hasVariable(v)) throw new InvalidArgumentException(option + " has no variable '" + v + "'");
        Selection cs = Selection.all(climatology);
        // the climatology must be on the input's selected grid: select the same labels
        for (String d : in.ds.variable(v).dims()) {
          if (d.equals(time) || !in.ds.isCoordinate(d)) continue;
          cs = matchCoordinate(in, climatology, cs, d);
        }
        Variable cv = climatology.variable(v);
        int[] sh = new int[cv.rank()];
        for (int i = 0; i < sh.length; i++) sh[i] = (int) cs.count(cv.dims().get(i));
        float[] full = new float[Math.toIntExact(product(sh))];
        for (Block b : Blocks.readLocal(climatology, cs, List.of(v))) place(b, full, sh);
        clim.put(v, full);
        climShape.put(v, sh);
      }
    }
    return out;
  }

  static Selection matchCoordinate(StageInput in, Dataset clim, Selection cs, String d) {
    if (!clim.dims().containsKey(d)) throw new InvalidArgumentException("--climatology has no '" + d + "' dim");
    int[] idx = in.sel.indices(d);
    double[] want = in.ds.coordinateValues(d);
    double[] have = clim.coordinateValues(d);
    boolean[] keep = new boolean[have.length];
    for (int i : idx) {
      boolean found = false;
      for (int j = 0; j < have.length; j++) {
        if (have[j] == want[i]) {
          keep[j] = true;
          found = true;
        }
      }
      if (!found) throw new InvalidArgumentException("--climatology has no " + d + " " + want[i] + ": it is on another grid");
    }
    return cs.restrict(d, keep);
  }

  static long product(int[] s) {
    long n = 1;
    for (int x : s) n *= x;
    return n;
  }

  /** Lays a block into a full C-ordered array of the given shape. */
  static void place(Block b, float[] full, int[] shape) {
    long[] o = b.key().offsets();
    int[] s = b.shape();
    int rank = s.length;
    if (b.isFloat()) {
      int[] at = new int[rank];
      for (int d = 0; d < rank; d++) at[d] = (int) o[d];
      BoxCopy.copy(b.floats(), s, new int[rank], full, shape, at, s);
      return;
    }
    int[] stride = BoxCopy.strides(shape);
    int[] pos = new int[rank];
    for (int i = 0; i < b.size(); i++) {
      int off = 0;
      for (int d = 0; d < rank; d++) off += (int) (o[d] + pos[d]) * stride[d];
      full[off] = (float) b.get(i);
      BoxCopy.next(pos, s);
    }
  }

  /** value - clim[group of its time step] for every cell of a block, a contiguous run at a time. */
  static Block subtract(Block b, String time, float[] clim, int[] climShape, int[] groupOf, int[] groupRow) {
    return subtract(b, time, clim, climShape, groupOf, groupRow, null, null);
  }

  /**
   * With {@code std} (same shape as {@code clim}, rows {@code stdRow} per group): (value - clim) /
   * std, each step rounded to float32 as numpy computes on float32 arrays.
   */
  static Block subtract(Block b, String time, float[] clim, int[] climShape, int[] groupOf, int[] groupRow, float[] std,
      int[] stdRow) {
    BlockKey k = b.key();
    int axis = k.dims().indexOf(time);
    int[] s = b.shape();
    long[] o = k.offsets();
    int rank = s.length;
    // per dim and position in the block: its term of the climatology's flat index
    int[][] term = new int[rank][];
    int[][] sTerm = new int[rank][]; // the same for std's flat index
    int st = 1;
    for (int d = rank - 1; d >= 0; d--) {
      term[d] = new int[s[d]];
      for (int i = 0; i < s[d]; i++) term[d][i] = (d == axis ? groupRow[groupOf[(int) (o[d] + i)]] : (int) (o[d] + i)) * st;
      if (std != null) {
        sTerm[d] = new int[s[d]];
        for (int i = 0; i < s[d]; i++) sTerm[d][i] = (d == axis ? stdRow[groupOf[(int) (o[d] + i)]] : (int) (o[d] + i)) * st;
      }
      st *= climShape[d];
    }
    float[] out = new float[b.size()];
    float[] fv = b.isFloat() ? b.floats() : null;
    int last = rank - 1;
    int run = rank == 0 ? 1 : s[last];
    int runs = out.length / Math.max(1, run);
    int[] t = rank == 0 ? new int[] {0} : term[last];
    int[] ts = std == null ? null : rank == 0 ? new int[] {0} : sTerm[last];
    int[] pos = new int[rank];
    for (int r = 0; r < runs; r++) {
      int base = 0;
      int sBase = 0;
      for (int d = 0; d < last; d++) base += term[d][pos[d]];
      if (std != null) for (int d = 0; d < last; d++) sBase += sTerm[d][pos[d]];
      int i0 = r * run;
      if (std != null) {
        for (int j = 0; j < run; j++) {
          float x = fv != null ? fv[i0 + j] : (float) b.get(i0 + j);
          out[i0 + j] = (x - clim[base + t[j]]) / std[sBase + ts[j]];
        }
      } else if (last == axis || rank == 0) {
        for (int j = 0; j < run; j++) out[i0 + j] = (fv != null ? fv[i0 + j] : (float) b.get(i0 + j)) - clim[base + t[j]];
      } else if (fv != null) {
        int c0 = base + t[0]; // consecutive along the last dim
        for (int j = 0; j < run; j++) out[i0 + j] = fv[i0 + j] - clim[c0 + j];
      } else {
        int c0 = base + t[0];
        for (int j = 0; j < run; j++) out[i0 + j] = (float) b.get(i0 + j) - clim[c0 + j];
      }
      for (int d = last - 1; d >= 0; d--) {
        if (++pos[d] < s[d]) break;
        pos[d] = 0;
      }
    }
    return Block.ofFloats(k, s, out);
  }
}
