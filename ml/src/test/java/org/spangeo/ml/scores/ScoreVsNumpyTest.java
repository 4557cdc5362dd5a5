package org.spangeo.ml.scores;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spangeo.jobs.CliRunner;
import org.spangeo.ml.testing.MlTestSession;
import org.spangeo.zarr.testing.PythonPeer;

/**
 * spangeo score through the real command line against numpy on the same stores (written by
 * xarray with NaNs, the forecast and the observations chunked differently, the observations
 * descending in latitude over a wider box and more years): every metric of every output
 * variable and of the summary to 1e-9 relative, for each dims choice and both weightings,
 * degenerate cases, and both baselines. Then the error paths.
 */
class ScoreVsNumpyTest {
  static Path dir;
  static String fc;
  static String obs;
  static final String ALL = "mse,rmse,mae,me,pearson_r,r2,hits,misses,false_alarms,correct_negatives,pod,far,pofd,"
      + "success_ratio,csi,ets,bias_score,hss,pss,accuracy,odds_ratio,brier,roc,reliability";
  static final String EVENT = "total_precipitation*1000 > 5";

  @BeforeAll
  static void stores() {
    MlTestSession.get();
    dir = PythonPeer.scratch("scores");
    PythonPeer.run("make_score_inputs.py", dir.toString());
    fc = dir.resolve("forecast.zarr").toString();
    obs = dir.resolve("observed.zarr").toString();
  }

  static String[] score(String... args) {
    List<String> all = new ArrayList<>(List.of("score", "--forecast", fc));
    all.addAll(List.of(args));
    return CliRunner.spangeo(all.toArray(new String[0]));
  }

  /** Runs the command, checks it with numpy; returns the summary. */
  static JsonNode runAndCheck(String name, String caseJson, String... args) throws Exception {
    String out = dir.resolve(name + ".zarr").toString();
    String summary = dir.resolve(name + ".json").toString();
    List<String> all = new ArrayList<>(List.of("--out", out, "--summary", summary, "--overwrite"));
    all.addAll(List.of(args));
    String[] r = score(all.toArray(new String[0]));
    assertEquals("0", r[0], "spangeo score " + String.join(" ", all) + " failed: " + r[2]);
    assertTrue(r[1].contains("score:") && r[1].contains("points scored"), "a summary is printed: " + r[1]);
    String ok = PythonPeer.run("check_scores.py", out, summary, dir.toString(), caseJson);
    assertTrue(ok.startsWith("ok"), ok);
    return new ObjectMapper().readTree(new File(summary));
  }

  @Test
  void mapsOverTimeWithCoslatWeightsAndBothBaselines() throws Exception {
    JsonNode s = runAndCheck("maps",
        "{\"dims\": [\"time\"], \"weights\": \"coslat\", \"observed_expr\": \"total_precipitation*1000 > 5\","
            + " \"metrics\": " + quoteList(ALL) + ", \"baselines\": [\"climatology\", \"cape-threshold\"],"
            + " \"train\": [\"2019-01-01\", \"2020-12-31\"]}",
        "--observed", obs, "--observed-expr", EVENT, "--dims", "time", "--metrics", "all",
        "--baseline", "climatology,cape-threshold", "--train-time", "2019-01-01/2020-12-31");
    // model and baselines side by side, and the Brier skill score
    assertTrue(s.get("model").get("csi").isNumber() && s.get("climatology").get("brier").isNumber()
        && s.get("cape_threshold").get("csi").isNumber() && s.get("brier_skill_score").isNumber(), s.toString());
    assertTrue(s.get("baselines").get("cape_threshold").isNumber(), s.toString());
  }

  @Test
  void theCapeSearchExtendsAGivenListUntilTheTrainingCsiFalls() throws Exception {
    // the best of 100 and 250 J/kg is the last one; the search goes on in 25 J/kg steps past it
    JsonNode s = runAndCheck("cape-search",
        "{\"dims\": [], \"weights\": \"none\", \"observed_expr\": \"total_precipitation*1000 > 5\","
            + " \"metrics\": [\"csi\"], \"baselines\": [\"cape-threshold\"], \"cape_thresholds\": [100, 250],"
            + " \"train\": [\"2019-01-01\", \"2020-12-31\"]}",
        "--observed", obs, "--observed-expr", EVENT, "--weights", "none", "--metrics", "csi", "--baseline", "cape-threshold",
        "--train-time", "2019-01-01/2020-12-31", "--cape-thresholds", "100,250");
    JsonNode search = s.get("baselines").get("cape_search");
    assertTrue(s.get("baselines").get("cape_threshold").asDouble() > 250, s.toString());
    assertTrue(search.get("peaked").asBoolean(), search.toString());
    assertTrue(search.get("training_csi_below").asDouble() < search.get("training_csi").asDouble()
        && search.get("training_csi_above").asDouble() < search.get("training_csi").asDouble(), search.toString());
  }

