package org.spangeo.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.spangeo.jobs.CliRunner;
import org.spangeo.zarr.store.HadoopConf;
import org.spangeo.zarr.write.ZarrWriter;

/**
 * Faults on executors in other JVMs, injected through faulty:// (see FaultyFileSystem): a read
 * that throws, a chunk write that throws, an executor JVM that dies while reading and while
 * writing, a straggler (speculation on). Each run of {@code spangeo climatology} must end
 * with exit 0 and an output byte-identical to the clean run: nothing lost, nothing twice.
 */
class FaultsTest {
  static SparkSession spark;
  static Path dir;
  static String in;
  static Map<String, String> clean;
  static String cleanFailures;

  @BeforeAll
  static void setUp() {
    spark = LocalClusterSession.get();
    dir = Stores.scratch("faults");
    in = Stores.uri(FaultyFileSystem.SCHEME, dir.resolve("in.zarr"));
    ClusterData.write(new HadoopConf(spark.sparkContext().hadoopConfiguration()), in);
    clean = run("clean", null, null);
    cleanFailures = failures();
  }

  @AfterEach
  void disarm() {
    Configuration c = spark.sparkContext().hadoopConfiguration();
    for (String k : new String[] {"failOpen", "failCreate", "killOpen", "killCreate", "slowOpen"}) c.unset("spangeo.faulty." + k);
  }

  /** Runs the climatology into out-NAME.zarr with one fault rule armed; returns the output's files. */
  static Map<String, String> run(String name, String rule, String regex) {
    Configuration c = spark.sparkContext().hadoopConfiguration();
    if (rule != null) c.set("spangeo.faulty." + rule, regex);
    Path out = dir.resolve("out-" + name + ".zarr");
    LocalClusterSession.tasks().clear();
    String[] r = CliRunner.spangeo("climatology", "--in", in, "--vars", "t2m", "--by", "month",
        "--out", Stores.uri(FaultyFileSystem.SCHEME, out));
    assertEquals("0", r[0], name + ": spangeo climatology failed: " + r[2]);
    Stores.drainListeners(spark);
    assertFalse(Files.exists(Path.of(ZarrWriter.stagingOf(out.toString()))), name + ": staging folder left behind");
    return ClusterData.files(out);
  }

  static String failures() {
    return String.join("\n", LocalClusterSession.tasks().failures);
  }

  @Test
  void cleanRunWroteEveryChunk() {
    // the output is chunked (12, 6, 8) over (month, latitude, longitude): 4 chunks of t2m
    for (String k : new String[] {"t2m/0.0.0", "t2m/0.0.1", "t2m/0.1.0", "t2m/0.1.1", ".zmetadata", "month/0"}) {
      assertTrue(clean.containsKey(k), k + " missing from " + clean.keySet());
    }
    assertTrue(cleanFailures.isEmpty(), cleanFailures);
  }

  /** A task that fails, or an executor that dies, is run again: the output equals the clean run's. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "read-fail  | failOpen   | .*/in\\.zarr/t2m/5\\.1\\.0                    | injected fault",
      "write-fail | failCreate | .*spangeo-staging/t2m/\\.0\\..*\\.tmp         | injected fault",
      "read-kill  | killOpen   | .*/in\\.zarr/t2m/7\\.0\\.1                    | ExecutorLostFailure",
      "write-kill | killCreate | .*spangeo-staging/t2m/\\.0\\.1\\.1\\..*\\.tmp | ExecutorLostFailure"})
  void aFaultIsRecoveredFrom(String name, String rule, String regex, String failure) {
    Map<String, String> got = run(name, rule, regex);
    assertTrue(failures().contains(failure), "no " + failure + " among the task failures: " + failures());
    assertEquals(clean, got);
  }

  /**
   * Speculation is on, but Spark never starts a speculative copy on the host where the task is
   * already running, and local-cluster's executors share one host: this checks that a slow task
   * changes nothing; duplicates racing each other are the retried-write case (each chunk is put
   * whole under a temporary name and renamed).
   */
  @Test
  void aStragglerChangesNothing() {
    Map<String, String> got = run("straggler", "slowOpen", ".*/in\\.zarr/t2m/3\\.1\\.1");
    assertEquals(clean, got);
  }

  @Test
  void everyChunkWrittenTwiceAtOnceChangesNothing() throws Exception {
    Path out = dir.resolve("twice.zarr");
    HadoopConf conf = new HadoopConf(spark.sparkContext().hadoopConfiguration());
    DuplicateWriters.copyTwiceConcurrently(spark, conf, in, Stores.uri(FaultyFileSystem.SCHEME, out));
    ClusterData.assertSameBits(ClusterData.field(0), ClusterData.readAll(conf, Stores.uri(FaultyFileSystem.SCHEME, out), "t2m"));
    assertFalse(Files.exists(Path.of(ZarrWriter.stagingOf(out.toString()))));
  }
}
