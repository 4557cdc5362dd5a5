package org.spangeo.ml.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spangeo.jobs.CliRunner;
import org.spangeo.ml.patches.PatchStore;
import org.spangeo.ml.testing.ConvectionStore;
import org.spangeo.ml.testing.ErrorLines;
import org.spangeo.ml.testing.GridStore;
import org.spangeo.ml.testing.MlTestSession;
import org.spangeo.ml.testing.Predictions;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.metadata.MetadataParser;
import org.spangeo.zarr.store.HadoopConf;
import org.spangeo.zarr.testing.PythonPeer;

/**
 * The course's task end to end on a synthetic store with a learnable relation: patches for
 * 2019-2020 (training) and 2021 (validation, with the training statistics), training, prediction
 * of 2021 back on the grid, and the trained model against the best threshold rule on CAPE.
 */
class TrainConvectionTest {
  static Path dir;
  static Path src;
  static String train;
  static String valid;
  static String model;
  static String[] trainOut;
  static GridStore grid;
  static final HadoopConf CONF = HadoopConf.of(Map.of());
  static final String[] PATCH = {"--input-dims", "latitude=8,longitude=8", "--batch-dims", "time=16"};
  static final String[] TRAIN = {"--epochs", "3", "--batch-size", "64", "--learning-rate", "0.02", "--hidden", "8", "--seed", "1"};

  @BeforeAll
  static void trainOnce() throws Exception {
    MlTestSession.get();
    dir = PythonPeer.scratch("ml-train");
    grid = ConvectionStore.make(11);
    src = grid.write(dir.resolve("era5_like.zarr"), 64, 16, 16);
    train = dir.resolve("train.zarr").toString();
    valid = dir.resolve("valid.zarr").toString();
    model = dir.resolve("model").toString();
    String[] r = CliRunner.spangeo(concat(new String[] {"patches", "--in", src.toString(), "--years", "2019,2020", "--seed", "3",
        "--out", train}, PATCH));
    assertEquals("0", r[0], r[2]);
    r = CliRunner.spangeo(concat(new String[] {"patches", "--in", src.toString(), "--years", "2021", "--stats", train, "--out", valid},
        PATCH));
    assertEquals("0", r[0], r[2]);
    trainOut = CliRunner.spangeo(concat(new String[] {"train", "--patches", train, "--validation", valid, "--out", model}, TRAIN));
    assertEquals("0", trainOut[0], trainOut[2]);
    System.out.print(trainOut[1]);
  }

