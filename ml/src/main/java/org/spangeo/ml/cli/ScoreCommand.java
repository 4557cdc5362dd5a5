package org.spangeo.ml.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.spangeo.jobs.catalog.Catalog;
import org.spangeo.jobs.cli.OptionWording;
import org.spangeo.jobs.cli.OutputOptions;
import org.spangeo.jobs.cli.SelectionOptions;
import org.spangeo.ml.scores.FieldExpression;
import org.spangeo.ml.scores.Metric;
import org.spangeo.ml.scores.ScoreRequest;
import org.spangeo.ml.scores.ScoreResult;
import org.spangeo.ml.scores.ScoreStore;
import org.spangeo.ml.scores.Scoring;
import org.spangeo.zarr.InvalidArgumentException;
import org.spangeo.zarr.UnsupportedException;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.dataset.Selection;
import org.spangeo.zarr.store.HadoopConf;
import org.spangeo.zarr.write.DatasetSpec;
import org.spangeo.zarr.write.ZarrWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code spangeo score}: xskillscore's metrics of a forecast store against an observed store. */
@Command(name = "score", mixinStandardHelpOptions = true, sortOptions = false, resourceBundle = "org.spangeo.ml.cli.ScoreCommand$Wording",
    description = {"Score a forecast against observations with xskillscore's definitions",
        "(a = observed, b = forecast), reducing over --dims and keeping the other",
        "dims: --dims time gives maps (latitude, longitude), --dims latitude,longitude",
        "a time series, no --dims single numbers. Writes one variable per score to",
        "--out (Zarr) and the overall numbers, model and baselines side by side, to",
        "--summary (JSON).",
        "The observations are taken on the forecast's grid by label: its time steps,",
        "latitudes and longitudes must be in the observed store. A point where either is",
        "NaN is left out of both (skipna). An undefined ratio (zero denominator) is NaN.",
        "Metrics: continuous mse, rmse, mae, me (b - a), pearson_r, r2; categorical (yes",
        "where b >= --threshold, a >= --observed-threshold) hits, misses, false_alarms,",
        "correct_negatives, pod, far, pofd, success_ratio, csi, ets, bias_score, hss,",
        "pss, accuracy, odds_ratio; probabilistic brier, roc (roc_auc; roc_pod and",
        "roc_pofd along 'threshold'), reliability (the 10-bin reliability table in the",
        "summary; the Brier decomposition as reliability, resolution, uncertainty). With",
        "--plots also the reliability diagram with the sharpness histogram and the ROC curve.",
        "Spatial: fss:SCALES:THRESHOLD (e.g. fss:1,3,5,9,17:0.5), the Fractions Skill Score",
        "per neighbourhood size (odd, in grid cells) of the events forecast >= THRESHOLD, with",
        "the smallest useful scale (FSS >= 0.5 + f/2); needs latitude and longitude reduced.",
        "Example: spangeo score --forecast out/pred.zarr --observed 'data/era5/era5_*.zarr' \\",
        "  --observed-expr 'total_precipitation*1000 > 5' --dims time \\",
        "  --metrics csi,brier,roc \\",
        "  --baseline climatology,cape-threshold --train-time 2019-01-01/2020-12-31 \\",
        "  --out out/scores.zarr --summary out/scores.json",
        ""})
public final class ScoreCommand implements Callable<Integer> {
  @Option(names = "--forecast", required = true, split = ",", paramLabel = "STORE",
      description = "Forecast Zarr store(s): paths, globs, any Hadoop URI or catalog:NAME.")
  List<String> forecast = new ArrayList<>();

  @Option(names = "--observed", required = true, split = ",", paramLabel = "STORE",
      description = "Observed Zarr store(s), e.g. ERA5; may cover more time and a wider box than the forecast.")
  List<String> observed = new ArrayList<>();

  @Option(names = "--forecast-var", paramLabel = "NAME", description = "Forecast variable (default: the store's only data variable).")
  String forecastVar;

  @Option(names = "--observed-var", paramLabel = "NAME", description = "Observed variable (default: the forecast variable's name).")
  String observedVar;

