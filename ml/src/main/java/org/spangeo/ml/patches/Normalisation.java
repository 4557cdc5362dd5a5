package org.spangeo.ml.patches;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.spangeo.zarr.CorruptDataException;
import org.spangeo.zarr.InvalidArgumentException;
import org.spangeo.zarr.blocks.Block;
import org.spangeo.zarr.blocks.BlockCombiner;
import org.spangeo.zarr.blocks.BlockKey;
import org.spangeo.zarr.blocks.Blocks;
import org.spangeo.zarr.blocks.Combine;
import org.spangeo.zarr.blocks.Moments;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.dataset.Selection;
import org.spangeo.zarr.metadata.MetadataParser;

/**
 * Per-variable mean and standard deviation (population, ddof=0, NaN skipped), as
 * {@code ds[v].mean()} and {@code ds[v].std()} over the training period. Features are normalised as
 * {@code (x - mean) / std}; a NaN becomes 0 after normalisation (the variable's mean), so missing
 * cells do not poison a patch. A variable with std 0 is divided by 1.
 */
public final class Normalisation implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String[] names;
  private final double[] mean;
  private final double[] std;
  private final long[] count;
  /** Where the statistics were computed ({"source": ..., "time_range": [first, last]}), or null. */
  private final String fittedOn;

  public Normalisation(List<String> names, double[] mean, double[] std, long[] count) {
    this(names, mean, std, count, null);
  }

  private Normalisation(List<String> names, double[] mean, double[] std, long[] count, String fittedOn) {
    this.names = names.toArray(new String[0]);
    this.mean = mean.clone();
    this.std = std.clone();
    this.count = count.clone();
    this.fittedOn = fittedOn;
  }

  /** The same statistics, recording where they were computed (a JSON object: source, time_range). */
  public Normalisation fittedOn(ObjectNode where) {
    return new Normalisation(names(), mean, std, count, where == null ? null : where.toString());
  }

  /** Where the statistics were computed, or null when not recorded (older stores). */
  public JsonNode fittedOn() {
    try {
      return fittedOn == null ? null : MetadataParser.JSON.readTree(fittedOn);
    } catch (java.io.IOException e) {
      return null;
    }
  }

  /**
   * Computes the statistics with one Spark stage over the chunk blocks, as a combiner keyed by
   * variable: each task folds its blocks into (count, mean, M2) per variable, the driver merges
   * the tasks' partials (Chan et al.'s parallel formula, {@link Moments}: stable where
   * sum/sum-of-squares is not).
   */
  public static Normalisation compute(JavaSparkContext jsc, Dataset ds, Selection sel, List<String> variables) {
    List<String> vars = List.copyOf(variables);
    int nv = vars.size();
    Map<BlockKey, double[][]> partials = Combine.toDriver(Blocks.read(jsc, ds, sel, vars, 0), new Statistics());
    double[] mean = new double[nv];
    double[] std = new double[nv];
    long[] count = new long[nv];
    for (int v = 0; v < nv; v++) {
      double[][] p = partials.get(Statistics.key(vars.get(v)));
      count[v] = p == null ? 0 : (long) p[0][0];
      if (count[v] == 0) {
        throw new InvalidArgumentException("variable '" + vars.get(v) + "' has no valid (non-NaN) value in the selection");
      }
      mean[v] = p[1][0];
      std[v] = Math.sqrt(Moments.variance(p[0][0], p[2][0]));
    }
    return new Normalisation(vars, mean, std, count);
  }

  /** Count, mean and M2 of each variable's valid values: {{n}, {mean}, {M2}} under the key of the variable. */
  static final class Statistics implements BlockCombiner<double[][]> {
    private static final long serialVersionUID = 1L;

    static BlockKey key(String variable) {
      return new BlockKey(variable, List.of(), new long[0]);
    }

    @Override
    public void add(Block b, Partials<double[][]> partials) {
      BlockKey k = key(b.key().variable());
      double[][] p = partials.get(k);
      if (p == null) {
        p = new double[][] {{0}, {0}, {0}};
        partials.put(k, p);
      }
      // two passes over the block (sum, then squared deviations): no division per cell
      long n = 0;
      double sum = 0;
      int size = b.size();
      float[] f = b.floats();
      for (int i = 0; i < size; i++) {
        double x = f != null ? f[i] : b.get(i);
        if (x == x) {
          n++;
          sum += x;
        }
      }
      double m = n == 0 ? 0 : sum / n;
      double m2 = 0;
      for (int i = 0; i < size; i++) {
        double x = f != null ? f[i] : b.get(i);
        if (x == x) m2 += (x - m) * (x - m);
      }
      Moments.merge(p[0], p[1], p[2], 0, n, m, m2);
    }

    @Override
    public double[][] merge(double[][] a, double[][] b) {
      Moments.merge(a[0], a[1], a[2], 0, b[0][0], b[1][0], b[2][0]);
      return a;
    }

    @Override
    public Block finish(BlockKey key, double[][] p) {
      throw new UnsupportedOperationException("the statistics are merged on the driver");
    }

    @Override
    public long bytes(double[][] p) {
      return 96;
    }
  }

  public List<String> names() {
    return List.of(names);
  }

  public int indexOf(String name) {
    for (int i = 0; i < names.length; i++) if (names[i].equals(name)) return i;
    return -1;
  }

  public double mean(String name) {
    return mean[require(name)];
  }

  public double std(String name) {
    return std[require(name)];
  }

  private int require(String name) {
    int i = indexOf(name);
    if (i < 0) throw new InvalidArgumentException("the normalisation statistics have no variable '" + name + "' (they have " + names() + ")");
    return i;
  }

  /** The statistics in the order of {@code features}: {mean[], 1/std[]} (1/std is 1 where std is 0). */
  public double[][] forFeatures(List<String> features) {
    double[] m = new double[features.size()];
    double[] inv = new double[features.size()];
    for (int k = 0; k < m.length; k++) {
      int i = require(features.get(k));
      m[k] = mean[i];
      inv[k] = std[i] > 0 ? 1.0 / std[i] : 1.0;
    }
    return new double[][] {m, inv};
  }

  /** Normalises values in place: (x - mean) * invStd, NaN to 0. */
  public static void apply(float[] x, int from, int to, double mean, double invStd) {
    for (int i = from; i < to; i++) {
      float v = x[i];
      x[i] = Float.isNaN(v) ? 0f : (float) ((v - mean) * invStd);
    }
  }

  public ObjectNode toJson() {
    ObjectNode root = MetadataParser.JSON.createObjectNode();
    root.put("description", "per-variable mean and population std (NaN skipped) over the training selection;"
        + " features are (x - mean) / std, NaN set to 0 after normalisation");
    ObjectNode vars = root.putObject("variables");
    for (int i = 0; i < names.length; i++) {
      ObjectNode v = vars.putObject(names[i]);
      v.put("mean", mean[i]);
      v.put("std", std[i]);
      v.put("count", count[i]);
    }
    if (fittedOn != null) root.set("fitted_on", fittedOn());
    return root;
  }

  public static Normalisation fromJson(JsonNode root, String where) {
    JsonNode vars = root == null ? null : root.get("variables");
    if (vars == null || !vars.isObject()) throw new CorruptDataException(where + " holds no normalisation statistics ('variables' is missing)");
    List<String> names = new ArrayList<>();
    vars.fieldNames().forEachRemaining(names::add);
    double[] m = new double[names.size()];
    double[] s = new double[names.size()];
    long[] c = new long[names.size()];
    for (int i = 0; i < names.size(); i++) {
      JsonNode v = vars.get(names.get(i));
      if (!v.path("mean").isNumber() || !v.path("std").isNumber()) {
        throw new CorruptDataException(where + ": statistics of '" + names.get(i) + "' lack a numeric mean or std");
      }
      m[i] = v.get("mean").doubleValue();
      s[i] = v.get("std").doubleValue();
      c[i] = v.path("count").asLong(0);
    }
    JsonNode on = root.get("fitted_on");
    return new Normalisation(names, m, s, c, on != null && on.isObject() ? on.toString() : null);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < names.length; i++) {
      sb.append(String.format(Locale.ROOT, "%s%s mean %.4g std %.4g", i > 0 ? ", " : "", names[i], mean[i], std[i]));
    }
    return sb.toString();
  }
}
