package org.spangeo.ml.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spangeo.ml.testing.ErrorLines.assertBad;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spangeo.jobs.CliRunner;
import org.spangeo.ml.patches.Normalisation;
import org.spangeo.ml.testing.GridStore;
import org.spangeo.ml.testing.IdentityModel;
import org.spangeo.ml.testing.MlTestSession;
import org.spangeo.ml.testing.Predictions;
import org.spangeo.ml.train.TimeMode;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.dataset.Selection;
import org.spangeo.zarr.metadata.MetadataParser;
import org.spangeo.zarr.store.HadoopConf;
import org.spangeo.zarr.testing.PythonPeer;
import org.spangeo.zarr.write.ZarrWriter;

/**
 * Predictions back on the grid with an identity model (a DJL 1x1 convolution that passes the
 * first feature through): time 10, latitude 7, longitude 9, windows 4x4 with overlap 2 and 1, so
 * xbatcher's windows (latitude 0, 2; longitude 0, 3) miss latitude 6 and longitudes 7-8 and the
 * edge windows (latitude 3, longitude 5) must cover them; overlapping outputs are averaged.
 */
class PredictStitchTest {
  static Path dir;
  static Path src;
  static Path noK;
  static GridStore grid;
  static final HadoopConf CONF = HadoopConf.of(Map.of());
  static final Normalisation STATS = new Normalisation(List.of("a", "b"), new double[] {100, 0}, new double[] {2, 1}, new long[] {1, 1});

  @BeforeAll
  static void store() {
    MlTestSession.get();
    dir = PythonPeer.scratch("ml-predict");
    grid = new GridStore(GridStore.times("2021-07-01", 10, 1), GridStore.axis(25, 0.25, 7), GridStore.axis(119, -0.25, 9));
    float[] a = new float[grid.size()];
    float[] b = new float[grid.size()];
    for (int t = 0; t < 10; t++) for (int i = 0; i < 7; i++) for (int j = 0; j < 9; j++) {
      int k = grid.index(t, i, j);
      a[k] = t * 10000 + i * 100 + j;
      b[k] = (float) Math.sin(k);
    }
    a[grid.index(4, 6, 8)] = Float.NaN; // a missing cell: 0 after normalisation
    grid.put("a", a).put("b", b);
    src = grid.write(dir.resolve("src.zarr"), 4, 3, 4);
    noK = new GridStore(grid.times, grid.lat, grid.lon).put("a", a).write(dir.resolve("only-a.zarr"), 4, 3, 4);
  }

  @Test
  void identityModelIsReproducedExactlyWithOverlapsAndEdgesInExecutors() throws Exception {
    Path model = dir.resolve("identity-step");
    IdentityModel.write(model, List.of("a", "b"), Map.of("latitude", 4, "longitude", 4), Map.of("latitude", 2, "longitude", 1),
        Map.of("time", 3), TimeMode.STEP, STATS);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(MlTestSession.get().sparkContext());
    Dataset ds = Dataset.open(CONF, src.toString());
    String out = dir.resolve("identity.zarr").toString();
    int loads = ModelCache.loads();
    // 2 channels x 7 x 9 x 4 bytes = 504 bytes a step: 1600 bytes make tiles of 3 steps, 4 tiles for 10 steps
    PredictConfig pc = new PredictConfig().model(model.toString()).out(out).batchSize(5).tileBytes(1600);
    Predict.Result r = Predict.run(jsc, CONF, ds, Selection.all(ds), pc, ZarrWriter.Mode.OVERWRITE);
    assertEquals(4, r.partitions);
    assertEquals(4, r.tasks, "one task per tile");
    assertEquals(4, r.tasksInExecutors, "every task ran in an executor thread with a TaskContext, none on the driver");
    assertEquals(1, ModelCache.loads() - loads, "the model is loaded once per executor JVM, whatever the task count");
    // windows: 10 steps x latitude (0, 2, edge 3) x longitude (0, 3, edge 5)
    assertEquals(10 * 3 * 3, r.windows);
    double[] p = Predictions.read(out);
    for (int t = 0; t < 10; t++) for (int i = 0; i < 7; i++) for (int j = 0; j < 9; j++) {
      int k = grid.index(t, i, j);
      float x = grid.vars.get("a")[k];
      float expect = Float.isNaN(x) ? 0f : (float) ((x - 100) * 0.5);
      assertEquals(expect, (float) p[k], "cell t=" + t + " i=" + i + " j=" + j);
    }
    // xarray opens it, with the input's coordinates
    JsonNode py = MetadataParser.JSON.readTree(PythonPeer.run("check_prediction.py", out));
    assertEquals("[\"time\",\"latitude\",\"longitude\"]", py.get("dims").toString());
    assertEquals("float32", py.get("dtype").asText());
    assertEquals(25.0, py.get("latitude").get(0).asDouble());
    assertEquals(23.5, py.get("latitude").get(6).asDouble());
    assertEquals(121.0, py.get("longitude").get(8).asDouble());
    assertEquals("2021-07-01T00:00:00", py.get("time0").asText());
    assertEquals(0, py.get("nan").asInt());
    assertEquals((float) ((2 * 10000 + 6 * 100 + 8 - 100) * 0.5), (float) py.get("values").get(grid.index(2, 6, 8)).asDouble());
  }