  @Option(names = "--forecast-expr", paramLabel = "EXPR", description = "Forecast as an expression of the forecast store's variables.")
  String forecastExpr;

  @Option(names = "--observed-expr", paramLabel = "EXPR",
      description = "Observed as an expression of the observed store's variables, e.g. 'total_precipitation*1000 > 5'"
          + " (comparisons give 1 or 0; + - * / ** & | ~ abs sqrt exp log; NaN stays NaN).")
  String observedExpr;

  @Option(names = "--dims", split = ",", paramLabel = "DIM",
      description = "Dims to reduce over: time (maps), latitude,longitude (a time series); none given: all (single numbers).")
  List<String> dims = new ArrayList<>();

  @Option(names = "--weights", defaultValue = "coslat", paramLabel = "coslat|none",
      description = "Weights of the means: cos(latitude) scaled to w/max(w) (default), or none. Contingency counts are not weighted.")
  String weights;

  @Option(names = "--metrics", defaultValue = "all", paramLabel = "LIST",
      description = "Comma-separated metrics, or all, continuous, categorical, probabilistic (default: all).")
  String metrics;

  @Option(names = "--threshold", paramLabel = "X",
      description = "Forecast yes where forecast >= X (default: the forecast variable's decision_threshold attribute, which"
          + " predict writes from the model's validation year, else 0.5).")
  Double thresholdOption;
  double threshold = 0.5;
  String thresholdFrom = "default";

  @Option(names = "--observed-threshold", paramLabel = "X",
      description = "Observed yes where observed >= X (default: --threshold when given, else 0.5; an event expression's 1/0"
          + " needs none).")
  Double observedThreshold;

  @Option(names = "--roc-thresholds", split = ",", paramLabel = "T",
      description = "Probability thresholds of the ROC curve (default 0,0.01,...,1).")
  List<Double> rocThresholds = new ArrayList<>();

  @Option(names = "--baseline", split = ",", paramLabel = "NAME",
      description = "Score reference forecasts beside the model: climatology (event frequency per cell and calendar month"
          + " on the training period), cape-threshold (CAPE >= the threshold with the best training CSI).")
  List<String> baselines = new ArrayList<>();

  @Option(names = "--train-time", paramLabel = "FROM/TO",
      description = "Training period of the baselines in the observed store, inclusive (required with --baseline).")
  String trainTime;

  @Option(names = "--cape-var", defaultValue = "convective_available_potential_energy", paramLabel = "NAME",
      description = "Observed CAPE variable of the cape-threshold baseline (default ${DEFAULT-VALUE}).")
  String capeVar;

  @Option(names = "--cape-thresholds", split = ",", paramLabel = "J/KG",
      description = "CAPE thresholds to start from (default: every 25 J/kg up to 10000); the best is moved in 25 J/kg"
          + " steps while the training CSI still rises.")
  List<Double> capeThresholds = new ArrayList<>();

  @Mixin
  SelectionOptions selection = new SelectionOptions();

  @Mixin
  OutputOptions output = new OutputOptions();

  @Option(names = "--summary", paramLabel = "FILE", description = "JSON file of the overall numbers (model and baselines side by side).")
  String summary;

  @Option(names = "--plots", paramLabel = "DIR",
      description = "Also draw every score as a PNG in DIR: maps (latitude, longitude) and series (one dim left).")
  String plots;

  @Option(names = "--dtype", defaultValue = "float64", paramLabel = "TYPE", description = "float64 (default) or float32.")
  String dtype;

  @picocli.CommandLine.Mixin
  org.spangeo.jobs.cli.SparkRunOptions run = new org.spangeo.jobs.cli.SparkRunOptions();

  private com.fasterxml.jackson.databind.JsonNode scoredSelection;
  private String trainMonthsText;

  /** A JSON object as plain maps and lists, for the summary's writer. */
  static final class MetadataJson {
    @SuppressWarnings("unchecked")
    static Map<String, Object> toMap(com.fasterxml.jackson.databind.JsonNode n) {
      return org.spangeo.zarr.metadata.MetadataParser.JSON.convertValue(n, Map.class);
    }
  }

