package org.spangeo.jobs.stages;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Partial reductions for {@code groups x cells} outputs, in float64: count, and sum (MEAN, SUM),
 * sum of squares (STD), or min / max. Partials of any split of the data merge to the same
 * result, so Spark can combine them in any order. (Sums in float64: for data near 300 with a
 * spread near 5, the variance from sum and sum of squares keeps about 1e-12 relative.)
 */
public final class Accumulator implements Serializable {
  private static final long serialVersionUID = 2L;

  final Stat stat;
  final int groups;
  final int cells;
  final int[] count;
  final double[] a; // sum, or min / max
  final double[] sq; // STD only
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
    sq = stat == Stat.STD ? new double[n] : null;
    if (stat == Stat.MIN) Arrays.fill(a, Double.POSITIVE_INFINITY);
    if (stat == Stat.MAX) Arrays.fill(a, Double.NEGATIVE_INFINITY);
  }

  /** Adds value x (NaN skipped) to output cell {@code i} (= group * cells + cell). */
  public void add(int i, double x) {
    if (x != x) return;
    count[i]++;
    switch (stat) {
      case MIN: if (x < a[i]) a[i] = x; break;
      case MAX: if (x > a[i]) a[i] = x; break;
      case STD: a[i] += x; sq[i] += x * x; break;
      default: a[i] += x;
    }
  }

  /** Adds {@code len} consecutive values to consecutive output cells: the hot loop, one per statistic. */
  public void addRun(int dst, float[] v, int src, int len) {
    int[] c = count;
    double[] s = a;
    switch (stat) {
      case MEAN:
      case SUM:
        for (int j = 0; j < len; j++) {
          float x = v[src + j];
          if (x == x) {
            c[dst + j]++;
            s[dst + j] += x;
          }
        }
        break;
      case STD: {
        double[] q = sq;
        for (int j = 0; j < len; j++) {
          double x = v[src + j];
          if (x == x) {
            c[dst + j]++;
            s[dst + j] += x;
            q[dst + j] += x * x;
          }
        }
        break;
      }
      default:
        for (int j = 0; j < len; j++) add(dst + j, v[src + j]);
    }
  }

  /** Whether {@link #addRunUnchecked} applies: sums (MEAN, SUM, STD), whose NaN poisons the sum and so shows. */
  public static boolean sumsOnly(Stat stat) {
    return stat == Stat.MEAN || stat == Stat.SUM || stat == Stat.STD;
  }

  /**
   * {@link #addRun} without the NaN test and without counting: straight-line loops the JIT
   * turns into SIMD (about 2.5x faster than the tested loop on this data). Only for a fresh
   * partial whose every cell receives the same number of values, followed by
   * {@link #sealUnchecked}: a NaN among the values leaves NaN in its cell's sum, which the seal
   * finds, and the caller then adds the values again with {@link #addRun}.
   */
  public void addRunUnchecked(int dst, float[] v, int src, int len) {
    double[] s = a;
    if (stat == Stat.STD) {
      double[] q = sq;
      for (int j = 0; j < len; j++) {
        double x = v[src + j];
        s[dst + j] += x;
        q[dst + j] += x * x;
      }
    } else {
      for (int j = 0; j < len; j++) s[dst + j] += v[src + j];
    }
  }

  /**
   * Ends a run of {@link #addRunUnchecked}: when no sum is NaN, sets every cell's count to
   * {@code values} and returns true; otherwise clears this partial and returns false (the
   * caller adds the values again, tested).
   */
  public boolean sealUnchecked(int values) {
    double[] s = a;
    boolean nan = false;
    for (int i = 0; i < s.length; i++) nan |= s[i] != s[i];
    if (nan) {
      Arrays.fill(a, 0);
      if (sq != null) Arrays.fill(sq, 0);
      Arrays.fill(count, 0);
      return false;
    }
    Arrays.fill(count, values);
    return true;
  }

  public void addRun(int dst, double[] v, int src, int len) {
    for (int j = 0; j < len; j++) add(dst + j, v[src + j]);
  }

  /** Merges another partial of the same shape into this one. */
  public Accumulator merge(Accumulator o) {
    for (int i = 0; i < count.length; i++) {
      if (o.count[i] == 0) continue;
      count[i] += o.count[i];
      switch (stat) {
        case MIN: a[i] = Math.min(a[i], o.a[i]); break;
        case MAX: a[i] = Math.max(a[i], o.a[i]); break;
        case STD: a[i] += o.a[i]; sq[i] += o.sq[i]; break;
        default: a[i] += o.a[i];
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
      default: {
        if (n == 0) return Double.NaN;
        double m = a[i] / n;
        return Math.sqrt(Math.max(0, sq[i] / n - m * m));
      }
    }
  }
}