  static String[] concat(String[] a, String[] b) {
    String[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void lossFallsAndTheModelBeatsTheBestCapeThreshold() throws Exception {
    JsonNode log = MetadataParser.JSON.readTree(Path.of(model, "training-log.json").toFile());
    assertEquals(3, log.size());
    double first = log.get(0).get("train_loss").asDouble();
    double last = log.get(2).get("train_loss").asDouble();
    assertTrue(last < first, "training loss " + first + " -> " + last);
    assertTrue(log.get(2).get("valid_loss").asDouble() < log.get(0).get("valid_loss").asDouble() * 1.05);
    double modelCsi = log.get(2).get("valid_csi").asDouble();
    // throughput against the forward/backward limit of the same run: the steps take part of the epoch, never more
    for (JsonNode ep : log) {
      double busy = ep.get("trainer_busy").asDouble();
      assertTrue(busy > 0 && busy <= 1, ep.toString());
      assertEquals(ep.get("samples_per_second").asDouble() / busy, ep.get("step_samples_per_second").asDouble(), 1e-6
          * ep.get("step_samples_per_second").asDouble(), ep.toString());
    }
    assertTrue(trainOut[1].contains("trainer busy"), trainOut[1]);
    assertTrue(log.get(0).get("prefetch").asBoolean(), "batches are prefetched by default: " + log.get(0));
    assertTrue(log.get(0).get("wait_seconds").asDouble() <= log.get(0).get("seconds").asDouble(), log.get(0).toString());
    // the stdout has one line per epoch with loss, CSI, POD and FAR
    assertEquals(3, trainOut[1].lines().filter(l -> l.startsWith("epoch ") && l.contains("CSI")).count(), trainOut[1]);

    // the best single threshold on CAPE over the same validation cells (the validation patches):
    // CAPE is channel 0, normalised by a positive factor, so thresholds on it are thresholds on CAPE
    PatchStore v = PatchStore.open(CONF, valid);
    int cells = 16 * 64;
    int n = 0;
    for (int k = 0; k < v.chunks(); k++) n += v.batchesIn(k) * cells;
    float[] cape = new float[n];
    boolean[] event = new boolean[n];
    int pos = 0;
    for (int k = 0; k < v.chunks(); k++) {
      float[] f = v.readFeatures(k);
      float[] y = v.readLabels(k);
      for (int b = 0; b < v.batchesIn(k); b++) {
        for (int c = 0; c < cells; c++) {
          cape[pos + c] = f[(b * 4) * cells + c];
          event[pos + c] = y[b * cells + c] > 0;
        }
        pos += cells;
      }
    }
    double capeCsi = bestThresholdCsi(cape, event);
    System.out.printf("validation 2021: trained model CSI %.3f, best CAPE threshold CSI %.3f%n", modelCsi, capeCsi);
    assertTrue(modelCsi > capeCsi + 0.05, "model CSI " + modelCsi + " vs best CAPE threshold " + capeCsi);

    // the same model predicted over 2021 on the grid (windows cover every cell), scored against the label
    String pred = dir.resolve("pred_2021.zarr").toString();
    String[] r = CliRunner.spangeo("predict", "--in", src.toString(), "--years", "2021", "--model", model, "--out", pred);
    assertEquals("0", r[0], r[2]);
    double[] p = Predictions.read(pred);
    float[] tp = grid.vars.get("total_precipitation");
    int first2021 = (365 + 366) * 256; // 2019, then 2020 (a leap year)
    assertEquals(365 * 256, p.length);
    Contingency gridTable = new Contingency();
    for (int i = 0; i < p.length; i++) {
      assertFalse(Double.isNaN(p[i]), "cell " + i + " not covered");
      gridTable.add(p[i] >= 0.5, tp[first2021 + i] * 1000 > 5);
    }
    float[] capeGrid = Arrays.copyOfRange(grid.vars.get("convective_available_potential_energy"), first2021, first2021 + p.length);
    boolean[] ev = new boolean[p.length];
    for (int i = 0; i < p.length; i++) ev[i] = tp[first2021 + i] * 1000 > 5;
    double capeGridCsi = bestThresholdCsi(capeGrid, ev);
    System.out.printf("2021 on the grid: predicted CSI %.3f (POD %.3f, FAR %.3f), best CAPE threshold CSI %.3f%n", gridTable.csi(),
        gridTable.pod(), gridTable.far(), capeGridCsi);
    assertTrue(gridTable.csi() > capeGridCsi + 0.05);
  }

  /** The highest CSI of "event where x >= threshold" over every threshold (each distinct value). */
  static double bestThresholdCsi(float[] x, boolean[] event) {
    Integer[] idx = new Integer[x.length];
    for (int i = 0; i < idx.length; i++) idx[i] = i;
    Arrays.sort(idx, (a, b) -> Float.compare(x[b], x[a]));
    long events = 0;
    for (boolean e : event) if (e) events++;
    long hits = 0;
    long falseAlarms = 0;
    double best = 0;
    for (int k = 0; k < idx.length; k++) {
      if (event[idx[k]]) hits++;
      else falseAlarms++;
      if (k + 1 < idx.length && x[idx[k + 1]] == x[idx[k]]) continue; // ties go together
      best = Math.max(best, (double) hits / (events + falseAlarms));
    }
    return best;
  }

  @Test
  void trainingIsReproducibleWithTheSameSeed() throws Exception {
    // Three runs of 5 epochs on the training patches, same seed: prefetching (the default) twice, the second while another
    // thread churns garbage so that young collections fall between some steps' forward and backward passes (a GC there
    // freed a loss constant autograd still used, and the demo's training diverged from epoch 3 in some runs), and with
    // --prefetch-batches 0. Same losses every epoch and the same parameters bit for bit.
    String[] opts = {"--epochs", "5", "--batch-size", "32", "--learning-rate", "0.02", "--hidden", "4", "--seed", "5"};
    String[] models = {dir.resolve("model-one").toString(), dir.resolve("model-churn").toString(), dir.resolve("model-inline").toString()};
    assertEquals("0", CliRunner.spangeo(concat(new String[] {"train", "--patches", train, "--out", models[0]}, opts))[0]);
    java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
    Thread churn = new Thread(() -> {
      byte[][] keep = new byte[64][];
      long last = System.nanoTime();
      for (int i = 0; !stop.get(); i++) {
        keep[i & 63] = new byte[256 << 10];
        if (System.nanoTime() - last > 100_000_000L) { // and a full collection every 0.1 s, however busy the machine
          System.gc();
          last = System.nanoTime();
        }
      }
    }, "gc-churn");
    java.util.List<java.lang.management.GarbageCollectorMXBean> gcs = java.lang.management.ManagementFactory.getGarbageCollectorMXBeans();
    long gc0 = gcs.stream().mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionCount).sum();
    churn.start();
    try {
      assertEquals("0", CliRunner.spangeo(concat(new String[] {"train", "--patches", train, "--out", models[1]}, opts))[0]);
    } finally {
      stop.set(true);
      churn.join();
    }
    long collections = gcs.stream().mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionCount).sum() - gc0;
    assertTrue(collections >= 10, "the churn caused only " + collections + " collections during training");
    assertEquals("0", CliRunner.spangeo(concat(new String[] {"train", "--patches", train, "--prefetch-batches", "0", "--out", models[2]},
        opts))[0]);
    JsonNode a = MetadataParser.JSON.readTree(Path.of(models[0], "training-log.json").toFile());
    assertEquals(5, a.size());
    assertTrue(a.get(0).get("prefetch").asBoolean(), a.toString());
    byte[] params = Files.readAllBytes(Path.of(models[0], "convection-0000.params"));
    for (int k = 1; k < 3; k++) {
      JsonNode b = MetadataParser.JSON.readTree(Path.of(models[k], "training-log.json").toFile());
      assertEquals(k == 1, b.get(0).get("prefetch").asBoolean(), b.toString());
      for (int e = 0; e < 5; e++) {
        assertEquals(a.get(e).get("train_loss").asDouble(), b.get(e).get("train_loss").asDouble(), models[k] + " epoch " + (e + 1));
      }
      assertArrayEquals(params, Files.readAllBytes(Path.of(models[k], "convection-0000.params")), models[k]);
    }
  }