  @Override
  public Integer call() {
    long t0 = System.nanoTime();
    ZarrWriter.Mode m = output.mode();
    if (m == ZarrWriter.Mode.APPEND) throw new UnsupportedException("--mode append is not supported by score (use overwrite)");
    if (!dtype.equals("float64") && !dtype.equals("float32")) throw new InvalidArgumentException("--dtype '" + dtype + "' is not float64 or float32");
    ScoreRequest req = request();
    SparkSession spark = run.start("spangeo score");
    try {
      HadoopConf conf = new HadoopConf(spark.sparkContext().hadoopConfiguration());
      Dataset fc = Dataset.open(conf, new Dataset.Options(), Catalog.resolve(forecast));
      Dataset obs = Dataset.open(conf, new Dataset.Options(), Catalog.resolve(observed));
      if (!selection.variables(fc).equals(fc.dataVariableNames())) {
        throw new InvalidArgumentException("score takes --forecast-var / --forecast-expr and --observed-var / --observed-expr, not --vars");
      }
      resolveVariables(req, fc, obs);
      if (thresholdOption == null && forecastExpr == null) {
        com.fasterxml.jackson.databind.JsonNode t = fc.variable(forecastVar).attributes().get("decision_threshold");
        if (t != null && t.isNumber()) {
          threshold = t.asDouble();
          thresholdFrom = "the forecast's decision_threshold, chosen on the model's validation year";
          req.threshold(threshold);
        }
      }
      Selection sel = selection.apply(fc);
      if (sel.isEmpty()) throw new InvalidArgumentException("the selection is empty");
      if (!baselines.isEmpty()) req.trainMonths(scoredMonths(fc, sel));
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      jsc.setJobGroup("spangeo-score", "score: " + metrics + " over " + (dims.isEmpty() ? "all dims" : String.join(", ", dims)), false);
      ScoreResult r;
      try (org.spangeo.jobs.ui.ConsoleProgress progress = run.progress(spark)) {
        r = Scoring.score(jsc, fc, sel, obs, req);
      }
      Map<String, String> attrs = new LinkedHashMap<>();
      attrs.put("forecast", String.join(",", forecast) + ": " + (forecastExpr != null ? forecastExpr : forecastVar));
      attrs.put("observed", String.join(",", observed) + ": " + (observedExpr != null ? observedExpr : observedVar));
      attrs.put("reduced_dims", dims.isEmpty() ? "all" : String.join(",", dims));
      attrs.put("weights", weights);
      attrs.put("threshold", Double.toString(threshold));
      attrs.put("history", "spangeo score (xskillscore definitions)");
      DatasetSpec spec = ScoreStore.spec(r, fc, sel, dtype, output.compressor, attrs);
      jsc.setJobDescription("score: write " + output.out);
      ScoreStore.write(conf, output.out, spec, m, r);
      Map<String, Object> extra = new LinkedHashMap<>();
      extra.put("forecast", attrs.get("forecast"));
      extra.put("observed", attrs.get("observed"));
      extra.put("weights", weights);
      extra.put("threshold", threshold);
      extra.put("threshold_from", thresholdFrom);
      // which data fed which step (the demo prints it): the scored period, and the baselines' training period
      com.fasterxml.jackson.databind.node.ObjectNode scored = org.spangeo.ml.patches.Years.describe(fc, sel);
      extra.put("scored", MetadataJson.toMap(scored));
      if (!baselines.isEmpty()) {
        java.util.Map<String, Object> b = new LinkedHashMap<>();
        b.put("time_range", trainTime.split("/"));
        int[] ms = scoredMonths(fc, sel);
        if (ms != null) b.put("months", ms);
        extra.put("baselines_fitted_on", b);
      }
      String json = ScoreStore.summaryJson(r, extra);
      if (summary != null) ScoreStore.writeSummary(conf, summary, json);
      jsc.clearJobGroup();
      if (plots != null) {
        java.util.List<java.nio.file.Path> pngs = new ArrayList<>(org.spangeo.ml.scores.ScorePlots.write(
            Dataset.open(conf, new Dataset.Options(), java.util.List.of(output.out)), obs, java.nio.file.Path.of(plots)));
        pngs.addAll(org.spangeo.ml.scores.VerificationPlots.write(r, java.nio.file.Path.of(plots), null));
        System.out.printf(Locale.ROOT, "  plots %d figures in %s%n", pngs.size(), plots);
      }
      scoredSelection = scored;
      int[] ms = scoredMonths(fc, sel);
      trainMonthsText = ms == null ? null : java.util.Arrays.toString(ms).replaceAll("[\\[\\] ]", "");
      print(r, (System.nanoTime() - t0) / 1e9);
      run.keepUiIfAsked(spark);
      return 0;
    } finally {
      if (System.getProperty("spangeo.keepSession") == null) spark.stop();
    }
  }

