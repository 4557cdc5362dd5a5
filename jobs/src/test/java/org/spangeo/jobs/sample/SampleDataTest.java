package org.spangeo.jobs.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.spangeo.jobs.CliRunner;
import org.spangeo.jobs.JobsTestSession;
import org.spangeo.zarr.testing.PythonPeer;

/**
 * {@code spangeo sample-data} through the real command line: one year at 1.0 deg / 3 h opened
 * with xarray and checked for structure and physics (check_sample.py); short samples for the
 * hourly multi-year layout and for determinism (byte-identical chunks whatever the
 * partitioning, different for another seed); and the bad-argument paths (one line, non-zero
 * exit, nothing written, nothing lost).
 */
class SampleDataTest {
  static Path dir;
  static Path year;
  static final String STORE_2019 = "era5_2019_10N40N_100E140E.zarr";

  @BeforeAll
  static void oneYear() {
    JobsTestSession.get();
    dir = PythonPeer.scratch("sample");
    year = dir.resolve("year");
    String[] r = CliRunner.spangeo("sample-data", "--out", year.toString(), "--years", "2019", "--res", "1.0", "--freq", "3h");
    assertEquals("0", r[0], r[2]);
    assertTrue(r[1].startsWith("sample-data: 1 store, 2019, 1.0 deg, 3-hourly, seed 42"), r[1]);
    assertTrue(r[1].contains(year.resolve(STORE_2019).toString()) && r[1].contains(" MB stored") && r[1].contains("  time "),
        "the summary names the store, its size and the time: " + r[1]);
    // the Spark UI: the command's jobs in their group, the stage named by what it does
    org.apache.spark.api.java.JavaSparkStatusTracker t =
        org.apache.spark.api.java.JavaSparkContext.fromSparkContext(JobsTestSession.get().sparkContext()).statusTracker();
    int[] jobs = t.getJobIdsForGroup("spangeo-sample-data");
    assertTrue(jobs.length > 0, "sample-data's jobs are grouped");
    int last = java.util.Arrays.stream(jobs).max().getAsInt();
    java.util.List<String> stages = new java.util.ArrayList<>();
    for (int s : t.getJobInfo(last).stageIds()) stages.add(t.getStageInfo(s).name());
    assertEquals(java.util.List.of("generate and write 1 store (12 time chunks of all variables)"), stages);
  }

  @Test
  void oneYearOpensInXarrayWithPlausiblePhysics() {
    String out = PythonPeer.run("check_sample.py", year.resolve("era5_*.zarr").toString(), "3", "physics");
    assertTrue(out.startsWith("ok"), out);
    System.out.println("sample physics: " + out.trim());
  }

  @Test
  void hourlyYearsAreOneStoreEach() {
    Path out = dir.resolve("hourly");
    String[] r = CliRunner.spangeo("sample-data", "--out", out.toString(), "--years", "2019-2020", "--res", "0.5",
        "--freq", "1h", "--days", "3");
    assertEquals("0", r[0], r[2]);
    assertTrue(Files.isDirectory(out.resolve(STORE_2019)) && Files.isDirectory(out.resolve("era5_2020_10N40N_100E140E.zarr")),
        r[1]);
    String ok = PythonPeer.run("check_sample.py", out.resolve("era5_*.zarr").toString(), "1");
    assertTrue(ok.startsWith("ok") && ok.contains("\"stores\": 2") && ok.contains("\"time_steps\": 144"), ok);
  }

  @Test
  void sameSeedSameBytesHoweverSplitAnotherSeedDiffers() throws IOException {
    // 40 days = two time chunks of 31 days: in one task, then in two
    Path one = dir.resolve("det-one");
    Path two = dir.resolve("det-two");
    Path other = dir.resolve("det-seed");
    assertEquals("0", CliRunner.spangeo("sample-data", "--out", one.toString(), "--years", "2019", "--days", "40",
        "--partitions", "1")[0]);
    assertEquals("0", CliRunner.spangeo("sample-data", "--out", two.toString(), "--years", "2019", "--days", "40",
        "--partitions", "2")[0]);
    assertEquals("0", CliRunner.spangeo("sample-data", "--out", other.toString(), "--years", "2019", "--days", "40",
        "--seed", "43")[0]);
    Map<String, byte[]> a = files(one.resolve(STORE_2019));
    Map<String, byte[]> b = files(two.resolve(STORE_2019));
    assertEquals(a.keySet(), b.keySet());
    assertTrue(a.size() > 60, "two chunks of 34 variables and the coordinates: " + a.keySet());
    for (String k : a.keySet()) assertArrayEquals(a.get(k), b.get(k), k + " differs between 1 and 2 partitions");
    // the first month is the same bytes as in the whole year generated in 12 tasks
    assertFirstMonthAsInTheYear(a, "differs from the one-year store's");
    Map<String, byte[]> c = files(other.resolve(STORE_2019));
    for (String k : a.keySet()) {
      String var = k.contains("/") ? k.substring(0, k.indexOf('/')) : "";
      boolean seedFree = k.endsWith(".zarray") || k.endsWith(".zattrs") || k.endsWith(".zgroup") || k.endsWith(".zmetadata")
          || List.of("time", "level", "latitude", "longitude", "land_sea_mask").contains(var);
      if (!seedFree) assertFalse(java.util.Arrays.equals(a.get(k), c.get(k)), k + " is the same for seeds 42 and 43");
    }
    assertNotEquals(new String(a.get(".zattrs")), new String(c.get(".zattrs")), "the source attribute names the seed");
  }