  @Test
  void courseTimeMeanModeAveragesWindowsOverTime() throws Exception {
    // time windows of 3 at 0, 3, 6 and the edge window at 7: step t gets the mean of a over each window holding it,
    // averaged: a's time part is 10000*t, so t 0-2 -> 10000, 3-5 -> 40000, 6 -> 70000, 7-8 -> 75000, 9 -> 80000
    Path model = dir.resolve("identity-mean");
    IdentityModel.write(model, List.of("a", "b"), Map.of("latitude", 4, "longitude", 4), Map.of(), Map.of("time", 3),
        TimeMode.MEAN, STATS);
    String out = dir.resolve("identity-mean.zarr").toString();
    String[] r = CliRunner.spangeo("predict", "--in", src.toString(), "--model", model.toString(), "--out", out,
        "--lat", "25:24", "--time", "2021-07-01/2021-07-01");
    assertEquals("0", r[0], r[2]);
    double[] p = Predictions.read(out);
    double[] timePart = {10000, 10000, 10000, 40000, 40000, 40000, 70000, 75000, 75000, 80000};
    // --lat 25:24 keeps latitudes 0..4 (5 rows); windows (0, edge 1) x (0, 4, edge 5)
    for (int t = 0; t < 10; t++) for (int i = 0; i < 5; i++) for (int j = 0; j < 9; j++) {
      double expect = (timePart[t] + i * 100 + j - 100) * 0.5;
      assertEquals(expect, p[(t * 5 + i) * 9 + j], 1e-3, "cell t=" + t + " i=" + i + " j=" + j);
    }
  }

  @Test
  void badModelsAndInputsAreOneLineErrors() throws Exception {
    String out = dir.resolve("bad.zarr").toString();
    // a folder that is not a model
    String[] r = CliRunner.spangeo("predict", "--in", src.toString(), "--model", src.toString(), "--out", out);
    assertBad(r, "is not a Spangeo model directory (no model.json", out);
    Path model = dir.resolve("identity-for-errors");
    IdentityModel.write(model, List.of("a", "b"), Map.of("latitude", 4, "longitude", 4), Map.of(), Map.of("time", 3), TimeMode.STEP,
        STATS);
    // a store without one of the model's features
    r = CliRunner.spangeo("predict", "--in", noK.toString(), "--model", model.toString(), "--out", out);
    assertBad(r, "the input lacks feature 'b', which model", out);
    // --vars does not choose a model's inputs
    r = CliRunner.spangeo("predict", "--in", src.toString(), "--model", model.toString(), "--vars", "a", "--out", out);
    assertBad(r, "--vars is not used by predict", out);
    // a grid smaller than the model's window
    r = CliRunner.spangeo("predict", "--in", src.toString(), "--model", model.toString(), "--lat", "25:24.5", "--out", out);
    assertBad(r, "window latitude=4 is larger than the grid (latitude has 3)", out);
    // corrupt parameters: found when an executor loads the model
    Path broken = dir.resolve("broken-model");
    Files.createDirectories(broken);
    for (String f : List.of("model.json", "normalisation.json")) Files.copy(model.resolve(f), broken.resolve(f));
    Files.writeString(broken.resolve("convection-0000.params"), "not parameters");
    r = CliRunner.spangeo("predict", "--in", src.toString(), "--model", broken.toString(), "--out", out);
    assertBad(r, "cannot load the model parameters", out);
    Files.delete(broken.resolve("convection-0000.params"));
    r = CliRunner.spangeo("predict", "--in", src.toString(), "--model", broken.toString(), "--out", out);
    assertBad(r, "convection-0000.params is missing", out);
  }

