package org.spangeo.jobs.stages;

import java.io.Serializable;
import java.util.Arrays;
import org.spangeo.zarr.blocks.Block;
import org.spangeo.zarr.blocks.Moments;

/**
 * Partial reductions for {@code groups x cells} outputs, in float64: count, and the sum (MEAN,
 * SUM), the mean and M2 (STD, merged with Chan's formula in {@link Moments}), or min / max.
 * Partials of any split of the data merge to the same result, so they combine in any order.
 */
public final class Accumulator implements Serializable {
  private static final long serialVersionUID = 3L;

  final Stat stat;
  final int groups;
  final int cells;
  final int[] count;
  final double[] a; // sum, mean (STD), or min / max
  final double[] m2; // STD only: sum of squared deviations from the mean
  /** The output block's shape (the reduced dim replaced by the groups), when it is a block. */
  final int[] shape;

  public Accumulator(Stat stat, int groups, int cells) {
    this(stat, groups, cells, null);
  }

  public Accumulator(Stat stat, int groups, int cells, int[] shape) {
    this.shape = shape;
    this.stat = stat;
    this.groups = groups;
    this.cells = cells;
    int n = Math.multiplyExact(groups, cells);
    count = new int[n];
    a = new double[n];
    m2 = stat == Stat.STD ? new double[n] : null;
    if (stat == Stat.MIN) Arrays.fill(a, Double.POSITIVE_INFINITY);
    if (stat == Stat.MAX) Arrays.fill(a, Double.NEGATIVE_INFINITY);
  }

  /** Heap bytes of this partial. */
  long bytes() {
    return 64L + count.length * (m2 != null ? 20L : 12L);
  }

  /** Adds value x (NaN skipped) to output cell {@code i} (= group * cells + cell). */
  public void add(int i, double x) {
    if (x != x) return;
    int n = ++count[i];
    switch (stat) {
      case MIN: if (x < a[i]) a[i] = x; break;
      case MAX: if (x > a[i]) a[i] = x; break;
      case STD: {
        double d = x - a[i]; // Welford's update: the mean and M2 of one more value
        a[i] += d / n;
        m2[i] += d * (x - a[i]);
        break;
      }
      default: a[i] += x;
    }
  }

  /** Adds {@code len} consecutive values to consecutive output cells, NaN skipped. */
  public void addRun(int dst, float[] v, int src, int len) {
    if (stat == Stat.MEAN || stat == Stat.SUM) {
      int[] c = count;
      double[] s = a;
      for (int j = 0; j < len; j++) {
        float x = v[src + j];
        if (x == x) {
          c[dst + j]++;
          s[dst + j] += x;
        }
      }
      return;
    }
    for (int j = 0; j < len; j++) add(dst + j, v[src + j]);
  }

  public void addRun(int dst, double[] v, int src, int len) {
    for (int j = 0; j < len; j++) add(dst + j, v[src + j]);
  }

  /** Whether the untested (SIMD) loops apply: sums and moments, where a NaN shows in the sums. */
  static boolean sumsOnly(Stat stat) {
    return stat == Stat.MEAN || stat == Stat.SUM || stat == Stat.STD;
  }

  /**
   * Adds steps [t0, t1) of a block laid out (before, len, after) in C order (the reduced dim in
   * the middle) to this partial's cells (before x after): the hot loop of time reductions. Float
   * blocks are summed in straight-line loops the JIT turns into SIMD (about 2.5x the tested
   * loop) into a scratch buffer; NaN is sticky in a sum, so when the scratch sums show none, every
   * cell received t1 - t0 values and the scratch merges in whole; otherwise the steps are added
   * again with the tested loop.
   */
  void addSteps(Block b, int before, int len, int after, int t0, int t1) {
    if (b.isFloat() && sumsOnly(stat)) {
      // one step with a NaN fails both unchecked loops alike: try only one of them, then the tested loop
      boolean added = t1 - t0 == 1 && stat != Stat.STD ? addStepUnchecked(b.floats(), before, len, after, t0)
          : addStepsUnchecked(b.floats(), before, len, after, t0, t1);
      if (added) return;
    }
    float[] f = b.floats();
    double[] d = b.doubles();
    for (int t = t0; t < t1; t++) {
      for (int i = 0; i < before; i++) {
        int src = (i * len + t) * after;
        if (f != null) addRun(i * after, f, src, after);
        else addRun(i * after, d, src, after);
      }
    }
  }