  @Test
  void predictionsAreCalibratedOnTheValidationYearUnlessRaw() throws Exception {
    assertTrue(trainOut[1].contains("calibration: "), trainOut[1]);
    JsonNode cal = MetadataParser.JSON.readTree(Path.of(model, "calibration.json").toFile());
    assertTrue(cal.get("method").asText().matches("platt|isotonic"), cal.toString());
    assertEquals(valid, cal.get("fitted_on").asText());
    JsonNode v = cal.get("validation");
    assertTrue(Math.min(v.get("brier_platt").asDouble(), v.get("brier_isotonic").asDouble()) < v.get("brier_raw").asDouble(),
        "the class weight inflates the raw probabilities: " + v);
    String[] times = {"--time", "2021-06-01/2021-08-31"};
    String calibrated = dir.resolve("pred_cal.zarr").toString();
    String raw = dir.resolve("pred_raw.zarr").toString();
    String[] r = CliRunner.spangeo(concat(new String[] {"predict", "--in", src.toString(), "--model", model, "--out", calibrated}, times));
    assertEquals("0", r[0], r[2]);
    assertTrue(r[1].contains("predict: probabilities calibrated with " + cal.get("method").asText()), r[1]);
    r = CliRunner.spangeo(concat(new String[] {"predict", "--in", src.toString(), "--model", model, "--raw", "--out", raw}, times));
    assertEquals("0", r[0], r[2]);
    assertTrue(r[1].contains("raw probabilities (--raw)"), r[1]);
    double[] pc = Predictions.read(calibrated);
    double[] pr = Predictions.read(raw);
    float[] tp = grid.vars.get("total_precipitation");
    int first = (365 + 366 + 151) * 256; // 2021-06-01
    double bc = 0;
    double br = 0;
    double meanC = 0;
    double meanR = 0;
    double events = 0;
    for (int i = 0; i < pc.length; i++) {
      double o = tp[first + i] * 1000 > 5 ? 1 : 0;
      bc += (pc[i] - o) * (pc[i] - o);
      br += (pr[i] - o) * (pr[i] - o);
      meanC += pc[i];
      meanR += pr[i];
      events += o;
    }
    System.out.printf("2021 JJA on the grid: Brier calibrated %.4f, raw %.4f; mean probability %.3f / %.3f, event frequency %.3f%n",
        bc / pc.length, br / pc.length, meanC / pc.length, meanR / pc.length, events / pc.length);
    assertTrue(bc < br, "calibrated Brier " + bc / pc.length + " vs raw " + br / pc.length);
    assertTrue(Math.abs(meanC - events) < Math.abs(meanR - events), "calibration removes the class weight's bias");
    assertEquals(cal.get("method").asText(), Dataset.open(CONF, calibrated).variable("convection_probability").attributes()
        .get("calibration").asText().split(" ")[0]);

    // a model directory from before calibration still predicts, and says so
    Path old = dir.resolve("model-before-calibration");
    Files.createDirectories(old);
    try (var s = Files.list(Path.of(model))) {
      for (Path f : (Iterable<Path>) s::iterator) {
        if (!f.getFileName().toString().equals("calibration.json")) Files.copy(f, old.resolve(f.getFileName()));
      }
    }
    String oldOut = dir.resolve("pred_old.zarr").toString();
    r = CliRunner.spangeo(concat(new String[] {"predict", "--in", src.toString(), "--model", old.toString(), "--out", oldOut}, times));
    assertEquals("0", r[0], r[2]);
    assertTrue(r[1].contains("has no calibration (trained before calibration): these are its raw, uncalibrated probabilities"), r[1]);
    assertArrayEquals(pr, Predictions.read(oldOut));
  }