  @Test
  void anotherJvmWithAnotherMasterWritesTheSameBytes() throws Exception {
    // a child JVM running Spark as local[1], default settings: the first month must equal the
    // one-year store's (written here on local[2,2] in 12 tasks) bit for bit
    Path out = dir.resolve("det-jvm");
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    for (String arg : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-opens") || arg.startsWith("-XX:+IgnoreUnrecognizedVMOptions")) cmd.add(arg);
    }
    cmd.addAll(List.of("-Xmx1g", "-cp", System.getProperty("java.class.path"), "org.spangeo.jobs.cli.Spangeo", "sample-data",
        "--out", out.toString(), "--years", "2019", "--days", "31", "--master", "local[1]"));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().put("SPANGEO_CONF_DIR", dir.resolve("no-conf").toString());
    Process p = pb.start();
    String log = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), log);
    assertFirstMonthAsInTheYear(files(out.resolve(STORE_2019)), "differs between the JVMs");
  }

  /** Every variable's first chunk and the level/lat/lon coordinates of a one-month store equal the one-year store's. */
  static void assertFirstMonthAsInTheYear(Map<String, byte[]> month, String differs) throws IOException {
    Map<String, byte[]> whole = files(year.resolve(STORE_2019));
    int compared = 0;
    for (String k : month.keySet()) {
      if (k.matches("[a-z0-9_]+/0(\\.\\d+)*") && !k.startsWith("time/")) {
        assertArrayEquals(month.get(k), whole.get(k), k + " " + differs);
        compared++;
      }
    }
    assertEquals(5 * 5 + 8 + 1 + 3, compared, month.keySet().toString());
  }

  /** Each bad value is refused with exactly its one line, exit 1, nothing written. */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', value = {
      "--years | 2023-2019 | --years 2023-2019: the first year is after the last",
      "--years | 2019-20x2 | --years 2019-20x2: not a year or a range of years such as 2019-2022",
      "--res   | 0.3       | --res 0.3: not one of 0.25, 0.5, 1.0 (degrees)",
      "--freq  | 6h        | --freq 6h: not one of 1h, 3h"})
  void badValueIsRefused(String option, String value, String message) {
    assertRefused(message, option, value);
  }

  @Test
  void existingStoreWithoutOverwriteIsLeftAloneAndNothingElseIsWritten() throws IOException {
    Path out = dir.resolve("exists");
    assertEquals("0", CliRunner.spangeo("sample-data", "--out", out.toString(), "--years", "2020", "--days", "2")[0]);
    Map<String, byte[]> before = files(out);
    // 2019 does not exist yet, 2020 does: the whole command is refused before anything is written
    String[] r = CliRunner.spangeo("sample-data", "--out", out.toString(), "--years", "2019-2020", "--days", "2", "--seed", "7");
    assertEquals("1", r[0], r[1] + r[2]);
    String err = r[2].trim();
    assertEquals("spangeo sample-data: store '" + out.resolve("era5_2020_10N40N_100E140E.zarr")
        + "' already exists (use --overwrite to replace it)", err);
    Map<String, byte[]> after = files(out);
    assertEquals(before.keySet(), after.keySet(), "no store, staging folder or file added or removed");
    for (String k : before.keySet()) assertArrayEquals(before.get(k), after.get(k), k + " changed");
    // with --overwrite the store is replaced (seed 7's values), and 2019 is written
    r = CliRunner.spangeo("sample-data", "--out", out.toString(), "--years", "2019-2020", "--days", "2", "--seed", "7",
        "--overwrite");
    assertEquals("0", r[0], r[2]);
    Map<String, byte[]> replaced = files(out);
    assertTrue(replaced.containsKey(STORE_2019 + "/.zmetadata"), replaced.keySet().toString());
    String k = "era5_2020_10N40N_100E140E.zarr/temperature/0.0.0.0";
    assertFalse(java.util.Arrays.equals(before.get(k), replaced.get(k)), "the 2020 store was replaced");
    assertTrue(replaced.keySet().stream().noneMatch(f -> f.contains("spangeo-staging") || f.contains("spangeo-trash")),
        replaced.keySet().toString());
  }

  /** The command fails with exactly this one line on stderr, exit 1, and writes nothing. */
  static void assertRefused(String message, String... args) {
    Path out = dir.resolve("refused-" + Math.abs(String.join(" ", args).hashCode()));
    List<String> all = new ArrayList<>(List.of("sample-data", "--out", out.toString(), "--days", "1"));
    all.addAll(List.of(args));
    String[] r = CliRunner.spangeo(all.toArray(new String[0]));
    assertEquals("1", r[0], r[1] + r[2]);
    assertEquals("spangeo sample-data: " + message, r[2].trim());
    assertFalse(Files.exists(out), "nothing is written: " + out);
  }

  /** Every file under a folder, by relative path, with its bytes. */
  static Map<String, byte[]> files(Path root) throws IOException {
    Map<String, byte[]> m = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
        m.put(root.relativize(p).toString(), Files.readAllBytes(p));
      }
    }
    return m;
  }
}
