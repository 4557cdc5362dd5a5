package org.spangeo.jobs.stages;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.spangeo.zarr.testing.PythonPeer;

/**
 * coarsen, regrid, points and subset --stride, run through the real command line, against xarray
 * on the same input (float64 reference, 1e-6 relative, same NaN cells, same coordinates), and
 * their bad-input paths: one line, non-zero exit, no output store. The input (make_stage_input.py)
 * has a descending 21-value latitude in chunks of 8 and a 26-value longitude in chunks of 10, so
 * windows of 4 and interpolation stencils straddle chunks, and 1.5 / 0.7 degree targets do not
 * divide the grid.
 */
class SpatialStagesTest {
  static final Path dir = PythonPeer.scratch("spatial");
  static final String src = StageRuns.input();

  static String runAndCheck(String stage, String checkArgs, String... args) {
    return StageRuns.runAndCheck(dir, src, "check_spatial.py", stage, checkArgs, args);
  }

  static final String SUMMER = "2019-06-01/2019-08-31";
  static final String SUMMER_JSON = "\"time\": [\"2019-06-01\", \"2019-08-31T23:59:59\"]";

  @Test
  void coarsenTrimMean() {
    // 21 x 26 -> 5 x 6 windows of 4 x 4; the ragged ends are dropped; 4-D temperature too
    runAndCheck("coarsen", "{\"vars\": [\"t2m\", \"temperature\"], " + SUMMER_JSON
        + ", \"factor\": {\"latitude\": 4, \"longitude\": 4}, \"boundary\": \"trim\", \"stat\": \"mean\"}",
        "--vars", "t2m,temperature", "--time", SUMMER, "--factor", "latitude=4,longitude=4", "--boundary", "trim");
  }

  @Test
  void coarsenPadMeanOfASelection() {
    // 17 x 17 selected cells -> 5 x 5 windows, the last ones partial (NaN padding, coordinate = mean of the real ones)
    runAndCheck("coarsen", "{\"vars\": [\"t2m\"], " + SUMMER_JSON + ", \"lat\": [28, 12], \"lon\": [101, 117],"
        + " \"factor\": {\"latitude\": 4, \"longitude\": 4}, \"boundary\": \"pad\", \"stat\": \"mean\"}",
        "--vars", "t2m", "--time", SUMMER, "--lat", "28:12", "--lon", "101:117", "--factor", "latitude=4,longitude=4",
        "--boundary", "pad");
  }

  @Test
  void coarsenPadMaxAlongTimeAndLongitude() {
    // 3-hourly to daily (coordinate = mean instant, 10:30), the last day partial (733 steps: its
    // coordinate is the mean of its 5 real instants), and 26 longitudes in windows of 3 (pad)
    runAndCheck("coarsen", "{\"vars\": [\"t2m\"], \"time\": [\"2019-06-01\", \"2019-08-31T12:00\"]"
        + ", \"factor\": {\"time\": 8, \"longitude\": 3}, \"boundary\": \"pad\", \"stat\": \"max\"}",
        "--vars", "t2m", "--time", "2019-06-01/2019-08-31T12:00", "--factor", "time=8,longitude=3", "--boundary", "pad",
        "--stat", "max");
  }

  @Test
  void coarsenLevelsLeavesOtherVariablesAlone() {
    // level=2 (exact): temperature's two levels -> one (coordinate 675); t2m has no level and passes through
    runAndCheck("coarsen", "{\"vars\": [\"t2m\", \"temperature\"], \"time\": [\"2019-06-01\", \"2019-06-10T23:59:59\"]"
        + ", \"factor\": {\"level\": 2}, \"stat\": \"std\"}",
        "--vars", "t2m,temperature", "--time", "2019-06-01/2019-06-10", "--factor", "level=2", "--stat", "std");
  }

  @Test
  void regridBilinear() {
    // 1 degree to 1.5 degree: 30..10 descending -> 30, 28.5, .. 10.5; 100..125 -> 100.5 .. 124.5
    runAndCheck("regrid", "{\"vars\": [\"t2m\", \"temperature\"], " + SUMMER_JSON + ", \"res\": 1.5, \"method\": \"bilinear\"}",
        "--vars", "t2m,temperature", "--time", SUMMER, "--res", "1.5", "--method", "bilinear");
  }

  @Test
  void regridNearest() {
    // 0.7 degree: finer than the source, with exact ties (10.5, 100.8 ..) that interp's nearest sends down
    runAndCheck("regrid", "{\"vars\": [\"t2m\"], " + SUMMER_JSON + ", \"res\": 0.7, \"method\": \"nearest\"}",
        "--vars", "t2m", "--time", SUMMER, "--res", "0.7", "--method", "nearest");
  }

