package org.spangeo.ml.scores;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The scores as fields on the kept dims, for writing and plotting: per forecast source
 * ("model", and the baselines "climatology", "cape_threshold"), each metric as a double[] in
 * C order over {@link #dims()} (a single value with no dims), the ROC points, and the overall
 * numbers (every dim reduced). Small by design: the driver holds only these.
 */
public final class ScoreResult {
  public static final String MODEL = "model";
  public static final String CLIMATOLOGY = "climatology";
  public static final String CAPE_THRESHOLD = "cape_threshold";

  final List<String> dims;
  final int[] shape;
  final Set<Metric> metrics;
  final double[] rocThresholds;
  final Map<String, ScorePartial> fields;   // per source, over the kept grid
  final Map<String, ScorePartial> overall;  // per source, one cell
  final Baselines baselines;                // null without baselines
  final long pointsScored;
  Map<String, FssPartial> fss;              // per source over the kept grid; null without FSS
  int[] fssScales;
  double fssThreshold;

  ScoreResult(List<String> dims, int[] shape, Set<Metric> metrics, double[] rocThresholds, Map<String, ScorePartial> fields,
      Baselines baselines, long pointsScored) {
    this.dims = dims;
    this.shape = shape;
    this.metrics = metrics;
    this.rocThresholds = rocThresholds;
    this.fields = fields;
    this.baselines = baselines;
    this.pointsScored = pointsScored;
    this.overall = new LinkedHashMap<>();
    for (Map.Entry<String, ScorePartial> e : fields.entrySet()) {
      ScorePartial all = new ScorePartial(1, rocThresholds.length, metrics.contains(Metric.RELIABILITY));
      for (int c = 0; c < e.getValue().cells; c++) all.merge(0, e.getValue(), c);
      overall.put(e.getKey(), all);
    }
  }

  void fss(int[] scales, double threshold, Map<String, FssPartial> partials) {
    fssScales = scales;
    fssThreshold = threshold;
    fss = partials;
  }

  /** The FSS neighbourhood sizes, or null when no FSS was asked for. */
  public int[] fssScales() {
    return fssScales == null ? null : fssScales.clone();
  }

  /** FSS per scale then kept cell ([scale][cell] flattened). */
  public double[] fssField(String source) {
    FssPartial p = partial(fss, source);
    double[] out = new double[p.scales * p.cells];
    for (int k = 0; k < p.scales; k++) for (int c = 0; c < p.cells; c++) out[k * p.cells + c] = p.fss(c, k);
    return out;
  }

  /** The FSS partial over everything scored (all kept cells merged). */
  FssPartial fssOverall(String source) {
    FssPartial p = partial(fss, source);
    FssPartial all = new FssPartial(1, p.scales);
    for (int c = 0; c < p.cells; c++) all.merge(0, p, c);
    return all;
  }

  /** The overall FSS at each scale. */
  public double[] fssOverallValues(String source) {
    FssPartial all = fssOverall(source);
    double[] out = new double[all.scales];
    for (int k = 0; k < out.length; k++) out[k] = all.fss(0, k);
    return out;
  }

  /** The smallest useful scale overall (FSS ≥ 0.5 + f/2), NaN if none. */
  public double fssUsefulScale(String source) {
    return fssOverall(source).usefulScale(0, fssScales);
  }

  public double fssUsefulValue(String source) {
    return fssOverall(source).usefulFss(0);
  }

  /** The kept dims (the output's dims), in the forecast's order. */
  public List<String> dims() {
    return Collections.unmodifiableList(dims);
  }

  public int[] shape() {
    return shape.clone();
  }

  public Set<Metric> metrics() {
    return metrics;
  }

  /** "model", then the baselines scored. */
  public List<String> sources() {
    return new ArrayList<>(fields.keySet());
  }

  public double[] rocThresholds() {
    return rocThresholds.clone();
  }

  /** The fitted baselines (null when none were asked for). */
  public Baselines baselines() {
    return baselines;
  }

  /** Points where neither forecast nor observation was NaN (for the model). */
  public long pointsScored() {
    return pointsScored;
  }

  /** One metric of one source over the kept grid, C order; for {@link Metric#ROC}, the AUC. */
  public double[] field(String source, Metric m) {
    ScorePartial p = partial(fields, source);
    double[] out = new double[p.cells];
    for (int c = 0; c < out.length; c++) out[c] = ScoreMath.value(p, c, m);
    return out;
  }

  /** ROC POD (k = 0) or POFD (k = 1) per threshold then kept cell: [threshold][cell] flattened. */
  public double[] rocField(String source, int which) {
    ScorePartial p = partial(fields, source);
    int t = rocThresholds.length;
    double[] out = new double[t * p.cells];
    for (int c = 0; c < p.cells; c++) {
      double[][] r = ScoreMath.rocPoints(p, c, t);
      for (int k = 0; k < t; k++) out[k * p.cells + c] = r[which][k];
    }
    return out;
  }

  /** The Brier decomposition's terms per kept cell: 0 reliability, 1 resolution, 2 uncertainty, 3 WBV, 4 WBC. */
  public double[] decompositionField(String source, int term) {
    ScorePartial p = partial(fields, source);
    double[] out = new double[p.cells];
    for (int c = 0; c < out.length; c++) out[c] = p.rel.decomposition(c)[term];
    return out;
  }

  /** The reliability table over everything scored. */
  public ReliabilityPartial.Row[] reliabilityTable(String source) {
    return partial(overall, source).rel.table(0);
  }

  /** {REL, RES, UNC, WBV, WBC} over everything scored. */
  public double[] decomposition(String source) {
    return partial(overall, source).rel.decomposition(0);
  }

  /** The largest distance of the reliability curve from the diagonal over bins holding ≥ 1% of the points. */
  public double reliabilityWorstDeviation(String source) {
    return partial(overall, source).rel.worstDeviation(0, 0.01);
  }

  /** The metric over everything scored (every dim reduced). */
  public double overall(String source, Metric m) {
    return ScoreMath.value(partial(overall, source), 0, m);
  }

  /** Brier skill score of the model against the climatology: 1 − BS/BS_clim (NaN without it). */
  public double brierSkillScore() {
    if (!overall.containsKey(CLIMATOLOGY)) return Double.NaN;
    return 1 - ScoreMath.ratio(overall(MODEL, Metric.BRIER), overall(CLIMATOLOGY, Metric.BRIER));
  }

  /** The Brier skill score per kept cell. */
  public double[] brierSkillScoreField() {
    double[] bs = field(MODEL, Metric.BRIER);
    double[] clim = field(CLIMATOLOGY, Metric.BRIER);
    double[] out = new double[bs.length];
    for (int i = 0; i < out.length; i++) out[i] = 1 - ScoreMath.ratio(bs[i], clim[i]);
    return out;
  }

  /** The overall numbers, model and baselines side by side, as the JSON summary holds them. */
  public Map<String, Object> summary() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("dims_kept", dims);
    out.put("points_scored", pointsScored);
    for (String s : fields.keySet()) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (Metric x : metrics) {
        if (x == Metric.ROC) {
          m.put("roc_auc", json(overall(s, x)));
          double[][] r = ScoreMath.rocPoints(overall.get(s), 0, rocThresholds.length);
          Map<String, Object> roc = new LinkedHashMap<>();
          roc.put("thresholds", rocThresholds);
          roc.put("pod", jsonAll(r[0]));
          roc.put("pofd", jsonAll(r[1]));
          m.put("roc", roc);
        } else if (x == Metric.RELIABILITY) {
          double[] d = decomposition(s);
          Map<String, Object> rel = new LinkedHashMap<>();
          rel.put("reliability", json(d[0]));
          rel.put("resolution", json(d[1]));
          rel.put("uncertainty", json(d[2]));
          rel.put("within_bin_variance", json(d[3]));
          rel.put("within_bin_covariance", json(d[4]));
          rel.put("worst_bin_deviation", json(reliabilityWorstDeviation(s)));
          rel.put("worst_bin_deviation_note", "largest |mean forecast - observed frequency| over the bins holding >= 1% of the points");
          List<Object> rows = new ArrayList<>();
          for (ReliabilityPartial.Row r : reliabilityTable(s)) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("bin", new double[] {r.lower(), r.upper()});
            row.put("forecast_mean", json(r.forecastMean()));
            row.put("observed_frequency", json(r.observedFrequency()));
            row.put("count", r.count());
            rows.add(row);
          }
          rel.put("table", rows);
          m.put("reliability", rel);
        } else {
          m.put(x.label(), json(overall(s, x)));
        }
      }
      out.put(s, m);
    }
    if (fss != null) {
      for (String s : fss.keySet()) {
        Map<String, Object> f = new LinkedHashMap<>();
        FssPartial all = fssOverall(s);
        f.put("threshold", fssThreshold);
        f.put("scales", fssScales);
        f.put("fss", jsonAll(fssOverallValues(s)));
        f.put("observed_base_rate", json(all.baseRate(0)));
        f.put("useful_fss", json(all.usefulFss(0)));
        f.put("useful_scale", json(all.usefulScale(0, fssScales)));
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) out.computeIfAbsent(s, k -> new LinkedHashMap<String, Object>());
        m.put("fss", f);
      }
    }
    if (baselines != null) {
      Map<String, Object> b = new LinkedHashMap<>();
      b.put("training_steps", baselines.trainSteps);
      if (!Double.isNaN(baselines.capeThreshold)) {
        b.put("cape_threshold", baselines.capeThreshold);
        b.put("cape_search", baselines.capeSearch.toMap());
      }
      out.put("baselines", b);
    }
    if (fields.containsKey(CLIMATOLOGY) && metrics.contains(Metric.BRIER)) out.put("brier_skill_score", json(brierSkillScore()));
    return out;
  }

  /** NaN and infinities as null (JSON has no NaN). */
  static Object json(double d) {
    return Double.isFinite(d) ? (Object) d : null;
  }

  static List<Object> jsonAll(double[] d) {
    List<Object> out = new ArrayList<>();
    for (double x : d) out.add(json(x));
    return out;
  }

  private static <T> T partial(Map<String, T> m, String source) {
    T p = m.get(source);
    if (p == null) throw new IllegalArgumentException("no scores for '" + source + "' (have " + m.keySet() + ")");
    return p;
  }
}