  @Test
  void plotsDrawEachScoreMapAndSeries() throws Exception {
    java.nio.file.Path plots = dir.resolve("plots");
    String[] r = score("--observed", obs, "--observed-expr", EVENT, "--dims", "time", "--metrics", "csi,brier,me",
        "--out", dir.resolve("plotted.zarr").toString(), "--overwrite", "--plots", plots.toString());
    assertEquals("0", r[0], r[2]);
    assertTrue(r[1].contains("plots 3 figures"), r[1]);
    for (String m : new String[] {"csi", "brier", "me"}) {
      java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(plots.resolve(m + ".png").toFile());
      assertTrue(img.getWidth() >= 800 && img.getHeight() > 300, m + " is a figure");
      // the map panel recorded in the PNG is not one flat colour: the scores vary over the grid
      var panel = org.spangeo.jobs.plot.Figure.panelsOf(plots.resolve(m + ".png")).get(0);
      java.util.Set<Integer> colours = new java.util.HashSet<>();
      for (int y = panel.y() + 2; y < panel.y() + panel.height() - 2; y += 3) {
        for (int x = panel.x() + 2; x < panel.x() + panel.width() - 2; x += 3) colours.add(img.getRGB(x, y));
      }
      assertTrue(colours.size() > 10, m + " map shows the field, " + colours.size() + " colours");
    }
    r = score("--observed", obs, "--observed-expr", EVENT, "--dims", "latitude,longitude", "--metrics", "csi",
        "--out", dir.resolve("plotted-series.zarr").toString(), "--overwrite", "--plots", plots.toString());
    assertEquals("0", r[0], r[2]);
    assertTrue(java.nio.file.Files.size(plots.resolve("csi.png")) > 5000, "the per-time CSI series");
    // single numbers: no map or series, but the reliability diagram (with sharpness) and the ROC curve
    java.nio.file.Path curves = dir.resolve("curves");
    r = score("--observed", obs, "--observed-expr", EVENT, "--metrics", "brier,roc,reliability", "--baseline", "climatology",
        "--train-time", "2019-01-01/2020-12-31", "--out", dir.resolve("curves.zarr").toString(), "--overwrite", "--plots",
        curves.toString());
    assertEquals("0", r[0], r[2]);
    assertTrue(r[1].contains("model          Brier decomposition: reliability "), r[1]);
    for (String f : new String[] {"reliability.png", "roc.png"}) {
      java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(curves.resolve(f).toFile());
      java.util.Set<Integer> colours = new java.util.HashSet<>();
      for (int y = 0; y < img.getHeight(); y += 4) for (int x = 0; x < img.getWidth(); x += 4) colours.add(img.getRGB(x, y));
      assertTrue(img.getWidth() >= 800 && colours.size() > 20, f + " is drawn: " + colours.size() + " colours");
    }
  }

  @Test
  void timeSeriesOverTheAreaUnweightedWithASelection() throws Exception {
    runAndCheck("series",
        "{\"dims\": [\"latitude\", \"longitude\"], \"weights\": \"none\", \"observed_expr\": \"total_precipitation*1000 > 5\","
            + " \"metrics\": " + quoteList(ALL) + ", \"sel\": {\"time\": [\"2021-06-22\", \"2021-07-05\"], \"lat\": [23.5, 21.5]}}",
        "--observed", obs, "--observed-expr", EVENT, "--dims", "latitude,longitude", "--weights", "none", "--metrics", "all",
        "--time", "2021-06-22/2021-07-05", "--lat", "23.5:21.5");
  }

  @Test
  void singleNumbersWithCoslatWeightsAndOtherThresholds() throws Exception {
    runAndCheck("numbers",
        "{\"dims\": [], \"weights\": \"coslat\", \"observed_expr\": \"total_precipitation*1000 > 5\", \"threshold\": 0.3,"
            + " \"roc\": [0.05, 0.25, 0.5, 0.75], \"metrics\": " + quoteList(ALL) + "}",
        "--observed", obs, "--observed-expr", EVENT, "--threshold", "0.3", "--roc-thresholds", "0.75,0.05,0.25,0.5",
        "--metrics", "all");
  }

  @Test
  void singleNumbersUnweightedFromAFloat32Forecast() throws Exception {
    // float32 values widen to float64 exactly on both sides, so 1e-9 still holds
    List<String> args = new ArrayList<>(List.of("--observed", obs, "--observed-expr", EVENT, "--weights", "none",
        "--metrics", "all"));
    String saved = fc;
    fc = dir.resolve("forecast_f32.zarr").toString();
    try {
      runAndCheck("numbers-f32",
          "{\"dims\": [], \"weights\": \"none\", \"observed_expr\": \"total_precipitation*1000 > 5\","
              + " \"forecast\": \"forecast_f32.zarr\", \"metrics\": " + quoteList(ALL) + "}", args.toArray(new String[0]));
    } finally {
      fc = saved;
    }
  }

