package org.spangeo.ml.patches;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spangeo.ml.testing.ErrorLines.assertBad;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spangeo.jobs.CliRunner;
import org.spangeo.ml.testing.GridStore;
import org.spangeo.ml.testing.MlTestSession;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.dataset.Selection;
import org.spangeo.zarr.dataset.Values;
import org.spangeo.zarr.dataset.Variable;
import org.spangeo.zarr.store.HadoopConf;
import org.spangeo.zarr.testing.PythonPeer;

/**
 * The patch store against xbatcher's rules, with the expected numbers worked out by hand.
 *
 * <p>The store: time 10 steps (6-hourly from 2019-01-01), latitude 7 (40 down to 34), longitude 9
 * (100 to 108); a = t*10000 + i*100 + j, b = -a, rain = 0.006 m/h where (t+i+j) % 3 == 0 else
 * 0.001 (label: rain * 1000 > 5). Chunks (4, 3, 4), so every batch straddles chunks, and the
 * direct cutter's slabs of 3 steps share chunks with their neighbours (steps 3-5 take chunk 0 kept
 * from steps 0-2, steps 6-8 chunk 1 kept from 3-5).
 *
 * <p>--input-dims latitude=4,longitude=4 --overlap latitude=2,longitude=1 --batch-dims time=3:
 * latitude stride 2, floor((7-2)/2) = 2 windows at 0 and 2 (one at 4 would end at 8 > 7: dropped);
 * longitude stride 3, floor((9-1)/3) = 2 windows at 0 and 3 (6 would end at 10 > 9); time
 * floor(10/3) = 3 blocks at 0, 3, 6 (step 9 dropped). 3 * 2 * 2 = 12 batches, numbered time block
 * first, then latitude, then longitude fastest: batch 7 = time block 1, latitude window 1,
 * longitude window 1 = starts (t 3, i 2, j 3); batch 10 = (2, 1, 0) = starts (6, 2, 0).
 */
class PatchesXbatcherTest {
  static Path dir;
  static Path src;
  static Path unitStats;
  static HadoopConf conf = HadoopConf.of(Map.of());

  @BeforeAll
  static void store() throws Exception {
    MlTestSession.get();
    dir = PythonPeer.scratch("ml-patches");
    GridStore g = new GridStore(GridStore.times("2019-01-01", 10, 6), GridStore.axis(40, 1, 7), GridStore.axis(100, -1, 9));
    float[] a = new float[g.size()];
    float[] b = new float[g.size()];
    float[] rain = new float[g.size()];
    for (int t = 0; t < 10; t++) {
      for (int i = 0; i < 7; i++) {
        for (int j = 0; j < 9; j++) {
          int k = g.index(t, i, j);
          a[k] = t * 10000 + i * 100 + j;
          b[k] = -a[k];
          rain[k] = (t + i + j) % 3 == 0 ? 0.006f : 0.001f;
        }
      }
    }
    g.put("a", a).put("b", b).put("rain", rain);
    src = g.write(dir.resolve("src.zarr"), 4, 3, 4);
    unitStats = dir.resolve("unit.json");
    Files.writeString(unitStats, "{\"variables\": {\"a\": {\"mean\": 0, \"std\": 1}, \"b\": {\"mean\": 0, \"std\": 1}}}");
  }