  ScoreRequest request() {
    if (thresholdOption != null) {
      threshold = thresholdOption;
      thresholdFrom = "--threshold";
    }
    ScoreRequest req = new ScoreRequest().threshold(threshold)
        .observedThreshold(observedThreshold != null ? observedThreshold : thresholdOption != null ? thresholdOption : 0.5);
    String plain = req.takeFss(metrics);
    req.metrics(plain.isEmpty() ? java.util.EnumSet.noneOf(Metric.class) : Metric.parse(plain));
    req.dims(dims);
    switch (weights) {
      case "coslat" -> req.coslat(true);
      case "none" -> req.coslat(false);
      default -> throw new InvalidArgumentException("--weights '" + weights + "' is not coslat or none");
    }
    if (forecastVar != null && forecastExpr != null) throw new InvalidArgumentException("give --forecast-var or --forecast-expr, not both");
    if (observedVar != null && observedExpr != null) throw new InvalidArgumentException("give --observed-var or --observed-expr, not both");
    if (forecastExpr != null) req.forecast(FieldExpression.parse(forecastExpr, "--forecast-expr"));
    if (observedExpr != null) req.observed(FieldExpression.parse(observedExpr, "--observed-expr"));
    if (!rocThresholds.isEmpty()) req.rocThresholds(rocThresholds.stream().mapToDouble(Double::doubleValue).toArray());
    if (!capeThresholds.isEmpty()) req.capeThresholds(capeThresholds.stream().mapToDouble(Double::doubleValue).toArray());
    req.capeVariable(capeVar);
    for (String b : baselines) {
      switch (b.trim()) {
        case "climatology" -> req.climatology(true);
        case "cape-threshold" -> req.capeThreshold(true);
        default -> throw new InvalidArgumentException("--baseline '" + b + "' is not climatology or cape-threshold");
      }
    }
    if (!baselines.isEmpty()) {
      if (trainTime == null) throw new InvalidArgumentException("--baseline needs --train-time FROM/TO (the training period)");
      long[] r = org.spangeo.jobs.cli.PartialDate.range(trainTime, "--train-time"); // 2019/2020 or 2019-01-01/2020-12-31
      req.trainTime(r[0], r[1]);
    } else if (trainTime != null) {
      throw new InvalidArgumentException("--train-time is for --baseline; no baseline was asked for");
    }
    return req;
  }

  void resolveVariables(ScoreRequest req, Dataset fc, Dataset obs) {
    if (forecastExpr == null) {
      String v = forecastVar;
      if (v == null) {
        if (fc.dataVariableNames().size() != 1) {
          throw new InvalidArgumentException("the forecast store has " + fc.dataVariableNames().size() + " data variables ("
              + String.join(", ", fc.dataVariableNames()) + "): say which with --forecast-var");
        }
        v = fc.dataVariableNames().get(0);
      }
      forecastVar = v;
      req.forecast(FieldExpression.variable(v));
    }
    if (observedExpr == null) {
      String v = observedVar != null ? observedVar : forecastVar;
      if (v == null || (observedVar == null && !obs.hasVariable(v))) {
        throw new InvalidArgumentException("the observed store has no variable '" + v + "': say what to compare with --observed-var or"
            + " --observed-expr");
      }
      observedVar = v;
      req.observed(FieldExpression.variable(v));
    }
  }

