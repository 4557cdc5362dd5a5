package org.spangeo.zarr.datasource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.read.InputPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spangeo.zarr.testing.MultiYear;
import org.spangeo.zarr.testing.ScanMetrics;
import org.spangeo.zarr.testing.SparkTestSession;

/**
 * The acceptance query over a multi-year set written by xarray: the rows Spark SQL
 * returns equal what xarray's .sel returns, and the scan reads only the chunks that intersect.
 */
class ZarrSqlSelectionTest {
  static Path dir;
  static JsonNode expected;
  static SparkSession spark;

  @BeforeAll
  static void writeStores() {
    dir = MultiYear.dir();
    expected = MultiYear.expected();
    spark = SparkTestSession.get();
  }

  static float[] floats(String name) {
    return MultiYear.floats(name);
  }

  static final String WHERE = "latitude BETWEEN 22 AND 25 AND longitude BETWEEN 120 AND 122"
      + " AND month(time) IN (6, 7, 8, 9)";

  @Test
  void selectionEqualsXarraySelAndReadsOnlyIntersectingChunks() throws Exception {
    Dataset<Row> df = spark.read().format("zarr").load(dir + "/era5_*.zarr");
    df.createOrReplaceTempView("era5");
    // No ORDER BY in the measured query: a sort samples its input in a second job, which would
    // read the chunks twice. Rows are sorted here instead, in xarray's order.
    Dataset<Row> q = spark.sql("SELECT time, level, latitude, longitude, temperature FROM era5 WHERE " + WHERE);
    List<Row> rows = new java.util.ArrayList<>(q.collectAsList());
    rows.sort(java.util.Comparator.<Row>comparingLong(x -> x.getTimestamp(0).getTime())
        .thenComparing(x -> -x.getInt(1)).thenComparing(x -> -x.getDouble(2)).thenComparing(x -> x.getDouble(3)));

    JsonNode time = expected.get("time");
    JsonNode level = expected.get("level");
    JsonNode lat = expected.get("latitude");
    JsonNode lon = expected.get("longitude");
    float[] want = floats("expected_temperature.bin");
    assertEquals(want.length, rows.size(), "row count");
    assertEquals(time.size() * level.size() * lat.size() * lon.size(), rows.size());
    int r = 0;
    for (int t = 0; t < time.size(); t++) {
      for (int k = 0; k < level.size(); k++) {
        for (int y = 0; y < lat.size(); y++) {
          for (int x = 0; x < lon.size(); x++, r++) {
            Row row = rows.get(r);
            long micros = org.apache.spark.sql.catalyst.util.DateTimeUtils.fromJavaTimestamp(row.getTimestamp(0));
            assertEquals(time.get(t).asLong(), micros, "time of row " + r);
            assertEquals(level.get(k).asInt(), row.getInt(1), "level of row " + r);
            assertEquals(lat.get(y).asDouble(), row.getDouble(2), "latitude of row " + r);
            assertEquals(lon.get(x).asDouble(), row.getDouble(3), "longitude of row " + r);
            assertEquals(Float.floatToIntBits(want[r]), Float.floatToIntBits(row.getFloat(4)), "temperature of row " + r);
          }
        }
      }
    }
    Map<String, Long> m = ScanMetrics.of(q);
    assertEquals(expected.get("chunks_touched").get("temperature").asLong(), m.get(ZarrMetrics.CHUNKS_READ),
        "chunks read: only those that intersect the selection " + m);
    assertTrue(m.get(ZarrMetrics.CHUNKS_PRUNED) > 0, "pushdown pruned chunks " + m);
  }

  @Test
  void withoutThePruningRuleTheAnswerIsTheSameButMoreChunksAreRead() {
    String rule = CoordinatePruning.class.getName();
    String q = "SELECT count(*), sum(CAST(temperature AS DOUBLE)) FROM era5m WHERE " + WHERE;
    spark.read().format("zarr").load(dir + "/era5_*.zarr").createOrReplaceTempView("era5m");
    Dataset<Row> with = spark.sql(q);
    Row a = with.collectAsList().get(0);
    long chunksWith = ScanMetrics.of(with).get(ZarrMetrics.CHUNKS_READ);
    spark.conf().set("spark.sql.optimizer.excludedRules", rule);
    try {
      Dataset<Row> without = spark.sql(q);
      Row b = without.collectAsList().get(0);
      long chunksWithout = ScanMetrics.of(without).get(ZarrMetrics.CHUNKS_READ);
      assertEquals(a, b, "same answer with and without " + rule);
      assertEquals(expected.get("chunks_touched").get("temperature").asLong(), chunksWith);
      assertTrue(chunksWithout > chunksWith, "without the rule, months are not pruned: " + chunksWithout + " > " + chunksWith);
    } finally {
      spark.conf().unset("spark.sql.optimizer.excludedRules");
    }
  }