  static String[] patches(String out, String... extra) {
    String[] base = {"patches", "--in", src.toString(), "--features", "a,b", "--label", "rain", "--stats", unitStats.toString(),
        "--out", out, "--overwrite"};
    String[] args = Arrays.copyOf(base, base.length + extra.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return CliRunner.spangeo(args);
  }

  static double[] read(Dataset ds, String var) {
    Variable v = ds.variable(var);
    long[] shape = v.shape();
    int[] count = new int[shape.length];
    for (int i = 0; i < shape.length; i++) count[i] = (int) shape[i];
    return Values.decodeDouble(v.read(new long[shape.length], count), v);
  }

  static long[] readTimes(Dataset ds, String var) {
    Variable v = ds.variable(var);
    long[] shape = v.shape();
    int[] count = new int[shape.length];
    for (int i = 0; i < shape.length; i++) count[i] = (int) shape[i];
    return (long[]) Values.decode(v.read(new long[shape.length], count), v);
  }

  @Test
  void batchCountContentAndOrderFollowXbatcher() throws Exception {
    String out = dir.resolve("p1.zarr").toString();
    String[] r = patches(out, "--input-dims", "latitude=4,longitude=4", "--overlap", "latitude=2,longitude=1", "--batch-dims",
        "time=3", "--batches-per-chunk", "5");
    assertEquals("0", r[0], r[2]);
    Dataset p = Dataset.open(conf, out);
    assertEquals(List.of("batch", "variable", "time", "latitude", "longitude"), p.variable("features").dims());
    assertArrayEquals(new long[] {12, 2, 3, 4, 4}, p.variable("features").shape());
    assertArrayEquals(new long[] {12, 3, 4, 4}, p.variable("label").shape());
    assertEquals("|i1", p.variable("label").dtype().v2String());

    // start offsets of every batch, in order (time, latitude, longitude), by hand
    long[][] starts = {
        {0, 0, 0}, {0, 0, 3}, {0, 2, 0}, {0, 2, 3},
        {3, 0, 0}, {3, 0, 3}, {3, 2, 0}, {3, 2, 3},
        {6, 0, 0}, {6, 0, 3}, {6, 2, 0}, {6, 2, 3}};
    double[] st = read(p, "start_time");
    double[] si = read(p, "start_latitude");
    double[] sj = read(p, "start_longitude");
    for (int b = 0; b < 12; b++) assertArrayEquals(starts[b], new long[] {(long) st[b], (long) si[b], (long) sj[b]}, "batch " + b);
    assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, read(p, "source_batch"));

    double[] f = read(p, "features");
    // batch 7, variable a, first time step (t = 3), latitudes 2..5, longitudes 3..6
    double[] batch7a0 = {
        30203, 30204, 30205, 30206,
        30303, 30304, 30305, 30306,
        30403, 30404, 30405, 30406,
        30503, 30504, 30505, 30506};
    assertArrayEquals(batch7a0, Arrays.copyOfRange(f, off(7, 0, 0), off(7, 0, 0) + 16));
    // batch 7, variable b (= -a), last time step (t = 5)
    double[] batch7b2 = {
        -50203, -50204, -50205, -50206,
        -50303, -50304, -50305, -50306,
        -50403, -50404, -50405, -50406,
        -50503, -50504, -50505, -50506};
    assertArrayEquals(batch7b2, Arrays.copyOfRange(f, off(7, 1, 2), off(7, 1, 2) + 16));
    // batch 10 (t 6..8, lat 2..5, lon 0..3), variable a, middle step t = 7
    double[] batch10a1 = {
        70200, 70201, 70202, 70203,
        70300, 70301, 70302, 70303,
        70400, 70401, 70402, 70403,
        70500, 70501, 70502, 70503};
    assertArrayEquals(batch10a1, Arrays.copyOfRange(f, off(10, 0, 1), off(10, 0, 1) + 16));
    // the dropped edge never appears: latitude 6 (a % 1000 / 100 == 6), longitude 7 and 8, time 9
    for (int k = 0; k < f.length; k++) {
      long v = Math.abs((long) f[k]);
      assertTrue(v / 10000 < 9 && (v % 10000) / 100 < 6 && v % 100 < 7, "value " + f[k] + " from a dropped edge");
    }
    // labels of batch 7 at t = 3: (3 + i + j) % 3 == 0 with i = 2..5, j = 3..6
    double[] lab = read(p, "label");
    double[] batch7label0 = {
        0, 1, 0, 0,
        1, 0, 0, 1,
        0, 0, 1, 0,
        0, 1, 0, 0};
    assertArrayEquals(batch7label0, Arrays.copyOfRange(lab, 7 * 48, 7 * 48 + 16));
    // coordinates of batch 7
    double[] blat = read(p, "batch_latitude");
    double[] blon = read(p, "batch_longitude");
    assertArrayEquals(new double[] {38, 37, 36, 35}, Arrays.copyOfRange(blat, 7 * 4, 8 * 4));
    assertArrayEquals(new double[] {103, 104, 105, 106}, Arrays.copyOfRange(blon, 7 * 4, 8 * 4));
    long[] bt = readTimes(p, "batch_time");
    long h6 = 6 * 3_600_000_000L;
    long t0 = GridStore.times("2019-01-01", 1, 6)[0];
    assertArrayEquals(new long[] {t0 + 3 * h6, t0 + 4 * h6, t0 + 5 * h6}, Arrays.copyOfRange(bt, 7 * 3, 8 * 3));
    // xarray opens the patch store: batch 7 starts 2019-01-01T18:00, latitude 38, a = 30203
    com.fasterxml.jackson.databind.JsonNode py = org.spangeo.zarr.metadata.MetadataParser.JSON.readTree(
        PythonPeer.run("check_patches.py", out, "7"));
    assertEquals("[[\"batch\",\"variable\",\"time\",\"latitude\",\"longitude\"],[12,2,3,4,4],\"float32\"]",
        py.get("features").toString());
    assertEquals("[[\"batch\",\"time\",\"latitude\",\"longitude\"],\"int8\"]", py.get("label").toString());
    assertEquals("[\"2019-01-01T18:00:00\",\"2019-01-02T00:00:00\",\"2019-01-02T06:00:00\"]", py.get("batch_time").toString());
    assertEquals(38.0, py.get("batch_latitude").get(0).asDouble());
    assertEquals(30203.0, py.get("first").asDouble());
  }