  @Test
  void theModelRecordsAndPrintsWhichYearsFedWhichStep() throws Exception {
    // no leakage, shown: statistics and training from 2019-2020, validation and calibration from 2021
    assertTrue(trainOut[1].contains("data: training 2019-01-01T00:00 .. 2020-12-31T00:00 (2019, 2020); normalisation"
        + " statistics from 2019-01-01T00:00 .. 2020-12-31T00:00 (2019, 2020); validation and calibration"
        + " 2021-01-01T00:00 .. 2021-12-31T00:00 (2021)"), trainOut[1]);
    JsonNode use = MetadataParser.JSON.readTree(Path.of(model, "model.json").toFile()).get("training").get("data_use");
    assertEquals("[2019,2020]", use.get("normalisation").get("years").toString());
    assertEquals("[2021]", use.get("validation_and_calibration").get("years").toString());
  }

  @Test
  void rawPatchesKeepTheValuesAndTrainRefusesThem() throws Exception {
    String raw = dir.resolve("raw.zarr").toString();
    String[] r = CliRunner.spangeo(concat(new String[] {"patches", "--in", src.toString(), "--years", "2021", "--raw", "--out", raw},
        PATCH));
    assertEquals("0", r[0], r[2]);
    assertTrue(r[1].contains("features NOT normalised (--raw)"), r[1]);
    PatchStore p = PatchStore.open(CONF, raw);
    assertFalse(p.normalised());
    // the first patch's first value is CAPE as read at 2021-01-01, latitude 0, longitude 0
    int first2021 = (365 + 366) * 256;
    assertEquals(grid.vars.get("convective_available_potential_energy")[first2021], p.readFeatures(0)[0], 0f);
    r = CliRunner.spangeo("train", "--patches", raw, "--out", dir.resolve("model-raw").toString());
    assertEquals("1", r[0]);
    assertTrue(r[2].contains("holds raw features (patches --raw): train needs normalised patches"), r[2]);
  }

