package org.spangeo.cluster;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.spangeo.zarr.blocks.Blocks;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.dataset.Selection;
import org.spangeo.zarr.dataset.Values;
import org.spangeo.zarr.dataset.Variable;
import org.spangeo.zarr.store.HadoopConf;
import org.spangeo.zarr.write.ChunkWriteHook;
import org.spangeo.zarr.write.DatasetSpec;
import org.spangeo.zarr.write.SparkBlockWriter;
import org.spangeo.zarr.write.Specs;
import org.spangeo.zarr.write.VariableSpec;
import org.spangeo.zarr.write.ZarrWriter;

/**
 * A small ERA5-like store written on the driver (no Spark, any Hadoop URI): 6-hourly t2m over
 * two years on a 12 x 16 grid with descending latitude, chunked (240, 6, 8), 52 chunks, with
 * some NaN cells. Values are multiples of 0.25 so that every sum is exact in float64 and the
 * expected climatology below is the only possible answer, whatever the order of summation.
 */
public final class ClusterData {
  public static final int NT = 2920;
  public static final int NY = 12;
  public static final int NX = 16;
  public static final int[] CHUNKS = {240, 6, 8};
  public static final long T0 = Instant.parse("2019-01-01T00:00:00Z").getEpochSecond() * 1_000_000L;
  public static final long STEP = 6 * 3600 * 1_000_000L;

  private ClusterData() {}

  public static float value(int t, int y, int x) {
    if ((t + 3 * y + 5 * x) % 97 == 0) return Float.NaN;
    return ((t * 7 + y * 3 + x) % 64) * 0.25f - 8f;
  }

  public static long time(int t) {
    return T0 + t * STEP;
  }

  public static double lat(int y) {
    return 30.0 - y;
  }

  public static double lon(int x) {
    return 110.0 + x;
  }

  public static int month(int t) {
    return Instant.ofEpochSecond(time(t) / 1_000_000L).atOffset(ZoneOffset.UTC).getMonthValue();
  }

  /** Writes the store (replacing any) at {@code uri}. */
  public static void write(HadoopConf conf, String uri) {
    writeUncommitted(conf, uri, 0).commit();
  }

  /** A write of the store, every chunk stored (values shifted by {@code shift}), not yet committed. */
  public static ZarrWriter writeUncommitted(HadoopConf conf, String uri, float shift) {
    long[] times = new long[NT];
    for (int t = 0; t < NT; t++) times[t] = time(t);
    double[] lats = new double[NY];
    for (int y = 0; y < NY; y++) lats[y] = lat(y);
    double[] lons = new double[NX];
    for (int x = 0; x < NX; x++) lons[x] = lon(x);
    DatasetSpec spec = new DatasetSpec()
        .timeLatLon(times, lats, lons)
        .variable(VariableSpec.float32("t2m", List.of("time", "latitude", "longitude"), new long[] {NT, NY, NX}, CHUNKS));
    ZarrWriter w = ZarrWriter.begin(conf, uri, spec, ZarrWriter.Mode.OVERWRITE);
    for (int ct = 0; ct * CHUNKS[0] < NT; ct++) {
      for (int cy = 0; cy * CHUNKS[1] < NY; cy++) {
        for (int cx = 0; cx * CHUNKS[2] < NX; cx++) {
          int[] valid = {Math.min(CHUNKS[0], NT - ct * CHUNKS[0]), Math.min(CHUNKS[1], NY - cy * CHUNKS[1]),
              Math.min(CHUNKS[2], NX - cx * CHUNKS[2])};
          float[] v = new float[valid[0] * valid[1] * valid[2]];
          int i = 0;
          for (int t = 0; t < valid[0]; t++) {
            for (int y = 0; y < valid[1]; y++) {
              for (int x = 0; x < valid[2]; x++) v[i++] = value(ct * CHUNKS[0] + t, cy * CHUNKS[1] + y, cx * CHUNKS[2] + x) + shift;
            }
          }
          w.writeChunk("t2m", new long[] {ct, cy, cx}, valid, v);
        }
      }
    }
    return w;
  }