  /** Offset in features (12, 2, 3, 4, 4) of batch b, variable v, step s. */
  static int off(int b, int v, int s) {
    return ((b * 2 + v) * 3 + s) * 16;
  }

  @Test
  void inputDimsOrderSetsTheEnumeration() {
    // longitude first: batch 1 is now the second latitude window (i 2, j 0), not the second longitude window
    String out = dir.resolve("p2.zarr").toString();
    String[] r = patches(out, "--input-dims", "longitude=4,latitude=4", "--overlap", "latitude=2,longitude=1", "--batch-dims", "time=3");
    assertEquals("0", r[0], r[2]);
    Dataset p = Dataset.open(conf, out);
    double[] si = read(p, "start_latitude");
    double[] sj = read(p, "start_longitude");
    assertArrayEquals(new double[] {0, 2, 0, 2, 0, 2, 0, 2, 0, 2, 0, 2}, si);
    assertArrayEquals(new double[] {0, 0, 3, 3, 0, 0, 3, 3, 0, 0, 3, 3}, sj);
  }

  @Test
  void withoutBatchDimsTimeIsKeptWhole() {
    // no overlap: latitude floor(7/4) = 1 window, longitude floor(9/4) = 2; time (10) kept whole
    String out = dir.resolve("p3.zarr").toString();
    String[] r = patches(out, "--input-dims", "latitude=4,longitude=4", "--batch-dims", "");
    assertEquals("0", r[0], r[2]);
    Dataset p = Dataset.open(conf, out);
    assertArrayEquals(new long[] {2, 2, 10, 4, 4}, p.variable("features").shape());
    assertArrayEquals(new double[] {0, 4}, read(p, "start_longitude"));
  }

