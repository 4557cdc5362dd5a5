package org.spangeo.ml.scores;

import java.io.Serializable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * The best threshold of a "yes where x ≥ T" rule by CSI on training data, searched until the CSI
 * falls on both sides. One pass fills a histogram of x by event over fixed edges (a grid every
 * {@code step} plus any given candidates); the CSI of every edge follows from it. Without given
 * candidates the best edge of the whole grid wins; with them, the best candidate is then moved
 * one edge at a time while the CSI still rises, so a list whose best is its last value (CAPE
 * 3000 J/kg in the demo before) is extended until the CSI falls. Ties keep the lower threshold.
 */
public final class ThresholdSearch implements Serializable {
  private static final long serialVersionUID = 1L;

  public final double threshold;
  public final double csi;
  /** The neighbouring edges and their CSI (NaN at the ends of the grid). */
  public final double below;
  public final double csiBelow;
  public final double above;
  public final double csiAbove;
  /** Edges whose CSI was computed (the histogram's resolution). */
  public final int edgesSearched;
  public final double step;
  /** Both neighbours have a lower CSI. */
  public final boolean peaked;

  private ThresholdSearch(double[] edges, double[] csi, int k, double step) {
    this.threshold = edges[k];
    this.csi = csi[k];
    this.below = k > 0 ? edges[k - 1] : Double.NaN;
    this.csiBelow = k > 0 ? csi[k - 1] : Double.NaN;
    this.above = k + 1 < edges.length ? edges[k + 1] : Double.NaN;
    this.csiAbove = k + 1 < edges.length ? csi[k + 1] : Double.NaN;
    this.edgesSearched = edges.length;
    this.step = step;
    this.peaked = (k == 0 || csi[k - 1] < csi[k]) && (k + 1 == edges.length || csi[k + 1] < csi[k]);
  }

  /** The histogram's edges: 0, step, ..., top, and the given candidates (may be null), sorted. */
  public static double[] edges(double[] given, double step, double top) {
    TreeSet<Double> e = new TreeSet<>();
    for (int i = 0; i * step <= top; i++) e.add(i * step);
    if (given != null) for (double g : given) e.add(g);
    return e.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** The histogram bin of {@code x}: how many edges are ≤ x (so x ≥ edges[k] ⇔ bin > k). */
  public static int bin(double[] edges, double x) {
    int lo = 0;
    int hi = edges.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (edges[mid] <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** CSI of "yes where x ≥ edges[k]" for every k, from {@code hist[2*bin]} events, {@code hist[2*bin+1]} non-events. */
  public static double[] csi(double[] edges, long[] hist) {
    long events = 0;
    for (int b = 0; b <= edges.length; b++) events += hist[2 * b];
    double[] out = new double[edges.length];
    long h = 0;
    long f = 0;
    for (int k = edges.length - 1; k >= 0; k--) {
      h += hist[2 * (k + 1)];
      f += hist[2 * (k + 1) + 1];
      out[k] = ScoreMath.ratio(h, events + f);
    }
    return out;
  }

  /** The search over a filled histogram; {@code given} null: the whole grid. NaN threshold: no CSI defined. */
  public static ThresholdSearch run(double[] edges, long[] hist, double[] given, double step) {
    double[] csi = csi(edges, hist);
    boolean[] candidate = new boolean[edges.length];
    if (given == null) Arrays.fill(candidate, true);
    else for (double g : given) candidate[Arrays.binarySearch(edges, g)] = true;
    int best = -1;
    for (int k = 0; k < edges.length; k++) {
      if (candidate[k] && !Double.isNaN(csi[k]) && (best < 0 || csi[k] > csi[best])) best = k;
    }
    if (best < 0) return new ThresholdSearch(new double[] {Double.NaN}, new double[] {Double.NaN}, 0, step);
    // the candidates' best, moved while a neighbouring edge is better: extended until the CSI falls
    while (true) {
      if (best + 1 < edges.length && csi[best + 1] > csi[best]) best++;
      else if (best > 0 && csi[best - 1] > csi[best]) best--;
      else break;
    }
    return new ThresholdSearch(edges, csi, best, step);
  }

  /** For the JSON summary. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("threshold", ScoreResult.json(threshold));
    m.put("training_csi", ScoreResult.json(csi));
    m.put("below", ScoreResult.json(below));
    m.put("training_csi_below", ScoreResult.json(csiBelow));
    m.put("above", ScoreResult.json(above));
    m.put("training_csi_above", ScoreResult.json(csiAbove));
    m.put("peaked", peaked);
    m.put("grid_step", step);
    m.put("thresholds_searched", edgesSearched);
    return m;
  }
}
