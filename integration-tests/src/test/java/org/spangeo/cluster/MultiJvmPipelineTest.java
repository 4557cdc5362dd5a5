package org.spangeo.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spangeo.jobs.CliRunner;
import org.spangeo.zarr.store.HadoopConf;

/**
 * The pipeline with executors in other JVMs: read, climatology, write through the spangeo
 * command, and a format("zarr") SQL query; answers equal to the exact ones, tasks on executors.
 */
class MultiJvmPipelineTest {
  static SparkSession spark;
  static HadoopConf conf;
  static Path dir;
  static String in;

  @BeforeAll
  static void setUp() {
    spark = LocalClusterSession.get();
    conf = new HadoopConf(spark.sparkContext().hadoopConfiguration());
    dir = Stores.scratch("multijvm");
    in = dir.resolve("in.zarr").toUri().toString();
    ClusterData.write(conf, in);
  }

  @org.junit.jupiter.api.BeforeEach
  void bothExecutorsUp() {
    LocalClusterSession.awaitExecutors(); // another class may have killed one
  }

  @Test
  void executorsAreOtherProcesses() {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    long driverPid = ProcessHandle.current().pid();
    List<String> seen = jsc.parallelize(List.of(0, 1, 2, 3, 4, 5, 6, 7), 8)
        .map(i -> ProcessHandle.current().pid() + "/" + SparkEnv.get().executorId()).collect();
    Set<String> pids = new HashSet<>();
    for (String s : seen) {
      String[] p = s.split("/");
      assertFalse(p[0].equals(Long.toString(driverPid)), "a task ran in the driver's JVM: " + seen);
      assertFalse(p[1].equals("driver"), "a task ran on the driver: " + seen);
      pids.add(p[0]);
    }
    assertTrue(pids.size() >= 2, "tasks ran in " + pids.size() + " executor JVM(s), expected 2: " + seen);
  }

  @Test
  void climatologyOnExecutorsEqualsTheExactAnswer() {
    String out = dir.resolve("clim.zarr").toUri().toString();
    LocalClusterSession.TaskLog log = LocalClusterSession.tasks();
    log.clear();
    String[] r = CliRunner.spangeo("climatology", "--in", in, "--vars", "t2m", "--by", "month", "--out", out);
    assertEquals("0", r[0], "spangeo climatology failed: " + r[2]);
    Stores.drainListeners(spark);
    assertTrue(log.succeeded.get() > 0, "no task ran");
    assertFalse(log.executors.contains("driver"), "tasks ran on the driver: " + log.executors);
    assertEquals(2, log.executors.size(), "tasks should use both executors: " + log.executors);
    float[] got = ClusterData.readAll(conf, out, "t2m");
    float[][][] want = ClusterData.monthlyMean();
    assertEquals(12 * ClusterData.NY * ClusterData.NX, got.length);
    int i = 0;
    for (int m = 0; m < 12; m++) {
      for (int y = 0; y < ClusterData.NY; y++) {
        for (int x = 0; x < ClusterData.NX; x++, i++) {
          assertEquals(Float.floatToIntBits(want[m][y][x]), Float.floatToIntBits(got[i]),
              "month " + (m + 1) + " y " + y + " x " + x + ": " + got[i] + " vs " + want[m][y][x]);
        }
      }
    }
  }

  @Test
  void sqlQueryOnExecutorsReturnsTheStoredCells() {
    spark.read().format("zarr").load(in).createOrReplaceTempView("era_cluster");
    List<Row> rows = spark.sql("SELECT time, latitude, longitude, t2m FROM era_cluster"
        + " WHERE latitude BETWEEN 25 AND 28 AND month(time) = 7").collectAsList();
    int expected = 0;
    for (int t = 0; t < ClusterData.NT; t++) if (ClusterData.month(t) == 7) expected++;
    expected *= 4 * ClusterData.NX;
    assertEquals(expected, rows.size());
    for (Row row : rows) {
      long micros = ((Timestamp) row.get(0)).getTime() * 1000L;
      int t = (int) ((micros - ClusterData.T0) / ClusterData.STEP);
      int y = (int) Math.round(30.0 - row.getDouble(1));
      int x = (int) Math.round(row.getDouble(2) - 110.0);
      assertEquals(Float.floatToIntBits(ClusterData.value(t, y, x)), Float.floatToIntBits(row.getFloat(3)), row.toString());
    }
    // an aggregate whose shuffle crosses the executors
    List<Row> agg = spark.sql("SELECT month(time) AS m, count(*) AS n, sum(CASE WHEN isnan(t2m) THEN 1 ELSE 0 END) AS nan,"
        + " min(t2m) AS lo FROM era_cluster GROUP BY month(time) ORDER BY m").collectAsList();
    assertEquals(12, agg.size());
    for (Row a : agg) {
      int m = a.getInt(0);
      long n = 0;
      long nan = 0;
      float lo = Float.POSITIVE_INFINITY;
      for (int t = 0; t < ClusterData.NT; t++) {
        if (ClusterData.month(t) != m) continue;
        for (int y = 0; y < ClusterData.NY; y++) {
          for (int x = 0; x < ClusterData.NX; x++) {
            float v = ClusterData.value(t, y, x);
            n++;
            if (Float.isNaN(v)) nan++;
            else lo = Math.min(lo, v);
          }
        }
      }
      assertEquals(n, a.getLong(1), "count, month " + m);
      assertEquals(nan, a.getLong(2), "NaN cells, month " + m);
      assertEquals(lo, a.getFloat(3), "min, month " + m);
    }
  }
}