  @Test
  void severalPoints() {
    // Taipei, Taichung, Kaohsiung, and a point half-way between cells (pandas sends the tie up: 21, 111)
    String summary = runAndCheck("points", "{\"vars\": [\"t2m\", \"temperature\"], " + SUMMER_JSON
        + ", \"points\": [[25.03, 121.56], [24.15, 120.67], [22.63, 120.30], [20.5, 110.5]]}",
        "--vars", "t2m,temperature", "--time", SUMMER, "--point", "25.03,121.56", "--point", "24.15,120.67",
        "--point", "22.63,120.30", "--point", "20.5,110.5");
    assertTrue(summary.matches("(?s).*  out  .*\\(time: \\d+, point: 4, level: 2\\).*"), "the summary names the point dim: " + summary);
    // one --point is xarray's scalar nearest sel (latitude and longitude dropped, kept as scalar
    // coordinates) with the same tie rule; --keep-point-dims keeps them at size 1, as a list selection
    summary = runAndCheck("subset", "{\"vars\": [\"t2m\", \"temperature\"], " + SUMMER_JSON + ", \"point\": [20.5, 110.5]}",
        "--vars", "t2m,temperature", "--time", SUMMER, "--point", "20.5,110.5");
    assertTrue(summary.matches("(?s).*  out  .*\\(time: \\d+, level: 2\\).*"), summary);
    summary = runAndCheck("subset", "{\"vars\": [\"t2m\"], " + SUMMER_JSON + ", \"point\": [20.5, 110.5], \"keep_point_dims\": true}",
        "--vars", "t2m", "--time", SUMMER, "--point", "20.5,110.5", "--keep-point-dims");
    assertTrue(summary.matches("(?s).*  out  .*\\(time: \\d+, latitude: 1, longitude: 1\\).*"), summary);
  }

  @Test
  void strideThroughSubset() {
    runAndCheck("subset", "{\"vars\": [\"t2m\", \"temperature\"], " + SUMMER_JSON + ", \"stride\": {\"latitude\": 2, \"longitude\": 3}}",
        "--vars", "t2m,temperature", "--time", SUMMER, "--stride", "latitude=2,longitude=3");
    // strides count from the start of the slice, as isel after sel does (29, 27, .. here, not 28, 26, ..)
    runAndCheck("subset", "{\"vars\": [\"t2m\"], " + SUMMER_JSON + ", \"lat\": [29, 12], \"stride\": {\"latitude\": 2}}",
        "--vars", "t2m", "--time", SUMMER, "--lat", "29:12", "--stride", "latitude=2");
  }

  // ---- bad input: one line, exit code, and no output store left behind

  static void refused(String expect, String... args) {
    StageRuns.refused(dir, expect, args);
  }

  @Test
  void badInputIsRefusedClearly() {
    refused("with positive N", "coarsen", "--in", src, "--vars", "t2m", "--factor", "latitude=0");
    refused("--factor: 'height' is not a dim", "coarsen", "--in", src, "--vars", "t2m", "--factor", "height=2");
    refused("--factor: 'level' is not a dim of t2m", "coarsen", "--in", src, "--vars", "t2m", "--factor", "level=2");
    refused("not a multiple of 4; give --boundary trim", "coarsen", "--in", src, "--vars", "t2m", "--factor", "latitude=4");
    refused("--boundary 'ragged' is not one of exact, trim, pad", "coarsen", "--in", src, "--factor", "latitude=3",
        "--boundary", "ragged");
    refused("--res 0 must be a positive", "regrid", "--in", src, "--vars", "t2m", "--res", "0");
    refused("--res -1 must be a positive", "regrid", "--in", src, "--vars", "t2m", "--res", "-1");
    refused("--method 'cubic' is not bilinear or nearest", "regrid", "--in", src, "--vars", "t2m", "--res", "1", "--method", "cubic");
    refused("latitude 60 is outside the grid", "points", "--in", src, "--vars", "t2m", "--point", "25.03,121.56",
        "--point", "60,121", "--point", "22.63,120.30");
    refused("give the points with --point", "points", "--in", src, "--vars", "t2m");
    refused("--point is given 2 times, but this command takes one point", "subset", "--in", src, "--vars", "t2m",
        "--point", "25.03,121.56", "--point", "24.15,120.67");
    refused("--point is given 2 times", "climatology", "--in", src, "--vars", "t2m", "--point", "25.03,121.56",
        "--point", "24.15,120.67");
  }
}
