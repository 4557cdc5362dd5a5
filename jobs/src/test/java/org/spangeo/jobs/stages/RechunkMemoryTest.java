package org.spangeo.jobs.stages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.spangeo.jobs.JobsTestSession;
import org.spangeo.zarr.array.RawChunk;
import org.spangeo.zarr.blocks.Block;
import org.spangeo.zarr.blocks.BlockKey;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.dataset.Variable;
import org.spangeo.zarr.store.HadoopConf;
import org.spangeo.zarr.write.DatasetSpec;
import org.spangeo.zarr.write.SparkBlockWriter;
import org.spangeo.zarr.write.VariableSpec;
import org.spangeo.zarr.write.ZarrWriter;

/**
 * The rechunk, at a size that matters: a (2920, 121, 161) float32 variable (228 MB)
 * chunked (24, 121, 161) is rechunked to (2920, 16, 16) with --max-mem 64MB. Peak live heap
 * during the run (heap in use after each garbage collection, over the baseline) must stay
 * within the concurrent tasks x max-mem plus a stated constant for Spark's own buffers, and
 * the output must equal the input element for element.
 */
class RechunkMemoryTest {
  static final int NT = 2920;
  static final int NY = 121;
  static final int NX = 161;
  static final long MAX_MEM = 64_000_000L;
  /** Spark's per-JVM working memory outside our buffers (shuffle and serializer buffers, task state). */
  static final long CONSTANT = 128L << 20;

  static float value(int t, int y, int x) {
    return (float) (280 + 10 * Math.sin(t * 0.01 + y * 0.05) + 5 * Math.cos(x * 0.07) + ((t * 31 + y * 17 + x * 7) % 101) * 0.01);
  }

  static void writeSource(JavaSparkContext jsc, String path) {
    long[] times = new long[NT];
    for (int i = 0; i < NT; i++) times[i] = 1_546_300_800_000_000L + i * 3_600_000_000L * 3;
    double[] lat = new double[NY];
    for (int i = 0; i < NY; i++) lat[i] = 40 - 0.25 * i;
    double[] lon = new double[NX];
    for (int i = 0; i < NX; i++) lon[i] = 100 + 0.25 * i;
    DatasetSpec spec = new DatasetSpec()
        .timeLatLon(times, lat, lon)
        .variable(VariableSpec.float32("t2m", List.of("time", "latitude", "longitude"), new long[] {NT, NY, NX},
            new int[] {24, NY, NX}));
    List<Integer> starts = new ArrayList<>();
    for (int t = 0; t < NT; t += 24) starts.add(t);
    JavaRDD<Block> blocks = jsc.parallelize(starts, 8).map(t0 -> {
      int n = Math.min(24, NT - t0);
      float[] v = new float[n * NY * NX];
      for (int t = 0; t < n; t++) for (int y = 0; y < NY; y++) for (int x = 0; x < NX; x++) v[(t * NY + y) * NX + x] = value(t0 + t, y, x);
      return Block.ofFloats(new BlockKey("t2m", List.of("time", "latitude", "longitude"), new long[] {t0, 0, 0}),
          new int[] {n, NY, NX}, v);
    });
    SparkBlockWriter.write(blocks, ZarrWriter.begin(HadoopConf.of(Map.of()), path, spec, ZarrWriter.Mode.OVERWRITE));
  }

  /**
   * Samples the live heap: every 250 ms a full collection, then the heap in use. (Heap after a
   * young collection would count old-generation garbage that only a full one frees.)
   */
  static final class LiveHeapSampler implements AutoCloseable {
    final AtomicLong peak = new AtomicLong();
    final AtomicLong samples = new AtomicLong();
    volatile String histogramAtPeak = "";
    private volatile boolean running = true;
    private final Thread thread = new Thread(() -> {
      while (running) {
        System.gc();
        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        if (used > peak.get()) {
          peak.set(used);
          histogramAtPeak = histogram();
        }
        samples.incrementAndGet();
        try {
          Thread.sleep(150);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "live-heap-sampler");

    /** The largest classes on the heap now (what was live at the peak, if the bound is exceeded). */
    static String histogram() {
      try {
        javax.management.ObjectName dcmd = new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand");
        String h = (String) ManagementFactory.getPlatformMBeanServer().invoke(dcmd, "gcClassHistogram",
            new Object[] {new String[0]}, new String[] {String[].class.getName()});
        return h.lines().limit(10).collect(java.util.stream.Collectors.joining("\n"));
      } catch (Exception e) {
        return "(no histogram: " + e + ")";
      }
    }

    LiveHeapSampler() {
      thread.setDaemon(true);
      thread.start();
    }

    @Override
    public void close() throws InterruptedException {
      running = false;
      thread.join();
    }
  }

  static long liveHeap() {
    for (int i = 0; i < 3; i++) System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  @Test
  void rechunkStaysWithinMaxMemAndKeepsEveryValue() throws Exception {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(JobsTestSession.get().sparkContext());
    Path dir = org.spangeo.zarr.testing.PythonPeer.scratch("rechunk-memory");
    String src = dir.resolve("hourly.zarr").toString();
    String out = dir.resolve("series.zarr").toString();
    writeSource(jsc, src);

    long baseline = liveHeap();
    long peak;
    long samples;
    String histogram;
    try (LiveHeapSampler meter = new LiveHeapSampler()) {
      String[] r = org.spangeo.jobs.CliRunner.spangeo("rechunk", "--in", src, "--chunks", "time=2920,latitude=16,longitude=16",
          "--max-mem", "64MB", "--out", out, "--overwrite");
      assertEquals("0", r[0], r[2]);
      peak = meter.peak.get();
      samples = meter.samples.get();
      histogram = meter.histogramAtPeak;
    }
    assertTrue(samples >= 10, "the run was sampled (" + samples + " samples)");
    int slots = jsc.defaultParallelism();
    long growth = Math.max(0, peak - baseline);
    long bound = slots * MAX_MEM + CONSTANT;
    System.out.printf("rechunk 228 MB: peak live heap over baseline %.1f MB in %d samples (bound %d tasks x 64 MB + %d MB = %.1f MB)%n",
        growth / 1e6, samples, slots, CONSTANT >> 20, bound / 1e6);
    assertTrue(growth <= bound, "peak live heap grew by " + growth / 1e6 + " MB, over the bound " + bound / 1e6
        + " MB; the heap at the peak:\n" + histogram);

    // the output equals the input, element for element, chunk by chunk
    Dataset a = Dataset.open(HadoopConf.of(Map.of()), src);
    Dataset b = Dataset.open(HadoopConf.of(Map.of()), out);
    Variable va = a.variable("t2m");
    Variable vb = b.variable("t2m");
    assertEquals(List.of(2920, 16, 16), List.of(vb.metadata().chunks()[0], vb.metadata().chunks()[1], vb.metadata().chunks()[2]));
    for (int y = 0; y < NY; y += 16) {
      for (int x = 0; x < NX; x += 16) {
        int[] count = {NT, Math.min(16, NY - y), Math.min(16, NX - x)};
        RawChunk ra = va.read(new long[] {0, y, x}, count);
        RawChunk rb = vb.read(new long[] {0, y, x}, count);
        assertTrue(java.util.Arrays.equals(ra.bytes(), rb.bytes()), "box at latitude " + y + ", longitude " + x);
      }
    }
  }
}