  /** A module "w . x + b" per pixel (logits, (B, 1, y, x)) in TorchScript source, with its parameters. */
  static final String PIXEL_LOGIT = """
        __parameters__ = ["weight", "bias", ]
        __buffers__ = []
        weight : Tensor
        bias : Tensor
        training : bool
        def forward(self: __torch__.PixelLogit,
          x: Tensor) -> Tensor:
          y = torch.sum(torch.mul(x, self.weight), [1], True)
          return torch.add(y, self.bias)
      """;

  /** sigmoid of the window's mean of "w . x": one probability a window, (B, 1). */
  static final String WINDOW_PROBABILITY = """
        __parameters__ = ["weight", ]
        __buffers__ = []
        weight : Tensor
        training : bool
        def forward(self: __torch__.WindowProbability,
          x: Tensor) -> Tensor:
          y = torch.mean(torch.sum(torch.mul(x, self.weight), [1]), [1, 2])
          return torch.sigmoid(torch.unsqueeze(y, 1))
      """;

  /** Returns its input: (B, C, y, x), not one channel. */
  static final String PASS_THROUGH = """
        __parameters__ = []
        __buffers__ = []
        training : bool
        def forward(self: __torch__.PassThrough,
          x: Tensor) -> Tensor:
          return x
      """;

  static Path torchScript(String file, String className, String code, float[] weight, Float bias) throws Exception {
    org.spangeo.ml.torchscript.TorchScriptWriter w = new org.spangeo.ml.torchscript.TorchScriptWriter(className, code);
    if (weight != null) w.attribute("weight", new org.spangeo.ml.torchscript.TorchScriptWriter.Tensor(weight, 1, weight.length, 1, 1));
    if (bias != null) w.attribute("bias", new org.spangeo.ml.torchscript.TorchScriptWriter.Tensor(new float[] {bias}, 1));
    Path f = dir.resolve(file);
    Files.write(f, w.toBytes(file.replace(".pt", "")));
    return f;
  }

  @Test
  void aTorchScriptModuleRunsWithTheSameTilingStitchingAndExecutorCache() throws Exception {
    // the module's file is written here, the way torch.jit.save writes one (zip: code/, data.pkl, data/N), and PyTorch compiles it
    Path pt = torchScript("pixel_logit.pt", "PixelLogit", PIXEL_LOGIT, new float[] {0.5f, -2f}, 0.25f);
    Path stats = dir.resolve("ts-normalisation.json");
    Files.writeString(stats, STATS.toJson().toString());
    String out = dir.resolve("ts-pixel.zarr").toString();
    int loads = ModelCache.loads();
    String[] r = CliRunner.spangeo("predict", "--in", src.toString(), "--model", "torchscript:" + pt, "--features", "a,b",
        "--normalisation", stats.toString(), "--input-dims", "latitude=4,longitude=4", "--tile-mb", "1", "--batch-size", "5",
        "--out", out);
    assertEquals("0", r[0], r[2]);
    assertTrue(r[1].contains("TorchScript module torchscript:" + pt + " on a,b (sigmoid of its logits), not calibrated"), r[1]);
    // windows: 10 steps x latitude (0, edge 3) x longitude (0, 4, edge 5)
    assertTrue(r[1].contains("60 windows"), r[1]);
    assertEquals(1, ModelCache.loads() - loads, "loaded once in this JVM: the driver's check and every task share it");
    double[] p = Predictions.read(out);
    for (int t = 0; t < 10; t++) for (int i = 0; i < 7; i++) for (int j = 0; j < 9; j++) {
      int k = grid.index(t, i, j);
      float a = grid.vars.get("a")[k];
      double za = Float.isNaN(a) ? 0 : (float) ((a - 100) * 0.5);
      double z = 0.5f * (float) za + -2f * grid.vars.get("b")[k] + 0.25f;
      assertEquals(1 / (1 + Math.exp(-z)), p[k], 1e-6, "cell t=" + t + " i=" + i + " j=" + j);
    }

    // one probability a window ((B, 1)), spread over the window's cells: a window over the whole 7 x 9 grid
    Path win = torchScript("window_probability.pt", "WindowProbability", WINDOW_PROBABILITY, new float[] {0.001f, 1f}, null);
    out = dir.resolve("ts-window.zarr").toString();
    r = CliRunner.spangeo("predict", "--in", src.toString(), "--model", "torchscript:" + win, "--features", "a,b",
        "--normalisation", stats.toString(), "--input-dims", "latitude=7,longitude=9", "--torchscript-output", "probability",
        "--out", out);
    assertEquals("0", r[0], r[2]);
    p = Predictions.read(out);
    for (int t = 0; t < 10; t++) {
      double sum = 0;
      for (int i = 0; i < 7; i++) for (int j = 0; j < 9; j++) {
        int k = grid.index(t, i, j);
        float a = grid.vars.get("a")[k];
        sum += 0.001f * (Float.isNaN(a) ? 0f : (float) ((a - 100) * 0.5)) + grid.vars.get("b")[k];
      }
      double expect = 1 / (1 + Math.exp(-sum / 63));
      for (int k = 0; k < 63; k++) assertEquals(expect, p[t * 63 + k], 1e-5, "step " + t + " cell " + k);
    }
  }

