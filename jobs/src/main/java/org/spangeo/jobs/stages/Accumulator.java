package org.spangeo.jobs.stages;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Partial reductions for {@code groups x cells} outputs, in float64: count, and sum / mean and
 * M2 (Chan's parallel update, stable for std) / min / max as the statistic needs. Partials of
 * any split of the data merge to the same result, so Spark can combine them in any order.
 */
public final class Accumulator implements Serializable {
  private static final long serialVersionUID = 1L;

  final Stat stat;
  final int groups;
  final int cells;
  final long[] count;
  final double[] a; // sum (SUM), mean (MEAN, STD), min or max
  final double[] m2; // STD only
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
    count = new long[n];
    a = new double[n];
    m2 = stat == Stat.STD ? new double[n] : null;
    if (stat == Stat.MIN) Arrays.fill(a, Double.POSITIVE_INFINITY);
    if (stat == Stat.MAX) Arrays.fill(a, Double.NEGATIVE_INFINITY);
  }

  /** Adds value x (NaN skipped) to output cell {@code i} (= group * cells + cell). */
  public void add(int i, double x) {
    if (Double.isNaN(x)) return;
    long n = ++count[i];
    switch (stat) {
      case SUM: a[i] += x; break;
      case MIN: if (x < a[i]) a[i] = x; break;
      case MAX: if (x > a[i]) a[i] = x; break;
      case MEAN: a[i] += (x - a[i]) / n; break;
      default: {
        double d = x - a[i];
        a[i] += d / n;
        m2[i] += d * (x - a[i]);
      }
    }
  }

  /** Merges another partial of the same shape into this one. */
  public Accumulator merge(Accumulator o) {
    for (int i = 0; i < count.length; i++) {
      long nb = o.count[i];
      if (nb == 0) continue;
      long na = count[i];
      long n = na + nb;
      switch (stat) {
        case SUM: a[i] += o.a[i]; break;
        case MIN: a[i] = Math.min(a[i], o.a[i]); break;
        case MAX: a[i] = Math.max(a[i], o.a[i]); break;
        case MEAN: a[i] = na == 0 ? o.a[i] : a[i] + (o.a[i] - a[i]) * nb / n; break;
        default: {
          if (na == 0) {
            a[i] = o.a[i];
            m2[i] = o.m2[i];
          } else {
            double d = o.a[i] - a[i];
            a[i] += d * nb / n;
            m2[i] += o.m2[i] + d * d * na * nb / n;
          }
        }
      }
      count[i] = n;
    }
    return this;
  }

  /** The statistic of output cell i. */
  public double result(int i) {
    long n = count[i];
    switch (stat) {
      case SUM: return a[i];
      case MEAN: return n == 0 ? Double.NaN : a[i];
      case MIN: case MAX: return n == 0 ? Double.NaN : a[i];
      default: return n == 0 ? Double.NaN : Math.sqrt(m2[i] / n);
    }
  }
}
