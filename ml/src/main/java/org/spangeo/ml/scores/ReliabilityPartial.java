package org.spangeo.ml.scores;

import java.io.Serializable;

/**
 * Partial sums of the reliability table per output cell: the forecast probabilities binned in
 * {@link #BINS} equal bins of [0, 1] (bin k holds k/10 ≤ f < (k+1)/10, f = 1 in the last), per
 * bin Σw, Σw·f, Σw·f², Σw·o, Σw·f·o (o the 0/1 event) and the number of points. Merged by adding
 * (partial/merge/finish: {@link #add}, {@link #merge}, {@link #table} and {@link #decomposition}).
 *
 * <p>From these, with N = Σw, n_k = Σw in bin k, f̄_k and ō_k the bin's mean forecast and observed
 * frequency, ō the overall frequency: reliability REL = Σ n_k (f̄_k − ō_k)² / N, resolution
 * RES = Σ n_k (ō_k − ō)² / N, uncertainty UNC = ō (1 − ō), and the two within-bin terms of
 * Stephenson et al. (2008) WBV = Σ w (f − f̄_k)² / N and WBC = 2 Σ w (o − ō_k)(f − f̄_k) / N, so that
 * the Brier score is exactly REL − RES + UNC + WBV − WBC (Murphy's three terms alone hold only
 * for forecasts that take 10 values).
 */
public final class ReliabilityPartial implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final int BINS = 10;
  static final int SW = 0, SF = 1, SFF = 2, SO = 3, SFO = 4, NS = 5;

  final int cells;
  final double[] sums;
  final long[] counts;

  public ReliabilityPartial(int cells) {
    this.cells = cells;
    this.sums = new double[cells * BINS * NS];
    this.counts = new long[cells * BINS];
  }

  static int bin(double f) {
    int k = (int) (f * BINS);
    return k < 0 ? 0 : k >= BINS ? BINS - 1 : k;
  }

  /** A valid point: forecast probability f, event o (0/1), weight w, in cell c. */
  void add(int c, double f, double o, double w) {
    int k = c * BINS + bin(f);
    int j = k * NS;
    double[] s = sums;
    s[j + SW] += w;
    s[j + SF] += w * f;
    s[j + SFF] += w * f * f;
    s[j + SO] += w * o;
    s[j + SFO] += w * f * o;
    counts[k]++;
  }

  /** Adds {@code o}'s cell {@code from} into this partial's cell {@code to}. */
  void merge(int to, ReliabilityPartial o, int from) {
    int a = to * BINS * NS;
    int b = from * BINS * NS;
    for (int i = 0; i < BINS * NS; i++) sums[a + i] += o.sums[b + i];
    for (int k = 0; k < BINS; k++) counts[to * BINS + k] += o.counts[from * BINS + k];
  }

  /** One bin's row of the table. */
  public record Row(double lower, double upper, double forecastMean, double observedFrequency, long count, double weight) {}

  /** The reliability table of cell c: per bin the mean forecast, observed frequency and count (NaN means in empty bins). */
  public Row[] table(int c) {
    Row[] rows = new Row[BINS];
    for (int k = 0; k < BINS; k++) {
      int j = (c * BINS + k) * NS;
      double w = sums[j + SW];
      rows[k] = new Row(k / (double) BINS, (k + 1) / (double) BINS, ScoreMath.ratio(sums[j + SF], w),
          ScoreMath.ratio(sums[j + SO], w), counts[c * BINS + k], w);
    }
    return rows;
  }

  /** {REL, RES, UNC, WBV, WBC} of cell c (NaN when it has no point). */
  public double[] decomposition(int c) {
    double n = 0;
    double so = 0;
    for (int k = 0; k < BINS; k++) {
      int j = (c * BINS + k) * NS;
      n += sums[j + SW];
      so += sums[j + SO];
    }
    if (n == 0) return new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN};
    double obar = so / n;
    double rel = 0;
    double res = 0;
    double wbv = 0;
    double wbc = 0;
    for (int k = 0; k < BINS; k++) {
      int j = (c * BINS + k) * NS;
      double w = sums[j + SW];
      if (w == 0) continue;
      double fk = sums[j + SF] / w;
      double ok = sums[j + SO] / w;
      rel += w * (fk - ok) * (fk - ok);
      res += w * (ok - obar) * (ok - obar);
      // Σw(f − f̄)² = Σwf² − w f̄²;  Σw(o − ō_k)(f − f̄_k) = Σwfo − w ō_k f̄_k
      wbv += sums[j + SFF] - w * fk * fk;
      wbc += 2 * (sums[j + SFO] - w * ok * fk);
    }
    return new double[] {rel / n, res / n, obar * (1 - obar), wbv / n, wbc / n};
  }

  /**
   * The largest |f̄_k − ō_k| over the bins holding at least {@code minShare} of the points (by
   * count): how far the reliability curve strays from the diagonal where it is well sampled.
   */
  public double worstDeviation(int c, double minShare) {
    long all = 0;
    for (int k = 0; k < BINS; k++) all += counts[c * BINS + k];
    double worst = Double.NaN;
    for (Row r : table(c)) {
      if (r.count() == 0 || r.count() < minShare * all) continue;
      double d = Math.abs(r.forecastMean() - r.observedFrequency());
      if (Double.isNaN(worst) || d > worst) worst = d;
    }
    return worst;
  }
}