  @Test
  void packedAndMaskedVariablesDecodeLikeXarray() throws Exception {
    Dataset<Row> df = spark.read().format("zarr").option("variables", "t2m,sst").load(dir + "/era5_*.zarr");
    assertEquals("float", df.schema().apply("sst").dataType().simpleString(), "sst decodes to " + expected.get("sst_dtype"));
    Dataset<Row> q = df.where(WHERE).select("time", "latitude", "longitude", "t2m", "sst");
    List<Row> rows = new java.util.ArrayList<>(q.collectAsList());
    rows.sort(java.util.Comparator.<Row>comparingLong(x -> x.getTimestamp(0).getTime())
        .thenComparing(x -> x.getDouble(1)).thenComparing(x -> x.getDouble(2)));
    float[] t2m = floats("expected_t2m.bin");
    float[] sst = floats("expected_sst.bin");
    assertEquals(t2m.length, rows.size());
    // xarray's latitude order is descending; the query sorted ascending: compare per (time, lat, lon)
    int nlat = expected.get("latitude").size();
    int nlon = expected.get("longitude").size();
    for (int r = 0; r < rows.size(); r++) {
      int t = r / (nlat * nlon);
      int y = (r / nlon) % nlat;
      int x = r % nlon;
      int xr = (t * nlat + (nlat - 1 - y)) * nlon + x;
      assertEquals(Float.floatToIntBits(t2m[xr]), Float.floatToIntBits(rows.get(r).getFloat(3)), "t2m row " + r);
      assertEquals(Float.floatToIntBits(sst[xr]), Float.floatToIntBits(rows.get(r).getFloat(4)), "sst row " + r);
    }
    Map<String, Long> m = ScanMetrics.of(q);
    long want = expected.get("chunks_touched").get("t2m").asLong() + expected.get("chunks_touched").get("sst").asLong();
    assertEquals(want, m.get(ZarrMetrics.CHUNKS_READ), "chunks read " + m);
  }

  /**
   * Without the variables option the table has temperature's level dim, and t2m (no level) is
   * repeated on each level's rows, as xarray broadcasts it; its chunks are still read and
   * decoded once each, whatever the partitioning, as long as a group of levels fits a partition.
   */
  @Test
  void aSingleLevelVariableBesideLevelsIsDecodedOncePerChunk() {
    float[] t2m = floats("expected_t2m.bin");
    int nlev = expected.get("level").size();
    int nlat = expected.get("latitude").size();
    int nlon = expected.get("longitude").size();
    long t2mChunks = expected.get("chunks_touched").get("t2m").asLong();
    for (String perPartition : new String[] {null, "2", "6"}) {
      org.apache.spark.sql.DataFrameReader reader = spark.read().format("zarr");
      if (perPartition != null) reader = reader.option("chunksPerPartition", perPartition);
      Dataset<Row> q = reader.load(dir + "/era5_*.zarr").where(WHERE).select("time", "level", "latitude", "longitude", "t2m");
      List<Row> rows = new java.util.ArrayList<>(q.collectAsList());
      assertEquals((long) t2m.length * nlev, rows.size(), "t2m on each level's rows");
      rows.sort(java.util.Comparator.<Row>comparingLong(x -> x.getTimestamp(0).getTime())
          .thenComparing(x -> -x.getDouble(2)).thenComparing(x -> x.getDouble(3)).thenComparing(x -> x.getInt(1)));
      for (int r = 0; r < rows.size(); r++) {
        int cell = r / nlev; // xarray's (time, latitude descending, longitude) order, each cell once per level
        assertEquals(Float.floatToIntBits(t2m[cell]), Float.floatToIntBits(rows.get(r).getFloat(4)), "t2m row " + r);
      }
      assertEquals(t2m.length / (nlat * nlon), rows.size() / (nlev * nlat * nlon));
      Map<String, Long> m = ScanMetrics.of(q);
      assertEquals(t2mChunks, m.get(ZarrMetrics.CHUNKS_READ), "each t2m chunk read once (chunksPerPartition " + perPartition + ") " + m);
    }
  }