  @Test
  void continuousScoresOfAContinuousFieldUnweightedMaps() throws Exception {
    runAndCheck("continuous",
        "{\"dims\": [\"time\"], \"weights\": \"none\", \"observed_expr\": \"total_precipitation*100\","
            + " \"forecast_expr\": \"convection_probability*convection_probability\", \"metrics\": "
            + quoteList("mse,rmse,mae,me,pearson_r,r2") + "}",
        "--observed", obs, "--observed-expr", "total_precipitation*100", "--forecast-expr",
        "convection_probability*convection_probability", "--dims", "time", "--weights", "none", "--metrics", "continuous");
  }

  @Test
  void observationsEveryOtherStepAndTheOtherWayUp() throws Exception {
    // the observed store is 3-hourly with latitude ascending: its cells are gathered, not sliced
    runAndCheck("other-grid",
        "{\"dims\": [\"time\"], \"weights\": \"coslat\", \"observed_expr\": \"total_precipitation*1000 > 5\","
            + " \"observed\": \"observed_other.zarr\", \"metrics\": " + quoteList(ALL) + "}",
        "--observed", dir.resolve("observed_other.zarr").toString(), "--observed-expr", EVENT, "--dims", "time",
        "--metrics", "all");
  }

  @Test
  void degenerateCasesAreNaNWhereTheFormulaIs() throws Exception {
    // no event anywhere: pod, csi, ... have zero denominators
    JsonNode none = runAndCheck("no-events",
        "{\"dims\": [\"latitude\", \"longitude\"], \"weights\": \"coslat\", \"observed_expr\": \"total_precipitation > 1000\","
            + " \"metrics\": " + quoteList(ALL) + "}",
        "--observed", obs, "--observed-expr", "total_precipitation > 1000", "--dims", "latitude,longitude", "--metrics", "all");
    assertTrue(none.get("model").get("pod").isNull() && none.get("model").get("roc_auc").isNull(), none.toString());
    assertEquals(0.0, none.get("model").get("hits").asDouble());
    // every point an event: pofd and far's complement undefined, observed constant: r2 and pearson_r NaN
    JsonNode all = runAndCheck("all-events",
        "{\"dims\": [\"time\"], \"weights\": \"none\", \"observed_expr\": \"total_precipitation >= 0\","
            + " \"metrics\": " + quoteList(ALL) + "}",
        "--observed", obs, "--observed-expr", "total_precipitation >= 0", "--dims", "time", "--weights", "none", "--metrics", "all");
    assertTrue(all.get("model").get("pofd").isNull() && all.get("model").get("pearson_r").isNull()
        && all.get("model").get("r2").isNull(), all.toString());
    // a constant forecast: pearson_r NaN (zero variance), the rest defined
    JsonNode flat = runAndCheck("constant",
        "{\"dims\": [], \"weights\": \"coslat\", \"observed_expr\": \"total_precipitation*1000 > 5\","
            + " \"forecast_expr\": \"convection_probability*0 + 0.5\", \"metrics\": " + quoteList(ALL) + "}",
        "--observed", obs, "--observed-expr", EVENT, "--forecast-expr", "convection_probability*0 + 0.5", "--metrics", "all");
    assertTrue(flat.get("model").get("pearson_r").isNull(), flat.toString());
    assertFalse(flat.get("model").get("mse").isNull(), flat.toString());
  }

