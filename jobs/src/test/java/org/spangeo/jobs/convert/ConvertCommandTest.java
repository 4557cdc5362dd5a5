package org.spangeo.jobs.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spangeo.jobs.JobsTestSession;
import org.spangeo.zarr.testing.PythonPeer;

/**
 * {@code spangeo convert}, run through the real command line, against xarray reading the same
 * files ({@code xr.open_dataset} / {@code xr.open_mfdataset}): the two real files of
 * shared/data and files written by make_convert_inputs.py; and its bad-input paths: one line,
 * non-zero exit, no output store.
 */
class ConvertCommandTest {
  static Path dir;
  static Path in;

  @BeforeAll
  static void inputs() {
    JobsTestSession.get();
    dir = PythonPeer.scratch("convert");
    in = dir.resolve("in");
    String made = PythonPeer.run("make_convert_inputs.py", in.toString());
    assertTrue(made.contains("series_a.nc") && made.contains("not_netcdf.nc"), made);
  }

  static String f(String name) {
    return in.resolve(name).toString();
  }

  /** Runs spangeo in this JVM; returns exit code, stdout and stderr. */
  static String[] spangeo(String... args) {
    return org.spangeo.jobs.CliRunner.spangeo(args);
  }

  static String json(List<String> files, String extra) {
    String list = files.stream().map(s -> "\"" + s.replace("\\", "\\\\") + "\"").collect(Collectors.joining(", "));
    return "{\"files\": [" + list + "]" + (extra.isEmpty() ? "" : ", " + extra) + "}";
  }

  /** Converts, checks the summary, and has Python compare the store with xarray on the files. */
  static String convertAndCheck(String store, List<String> files, String checkExtra, String... args) {
    String out = dir.resolve(store).toString();
    List<String> all = new ArrayList<>(List.of("convert", "--out", out, "--overwrite"));
    all.addAll(List.of(args));
    String[] r = spangeo(all.toArray(new String[0]));
    assertEquals("0", r[0], "spangeo " + String.join(" ", all) + " failed: " + r[2]);
    assertTrue(r[1].startsWith("convert:") && r[1].contains("cells"), "a summary is printed: " + r[1]);
    String ok = PythonPeer.run("check_convert.py", out, json(files, checkExtra));
    assertTrue(ok.startsWith("ok"), ok);
    return r[1];
  }

  static Path shared(String name) {
    return NetCdfSamples.sharedData(name);
  }

  @Test
  void eraInterimNetCdf3WithChunks() {
    String eraint = shared("eraint_uvz.nc").toString();
    String summary = convertAndCheck("eraint.zarr", List.of(eraint),
        "\"chunks\": {\"z\": [2, 3, 50, 50], \"u\": [2, 3, 50, 50], \"latitude\": [241]}",
        "--in", eraint, "--chunks", "latitude=50,longitude=50");
    assertTrue(summary.contains("z, u, v") && summary.contains("NetCDF-3 64-bit offset"), summary);
    assertTrue(summary.contains("longitude: 480"), summary);
  }

  @Test
  void basinMaskNetCdf4WithDefaultChunks() {
    String basin = shared("basin_mask.nc").toString();
    // float32 33 x 180 x 360 is 8.6 MB: cut along the outer dim to stay within 8 MiB
    convertAndCheck("basin.zarr", List.of(basin), "\"chunks\": {\"basin\": [32, 180, 360]}", "--in", basin);
  }

  @Test
  void twoFilesAreJoinedInTimeOrder() {
    // given newest first, in different time units and scale factors: sorted and decoded as xarray does
    String summary = convertAndCheck("series.zarr", List.of(f("series_a.nc"), f("series_b.nc")),
        "\"chunks\": {\"t2m\": [4, 2, 3, 5], \"tp\": [4, 3, 5], \"mask\": [3, 5], \"crs\": []}",
        "--in", f("series_b.nc") + "," + f("series_a.nc"), "--chunks", "time=4,lat=3");
    assertTrue(summary.contains("2 NetCDF files") && summary.contains("joined along time") && summary.contains("time: 9"),
        summary);
  }

  @Test
  void netCdf3RecordFilesFromAGlob() {
    convertAndCheck("nc3.zarr", List.of(f("nc3_1990.nc"), f("nc3_1991.nc")), "",
        "--in", in.resolve("nc3_199*.nc").toString(), "--compressor", "blosc:zstd:5:shuffle");
  }