  /**
   * A read of more than one task is cut into a whole number of rounds of the session's task
   * slots, of even size (a last round with one task leaves the other cores idle), and still
   * reads every chunk once and returns every row.
   */
  @Test
  void aReadOfSeveralTasksFillsWholeRoundsOfTaskSlotsEvenly() {
    int slots = spark.sparkContext().defaultParallelism();
    Dataset<Row> all = spark.read().format("zarr").option("variables", "t2m").load(dir + "/era5_*.zarr");
    InputPartition[] one = partitions(all);
    assertEquals(1, one.length, "the test stores fit one task of the default 128m");
    int cells = ((ZarrInputPartition) one[0]).cells.size();
    assertTrue(cells >= 2 * slots + 1, cells + " chunk cells: too few for this test");
    long total = 0;
    long biggest = 0;
    for (CellBox c : ((ZarrInputPartition) one[0]).cells) {
      total += c.rows() * 4;
      biggest = Math.max(biggest, c.rows() * 4);
    }
    // a budget of a few chunks under which the greedy cut (each task filled up to the budget, as
    // before) leaves a last round with fewer tasks than slots
    long budget = 0;
    int greedy = 0;
    for (int k = 8; k <= 16 && budget == 0; k++) {
      int n = greedyTasks(((ZarrInputPartition) one[0]).cells, k * biggest);
      if (n % slots != 0) {
        budget = k * biggest;
        greedy = n;
      }
    }
    assertTrue(budget > 0, "no budget of 8-16 chunks leaves a part round for " + cells + " cells on " + slots + " slots");
    // the test stores are small: take the 4m floor away so the read is spread as a big one is
    Dataset<Row> q = spark.read().format("zarr").option("variables", "t2m").option("partitionBytes", String.valueOf(budget))
        .option("minPartitionBytes", "1").load(dir + "/era5_*.zarr");
    InputPartition[] parts = partitions(q);
    assertEquals((greedy + slots - 1) / slots * slots, parts.length, "tasks on " + slots + " slots, greedily " + greedy);
    long least = Long.MAX_VALUE;
    long most = 0;
    for (InputPartition p : parts) {
      long b = 0;
      for (CellBox c : ((ZarrInputPartition) p).cells) b += c.rows() * 4;
      least = Math.min(least, b);
      most = Math.max(most, b);
    }
    // each cut lies within half a chunk of its even place: a task is within one chunk of the mean
    long mean = total / parts.length;
    assertTrue(least >= mean - biggest && most <= mean + biggest,
        "tasks of " + least + " to " + most + " bytes, mean " + mean + ", a chunk at most " + biggest);
    // the spread cut holds the same cells in the same order as the one task: only the cuts moved
    List<CellBox> whole = ((ZarrInputPartition) one[0]).cells;
    int i = 0;
    for (InputPartition p : parts) {
      for (CellBox c : ((ZarrInputPartition) p).cells) {
        assertTrue(i < whole.size() && java.util.Arrays.equals(whole.get(i).lo, c.lo), "cell " + i + " of the spread cut");
        i++;
      }
    }
    assertEquals(whole.size(), i, "cells in the spread cut");
    Dataset<Row> agg = q.selectExpr("count(t2m)"); // NaN is not null: every row
    assertEquals(all.count(), agg.collectAsList().get(0).getLong(0), "rows");
    Map<String, Long> m = ScanMetrics.of(agg);
    assertEquals((long) cells, m.get(ZarrMetrics.CHUNKS_READ), "each chunk read once " + m);

    // with a floor of the whole read a task, spreading would make tasks under the floor: the
    // greedy cut stays, as a small read on a cluster of many slots stays a few tasks
    Dataset<Row> floored = spark.read().format("zarr").option("variables", "t2m").option("partitionBytes", String.valueOf(budget))
        .option("minPartitionBytes", String.valueOf(total)).load(dir + "/era5_*.zarr");
    assertEquals(greedy, partitions(floored).length, "tasks with minPartitionBytes " + total);
  }

  private static int greedyTasks(List<CellBox> cells, long budget) {
    int n = 1;
    long current = 0;
    for (CellBox c : cells) {
      long b = c.rows() * 4;
      if (current > 0 && current + b > budget) {
        n++;
        current = 0;
      }
      current += b;
    }
    return n;
  }

  private static InputPartition[] partitions(Dataset<Row> df) {
    ZarrScan[] found = new ZarrScan[1];
    df.queryExecution().executedPlan().foreach(p -> {
      if (p instanceof org.apache.spark.sql.execution.datasources.v2.BatchScanExec) {
        found[0] = (ZarrScan) ((org.apache.spark.sql.execution.datasources.v2.BatchScanExec) p).scan();
      }
      return scala.runtime.BoxedUnit.UNIT;
    });
    return found[0].planInputPartitions();
  }

  @Test
  void wholeDatasetAggregatesMatchXarray() {
    Dataset<Row> df = spark.read().format("zarr").option("variables", "t2m,sst").load(dir + "/era5_*.zarr");
    JsonNode sizes = expected.get("full_sizes");
    long cells = sizes.get("time").asLong() * sizes.get("latitude").asLong() * sizes.get("longitude").asLong();
    assertEquals(cells, df.count());
    Row agg = df.selectExpr("sum(CASE WHEN isnan(t2m) THEN 1 ELSE 0 END)",
        "sum(CASE WHEN isnan(t2m) THEN 0D ELSE CAST(t2m AS DOUBLE) END)",
        "sum(CASE WHEN isnan(sst) THEN 0D ELSE CAST(sst AS DOUBLE) END)").first();
    assertEquals(expected.get("t2m_nan_count").asLong(), agg.getLong(0));
    assertEquals(expected.get("t2m_sum").asDouble(), agg.getDouble(1), Math.abs(expected.get("t2m_sum").asDouble()) * 1e-12);
    assertEquals(expected.get("sst_sum").asDouble(), agg.getDouble(2), Math.abs(expected.get("sst_sum").asDouble()) * 1e-12);
  }
}