  private static final ThreadLocal<double[][]> SCRATCH = ThreadLocal.withInitial(() -> new double[2][0]);

  private static double[] scratch(int which, int n) {
    double[][] s = SCRATCH.get();
    if (s[which].length < n) s[which] = new double[n];
    else Arrays.fill(s[which], 0, n, 0.0);
    return s[which];
  }

  /**
   * One step of a sum or mean (a one-step chunk, ARCO-ERA5's layout): no scratch buffer. Its fill,
   * NaN test and merge were four passes over 12 bytes a cell for one addition (JFR: the top frame of
   * the big-chunk climatology); here the step's values are tested for NaN once and added straight
   * into the sums, the same double additions in the same order as through the scratch.
   */
  private boolean addStepUnchecked(float[] v, int before, int len, int after, int t) {
    for (int i = 0; i < before; i++) {
      int src = (i * len + t) * after;
      for (int j = 0; j < after; j++) {
        float x = v[src + j];
        if (x != x) return false;
      }
    }
    double[] acc = a;
    int[] c = count;
    for (int i = 0; i < before; i++) {
      int src = (i * len + t) * after;
      int dst = i * after;
      for (int j = 0; j < after; j++) acc[dst + j] += v[src + j];
    }
    int n = before * after;
    for (int j = 0; j < n; j++) c[j]++;
    return true;
  }

  private boolean addStepsUnchecked(float[] v, int before, int len, int after, int t0, int t1) {
    int n = before * after;
    double[] s = scratch(0, n);
    for (int t = t0; t < t1; t++) {
      for (int i = 0; i < before; i++) {
        int src = (i * len + t) * after;
        int dst = i * after;
        for (int j = 0; j < after; j++) s[dst + j] += v[src + j];
      }
    }
    boolean nan = false;
    for (int j = 0; j < n; j++) nan |= s[j] != s[j];
    if (nan) return false;
    int k = t1 - t0;
    if (stat != Stat.STD) {
      double[] acc = a;
      int[] c = count;
      for (int j = 0; j < n; j++) {
        acc[j] += s[j];
        c[j] += k;
      }
      return true;
    }
    // the steps' own mean and M2 per cell (two passes), then Chan's merge into this partial
    double inv = 1.0 / k;
    for (int j = 0; j < n; j++) s[j] *= inv;
    double[] q = scratch(1, n);
    for (int t = t0; t < t1; t++) {
      for (int i = 0; i < before; i++) {
        int src = (i * len + t) * after;
        int dst = i * after;
        for (int j = 0; j < after; j++) {
          double d = v[src + j] - s[dst + j];
          q[dst + j] += d * d;
        }
      }
    }
    for (int j = 0; j < n; j++) Moments.merge(count, a, m2, j, k, s[j], q[j]);
    return true;
  }

  /** Merges another partial of the same shape into this one. */
  public Accumulator merge(Accumulator o) {
    for (int i = 0; i < count.length; i++) {
      int n = o.count[i];
      if (n == 0) continue;
      switch (stat) {
        case MIN: a[i] = Math.min(a[i], o.a[i]); count[i] += n; break;
        case MAX: a[i] = Math.max(a[i], o.a[i]); count[i] += n; break;
        case STD: Moments.merge(count, a, m2, i, n, o.a[i], o.m2[i]); break;
        default: a[i] += o.a[i]; count[i] += n;
      }
    }
    return this;
  }

  /** The statistic of output cell i (xarray's NaN rules, see {@link Stat}). */
  public double result(int i) {
    int n = count[i];
    switch (stat) {
      case SUM: return a[i];
      case MEAN: return n == 0 ? Double.NaN : a[i] / n;
      case MIN: case MAX: return n == 0 ? Double.NaN : a[i];
      default: return Math.sqrt(Moments.variance(n, m2[i]));
    }
  }
}
