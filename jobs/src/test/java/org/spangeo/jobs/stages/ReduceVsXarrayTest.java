package org.spangeo.jobs.stages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.spangeo.jobs.CliRunner;
import org.spangeo.zarr.testing.PythonPeer;

/**
 * {@code spangeo reduce} over any dims with every statistic, and counts and quantiles of
 * climatology and resample, through the real command line against xarray on the same input
 * (which has scattered NaN, a cell always missing and one missing for a whole month).
 */
class ReduceVsXarrayTest {
  static final Path dir = PythonPeer.scratch("reduce");
  static final String src = StageRuns.input();

  static String[] run(String command, Map<String, Object> check, String... args) throws Exception {
    String out = dir.resolve(command + "-" + Math.abs(String.join(" ", args).hashCode()) + ".zarr").toString();
    List<String> all = new ArrayList<>(List.of(command, "--in", src, "--out", out, "--overwrite"));
    all.addAll(List.of(args));
    String[] r = CliRunner.spangeo(all.toArray(new String[0]));
    assertEquals("0", r[0], String.join(" ", all) + ": " + r[2]);
    String ok = PythonPeer.run("check_reduce.py", out, src, new ObjectMapper().writeValueAsString(check));
    assertTrue(ok.contains("ok"), ok);
    return new String[] {r[1], ok};
  }

  @Test
  void reductionsOverAnyDims() throws Exception {
    run("reduce", Map.of("op", "reduce", "vars", List.of("t2m", "temperature"), "dims", List.of("time"), "stat", "mean"),
        "--vars", "t2m,temperature", "--dims", "time");
    run("reduce", Map.of("op", "reduce", "vars", List.of("t2m"), "dims", List.of("latitude", "longitude"), "stat", "std"),
        "--vars", "t2m", "--dims", "latitude,longitude", "--stat", "std");
    run("reduce", Map.of("op", "reduce", "vars", List.of("t2m", "temperature"), "dims", List.of("time", "level"), "stat", "count"),
        "--vars", "t2m,temperature", "--dims", "time,level", "--stat", "count");
    run("reduce", Map.of("op", "reduce", "vars", List.of("total_precipitation"), "dims", List.of("time", "latitude"), "stat", "sum",
        "months", List.of(6, 7), "lat", List.of(25, 15)),
        "--vars", "total_precipitation", "--dims", "time,latitude", "--stat", "sum", "--months", "6,7", "--lat", "25:15");
  }

  @Test
  void quantilesWithNumpysLinearMethod() throws Exception {
    run("reduce", Map.of("op", "reduce", "vars", List.of("t2m"), "dims", List.of("time"), "stat", "quantile", "q", 0.9),
        "--vars", "t2m", "--dims", "time", "--stat", "quantile:0.9");
    // tiles of a few rows per key (as a long record would need): the same numbers
    System.setProperty("spangeo.quantileTileBytes", "200000");
    try {
      run("reduce", Map.of("op", "reduce", "vars", List.of("temperature"), "dims", List.of("time", "longitude"), "stat", "quantile",
          "q", 0.05, "months", List.of(7)), "--vars", "temperature", "--dims", "time,longitude", "--stat", "quantile:0.05",
          "--months", "7");
    } finally {
      System.clearProperty("spangeo.quantileTileBytes");
    }
    run("climatology", Map.of("op", "groupby", "vars", List.of("t2m"), "by", "month", "stat", "quantile", "q", 0.25),
        "--vars", "t2m", "--by", "month", "--stat", "quantile:0.25");
    run("climatology", Map.of("op", "groupby", "vars", List.of("t2m"), "by", "season", "stat", "std"),
        "--vars", "t2m", "--by", "season", "--stat", "std");
    run("resample", Map.of("op", "resample", "vars", List.of("t2m"), "freq", "1MS", "stat", "quantile", "q", 1.0),
        "--vars", "t2m", "--freq", "1MS", "--stat", "quantile:1");
  }

  @Test
  void aScalarIsPrinted() throws Exception {
    String[] r = run("reduce", Map.of("op", "reduce", "vars", List.of("t2m", "temperature"), "stat", "max"),
        "--vars", "t2m,temperature", "--stat", "max");
    for (String line : r[1].lines().filter(l -> l.startsWith("value")).toList()) {
      String[] p = line.split(" ");
      double want = Double.parseDouble(p[2]);
      String printed = String.format(java.util.Locale.ROOT, "%s = %.7g K", p[1], want);
      assertTrue(r[0].contains(printed), "'" + printed + "' in " + r[0]);
    }
    assertTrue(r[0].contains("  value max: t2m = "), r[0]);
  }

  @Test
  void badReductionsAreRefused() {
    StageRuns.refused(dir, "the quantile 1.5 is outside [0, 1]", "reduce", "--in", src, "--dims", "time", "--stat", "quantile:1.5");
    StageRuns.refused(dir, "the quantile -0.1 is outside [0, 1]", "climatology", "--in", src, "--stat", "quantile:-0.1");
    StageRuns.refused(dir, "'x' is not a number", "reduce", "--in", src, "--stat", "quantile:x");
    StageRuns.refused(dir, "--stat 'median' is not one of", "reduce", "--in", src, "--stat", "median");
    StageRuns.refused(dir, "--dims: 'tme' is not a dim of the input (did you mean 'time'", "reduce", "--in", src, "--dims", "tme");
  }
}