  static int[] scoredMonths(Dataset fc, Selection sel) {
    String t = fc.timeDim();
    if (t == null) return null;
    long[] times = fc.timeValues(t);
    TreeSet<Integer> months = new TreeSet<>();
    for (int i : sel.indices(t)) {
      months.add(java.time.Instant.ofEpochSecond(Math.floorDiv(times[i], 1_000_000L)).atZone(java.time.ZoneOffset.UTC).getMonthValue());
    }
    return months.stream().mapToInt(Integer::intValue).toArray();
  }

  static String num(double d) {
    return Double.isNaN(d) ? "-" : d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  void print(ScoreResult r, double secs) {
    System.out.printf(Locale.ROOT, "score: %s vs %s, reduced over %s%n", forecastExpr != null ? forecastExpr : forecastVar,
        observedExpr != null ? observedExpr : observedVar, dims.isEmpty() ? "all dims" : String.join(", ", dims));
    System.out.printf(Locale.ROOT, "  points scored %,d; output %s %s; yes where the forecast >= %s (%s)%n", r.pointsScored(), r.dims(),
        java.util.Arrays.toString(r.shape()), num(threshold), thresholdFrom);
    for (String s : r.sources()) {
      StringBuilder b = new StringBuilder();
      for (Metric m : r.metrics()) {
        if (b.length() > 0) b.append(", ");
        b.append(m == Metric.ROC ? "roc_auc" : m.label()).append('=').append(String.format(Locale.ROOT, "%.4g", r.overall(s, m)));
      }
      System.out.printf(Locale.ROOT, "  %-14s %s%n", s, b);
    }
    if (r.fssScales() != null) {
      for (String s : r.sources()) {
        double[] f = r.fssOverallValues(s);
        StringBuilder b = new StringBuilder();
        int[] sc = r.fssScales();
        for (int k = 0; k < sc.length; k++) b.append(k > 0 ? ", " : "").append(sc[k]).append(": ").append(String.format(Locale.ROOT, "%.3f", f[k]));
        double u = r.fssUsefulScale(s);
        System.out.printf(Locale.ROOT, "  %-14s FSS %s; useful (>= %.3f) from %s%n", s, b, r.fssUsefulValue(s),
            Double.isNaN(u) ? "no scale given" : (int) u + " cells");
      }
    }
    if (r.metrics().contains(Metric.RELIABILITY)) {
      for (String s : r.sources()) {
        double[] d = r.decomposition(s);
        System.out.printf(Locale.ROOT, "  %-14s Brier decomposition: reliability %.4g, resolution %.4g, uncertainty %.4g;"
            + " reliability curve off the diagonal by at most %.3f (bins with >= 1%% of the points)%n", s, d[0], d[1], d[2],
            r.reliabilityWorstDeviation(s));
      }
    }
    if (r.sources().contains(ScoreResult.CLIMATOLOGY) && r.metrics().contains(Metric.BRIER)) {
      System.out.printf(Locale.ROOT, "  brier skill score vs climatology %.4g%n", r.brierSkillScore());
    }
    if (r.baselines() != null && !Double.isNaN(r.baselines().capeThreshold)) {
      org.spangeo.ml.scores.ThresholdSearch c = r.baselines().capeSearch;
      System.out.printf(Locale.ROOT, "  CAPE threshold chosen on the training period: %s J/kg, training CSI %.4f (%s J/kg: %.4f, %s J/kg:"
          + " %.4f%s)%n", num(c.threshold), c.csi, num(c.below), c.csiBelow, num(c.above), c.csiAbove,
          c.peaked ? "; a peak" : "; NOT a peak: the CSI is flat there");
    }
    System.out.printf(Locale.ROOT, "  data scored %s%s%n", org.spangeo.ml.patches.Years.span(scoredSelection),
        baselines.isEmpty() ? "" : "; baselines fitted on " + trainTime + (trainMonthsText == null ? "" : ", months " + trainMonthsText));
    System.out.printf(Locale.ROOT, "  out  %s%s%n  time %.1f s%n", output.out, summary != null ? ", " + summary : "", secs);
  }

  /** The output options as score words them: the score fields, never appended to. */
  public static final class Wording extends OptionWording {
    public Wording() {
      super("out", "Output Zarr store of the score fields.",
          "mode", "errorifexists (default) or overwrite.");
    }
  }
}
