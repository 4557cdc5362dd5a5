package org.spangeo.ml.scores;

import java.io.Serializable;

/**
 * Partial sums of the Fractions Skill Score (Roberts and Lean 2008) per output cell and
 * neighbourhood size: Σ(O_n − M_n)², ΣO_n² and ΣM_n² over the grid points of every field added,
 * with O_n and M_n the observed and forecast event fractions in the n × n square around each
 * point; and the observed events and points (the base rate f at n = 1). Merged by adding.
 * FSS_n = 1 − Σ(O_n − M_n)² / (ΣO_n² + ΣM_n²); a scale is useful where FSS_n ≥ 0.5 + f/2.
 */
public final class FssPartial implements Serializable {
  private static final long serialVersionUID = 1L;

  static final int D2 = 0, O2 = 1, M2 = 2, NS = 3;

  final int cells;
  final int scales;
  final double[] sums;
  final long[] events;
  final long[] points;

  public FssPartial(int cells, int scales) {
    this.cells = cells;
    this.scales = scales;
    this.sums = new double[cells * scales * NS];
    this.events = new long[cells];
    this.points = new long[cells];
  }

  void merge(int to, FssPartial o, int from) {
    int a = to * scales * NS;
    int b = from * scales * NS;
    for (int i = 0; i < scales * NS; i++) sums[a + i] += o.sums[b + i];
    events[to] += o.events[from];
    points[to] += o.points[from];
  }

  FssPartial mergeAll(FssPartial o) {
    for (int c = 0; c < cells; c++) merge(c, o, c);
    return this;
  }

  /** FSS of cell c at scale index k (NaN when neither field has an event: no skill to measure). */
  public double fss(int c, int k) {
    int j = (c * scales + k) * NS;
    return 1 - ScoreMath.ratio(sums[j + D2], sums[j + O2] + sums[j + M2]);
  }

  /** The observed event frequency of cell c (over its points, at the grid scale). */
  public double baseRate(int c) {
    return ScoreMath.ratio(events[c], points[c]);
  }

  /** The FSS a scale needs to be "useful": 0.5 + f/2. */
  public double usefulFss(int c) {
    return 0.5 + baseRate(c) / 2;
  }

  /** The smallest of {@code scaleSizes} whose FSS reaches {@link #usefulFss}, or NaN. */
  public double usefulScale(int c, int[] scaleSizes) {
    double u = usefulFss(c);
    for (int k = 0; k < scales; k++) if (fss(c, k) >= u) return scaleSizes[k];
    return Double.NaN;
  }

  /**
   * Adds one 2-D field pair (h × w, C order; 1 = event, 0 = none) for each scale, with summed-area
   * tables: O_n at a point is the count of events in the clipped n × n square divided by n² (the
   * square's cells outside the grid count as no event).
   */
  void addField(int c, byte[] obs, byte[] fc, int h, int w, int[] sizes, int[] satO, int[] satM) {
    sat(obs, h, w, satO);
    sat(fc, h, w, satM);
    long ev = 0;
    for (byte b : obs) ev += b;
    events[c] += ev;
    points[c] += (long) h * w;
    int sw = w + 1;
    for (int k = 0; k < sizes.length; k++) {
      int n = sizes[k];
      int r = n / 2;
      double inv = 1.0 / ((double) n * n);
      double d2 = 0;
      double o2 = 0;
      double m2 = 0;
      for (int y = 0; y < h; y++) {
        int y0 = Math.max(0, y - r);
        int y1 = Math.min(h, y + r + 1);
        for (int x = 0; x < w; x++) {
          int x0 = Math.max(0, x - r);
          int x1 = Math.min(w, x + r + 1);
          int co = satO[y1 * sw + x1] - satO[y0 * sw + x1] - satO[y1 * sw + x0] + satO[y0 * sw + x0];
          int cm = satM[y1 * sw + x1] - satM[y0 * sw + x1] - satM[y1 * sw + x0] + satM[y0 * sw + x0];
          double fo = co * inv;
          double fm = cm * inv;
          double d = fo - fm;
          d2 += d * d;
          o2 += fo * fo;
          m2 += fm * fm;
        }
      }
      int j = (c * scales + k) * NS;
      sums[j + D2] += d2;
      sums[j + O2] += o2;
      sums[j + M2] += m2;
    }
  }

  /** Summed-area table: s[(y+1)(w+1) + x+1] = Σ v over rows ≤ y and columns ≤ x; row 0 and column 0 are 0. */
  static void sat(byte[] v, int h, int w, int[] s) {
    int sw = w + 1;
    for (int x = 0; x <= w; x++) s[x] = 0;
    for (int y = 0; y < h; y++) {
      int row = 0;
      s[(y + 1) * sw] = 0;
      for (int x = 0; x < w; x++) {
        row += v[y * w + x];
        s[(y + 1) * sw + x + 1] = s[y * sw + x + 1] + row;
      }
    }
  }
}
