package org.spangeo.zarr.datasource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spangeo.zarr.blocks.Blocks;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.dataset.Selection;
import org.spangeo.zarr.store.HadoopConf;
import org.spangeo.zarr.testing.PythonPeer;
import org.spangeo.zarr.testing.SparkTestSession;
import org.spangeo.zarr.write.DatasetSpec;
import org.spangeo.zarr.write.VariableSpec;
import org.spangeo.zarr.write.ZarrWriter;

/**
 * Planning at archive scale: a store of 1,000,000 chunks (hourly t2m over 11.4 years on a
 * 0.25-degree-like 1000 x 1000 grid, chunks (10, 100, 100): 400 GB decoded) whose chunks are
 * all absent (metadata only). Planning a read must take seconds, hold bounded driver memory
 * and group chunks into a sensible number of tasks. Figures are printed for docs/cluster.md.
 */
class MillionChunkPlanningTest {
  static final int NT = 100_000;
  static final int NY = 1000;
  static final int NX = 1000;
  static final int[] CHUNKS = {10, 100, 100};
  static final HadoopConf CONF = HadoopConf.of(Map.of());
  static String store;

  @BeforeAll
  static void write() {
    Path dir = PythonPeer.scratch("million");
    store = dir.resolve("era5_million.zarr").toString();
    long[] times = new long[NT];
    long t0 = java.time.Instant.parse("2000-01-01T00:00:00Z").getEpochSecond() * 1_000_000L;
    for (int t = 0; t < NT; t++) times[t] = t0 + t * 3_600_000_000L;
    double[] lat = new double[NY];
    for (int y = 0; y < NY; y++) lat[y] = 90.0 - y * 0.18;
    double[] lon = new double[NX];
    for (int x = 0; x < NX; x++) lon[x] = x * 0.36;
    DatasetSpec spec = new DatasetSpec()
        .timeLatLon(times, lat, lon)
        .variable(VariableSpec.float32("t2m", List.of("time", "latitude", "longitude"), new long[] {NT, NY, NX}, CHUNKS));
    ZarrWriter w = ZarrWriter.begin(CONF, store, spec, ZarrWriter.Mode.OVERWRITE);
    w.commit(); // metadata and coordinates only: every t2m chunk is absent (reads as NaN)
  }

  static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) System.gc();
    var m = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    return m.getUsed();
  }

  @Test
  void theStoreHasAMillionChunksAndNoData() throws Exception {
    Dataset ds = Dataset.open(CONF, store);
    assertEquals(1_000_000L, ds.variable("t2m").metadata().chunkCount());
    try (Stream<Path> s = Files.list(Path.of(store, "t2m"))) {
      assertEquals(0, s.filter(p -> !p.getFileName().toString().startsWith(".")).count(), "chunks are absent");
    }
  }

  @Test
  void planningASqlReadTakesSecondsAndGroupsChunksIntoTasks() {
    SparkSession spark = SparkTestSession.get();
    long before = usedHeapAfterGc();
    long t0 = System.nanoTime();
    var df = spark.read().format("zarr").load(store);
    int parts = df.rdd().getNumPartitions();
    double secs = (System.nanoTime() - t0) / 1e9;
    long retained = usedHeapAfterGc() - before;
    // 400 GB decoded in partitions of about 128 MiB: 2,981 tasks of 335 chunks (one chunk is 400 KB)
    long decoded = (long) NT * NY * NX * 4;
    long expected = (decoded + (128L << 20) - 1) / (128L << 20);
    System.out.printf("1M-chunk SQL plan: %d partitions in %.2f s, %d MiB of driver heap retained (df alive)%n",
        parts, secs, retained >> 20);
    assertTrue(Math.abs(parts - expected) <= expected / 10, parts + " partitions, expected about " + expected);
    assertTrue(secs < 60, "planning took " + secs + " s");
    assertTrue(retained < 1024L << 20, "planning retained " + (retained >> 20) + " MiB");
    // a month of it: only the chunks the filter touches are planned
    int month = spark.read().format("zarr").load(store).where("time >= '2005-07-01' AND time < '2005-08-01'")
        .rdd().getNumPartitions();
    assertTrue(month >= 1 && month <= 30, month + " partitions for one month (744 hours: 75 x 100 chunks = 3 GB)");
    df.hashCode(); // keep the plan alive until the measurement above
  }

  @Test
  void planningTheBlockViewOfAMillionChunksIsMetadataOnly() {
    Dataset ds = Dataset.open(CONF, store);
    var jsc = org.apache.spark.api.java.JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext());
    long before = usedHeapAfterGc();
    long t0 = System.nanoTime();
    // what the stages do: a chunk plan held per dim (not per chunk) on the driver, read in the tasks
    var blocks = Blocks.read(jsc, ds, Selection.all(ds), List.of("t2m"), 0);
    int parts = blocks.getNumPartitions();
    double secs = (System.nanoTime() - t0) / 1e9;
    long retained = usedHeapAfterGc() - before;
    System.out.printf("1M-chunk block plan: %d partitions in %.2f s, %d MiB of driver heap retained%n", parts, secs,
        retained >> 20);
    assertTrue(secs < 60, "planning took " + secs + " s");
    assertTrue(retained < 64L << 20, "planning retained " + (retained >> 20) + " MiB");
    // one partition per 64 MiB decoded (Blocks.PARTITION_BYTES, float32 blocks), not one per chunk
    long n = (1_000_000L * CHUNKS[0] * CHUNKS[1] * CHUNKS[2] * 4 + Blocks.PARTITION_BYTES - 1) / Blocks.PARTITION_BYTES;
    assertEquals(n, parts);
    blocks.hashCode(); // keep the plan alive until the measurement above
  }
}