  @Test
  void theWholePatchClassifierTrainsAndIsScoredPerWindowAgainstAPerWindowCapeBaseline() throws Exception {
    // the store's 8 mm/h convective cells in 4 x 4 windows: most windows hold one (the climatology below)
    String[] w4 = {"--input-dims", "latitude=4,longitude=4", "--batch-dims", "time=16"};
    String ptrain = dir.resolve("train4.zarr").toString();
    String pvalid = dir.resolve("valid4.zarr").toString();
    String[] r = CliRunner.spangeo(concat(new String[] {"patches", "--in", src.toString(), "--years", "2019,2020", "--out", ptrain}, w4));
    assertEquals("0", r[0], r[2]);
    r = CliRunner.spangeo(concat(new String[] {"patches", "--in", src.toString(), "--years", "2021", "--stats", ptrain, "--out", pvalid},
        w4));
    assertEquals("0", r[0], r[2]);
    String simple = dir.resolve("model-simple").toString();
    r = CliRunner.spangeo("train", "--patches", ptrain, "--validation", pvalid, "--architecture", "simple-convnet", "--hidden",
        "8", "--epochs", "4", "--batch-size", "32", "--learning-rate", "0.01", "--seed", "2", "--out", simple);
    assertEquals("0", r[0], r[2]);
    System.out.print(r[1]);
    String summary = dir.resolve("eval-simple.json").toString();
    r = CliRunner.spangeo("evaluate", "--model", simple, "--patches", pvalid, "--baseline-patches", ptrain, "--summary", summary);
    assertEquals("0", r[0], r[2]);
    System.out.print(r[1]);
    JsonNode s = MetadataParser.JSON.readTree(Path.of(summary).toFile());
    assertEquals("window (any event in it)", s.get("unit").asText());
    assertEquals(16 * 22 * 16, s.get("points_scored").asLong(), "one unit per window (16 of them) and step (22 blocks of 16)");
    double modelCsi = s.get("model").get("csi").asDouble();
    double capeCsi = s.get("cape_threshold").get("csi").asDouble();
    assertTrue(modelCsi > capeCsi, "per window: model CSI " + modelCsi + " vs CAPE " + capeCsi);
    assertTrue(s.get("brier_skill_scores").get("model").asDouble() > 0.3, s.toString());
    double clim = s.get("climatology_frequency").asDouble();
    assertTrue(clim > 0.5 && clim < 0.95, "windows with an event: " + clim);
    assertTrue(s.get("cape_search").get("peaked").asBoolean(), s.get("cape_search").toString());
    // its predictions as a per-patch map: every cell of a window the model saw alone holds the window's value
    String pred = dir.resolve("pred_simple.zarr").toString();
    r = CliRunner.spangeo("predict", "--in", src.toString(), "--time", "2021-07-01/2021-07-02", "--model", simple, "--out", pred);
    assertEquals("0", r[0], r[2]);
    double[] p = Predictions.read(pred);
    for (int y = 0; y < 4; y++) for (int x = 0; x < 4; x++) assertEquals(p[0], p[y * 16 + x], 1e-6, "cell " + y + "," + x);
    assertTrue(p[0] != p[15 * 16 + 15], "another window, another value");
  }

  @Test
  void aDivergingTrainingFailsInOneLineAndWritesNoModel() {
    // Adam steps of 1e30 overflow the logits: the loss turns infinite or NaN within a few steps
    String out = dir.resolve("model-diverged").toString();
    String[] r = CliRunner.spangeo("train", "--patches", valid, "--epochs", "1", "--batch-size", "64", "--learning-rate", "1e30",
        "--hidden", "4", "--seed", "5", "--out", out);
    assertEquals("1", r[0], r[1]);
    assertEquals(1, org.spangeo.ml.testing.ErrorLines.of(r[2]).lines().count(), r[2]);
    assertTrue(r[2].matches("(?s).*training failed: the loss became (NaN|Infinity|-Infinity) in epoch 1 after [0-9,]+ samples.*"), r[2]);
    assertFalse(Files.exists(Path.of(out)));
  }