  @Test
  void appendingTheSecondFileGivesTheSameStore() {
    String out = dir.resolve("appended.zarr").toString();
    String[] a = spangeo("convert", "--in", f("series_a.nc"), "--out", out, "--overwrite", "--chunks", "time=2");
    assertEquals("0", a[0], a[2]);
    String[] b = spangeo("convert", "--in", f("series_b.nc"), "--out", out, "--mode", "append");
    assertEquals("0", b[0], b[2]);
    // 5 steps of series_a and 4 of series_b: the whole store, not the appended part
    assertTrue(b[1].contains("appended: the store is now (time: 9, "),
        "the summary gives the whole store's size after an append: " + b[1]);
    String ok = PythonPeer.run("check_convert.py", out, json(List.of(f("series_a.nc"), f("series_b.nc")),
        "\"chunks\": {\"t2m\": [2, 2, 4, 5]}"));
    assertTrue(ok.startsWith("ok"), ok);
  }

  @Test
  void charAndStringVariablesNeedDrop() {
    String line = refused("convert", "--in", f("chars.nc"));
    assertTrue(line.contains("station_name") && line.contains("--drop station_name") && line.contains(f("chars.nc")), line);
    convertAndCheck("chars.zarr", List.of(f("chars.nc")), "\"drop\": [\"station_name\", \"label\"]",
        "--in", f("chars.nc"), "--drop", "station_name,label");
    String typo = refused("convert", "--in", f("chars.nc"), "--drop", "station_nam,label");
    assertTrue(typo.contains("did you mean 'station_name'"), typo);
  }

  @Test
  void modelCalendarsNeedNoDecodeTimes() {
    String line = refused("convert", "--in", f("noleap.nc"));
    assertTrue(line.contains("noleap") && line.contains("--no-decode-times"), line);
    convertAndCheck("noleap.zarr", List.of(f("noleap.nc")), "\"decode_times\": false",
        "--in", f("noleap.nc"), "--no-decode-times");
  }

  @Test
  void helpHasAnExample() {
    String[] r = spangeo("convert", "--help");
    assertEquals("0", r[0]);
    assertTrue(r[1].contains("Example: spangeo convert --in") && r[1].contains("--drop") && r[1].contains("--chunks"), r[1]);
  }

  // ---- bad input: one line, exit code, and no output store (nor a staging folder) left behind

  static String refused(String... args) {
    Path outStore = dir.resolve("refused.zarr");
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--out", outStore.toString()));
    String[] r = spangeo(all.toArray(new String[0]));
    assertFalse(r[0].equals("0"), "spangeo " + all + " should fail");
    String text = r[2].trim();
    assertEquals(1, text.lines().count(), "one error line: " + text);
    assertTrue(text.startsWith("spangeo convert: "), text);
    assertFalse(Files.exists(outStore), "no output store after a refused command");
    assertFalse(Files.exists(dir.resolve(".refused.zarr.spangeo-staging")), "no staging folder after a refused command");
    return text;
  }

  @Test
  void filesThatDisagreeAreRefusedNamingBoth() {
    String line = refused("convert", "--in", f("series_a.nc") + "," + f("mismatch.nc"));
    assertTrue(line.contains(f("series_a.nc")) && line.contains(f("mismatch.nc")) && line.contains("'lat'")
        && line.contains("length 4 in the first but 3"), line);
    String overlap = refused("convert", "--in", f("series_a.nc"), f("overlap.nc"));
    assertTrue(overlap.contains("overlap along 'time'") && overlap.contains(f("overlap.nc")), overlap);
    String mixed = refused("convert", "--in", f("series_a.nc") + "," + f("nc3_1990.nc"));
    assertTrue(mixed.contains("cannot be concatenated"), mixed);
  }

  @Test
  void missingAndForeignInputsAreRefused() {
    String none = refused("convert", "--in", in.resolve("nothing-*.nc").toString());
    assertTrue(none.contains("matches no file"), none);
    String missing = refused("convert", "--in", f("missing.nc"));
    assertTrue(missing.contains("does not exist"), missing);
    String text = refused("convert", "--in", f("not_netcdf.nc"));
    assertTrue(text.contains("not a NetCDF file") && text.contains(f("not_netcdf.nc")), text);
    String dim = refused("convert", "--in", f("series_a.nc"), "--chunks", "tim=3");
    assertTrue(dim.contains("did you mean 'time'"), dim);
  }

  @Test
  void aFailureWhileWritingLeavesNoStore() {
    // the header is fine; a task meets an int64 that float64 cannot carry, after the write began
    String line = refused("convert", "--in", f("bigint.nc"));
    assertTrue(line.contains("1152921504606846977") && line.contains("'ids'"), line);
    try (var s = Files.list(dir)) {
      assertTrue(s.noneMatch(p -> p.getFileName().toString().contains("spangeo-staging")), "no staging folder left");
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