  @Test
  void seededShuffleIsAPermutationAndReproducible() {
    String a = dir.resolve("s1.zarr").toString();
    String b = dir.resolve("s2.zarr").toString();
    String[] opts = {"--input-dims", "latitude=4,longitude=4", "--overlap", "latitude=2,longitude=1", "--batch-dims", "time=3",
        "--seed", "7"};
    assertEquals("0", patches(a, opts)[0]);
    assertEquals("0", patches(b, opts)[0]);
    Dataset pa = Dataset.open(conf, a);
    double[] order = read(pa, "source_batch");
    assertArrayEquals(order, read(Dataset.open(conf, b), "source_batch"));
    double[] sorted = order.clone();
    Arrays.sort(sorted);
    assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, sorted);
    assertFalse(Arrays.equals(sorted, order), "seed 7 left the order unchanged");
    // the written batch k holds xbatcher's batch order[k]: its first value is a at its starts
    double[] f = read(pa, "features");
    long[][] starts = {{0, 0, 0}, {0, 0, 3}, {0, 2, 0}, {0, 2, 3}, {3, 0, 0}, {3, 0, 3}, {3, 2, 0}, {3, 2, 3}, {6, 0, 0}, {6, 0, 3},
        {6, 2, 0}, {6, 2, 3}};
    for (int k = 0; k < 12; k++) {
      long[] s = starts[(int) order[k]];
      assertEquals(s[0] * 10000 + s[1] * 100 + s[2], f[off(k, 0, 0)], "written batch " + k);
    }
  }

  /**
   * NaN in a feature becomes 0 and every other value is normalised bit for bit as before: the
   * direct cutter (its first slabs hold no NaN and take the loop without the NaN test, the last
   * slab holds NaN and takes the tested loop) against the seeded path's cutter (one loop with the
   * test for every value), batch by batch.
   */
  @Test
  void nanIsZeroAndTheDirectCutEqualsTheShuffledCutBitForBit() throws Exception {
    GridStore g = new GridStore(GridStore.times("2019-01-01", 10, 6), GridStore.axis(40, 1, 7), GridStore.axis(100, -1, 9));
    float[] a = new float[g.size()];
    float[] b = new float[g.size()];
    float[] rain = new float[g.size()];
    int nans = 0;
    for (int t = 0; t < 10; t++) {
      for (int i = 0; i < 7; i++) {
        for (int j = 0; j < 9; j++) {
          int k = g.index(t, i, j);
          boolean hole = t >= 6 && (i + j) % 4 == 0; // only in the last slab (time 6-8) and the dropped step 9
          a[k] = hole ? Float.NaN : t * 10000 + i * 100 + j + 0.3f * j;
          nans += hole && t < 9 ? 1 : 0;
          b[k] = -0.7f * (t * 10000 + i * 100 + j);
          rain[k] = (t + i + j) % 3 == 0 ? 0.006f : 0.001f;
        }
      }
    }
    g.put("a", a).put("b", b).put("rain", rain);
    Path nanSrc = g.write(dir.resolve("nan-src.zarr"), 4, 3, 4);
    Path stats = dir.resolve("nan-stats.json");
    Files.writeString(stats, "{\"variables\": {\"a\": {\"mean\": 31234.25, \"std\": 27.3}, \"b\": {\"mean\": -1.5, \"std\": 3.1}}}");
    String direct = dir.resolve("nan-direct.zarr").toString();
    String shuffled = dir.resolve("nan-shuffled.zarr").toString();
    String[] opts = {"patches", "--in", nanSrc.toString(), "--features", "a,b", "--label", "rain", "--stats", stats.toString(),
        "--input-dims", "latitude=4,longitude=4", "--overlap", "latitude=2,longitude=1", "--batch-dims", "time=3", "--overwrite"};
    String[] r = CliRunner.spangeo(cat(opts, "--out", direct));
    assertEquals("0", r[0], r[2]);
    r = CliRunner.spangeo(cat(opts, "--seed", "7", "--out", shuffled));
    assertEquals("0", r[0], r[2]);
    double[] fd = read(Dataset.open(conf, direct), "features");
    double[] fs = read(Dataset.open(conf, shuffled), "features");
    double[] order = read(Dataset.open(conf, shuffled), "source_batch");
    int per = 2 * 3 * 4 * 4;
    assertEquals(12 * per, fd.length);
    int zeros = 0;
    for (int k = 0; k < 12; k++) {
      int src = (int) order[k];
      for (int m = 0; m < per; m++) {
        double x = fd[src * per + m];
        assertEquals(Double.doubleToRawLongBits(fs[k * per + m]), Double.doubleToRawLongBits(x), "batch " + src + " value " + m);
        assertFalse(Double.isNaN(x), "batch " + src + " value " + m + " is NaN");
        if (x == 0 && m < per / 2) zeros++;
      }
    }
    assertTrue(nans > 0 && zeros > 0, nans + " NaN in the cut steps, " + zeros + " zeros in the features of a");
    // a NaN-free slab's value against the formula: batch 0, a at (t 0, i 0, j 1) = 1.3f
    double inv = 1 / 27.3;
    assertEquals(Float.floatToIntBits((float) ((1.3f - 31234.25) * inv)), Float.floatToIntBits((float) fd[1]),
        "batch 0, a at (0, 0, 1): " + fd[1]);
  }

  private static String[] cat(String[] a, String... b) {
    String[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void oversamplingRepeatsBatchesWithEvents() {
    // with rain 0.006 only where (t+i+j) % 3 == 0 every batch holds an event; a threshold of 5.5 mm/h and
    // rain values 6 mm/h keep them all, so use a higher threshold that no cell reaches except in none
    String all = dir.resolve("o1.zarr").toString();
    String[] r = patches(all, "--input-dims", "latitude=4,longitude=4", "--overlap", "latitude=2,longitude=1", "--batch-dims",
        "time=3", "--oversample-events", "3");
    assertEquals("0", r[0], r[2]);
    Dataset p = Dataset.open(conf, all);
    double[] order = read(p, "source_batch");
    assertEquals(36, order.length); // 12 batches, each with events, 3 times
    assertTrue(r[1].contains("patches: 36 batches of 3x4x4 [time, latitude, longitude] (xbatcher: 12; 12 with events, those 3 times)"),
        r[1]);
    int[] seen = new int[12];
    for (double o : order) seen[(int) o]++;
    for (int s : seen) assertEquals(3, s);
    String none = dir.resolve("o2.zarr").toString();
    r = patches(none, "--input-dims", "latitude=4,longitude=4", "--batch-dims", "time=3", "--oversample-events", "3",
        "--label-threshold", "7");
    assertEquals("0", r[0], r[2]);
    assertEquals(6, read(Dataset.open(conf, none), "source_batch").length); // no event: nothing repeated
    assertTrue(r[1].contains("(xbatcher: 6; 0 with events)"), r[1]);

    // without oversampling the cut counts the batches with events: the summary and the store say so
    String plain = dir.resolve("o3.zarr").toString();
    r = patches(plain, "--input-dims", "latitude=4,longitude=4", "--overlap", "latitude=2,longitude=1", "--batch-dims", "time=3");
    assertEquals("0", r[0], r[2]);
    assertTrue(r[1].contains("12 batches of 3x4x4 [time, latitude, longitude] (xbatcher: 12; 12 with events)"), r[1]);
    assertEquals(12, Dataset.open(conf, plain).attributes().get(Patches.ATTR).get("event_batches").asLong());
    String dry = dir.resolve("o4.zarr").toString();
    r = patches(dry, "--input-dims", "latitude=4,longitude=4", "--batch-dims", "time=3", "--label-threshold", "7");
    assertEquals("0", r[0], r[2]);
    assertTrue(r[1].contains("(xbatcher: 6; 0 with events)"), r[1]);
  }

  @Test
  void statisticsAreNanAwareMeanAndPopulationStd() {
    // the statistics stage against a direct loop over the values (not the stage's formula)
    Dataset ds = Dataset.open(conf, src.toString());
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(MlTestSession.get().sparkContext());
    Selection sel = Selection.all(ds).isel("time", 0, 7, 1);
    Normalisation n = Normalisation.compute(jsc, ds, sel, List.of("a", "rain"));
    double sum = 0;
    double sq = 0;
    int cnt = 0;
    for (int t = 0; t < 7; t++) {
      for (int i = 0; i < 7; i++) {
        for (int j = 0; j < 9; j++) {
          double v = t * 10000 + i * 100 + j;
          sum += v;
          cnt++;
        }
      }
    }
    double mean = sum / cnt;
    for (int t = 0; t < 7; t++) for (int i = 0; i < 7; i++) for (int j = 0; j < 9; j++) {
      double d = t * 10000 + i * 100 + j - mean;
      sq += d * d;
    }
    assertEquals(mean, n.mean("a"), 1e-9 * Math.abs(mean));
    assertEquals(Math.sqrt(sq / cnt), n.std("a"), 1e-9 * Math.sqrt(sq / cnt));
    assertNotEquals(0, n.std("rain"));
  }

  @Test
  void patchStoreKeepsTheStatisticsAndNormalises() throws Exception {
    String out = dir.resolve("n.zarr").toString();
    String[] r = CliRunner.spangeo("patches", "--in", src.toString(), "--features", "a", "--label", "rain", "--input-dims",
        "latitude=4,longitude=4", "--batch-dims", "time=5", "--out", out);
    assertEquals("0", r[0], r[2]);
    PatchStore ps = PatchStore.open(conf, out);
    Normalisation n = ps.statistics();
    assertTrue(Files.exists(Path.of(out, "normalisation.json")));
    float[] f = ps.readFeatures(0);
    // batch 0, t 0, i 0, j 1: a = 1
    assertEquals((float) ((1 - n.mean("a")) / n.std("a")), f[1], 1e-6);
  }

  @Test
  void badInputIsOneLineAndWritesNothing() {
    String out = dir.resolve("bad.zarr").toString();
    String[] r = CliRunner.spangeo("patches", "--in", src.toString(), "--features", "a,cape", "--label", "rain", "--out", out);
    assertBad(r, "feature variable 'cape' is not in", out);
    r = CliRunner.spangeo("patches", "--in", src.toString(), "--features", "a", "--label", "rain", "--input-dims",
        "latitude=8,longitude=4", "--batch-dims", "time=5", "--out", out);
    assertBad(r, "window latitude=8 is larger than the grid (latitude has 7)", out);
    r = CliRunner.spangeo("patches", "--in", src.toString(), "--features", "a", "--label", "rain", "--input-dims",
        "latitude=4,longitude=4", "--overlap", "latitude=4", "--out", out);
    assertBad(r, "--overlap latitude=4 must be smaller than the window", out);
    r = CliRunner.spangeo("patches", "--in", src.toString(), "--features", "a", "--label", "precip", "--out", out);
    assertBad(r, "label variable 'precip' is not in", out);
    r = CliRunner.spangeo("patches", "--in", src.toString(), "--features", "a", "--label", "rain", "--input-dims", "lat=4",
        "--out", out);
    assertBad(r, "--input-dims: 'lat' is not a dim of the data", out);
    r = CliRunner.spangeo("patches", "--in", src.toString(), "--features", "a", "--label", "rain", "--years", "2030", "--out", out);
    assertBad(r, "--years 2030 selects no time step", out);
    r = CliRunner.spangeo("patches", "--in", src.toString(), "--vars", "a", "--label", "rain", "--out", out);
    assertBad(r, "--vars is not used by patches", out);
    r = CliRunner.spangeo("patches", "--in", src.toString(), "--features", "a", "--label", "rain", "--stats", dir.resolve("none.json")
        .toString(), "--out", out);
    assertBad(r, "--stats " + dir.resolve("none.json") + ": no statistics there", out);
    r = CliRunner.spangeo("patches", "--in", src.toString(), "--features", "a", "--label", "rain", "--mode", "append", "--out", out);
    assertBad(r, "a patch store cannot be appended to", out);
    r = CliRunner.spangeo("patches", "--in", src.toString(), "--features", "a", "--label", "rain", "--overlap", "latitude=-1",
        "--out", out);
    assertBad(r, "--overlap 'latitude=-1' is not DIM=N[,DIM=N] with non-negative N", out);
  }
}
