package org.spangeo.jobs.stages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spangeo.jobs.CliRunner;
import org.spangeo.jobs.JobsTestSession;
import org.spangeo.zarr.testing.PythonPeer;

/**
 * The commands on odd-but-legal stores of the corpus (make_corpus.py, written by Debian's
 * zarr-python 2.13 and xarray 2023): each output checked against xarray on the same input by
 * check_odd_stages.py, which also opens it with zarr-python 2.13 and checks that its metadata
 * is ASCII and carries no input encoding attributes; the refusals are one line, non-zero, and
 * leave no output.
 */
class OddStoresStagesTest {
  static Path dir;
  static Path corpus;

  @BeforeAll
  static void stores() {
    JobsTestSession.get();
    dir = PythonPeer.scratch("odd-stores");
    corpus = dir.resolve("corpus");
    // the corpus generator lives with the connector's tests, which read the same stores
    PythonPeer.run("../../../../zarr-spark-connector/src/test/python/make_corpus.py", corpus.toString());
  }

  static String store(String name) {
    return corpus.resolve(name).toString();
  }

  /** Runs a command into a fresh output and has check_odd_stages.py compare it with xarray; returns stdout. */
  static String runAndCheck(String check, String in, String... args) {
    String out = dir.resolve(check + ".zarr").toString();
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--in", in, "--out", out, "--overwrite"));
    String[] r = CliRunner.spangeo(all.toArray(new String[0]));
    assertEquals("0", r[0], "spangeo " + String.join(" ", all) + " failed: " + r[2]);
    String ok = PythonPeer.run("check_odd_stages.py", check, out, in);
    assertTrue(ok.trim().endsWith("ok"), ok);
    return r[1];
  }

  static void refused(String expect, String... args) {
    String out = dir.resolve("refused.zarr").toString();
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--out", out));
    String[] r = CliRunner.spangeo(all.toArray(new String[0]));
    assertFalse(r[0].equals("0"), "spangeo " + all + " should fail");
    String err = r[2].trim();
    assertEquals(1, err.lines().count(), "one line: " + err);
    assertTrue(err.contains(expect), "'" + err + "' should contain '" + expect + "'");
    assertFalse(Files.exists(Path.of(out)), "no output after a refusal");
  }

  @Test
  void storesAreCombinedInTheOrderOfTheirTimesWhateverTheirNames() {
    // era5_apr ... era5_sep: the names sort as apr, aug, dec, feb, ...; each encodes 'days since its first day'
    runAndCheck("months_by_name", corpus + "/monthly/era5_*.zarr", "climatology", "--by", "month");
    String s = runAndCheck("months_by_name_subset", corpus + "/monthly/era5_*.zarr", "subset", "--time",
        "2021-07-01/2021-12-31");
    assertTrue(s.contains("(12 stores)"), s);
  }

  @Test
  void aBoolReducesToFractionsWithoutTheBoolMarker() {
    runAndCheck("bool_resample", store("bool_xarray.zarr"), "resample", "--freq", "1D", "--vars", "wet");
  }

  @Test
  void nonAsciiAttributesAreWrittenAsZarrPythonWritesThem() {
    runAndCheck("nonascii_subset", store("nonascii_attrs.zarr"), "subset");
    runAndCheck("nonascii_names_resample", store("nonascii_names.zarr"), "resample", "--freq", "1D");
  }

  @Test
  void packedInputIsWrittenDecodedWithoutItsPacking() {
    runAndCheck("packed_subset", store("packed_int16.zarr"), "subset");
  }

  @Test
  void timesDurationsAndStringsAreCarriedOrLeftOutAsXarrayDoes() {
    String s = runAndCheck("datetime64_resample", store("datetime64_raw.zarr"), "resample", "--freq", "1D");
    assertTrue(s.contains("left out") && s.contains("valid_from"), s);
    runAndCheck("strings_subset", store("unicode_fixed.zarr"), "subset", "--lat", "30:28");
    s = runAndCheck("bounds_resample", store("cf_bounds.zarr"), "resample", "--freq", "1D");
    assertTrue(s.contains("carried (not computed on): lat_bnds") && s.contains("time_bnds"), s);
    runAndCheck("bounds_subset", store("cf_bounds.zarr"), "subset", "--time", "2020-01-01T00:00/2020-01-01T18:00");
  }

  @Test
  void dimsKeepTheirNamesAndAreFoundByTheirCfAttributes() {
    runAndCheck("valid_time_resample", store("cds_valid_time.zarr"), "resample", "--freq", "1D", "--level", "850",
        "--vars", "t2m");
    runAndCheck("cf_axis_area_mean", store("cf_axis_names.zarr"), "area-mean");
    runAndCheck("station_resample", store("string_dim_coordinate.zarr"), "resample", "--freq", "1D");
    runAndCheck("int_coords_subset", store("int_lat_lon.zarr"), "subset", "--lat", "30:28");
  }

  @Test
  void anEmptyTimeAxisIsInspectedAndNothingIsSelectedForStages() {
    String[] r = CliRunner.spangeo("inspect", store("empty_time.zarr"));
    assertEquals("0", r[0], r[2]);
    assertTrue(r[1].contains("time: 0") && r[1].contains("(empty)"), r[1]);
    refused("nothing selected: 'time' has no values in", "resample", "--in", store("empty_time.zarr"), "--freq", "1D");
    r = CliRunner.spangeo("inspect", store("empty_latitude.zarr"));
    assertEquals("0", r[0], r[2]);
    assertTrue(r[1].contains("latitude: 0"), r[1]);
    refused("nothing selected: 'latitude' has no values in", "area-mean", "--in", store("empty_latitude.zarr"));
  }

  @Test
  void anUnreadableVariableStopsOnlyItself() {
    String out = dir.resolve("complex-clim.zarr").toString();
    String[] r = CliRunner.spangeo("climatology", "--in", store("complex.zarr"), "--out", out, "--overwrite");
    assertEquals("0", r[0], r[2]);
    refused("array 'spectrum': dtype '<c16' (complex128) is not read", "climatology", "--in", store("complex.zarr"),
        "--vars", "spectrum");
    r = CliRunner.spangeo("inspect", store("complex.zarr"));
    assertEquals("0", r[0], r[2]);
    assertTrue(r[1].contains("Not read:") && r[1].contains("spectrum") && r[1].contains("complex128"), r[1]);
  }

  @Test
  void inspectShortensHugeAttributes() {
    String[] r = CliRunner.spangeo("inspect", store("nonascii_attrs.zarr"));
    assertEquals("0", r[0], r[2]);
    assertTrue(r[1].contains("history: xxx") && r[1].contains("(200,000 characters)"), r[1]);
    assertTrue(r[1].length() < 10_000, "a summary, not the 200 kB history: " + r[1].length() + " characters");
  }
}
