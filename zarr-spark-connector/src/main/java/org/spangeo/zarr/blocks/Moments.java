package org.spangeo.zarr.blocks;

/**
 * Count, mean and sum of squared deviations (M2) per cell, merged with Chan et al.'s parallel
 * formula: the one way variances are combined (climatology and resample std, the patch
 * statistics, the score moments). Exact for any split of the data up to rounding, and free of the
 * cancellation of sum-of-squares formulas (a constant field has M2 exactly 0).
 */
public final class Moments {
  private Moments() {}

  /**
   * Merges (nb, meanb, m2b) into cell {@code i} of (n, mean, m2). Counts are doubles so that
   * weighted sums (Σw) merge with the same formula.
   */
  public static void merge(double[] n, double[] mean, double[] m2, int i, double nb, double meanb, double m2b) {
    if (nb == 0) return;
    chan(n[i], nb, mean, m2, i, meanb, m2b);
    n[i] += nb;
  }

  /** {@link #merge(double[], double[], double[], int, double, double, double)} with counts as ints (unweighted data). */
  public static void merge(int[] n, double[] mean, double[] m2, int i, int nb, double meanb, double m2b) {
    if (nb == 0) return;
    chan(n[i], nb, mean, m2, i, meanb, m2b);
    n[i] += nb;
  }

  private static void chan(double na, double nb, double[] mean, double[] m2, int i, double meanb, double m2b) {
    if (na == 0) {
      mean[i] = meanb;
      m2[i] = m2b;
      return;
    }
    double nt = na + nb;
    double d = meanb - mean[i];
    mean[i] += d * (nb / nt);
    m2[i] += m2b + d * d * (na * nb / nt);
  }

  /** The population variance (ddof 0) of a cell, NaN when it has no value. */
  public static double variance(double n, double m2) {
    return n == 0 ? Double.NaN : Math.max(0, m2 / n);
  }
}
