package org.spangeo.zarr.datasource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.dataset.Selection;
import org.spangeo.zarr.store.HadoopConf;
import org.spangeo.zarr.testing.PythonPeer;
import org.spangeo.zarr.write.DatasetSpec;
import org.spangeo.zarr.write.VariableSpec;
import org.spangeo.zarr.write.ZarrWriter;

/**
 * Bounded memory: a JVM whose heap (160 MB) is smaller than the one partition it reads and
 * writes (5,760,000 rows: 92 MB of float32 values, 184 MB as the write path's double columns, 23 MB
 * in each 1 MB-chunked block of the store) scans it in one task (column batches capped at 65,536
 * rows) and writes it back with {@code df.write.format("zarr")} in one task (the fragment streamed
 * in segments). Before, the write task held its whole partition as double[] columns. The parent
 * checks the scan's count and sum and that the written store equals the source.
 */
class SmallHeapTest {
  static final int NT = 1440;
  static final int NY = 40;
  static final int NX = 100;
  static final HadoopConf CONF = HadoopConf.of(Map.of());
  static String store;

  @BeforeAll
  static void write() {
    Path dir = PythonPeer.scratch("small-heap");
    store = dir.resolve("t2m.zarr").toString();
    long t0 = java.time.Instant.parse("2020-01-01T00:00:00Z").getEpochSecond() * 1_000_000L;
    long[] times = new long[NT];
    for (int t = 0; t < NT; t++) times[t] = t0 + t * 3_600_000_000L;
    double[] lat = new double[NY];
    for (int y = 0; y < NY; y++) lat[y] = 40 - y * 0.25;
    double[] lon = new double[NX];
    for (int x = 0; x < NX; x++) lon[x] = 100 + x * 0.25;
    DatasetSpec spec = new DatasetSpec()
        .timeLatLon(times, lat, lon)
        .variable(VariableSpec.float32("t2m", List.of("time", "latitude", "longitude"), new long[] {NT, NY, NX},
            new int[] {72, NY, NX}));
    ZarrWriter w = ZarrWriter.begin(CONF, store, spec, ZarrWriter.Mode.OVERWRITE);
    int plane = NY * NX;
    for (int c = 0; c < NT / 72; c++) {
      float[] v = new float[72 * plane];
      for (int i = 0; i < v.length; i++) v[i] = value(c * 72 + i / plane, i % plane);
      w.writeChunk("t2m", new long[] {c, 0, 0}, new int[] {72, NY, NX}, v);
    }
    w.commit();
  }

  static float value(int t, int cell) {
    return 280f + (t % 24) * 0.5f + (cell % 97) * 0.125f;
  }

  @Test
  void aPartitionLargerThanTheHeapIsScannedAndWrittenByOneTask() throws Exception {
    String out = Path.of(store).resolveSibling("t2m-written.zarr").toString();
    List<String> cmd = new ArrayList<>();
    cmd.add(System.getProperty("java.home") + "/bin/java");
    // the module openings Spark needs, as this test JVM got them
    for (String a : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("--add-opens") || a.startsWith("-Djdk.reflect")) cmd.add(a);
    }
    cmd.addAll(List.of("-Xmx160m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
        SmallHeapChild.class.getName(), store, out));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(10, TimeUnit.MINUTES), "finished");
    assertEquals(0, p.exitValue(), log);
    String result = log.lines().filter(l -> l.startsWith("RESULT ")).findFirst().orElseThrow(() -> new AssertionError(log));
    double sum = 0;
    for (int t = 0; t < NT; t++) for (int c = 0; c < NY * NX; c++) sum += value(t, c);
    String[] f = result.split(" ");
    assertEquals((long) NT * NY * NX, Long.parseLong(f[1]));
    assertEquals(sum, Double.parseDouble(f[2]), Math.abs(sum) * 1e-12);
    assertTrue(log.contains("WROTE"), log);

    // what was written is the source, value for value
    Dataset src = Dataset.open(CONF, store);
    Dataset back = Dataset.open(CONF, out);
    assertEquals(src.dims(), back.dims());
    assertTrue(Arrays.equals(src.timeValues("time"), back.timeValues("time")), "times");
    float[] a = (float[]) org.spangeo.zarr.dataset.Values.decode(src.variable("t2m").read(new long[3], new int[] {NT, NY, NX}),
        src.variable("t2m"));
    float[] b = (float[]) org.spangeo.zarr.dataset.Values.decode(back.variable("t2m").read(new long[3], new int[] {NT, NY, NX}),
        back.variable("t2m"));
    assertTrue(Arrays.equals(a, b), "the written t2m equals the source");
    assertEquals(Selection.all(src).count("time"), Selection.all(back).count("time"));
  }
}
