package org.spangeo.ml.scores;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What to score, the Java API's form of the command's options: the forecast and observed
 * fields (a variable or an expression of a store's variables), the dims to reduce over, the
 * weights, the metrics, the thresholds, and the baselines to score beside the model.
 */
public final class ScoreRequest implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The default ROC thresholds: 0, 0.01, ..., 1 (fine enough for calibrated probabilities of rare events). */
  public static final double[] DEFAULT_ROC_THRESHOLDS = new double[101];

  static {
    for (int i = 0; i <= 100; i++) DEFAULT_ROC_THRESHOLDS[i] = i / 100.0;
  }

  FieldExpression forecast;
  FieldExpression observed;
  List<String> dims = new ArrayList<>();
  boolean coslat = true;
  Set<Metric> metrics = EnumSet.allOf(Metric.class);
  double threshold = 0.5;
  Double observedThreshold;
  double[] rocThresholds = DEFAULT_ROC_THRESHOLDS;
  boolean climatology;
  boolean capeThreshold;
  String capeVariable = "convective_available_potential_energy";
  /** Candidate CAPE thresholds (J/kg); null: every 25 J/kg (see {@link ThresholdSearch}). */
  double[] capeThresholds;
  /** Fractions Skill Score: neighbourhood sizes (odd, grid cells) and the forecast's event threshold; null: no FSS. */
  int[] fssScales;
  /** NaN: the forecast's yes threshold ({@link #threshold}, e.g. the model's decision threshold). */
  double fssThreshold = Double.NaN;
  long trainFrom = Long.MIN_VALUE;
  long trainTo = Long.MAX_VALUE;
  int[] trainMonths;

  public ScoreRequest forecast(FieldExpression f) {
    forecast = f;
    return this;
  }

  public ScoreRequest observed(FieldExpression o) {
    observed = o;
    return this;
  }

  /** The dims to reduce over (empty: all of them, xskillscore's dim=None: single numbers). */
  public ScoreRequest dims(List<String> d) {
    dims = new ArrayList<>(d);
    return this;
  }

  /** cos(latitude) weights (scaled to w/max(w)); false: equal weights. */
  public ScoreRequest coslat(boolean c) {
    coslat = c;
    return this;
  }

  public ScoreRequest metrics(Set<Metric> m) {
    metrics = EnumSet.copyOf(m);
    return this;
  }

  /** Forecast yes where forecast ≥ t (categorical scores). */
  public ScoreRequest threshold(double t) {
    threshold = t;
    return this;
  }

  /** Observed yes where observed ≥ t (default: the forecast's threshold; 0/1 events need none). */
  public ScoreRequest observedThreshold(Double t) {
    observedThreshold = t;
    return this;
  }

  public ScoreRequest rocThresholds(double[] t) {
    double[] s = t.clone();
    java.util.Arrays.sort(s);
    rocThresholds = s;
    return this;
  }

  /** Score the climatological forecast too (per cell and calendar month, on the training period). */
  public ScoreRequest climatology(boolean b) {
    climatology = b;
    return this;
  }

  /** Score the best single CAPE threshold (chosen on the training period by CSI) too. */
  public ScoreRequest capeThreshold(boolean b) {
    capeThreshold = b;
    return this;
  }

  public ScoreRequest capeVariable(String v) {
    capeVariable = v;
    return this;
  }

  public ScoreRequest capeThresholds(double[] t) {
    capeThresholds = t.clone();
    return this;
  }

  /** The Fractions Skill Score at these neighbourhood sizes, events where the forecast ≥ {@code threshold}. */
  public ScoreRequest fss(int[] scales, double threshold) {
    if (scales.length == 0) throw new org.spangeo.zarr.InvalidArgumentException("--metrics fss: no scale given");
    int[] s = scales.clone();
    java.util.Arrays.sort(s);
    for (int n : s) {
      if (n < 1 || n % 2 == 0) {
        throw new org.spangeo.zarr.InvalidArgumentException("--metrics fss: scale " + n + " is not a positive odd number of cells"
            + " (the square is centred on each point: 1, 3, 5, ...)");
      }
    }
    if (!Double.isNaN(threshold) && !(threshold >= 0 && threshold <= 1)) {
      throw new org.spangeo.zarr.InvalidArgumentException("--metrics fss: the threshold " + threshold + " is not a probability in [0, 1]");
    }
    fssScales = s;
    fssThreshold = threshold;
    return this;
  }

  /**
   * Splits "csi,brier,fss:1,3,5:0.5" into the FSS part (applied here) and the plain metrics
   * ("csi,brier"), which it returns.
   */
  public String takeFss(String spec) {
    // the scales are the integers after "fss:"; a ":THRESHOLD" may follow them
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?:^|,)\\s*fss:(\\s*\\d+(?:\\s*,\\s*\\d+)*)(?::([^,]*))?\\s*(?=,|$)")
        .matcher(spec);
    if (!m.find()) {
      if (spec.contains("fss")) {
        throw new org.spangeo.zarr.InvalidArgumentException("--metrics: '" + spec + "': give the FSS as fss:SCALES[:THRESHOLD], e.g."
            + " fss:1,3,5,9,17:0.5 (without a threshold: the forecast's yes threshold)");
      }
      return spec;
    }
    List<Integer> scales = new ArrayList<>();
    for (String t : m.group(1).split(",")) {
      try {
        scales.add(Integer.parseInt(t.trim()));
      } catch (NumberFormatException e) {
        throw new org.spangeo.zarr.InvalidArgumentException("--metrics fss: '" + t.trim() + "' is not a scale (odd cells: 1,3,5)");
      }
    }
    double thr = Double.NaN;
    if (m.group(2) != null) {
      try {
        thr = Double.parseDouble(m.group(2).trim());
      } catch (NumberFormatException e) {
        throw new org.spangeo.zarr.InvalidArgumentException("--metrics fss: '" + m.group(2).trim() + "' is not a threshold");
      }
    }
    fss(scales.stream().mapToInt(Integer::intValue).toArray(), thr);
    String rest = spec.substring(0, m.start()) + spec.substring(m.end());
    return rest.replaceAll("^\\s*,", "").trim();
  }

  /** The training period of the baselines, epoch microseconds, inclusive. */
  public ScoreRequest trainTime(long from, long to) {
    trainFrom = from;
    trainTo = to;
    return this;
  }

  /** Months of the training period (null: all), as the scored selection's --months. */
  public ScoreRequest trainMonths(int[] m) {
    trainMonths = m;
    return this;
  }

  /** The forecast's FSS event threshold: as given, else the yes threshold. */
  double fssThreshold() {
    return Double.isNaN(fssThreshold) ? threshold : fssThreshold;
  }

  double observedThreshold() {
    return observedThreshold != null ? observedThreshold : threshold;
  }

  boolean wants(Metric.Kind k) {
    for (Metric m : metrics) if (m.kind == k) return true;
    return false;
  }

  boolean baselines() {
    return climatology || capeThreshold;
  }
}
