package org.spangeo.ml.scores;

import java.io.Serializable;

/**
 * Partial sums of one forecast against the observations, per output cell, in primitive
 * arrays (struct of arrays, no per-cell objects). Continuous sums are kept as weighted
 * means and co-moments (West's weighted update inside a block, Chan et al.'s merge across
 * blocks), which cancel nothing: a constant field has exactly zero variance, so pearson_r and
 * r2 are NaN there, as numpy gives.
 *
 * <p>Per cell: {@code sums[c*NS + ...]} = Σw, ā, b̄, Σw a'², Σw b'², Σw a'b', Σw(a−b)²,
 * Σw|a−b|, Σw(b−a), Σw(b−o)² (o the 0/1 event), the number of points; {@code counts[c*NC + ...]} = hits, misses,
 * false alarms, correct negatives, then for the ROC the events and non-events per probability
 * bin (bin k: k of the ROC thresholds are ≤ b).
 */
public final class ScorePartial implements Serializable {
  private static final long serialVersionUID = 1L;

  static final int W = 0, MA = 1, MB = 2, CAA = 3, CBB = 4, CAB = 5, SSE = 6, SAE = 7, SD = 8, SBS = 9, NP = 10, NS = 11;
  static final int H = 0, M = 1, F = 2, C = 3;

  final int cells;
  final int rocBins; // number of ROC thresholds + 1
  final int nc;
  final double[] sums;
  final long[] counts;

  /** The reliability table's sums, when {@link Metric#RELIABILITY} is asked for (else null). */
  final ReliabilityPartial rel;

  public ScorePartial(int cells, int rocThresholds) {
    this(cells, rocThresholds, false);
  }

  public ScorePartial(int cells, int rocThresholds, boolean reliability) {
    this.cells = cells;
    this.rel = reliability ? new ReliabilityPartial(cells) : null;
    this.rocBins = rocThresholds + 1;
    this.nc = 4 + 2 * rocBins;
    this.sums = new double[cells * NS];
    this.counts = new long[(long) cells * nc > Integer.MAX_VALUE ? fail(cells) : cells * nc];
  }

  private static int fail(int cells) {
    throw new IllegalArgumentException("too many output cells (" + cells + ") for one partial");
  }

  /** Adds one valid point (a, b and the event o not NaN, w > 0) to cell {@code c}. */
  void addContinuous(int c, double a, double b, double w) {
    int k = c * NS;
    double[] s = sums;
    double wt = s[k + W] + w;
    double da = a - s[k + MA];
    double db = b - s[k + MB];
    double ma = s[k + MA] + da * (w / wt);
    double mb = s[k + MB] + db * (w / wt);
    s[k + CAA] += w * da * (a - ma);
    s[k + CBB] += w * db * (b - mb);
    s[k + CAB] += w * da * (b - mb);
    s[k + MA] = ma;
    s[k + MB] = mb;
    s[k + W] = wt;
    double d = a - b;
    s[k + SSE] += w * d * d;
    s[k + SAE] += w * Math.abs(d);
    s[k + SD] -= w * d;
    s[k + NP]++;
  }

  /** Σw only (when no continuous metric is asked for). */
  void addWeight(int c, double w) {
    sums[c * NS + W] += w;
    sums[c * NS + NP]++;
  }

  void addBrier(int c, double b, double o, double w) {
    double d = b - o;
    sums[c * NS + SBS] += w * d * d;
  }

  void addContingency(int c, boolean forecastYes, boolean observedYes) {
    // H = 0 (yes, yes), M = 1 (no, yes), F = 2 (yes, no), C = 3 (no, no): arithmetic, not nested branches
    counts[c * nc + (forecastYes ? 0 : 1) + (observedYes ? 0 : 2)]++;
  }

  void addRoc(int c, int bin, boolean observedYes) {
    counts[c * nc + 4 + 2 * bin + (observedYes ? 0 : 1)]++;
  }

  /** Adds {@code o}'s cell {@code from} into this partial's cell {@code to} (Chan's merge). */
  void merge(int to, ScorePartial o, int from) {
    int k = to * NS;
    int j = from * NS;
    double[] s = sums;
    double[] t = o.sums;
    double w1 = s[k + W];
    double w2 = t[j + W];
    if (w2 > 0) {
      if (w1 == 0) {
        System.arraycopy(t, j, s, k, SBS); // every continuous slot
      } else {
        double w = w1 + w2;
        double da = t[j + MA] - s[k + MA];
        double db = t[j + MB] - s[k + MB];
        double f = w1 * w2 / w;
        s[k + CAA] += t[j + CAA] + da * da * f;
        s[k + CBB] += t[j + CBB] + db * db * f;
        s[k + CAB] += t[j + CAB] + da * db * f;
        s[k + MA] += da * (w2 / w);
        s[k + MB] += db * (w2 / w);
        s[k + W] = w;
        s[k + SSE] += t[j + SSE];
        s[k + SAE] += t[j + SAE];
        s[k + SD] += t[j + SD];
      }
    }
    s[k + SBS] += t[j + SBS];
    s[k + NP] += t[j + NP];
    for (int i = 0; i < nc; i++) counts[to * nc + i] += o.counts[from * nc + i];
    if (rel != null) rel.merge(to, o.rel, from);
  }

  /** Cell by cell merge of a partial of the same shape. */
  ScorePartial mergeAll(ScorePartial o) {
    for (int c = 0; c < cells; c++) merge(c, o, c);
    return this;
  }
}