  @Test
  void theJavaApiGivesTheFieldsTheCommandWrites() throws Exception {
    runAndCheck("api-reference",
        "{\"dims\": [\"time\"], \"weights\": \"coslat\", \"observed_expr\": \"total_precipitation*1000 > 5\","
            + " \"metrics\": " + quoteList("csi,brier,rmse") + "}",
        "--observed", obs, "--observed-expr", EVENT, "--dims", "time", "--metrics", "csi,brier,rmse");
    org.apache.spark.api.java.JavaSparkContext jsc =
        org.apache.spark.api.java.JavaSparkContext.fromSparkContext(MlTestSession.get().sparkContext());
    org.spangeo.zarr.store.HadoopConf conf = org.spangeo.zarr.store.HadoopConf.of(java.util.Map.of());
    org.spangeo.zarr.dataset.Dataset f = org.spangeo.zarr.dataset.Dataset.open(conf, fc);
    org.spangeo.zarr.dataset.Dataset o = org.spangeo.zarr.dataset.Dataset.open(conf, obs);
    ScoreResult r = Scoring.score(jsc, f, org.spangeo.zarr.dataset.Selection.all(f), o, new ScoreRequest()
        .forecast(FieldExpression.variable("convection_probability"))
        .observed(FieldExpression.parse(EVENT, "observed")).dims(List.of("time")).metrics(Metric.parse("csi,brier,rmse")));
    assertEquals(List.of("latitude", "longitude"), r.dims());
    assertEquals(List.of(7, 9), java.util.Arrays.stream(r.shape()).boxed().toList());
    org.spangeo.zarr.dataset.Dataset written = org.spangeo.zarr.dataset.Dataset.open(conf, dir.resolve("api-reference.zarr").toString());
    for (Metric m : List.of(Metric.CSI, Metric.BRIER, Metric.RMSE)) {
      double[] stored = written.variable(m.label()).readAllAsDouble();
      double[] api = r.field(ScoreResult.MODEL, m);
      org.junit.jupiter.api.Assertions.assertArrayEquals(stored, api, 0.0, m.label());
      assertEquals(r.overall(ScoreResult.MODEL, m), new ObjectMapper().readTree(new File(dir.resolve("api-reference.json")
          .toString())).get("model").get(m.label()).asDouble(), 0.0, m.label());
    }
  }

  static String quoteList(String csv) {
    StringBuilder b = new StringBuilder("[");
    for (String s : csv.split(",")) b.append(b.length() > 1 ? ", " : "").append('"').append(s).append('"');
    return b.append(']').toString();
  }

  // --- errors: one line on stderr, non-zero exit, no output store

  static void fails(String expect, String... args) {
    String out = dir.resolve("error.zarr").toString();
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--out", out));
    String[] r = score(all.toArray(new String[0]));
    assertFalse("0".equals(r[0]), "should fail: " + all);
    String err = org.spangeo.ml.testing.ErrorLines.of(r[2]);
    assertTrue(err.contains(expect), "stderr should say '" + expect + "': " + err);
    assertTrue(err.startsWith("spangeo score: "), err);
    assertFalse(new File(out).exists(), "no output store is left");
    // one error line (an expression's is followed by the expression and a caret under the column)
    if (!r[0].equals("2")) assertEquals(1, err.lines().filter(l -> !l.startsWith("  ")).count(), "one line: " + err);
  }

  @Test
  void gridsThatDifferSayWhichCoordinateAndWhere() {
    fails("the grids differ: longitude 119 of the forecast (index 0) is not on the observed grid",
        "--observed", dir.resolve("observed_shifted.zarr").toString(), "--observed-expr", EVENT, "--dims", "time");
  }

  @Test
  void unknownMetricListsTheKnownOnes() {
    fails("--metrics: 'crps' is not a metric; known: mse, rmse, mae, me, pearson_r, r2, hits",
        "--observed", obs, "--observed-expr", EVENT, "--metrics", "csi,crps");
  }

  @Test
  void aDimNotInTheData() {
    fails("--dims: 'level' is not a dim of the forecast (dims: time, latitude, longitude)",
        "--observed", obs, "--observed-expr", EVENT, "--dims", "level");
  }

  @Test
  void aBadObservedExpression() {
    fails("--observed-expr 'total_precipitation*1000 >': the expression ends too early",
        "--observed", obs, "--observed-expr", "total_precipitation*1000 >");
    fails("--observed-expr 'total_precipitation*1000 > 5)': unexpected ')' at column 29\n"
        + "  total_precipitation*1000 > 5)\n"
        + "                              ^", "--observed", obs, "--observed-expr", "total_precipitation*1000 > 5)");
  }

  @Test
  void aMissingVariable() {
    fails("'total_precip' is not a data variable of the observed store",
        "--observed", obs, "--observed-expr", "total_precip*1000 > 5");
    fails("the observed store has no variable 'convection_probability'", "--observed", obs);
    fails("'cape' is not a data variable of the observed store", "--observed", obs, "--observed-expr", EVENT,
        "--baseline", "cape-threshold", "--train-time", "2019-01-01/2020-12-31", "--cape-var", "cape");
  }

  @Test
  void aProbabilityScoreOfValuesOutsideZeroToOne() {
    fails("brier, roc and reliability need probabilities in [0, 1]", "--observed", obs, "--observed-expr", EVENT,
        "--forecast-expr", "convection_probability*3", "--metrics", "csi,reliability");
  }

  @Test
  void baselinesNeedATrainingPeriodInTheData() {
    fails("--baseline needs --train-time", "--observed", obs, "--observed-expr", EVENT, "--baseline", "climatology");
    fails("--train-time selects no time step of the observed store", "--observed", obs, "--observed-expr", EVENT,
        "--baseline", "climatology", "--train-time", "2015-01-01/2015-12-31");
  }
}
