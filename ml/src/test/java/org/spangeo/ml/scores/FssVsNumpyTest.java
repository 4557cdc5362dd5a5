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
 * The Fractions Skill Score through the command line against the paper's formula in numpy
 * (scipy's convolution, not summed-area tables) on random fields whose size Python draws (the
 * forecast displaced from the observed rain, NaNs, chunks cutting the grid), for single numbers,
 * per time step, and for the CAPE-threshold baseline; then the refusals.
 */
class FssVsNumpyTest {
  static Path dir;
  static final String EVENT = "total_precipitation*1000 > 5";

  @BeforeAll
  static void session() {
    MlTestSession.get();
    dir = PythonPeer.scratch("fss");
  }

  static String[] make(long seed) {
    Path d = dir.resolve("seed" + seed);
    d.toFile().mkdirs();
    String ok = PythonPeer.run("make_fss_inputs.py", d.toString(), Long.toString(seed));
    assertTrue(ok.startsWith("ok"), ok);
    return new String[] {d.resolve("fss_forecast.zarr").toString(), d.resolve("fss_observed.zarr").toString(), d.toString()};
  }

  static JsonNode run(String[] in, String name, String... extra) throws Exception {
    String out = Path.of(in[2], name + ".zarr").toString();
    String summary = Path.of(in[2], name + ".json").toString();
    List<String> args = new ArrayList<>(List.of("score", "--forecast", in[0], "--observed", in[1], "--observed-expr", EVENT, "--out",
        out, "--summary", summary, "--overwrite"));
    args.addAll(List.of(extra));
    String[] r = CliRunner.spangeo(args.toArray(new String[0]));
    assertEquals("0", r[0], r[2]);
    assertTrue(r[1].contains("model          FSS 1: "), r[1]);
    List<String> check = new ArrayList<>(List.of(summary, out, in[0], in[1], EVENT));
    if (List.of(extra).contains("latitude,longitude")) check.add("--per-time");
    String ok = PythonPeer.run("check_fss.py", check.toArray(new String[0]));
    assertTrue(ok.startsWith("ok"), ok);
    System.out.println(name + ": " + ok);
    return new ObjectMapper().readTree(new File(summary));
  }

  @Test
  void singleNumbersAndTheCapeBaselineOnRandomFieldsOfDrawnSizes() throws Exception {
    {
      String[] in = make(11);
      // no FSS threshold: the forecast's yes threshold (--threshold)
      JsonNode s = run(in, "numbers", "--metrics", "csi,fss:1,3,5,9", "--threshold", "0.45", "--weights", "none", "--baseline",
          "cape-threshold", "--train-time", "2020-01-01/2020-12-31");
      JsonNode f = s.get("model").get("fss");
      assertEquals(0.45, f.get("threshold").asDouble());
      assertEquals(4, f.get("fss").size());
      // a displaced forecast gains skill with the neighbourhood
      assertTrue(f.get("fss").get(3).asDouble() > f.get("fss").get(0).asDouble(), f.toString());
      assertTrue(s.get("cape_threshold").get("fss").get("fss").isArray(), s.toString());
      // the FSS figure: the model's curve, the CAPE threshold's and the useful bar 0.5 + f/2, as the store and summary hold them
      Path plots = Path.of(in[2], "plots");
      run(in, "plotted", "--metrics", "fss:1,3,5,9", "--threshold", "0.45", "--weights", "none", "--baseline", "cape-threshold",
          "--train-time", "2020-01-01/2020-12-31", "--plots", plots.toString());
      assertTrue(plots.resolve("fss.png").toFile().length() > 0);
      org.spangeo.zarr.dataset.Dataset store = org.spangeo.zarr.dataset.Dataset.open(org.spangeo.zarr.store.HadoopConf.of(java.util.Map.of()),
          Path.of(in[2], "plotted.zarr").toString());
      assertEquals(0.45, store.variable("fss").attributes().path("threshold").asDouble(), store.variable("fss").attributes().toString());
      List<org.spangeo.jobs.plot.Series> lines = ScorePlots.fssSeries(store);
      assertEquals(List.of("model", "CAPE threshold"), List.of(lines.get(0).name(), lines.get(1).name()));
      assertEquals(3, lines.size());
      for (int k = 0; k < 2; k++) {
        JsonNode want = s.get(k == 0 ? "model" : "cape_threshold").get("fss").get("fss");
        for (int i = 0; i < 4; i++) {
          assertEquals(new int[] {1, 3, 5, 9}[i], lines.get(k).x()[i]);
          assertEquals(want.get(i).asDouble(), lines.get(k).values()[i], 1e-12, lines.get(k).name() + " at scale " + lines.get(k).x()[i]);
        }
      }
      double useful = f.get("useful_fss").asDouble();
      assertEquals(0.5 + f.get("observed_base_rate").asDouble() / 2, useful, 1e-12);
      assertTrue(lines.get(2).name().startsWith("useful (0.5 + f/2"), lines.get(2).name());
      for (double v : lines.get(2).values()) assertEquals(useful, v, 1e-12);
    }
  }

  @Test
  void perTimeStepWithTheSpatialDimsReduced() throws Exception {
    String[] in = make(13);
    run(in, "series", "--metrics", "fss:1,5,11:0.4", "--dims", "latitude,longitude", "--weights", "none");
  }

  @Test
  void scalesLargerThanTheDomainEvenScalesAndKeptSpatialDimsAreRefused() {
    String[] in = make(15);
    fails(in, "is larger than the domain", "--metrics", "fss:1,999:0.5");
    fails(in, "scale 4 is not a positive odd number", "--metrics", "fss:1,4:0.5");
    fails(in, "--metrics fss needs latitude and longitude reduced", "--metrics", "fss:1,3:0.5", "--dims", "time");
    fails(in, "give the FSS as fss:SCALES[:THRESHOLD]", "--metrics", "csi,fss:x");
    fails(in, "the threshold 1.5 is not a probability", "--metrics", "fss:3:1.5");
  }

  static void fails(String[] in, String expect, String... extra) {
    String out = Path.of(in[2], "refused.zarr").toString();
    List<String> args = new ArrayList<>(List.of("score", "--forecast", in[0], "--observed", in[1], "--observed-expr", EVENT, "--out",
        out));
    args.addAll(List.of(extra));
    String[] r = CliRunner.spangeo(args.toArray(new String[0]));
    assertEquals("1", r[0], r[1] + r[2]);
    assertTrue(r[2].contains(expect), r[2]);
    assertEquals(1, org.spangeo.ml.testing.ErrorLines.of(r[2]).lines().count(), r[2]);
    assertFalse(new File(out).exists());
  }
}