  /** {@code ds.t2m.groupby("time.month").mean("time")}: [month - 1][y][x], NaN skipped. */
  public static float[][][] monthlyMean() {
    double[][][] sum = new double[12][NY][NX];
    int[][][] n = new int[12][NY][NX];
    for (int t = 0; t < NT; t++) {
      int m = month(t) - 1;
      for (int y = 0; y < NY; y++) {
        for (int x = 0; x < NX; x++) {
          float v = value(t, y, x);
          if (Float.isNaN(v)) continue;
          sum[m][y][x] += v;
          n[m][y][x]++;
        }
      }
    }
    float[][][] out = new float[12][NY][NX];
    for (int m = 0; m < 12; m++) {
      for (int y = 0; y < NY; y++) {
        for (int x = 0; x < NX; x++) out[m][y][x] = n[m][y][x] == 0 ? Float.NaN : (float) (sum[m][y][x] / n[m][y][x]);
      }
    }
    return out;
  }

  /** A whole variable of a store, read on the driver, as float32 values in C order. */
  public static float[] readAll(HadoopConf conf, String uri, String variable) {
    Dataset ds = Dataset.open(conf, uri);
    Variable v = ds.variable(variable);
    long[] shape = v.shape();
    int[] count = new int[shape.length];
    for (int i = 0; i < shape.length; i++) count[i] = (int) shape[i];
    Object vals = Values.decode(v.read(new long[shape.length], count), v);
    if (vals instanceof float[]) return (float[]) vals;
    double[] d = (double[]) vals;
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
    return f;
  }

  /** The whole t2m field as written with {@code shift}, C order. */
  public static float[] field(float shift) {
    float[] f = new float[NT * NY * NX];
    int i = 0;
    for (int t = 0; t < NT; t++) {
      for (int y = 0; y < NY; y++) {
        for (int x = 0; x < NX; x++) f[i++] = value(t, y, x) + shift;
      }
    }
    return f;
  }

  /** Asserts two fields are equal bit for bit (NaN included). */
  public static void assertSameBits(float[] want, float[] got) {
    if (want.length != got.length) throw new AssertionError(got.length + " cells, expected " + want.length);
    for (int i = 0; i < want.length; i++) {
      if (Float.floatToIntBits(want[i]) != Float.floatToIntBits(got[i])) {
        throw new AssertionError("cell " + i + ": " + got[i] + ", expected " + want[i]);
      }
    }
  }

  /** Every file of a local store: relative path to bytes' hash (to compare two stores byte for byte). */
  public static Map<String, String> files(java.nio.file.Path root) {
    Map<String, String> out = new java.util.TreeMap<>();
    try (var s = java.nio.file.Files.walk(root)) {
      for (java.nio.file.Path p : (Iterable<java.nio.file.Path>) s.filter(java.nio.file.Files::isRegularFile)::iterator) {
        byte[] b = java.nio.file.Files.readAllBytes(p);
        out.put(root.relativize(p).toString(), java.util.HexFormat.of().formatHex(
            java.security.MessageDigest.getInstance("SHA-256").digest(b)));
      }
    } catch (java.io.IOException | java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
    return out;
  }

  /** One file's bytes through Hadoop. */
  public static byte[] readBytes(org.apache.hadoop.fs.FileSystem fs, String path) {
    try (var in = fs.open(new org.apache.hadoop.fs.Path(path))) {
      return in.readAllBytes();
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  /** Always fails: a job that dies in its write stage. */
  /** Overwrites {@code target} with {@code in}'s t2m through a writer whose every chunk write fails: the job must fail. */
  public static void failedOverwrite(SparkSession spark, HadoopConf conf, String in, String target) {
    Dataset src = Dataset.open(conf, in);
    Selection all = Selection.all(src);
    ZarrWriter w = ZarrWriter.begin(conf, target, Specs.like(src, all, List.of("t2m"), null), ZarrWriter.Mode.OVERWRITE)
        .withHook(new AlwaysFail());
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    assertThrows(Exception.class, () -> SparkBlockWriter.write(Blocks.read(jsc, src, all, List.of("t2m"), 0), w));
  }

  public static final class AlwaysFail implements ChunkWriteHook {
    private static final long serialVersionUID = 1L;

    @Override
    public void beforeChunk(String variable, String key) {
      throw new IllegalStateException("injected failure writing " + key);
    }
  }
}