  @Test
  void badTorchScriptModelsAndOptionsAreOneLineErrors() throws Exception {
    Path stats = dir.resolve("ts-bad-normalisation.json");
    Files.writeString(stats, STATS.toJson().toString());
    String out = dir.resolve("ts-bad.zarr").toString();
    Path three = torchScript("three_channels.pt", "PixelLogit", PIXEL_LOGIT, new float[] {1f, 1f, 1f}, 0f);
    String[] base = {"predict", "--in", src.toString(), "--normalisation", stats.toString(), "--input-dims", "latitude=4,longitude=4",
        "--out", out};
    // a module made for 3 channels given 2 features: refused on the driver, before any task
    String[] r = CliRunner.spangeo(concat(base, "--model", "torchscript:" + three, "--features", "a,b"));
    assertBad(r, "does not take windows of (batch, 2, 4, 4) (features a,b)", out);
    // the wrong output shape
    Path pass = torchScript("pass_through.pt", "PassThrough", PASS_THROUGH, null, null);
    r = CliRunner.spangeo(concat(base, "--model", "torchscript:" + pass, "--features", "a,b"));
    assertBad(r, "returns (2, 2, 4, 4) for 2 windows of (2, 4, 4), not (2, 1, 4, 4) or (2, 1)", out);
    // logits declared as probabilities: found in the tasks
    Path logit = torchScript("big_logit.pt", "PixelLogit", PIXEL_LOGIT, new float[] {0f, 0f}, 3f);
    r = CliRunner.spangeo(concat(base, "--model", "torchscript:" + logit, "--features", "a,b", "--torchscript-output", "probability"));
    assertBad(r, "returned 3.0, not a probability in [0, 1] (for logits give --torchscript-output logit)", out);
    // not TorchScript, no file, options missing or misplaced
    Path junk = dir.resolve("junk.pt");
    Files.writeString(junk, "not a zip");
    r = CliRunner.spangeo(concat(base, "--model", "torchscript:" + junk, "--features", "a,b"));
    assertBad(r, "PyTorch cannot load it as TorchScript", out);
    r = CliRunner.spangeo(concat(base, "--model", "torchscript:" + dir.resolve("missing.pt"), "--features", "a,b"));
    assertBad(r, "no TorchScript file there", out);
    r = CliRunner.spangeo(concat(base, "--model", "torchscript:" + three));
    assertBad(r, "needs --features (the input channels, in the module's order)", out);
    r = CliRunner.spangeo(concat(base, "--model", "torchscript:" + three, "--features", "a,c"));
    assertBad(r, "has no statistics for feature 'c' (it has [a, b])", out);
    r = CliRunner.spangeo("predict", "--in", src.toString(), "--model", "torchscript:" + three, "--features", "a,b", "--out", out,
        "--input-dims", "latitude=4,longitude=4");
    assertBad(r, "needs --normalisation", out);
    Path model = dir.resolve("identity-for-ts-errors");
    IdentityModel.write(model, List.of("a", "b"), Map.of("latitude", 4, "longitude", 4), Map.of(), Map.of(), TimeMode.STEP, STATS);
    r = CliRunner.spangeo(concat(base, "--model", model.toString(), "--features", "a,b"));
    assertBad(r, "--features, --normalisation and --input-dims are for --model torchscript:PATH", out);
  }

  static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void coveringWindowsAddOneAlignedToTheFarEdge() {
    org.spangeo.ml.patches.BatchGrid g = org.spangeo.ml.patches.BatchGrid.of(List.of("y", "x"), new long[] {7, 8},
        Map.of("y", 4, "x", 4), Map.of("y", 2), Map.of());
    assertArrayEquals(new long[] {0, 2, 3}, g.coveringStarts(0)); // xbatcher: 0, 2; edge 7 - 4 = 3
    assertArrayEquals(new long[] {0, 4}, g.coveringStarts(1)); // 8 = 2 x 4 exactly: nothing added
  }
}
