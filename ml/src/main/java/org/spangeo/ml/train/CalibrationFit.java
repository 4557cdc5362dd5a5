package org.spangeo.ml.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.Locale;
import org.spangeo.zarr.InvalidArgumentException;

/**
 * Choosing and fitting the calibration on the validation year's (logit, outcome) pairs. Both
 * maps are scored out of sample: the pairs are split in two folds by validation chunk (whole
 * groups of patches, so neighbouring pixels of one patch never sit on both sides; a store of one
 * chunk is split by sample), each map is
 * fitted on one fold and its Brier score taken on the other, both ways; the map with the lower
 * Brier score over both folds is fitted again on all pairs and stored. Collects the pairs in
 * primitive arrays; past {@code cap} pairs it keeps every second one (and then every fourth, ...)
 * so memory stays bounded.
 */
public final class CalibrationFit {
  private float[] z;
  private byte[] o;
  private byte[] fold;
  private int n;
  private final int cap;
  private int stride = 1;
  private long seen;

  public CalibrationFit(int cap) {
    this.cap = cap;
    int first = Math.min(cap, 1 << 16);
    z = new float[first];
    o = new byte[first];
    fold = new byte[first];
  }

  /** One pair from validation chunk {@code chunk}. */
  public void add(float logit, boolean event, int chunk) {
    if (seen++ % stride != 0) return;
    if (n == z.length) {
      if (n < cap) {
        int m = (int) Math.min(cap, 2L * n);
        z = Arrays.copyOf(z, m);
        o = Arrays.copyOf(o, m);
        fold = Arrays.copyOf(fold, m);
      } else {
        // full: keep every second pair from now on, and thin what is kept the same way
        int k = 0;
        for (int i = 0; i < n; i += 2) {
          z[k] = z[i];
          o[k] = o[i];
          fold[k] = fold[i];
          k++;
        }
        n = k;
        stride *= 2;
      }
    }
    z[n] = logit;
    o[n] = (byte) (event ? 1 : 0);
    fold[n] = (byte) (chunk & 1);
    n++;
  }

  public int size() {
    return n;
  }

  /** The choice and its evidence. */
  public static final class Result {
    public Calibration calibration;
    public double brierRaw;
    public double brierPlatt;
    public double brierIsotonic;
    public long pairs;
    public boolean crossValidated;
    /** The calibrated probability above which "yes" has the best validation CSI, and that CSI. */
    public double decisionThreshold;
    public double decisionCsi;

    public ObjectNode toJson() {
      ObjectNode j = calibration.toJson();
      ObjectNode v = j.putObject("validation");
      v.put("pairs", pairs);
      v.put("folds", crossValidated ? "two halves by validation chunk (by sample in a one-chunk store)" : "none: in-sample scores");
      v.put("brier_raw", brierRaw);
      v.put("brier_platt", brierPlatt);
      v.put("brier_isotonic", brierIsotonic);
      j.put("decision_threshold", decisionThreshold);
      j.put("decision_threshold_note", "yes where the calibrated probability >= this: the best CSI on the validation pairs"
          + " (every 0.005, searched until the CSI falls on both sides)");
      v.put("csi_at_decision_threshold", decisionCsi);
      return j;
    }

    public String line() {
      return String.format(Locale.ROOT, "calibration: %s, chosen by validation Brier score (raw %.5f, platt %.5f, isotonic %.5f; %s, %,d"
          + " pairs); decision threshold %.3f (validation CSI %.3f)", calibration, brierRaw, brierPlatt, brierIsotonic,
          crossValidated ? "out of fold" : "in sample", pairs, decisionThreshold, decisionCsi);
    }
  }

  public Result fit() {
    if (n == 0) throw new InvalidArgumentException("calibration: the validation patches gave no prediction");
    int events = 0;
    for (int i = 0; i < n; i++) events += o[i];
    if (events == 0 || events == n) {
      throw new InvalidArgumentException("calibration: the validation patches hold " + (events == 0 ? "no event" : "only events")
          + "; a calibration needs both (check --validation)");
    }
    Result r = new Result();
    r.pairs = n;
    boolean[] f0 = new boolean[n];
    boolean[] f1 = new boolean[n];
    int c0 = 0;
    for (int i = 0; i < n; i++) {
      f0[i] = fold[i] == 0;
      f1[i] = !f0[i];
      if (f0[i]) c0++;
    }
    r.crossValidated = c0 > 0 && c0 < n;
    double raw = 0;
    for (int i = 0; i < n; i++) raw += sq(Calibration.RAW.apply(z[i]) - o[i]);
    r.brierRaw = raw / n;
    if (r.crossValidated) {
      r.brierPlatt = (brier(Calibration.platt(z, o, n, f0), f1) + brier(Calibration.platt(z, o, n, f1), f0)) / n;
      r.brierIsotonic = (brier(Calibration.isotonic(z, o, n, f0), f1) + brier(Calibration.isotonic(z, o, n, f1), f0)) / n;
    } else {
      r.brierPlatt = brier(Calibration.platt(z, o, n, null), null) / n;
      r.brierIsotonic = brier(Calibration.isotonic(z, o, n, null), null) / n;
    }
    r.calibration = r.brierIsotonic < r.brierPlatt ? Calibration.isotonic(z, o, n, null) : Calibration.platt(z, o, n, null);
    // the decision threshold: CSI of "calibrated p >= t" for t on a 0.005 grid, from one histogram
    double[] edges = org.spangeo.ml.scores.ThresholdSearch.edges(null, 0.005, 1.0);
    long[] hist = new long[2 * (edges.length + 1)];
    for (int i = 0; i < n; i++) {
      hist[2 * org.spangeo.ml.scores.ThresholdSearch.bin(edges, r.calibration.apply(z[i])) + (o[i] == 1 ? 0 : 1)]++;
    }
    org.spangeo.ml.scores.ThresholdSearch best = org.spangeo.ml.scores.ThresholdSearch.run(edges, hist, null, 0.005);
    r.decisionThreshold = best.threshold;
    r.decisionCsi = best.csi;
    return r;
  }

  /** Σ (p − o)² over the points {@code on} marks (null: all). */
  private double brier(Calibration c, boolean[] on) {
    double s = 0;
    for (int i = 0; i < n; i++) if (on == null || on[i]) s += sq(c.apply(z[i]) - o[i]);
    return s;
  }

  private static double sq(double d) {
    return d * d;
  }

  /** The collected pairs (for tests). */
  float[] logits() {
    return Arrays.copyOf(z, n);
  }

  byte[] outcomes() {
    return Arrays.copyOf(o, n);
  }
}
