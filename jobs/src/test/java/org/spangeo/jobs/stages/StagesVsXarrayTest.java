package org.spangeo.jobs.stages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spangeo.jobs.CliRunner.spangeo;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.spangeo.zarr.testing.PythonPeer;

/**
 * Each analysis command, run through the real command line, against xarray on the same input
 * (1e-6 relative), and its bad-input paths: one line, non-zero exit, no output store.
 */
class StagesVsXarrayTest {
  static final Path dir = PythonPeer.scratch("stages");
  static final String src = StageRuns.input();

  static void runAndCheck(String stage, String checkArgs, String... args) {
    StageRuns.runAndCheck(dir, src, "check_stage.py", stage, checkArgs, args);
  }

  @Test
  void subsetEqualsSel() {
    runAndCheck("subset", "{\"vars\": [\"t2m\"], \"lat\": [25, 22], \"lon\": [110, 112], \"months\": [6, 7, 8, 9]}",
        "--vars", "t2m", "--lat", "25:22", "--lon", "110:112", "--months", "6,7,8,9");
  }

  @Test
  void monthlyClimatologyMeanAndStd() {
    runAndCheck("climatology", "{\"vars\": [\"t2m\", \"temperature\"], \"by\": \"month\", \"stat\": \"mean\"}",
        "--vars", "t2m,temperature", "--by", "month");
    runAndCheck("climatology", "{\"vars\": [\"t2m\"], \"by\": \"month\", \"stat\": \"std\"}",
        "--vars", "t2m", "--by", "month", "--stat", "std");
  }

  @Test
  void hourlyClimatologyOfASelection() {
    runAndCheck("climatology", "{\"vars\": [\"t2m\"], \"by\": \"hour\", \"months\": [6, 7, 8, 9], \"lat\": [28, 12]}",
        "--vars", "t2m", "--by", "hour", "--months", "6,7,8,9", "--lat", "28:12");
  }

  @Test
  void resampleDailyMeanAndMonthlySum() {
    runAndCheck("resample", "{\"vars\": [\"t2m\"], \"freq\": \"1D\", \"stat\": \"mean\"}",
        "--vars", "t2m", "--freq", "1D", "--stat", "mean");
    runAndCheck("resample", "{\"vars\": [\"total_precipitation\"], \"freq\": \"1MS\", \"stat\": \"sum\"}",
        "--vars", "total_precipitation", "--freq", "1MS", "--stat", "sum");
  }

  @Test
  void resampleOfSummerLeavesOutEmptyPeriods() {
    runAndCheck("resample", "{\"vars\": [\"t2m\"], \"freq\": \"1D\", \"stat\": \"max\", \"months\": [7], \"drop_empty\": true}",
        "--vars", "t2m", "--freq", "1D", "--stat", "max", "--months", "7", "--drop-empty");
  }

  @Test
  void anomalyFromTheMonthlyClimatology() {
    runAndCheck("anomaly", "{\"vars\": [\"t2m\"], \"by\": \"month\"}", "--vars", "t2m", "--by", "month");
  }

  @Test
  void anomalyAgainstAStoredClimatology() {
    String clim = dir.resolve("clim-for-anomaly.zarr").toString();
    String[] c = spangeo("climatology", "--in", src, "--vars", "t2m", "--out", clim, "--overwrite");
    assertEquals("0", c[0], c[2]);
    runAndCheck("anomaly", "{\"vars\": [\"t2m\"], \"by\": \"month\", \"lat\": [25, 15]}",
        "--vars", "t2m", "--by", "month", "--climatology", clim, "--lat", "25:15");
  }

  @Test
  void weightedAreaMean() {
    runAndCheck("area-mean", "{\"vars\": [\"t2m\", \"temperature\"], \"lat\": [25, 15], \"lon\": [105, 120]}",
        "--vars", "t2m,temperature", "--lat", "25:15", "--lon", "105:120");
  }

  @Test
  void rechunkKeepsValues() {
    runAndCheck("subset", "{\"vars\": [\"t2m\"]}", "--vars", "t2m");
    String out = dir.resolve("rechunked.zarr").toString();
    String[] r = spangeo("rechunk", "--in", src, "--vars", "t2m", "--chunks", "time=5848,latitude=4,longitude=4",
        "--max-mem", "64MB", "--out", out, "--overwrite");
    assertEquals("0", r[0], r[2]);
    String ok = PythonPeer.run("check_stage.py", "subset", out, src, "{\"vars\": [\"t2m\"]}");
    assertTrue(ok.startsWith("ok"), ok);
  }

  // ---- bad input: one line, exit code, and no output store left behind

  static void refused(String expect, String... args) {
    StageRuns.refused(dir, expect, args);
  }