  @Test
  void courseTimeMeanModeTrains() throws Exception {
    // daily events here are independent, so no pixel is an event on most of a patch's 16 days: the
    // course's majority target is all 0, which the automatic pos_weight refuses in one line
    String mean = dir.resolve("model-mean").toString();
    String[] r = CliRunner.spangeo("train", "--patches", valid, "--time-mode", "mean", "--out", mean);
    assertEquals("1", r[0]);
    assertTrue(r[2].contains("the training patches hold no event (label all 0)"), r[2]);
    assertFalse(Files.exists(Path.of(mean)));
    // with an explicit weight it trains (one sample a patch) and records the mode for predict
    r = CliRunner.spangeo("train", "--patches", valid, "--time-mode", "mean", "--pos-weight", "1", "--epochs", "2", "--batch-size",
        "8", "--learning-rate", "0.02", "--hidden", "4", "--out", mean);
    assertEquals("0", r[0], r[2]);
    JsonNode log = MetadataParser.JSON.readTree(Path.of(mean, "training-log.json").toFile());
    assertEquals(88, log.get(0).get("train_samples").asLong(), "one sample a patch");
    assertTrue(log.get(1).get("train_loss").asDouble() < log.get(0).get("train_loss").asDouble());
    assertEquals("mean", MetadataParser.JSON.readTree(Path.of(mean, "model.json").toFile()).get("time_mode").asText());
  }

  @Test
  void aMovedModelDirectoryLoadsAndPredictsTheSame() throws Exception {
    Path copy = dir.resolve("copied");
    Files.createDirectories(copy);
    try (var s = Files.list(Path.of(model))) {
      for (Path f : (Iterable<Path>) s::iterator) Files.copy(f, copy.resolve(f.getFileName()));
    }
    String a = dir.resolve("pred_a.zarr").toString();
    String[] r = CliRunner.spangeo("predict", "--in", src.toString(), "--time", "2021-03-01/2021-03-10", "--model", copy.toString(),
        "--out", a);
    assertEquals("0", r[0], r[2]);
    Path moved = dir.resolve("elsewhere").resolve("renamed-model");
    Files.createDirectories(moved.getParent());
    Files.move(copy, moved);
    String b = dir.resolve("pred_b.zarr").toString();
    r = CliRunner.spangeo("predict", "--in", src.toString(), "--time", "2021-03-01/2021-03-10", "--model", moved.toString(), "--out", b);
    assertEquals("0", r[0], r[2]);
    assertArrayEquals(Predictions.read(a), Predictions.read(b));
    JsonNode cfg = MetadataParser.JSON.readTree(moved.resolve("model.json").toFile());
    assertEquals("convection-0000.params", cfg.get("parameters").asText());
    assertEquals("normalisation.json", cfg.get("normalisation").asText());
  }

  @Test
  void badTrainingInputIsOneLine() {
    String out = dir.resolve("no-model").toString();
    String[][] refused = { // the message, then train's options before --out
        {"is not a patch store", "--patches", src.toString()},
        {"--epochs and --batch-size must be positive", "--patches", train, "--epochs", "0"},
        {"--pos-weight must be positive", "--patches", train, "--pos-weight", "0"},
        {"is not a patch store", "--patches", train, "--validation", src.toString()},
        {"--prefetch-batches must be -1 (auto), 0 or positive", "--patches", train, "--prefetch-batches", "-2"},
        {"--time-mode 'stacked' is not step or mean", "--patches", train, "--time-mode", "stacked"}};
    for (String[] c : refused) {
      String[] args = new String[c.length + 2];
      args[0] = "train";
      System.arraycopy(c, 1, args, 1, c.length - 1);
      args[c.length] = "--out";
      args[c.length + 1] = out;
      ErrorLines.assertBad(CliRunner.spangeo(args), c[0], out);
    }
    ErrorLines.assertBad(CliRunner.spangeo("train", "--patches", train, "--out", model), "already exists (use --overwrite)",
        dir.resolve("not-written").toString());
  }
}