  @Test
  void badInputIsRefusedClearly() {
    refused("did you mean 't2m'", "climatology", "--in", src, "--vars", "t2n");
    refused("selects nothing: latitude is descending", "subset", "--in", src, "--lat", "22:25");
    refused("outside the grid", "subset", "--in", src, "--lat", "60:50");
    refused("selects no time step", "subset", "--in", src, "--time", "2030-01-01/2030-02-01");
    refused("matches no store", "subset", "--in", dir + "/nothing_*.zarr");
    refused("is not one of month, season, dayofyear, hour", "climatology", "--in", src, "--by", "week");
    refused("is not a frequency", "resample", "--in", src, "--freq", "fortnightly");
    refused("--level 925 is not a level", "subset", "--in", src, "--level", "925");
    refused("--max-mem 1.0 MB is too small", "rechunk", "--in", src, "--vars", "t2m", "--chunks", "time=5848", "--max-mem", "1MB");
    refused("Missing required option: '--in=STORE'", "climatology", "--vars", "t2m");
  }

  @Test
  void zarrV3AndFloat64OutputCarryTheSameNumbers() {
    String v2 = dir.resolve("clim-v2.zarr").toString();
    String v3 = dir.resolve("clim-v3.zarr").toString();
    assertEquals("0", spangeo("climatology", "--in", src, "--vars", "t2m", "--out", v2, "--overwrite")[0]);
    String[] r = spangeo("climatology", "--in", src, "--vars", "t2m", "--out", v3, "--overwrite", "--zarr-format", "3",
        "--dtype", "float64", "--fill-value", "-9999");
    assertEquals("0", r[0], r[2]);
    org.spangeo.zarr.store.HadoopConf conf = org.spangeo.zarr.store.HadoopConf.of(java.util.Map.of());
    org.spangeo.zarr.dataset.Dataset a = org.spangeo.zarr.dataset.Dataset.open(conf, v2);
    org.spangeo.zarr.dataset.Dataset b = org.spangeo.zarr.dataset.Dataset.open(conf, v3);
    assertEquals(3, b.variable("t2m").metadata().zarrFormat());
    assertEquals("float64", b.variable("t2m").dtype().name());
    assertEquals(-9999.0, b.variable("t2m").metadata().fillValue().asDouble());
    double[] x = a.variable("t2m").readAllAsDouble();
    double[] y = b.variable("t2m").readAllAsDouble();
    assertEquals(x.length, y.length);
    int nan = 0;
    for (int i = 0; i < x.length; i++) {
      if (Double.isNaN(x[i])) {
        assertTrue(Double.isNaN(y[i]), "missing cells are missing in both (the -9999 fill decodes to NaN) at " + i);
        nan++;
      } else {
        assertEquals(x[i], y[i], Math.abs(x[i]) * 1e-7, "cell " + i);
      }
    }
    assertTrue(nan > 0, "the always-missing cell is there");
    refused("--dtype 'int8' is not float32 or float64", "climatology", "--in", src, "--vars", "t2m", "--dtype", "int8");
  }

  @Test
  void catalogNamesResolveToTheirStores() throws Exception {
    Path cat = dir.resolve("catalog.yaml");
    Files.writeString(cat, "datasets:\n  stage_input:\n    description: the stage tests' input\n    paths: [" + src + "]\n");
    System.setProperty("spangeo.catalog", cat.toString());
    try {
      runAndCheck("subset", "{\"vars\": [\"t2m\"], \"months\": [1]}", "--vars", "t2m", "--months", "1");
      String out = dir.resolve("from-catalog.zarr").toString();
      String[] r = spangeo("subset", "--in", "catalog:stage_input", "--vars", "t2m", "--months", "1", "--out", out, "--overwrite");
      assertEquals("0", r[0], r[2]);
      String ok = PythonPeer.run("check_stage.py", "subset", out, src, "{\"vars\": [\"t2m\"], \"months\": [1]}");
      assertTrue(ok.startsWith("ok"), ok);
      refused("has no dataset 'stage_inptu' (did you mean 'stage_input'?)", "subset", "--in", "catalog:stage_inptu");
    } finally {
      System.clearProperty("spangeo.catalog");
    }
  }

  @Test
  void existingOutputIsNotReplacedWithoutOverwrite() {
    String outStore = dir.resolve("keep.zarr").toString();
    assertEquals("0", spangeo("subset", "--in", src, "--vars", "t2m", "--months", "1", "--out", outStore)[0]);
    String[] r = spangeo("subset", "--in", src, "--vars", "t2m", "--out", outStore);
    assertEquals("1", r[0]);
    assertTrue(r[2].contains("already exists"), r[2]);
  }
}
