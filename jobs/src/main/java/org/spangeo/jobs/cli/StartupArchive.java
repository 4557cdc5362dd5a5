package org.spangeo.jobs.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.spangeo.zarr.store.HadoopConf;
import org.spangeo.zarr.write.DatasetSpec;
import org.spangeo.zarr.write.VariableSpec;
import org.spangeo.zarr.write.ZarrWriter;

/**
 * The training run of the class-data archive that {@code scripts/spangeo} makes once per build
 * (AppCDS: {@code -XX:ArchiveClassesAtExit}, then {@code -XX:SharedArchiveFile} on every run). It
 * runs what users run (inspect, subset, climatology, anomaly, resample, area mean, coarsen) on a
 * tiny store in a temporary folder, in one embedded Spark session, so that the archive holds the
 * classes those commands load: Spark's, Hadoop's, the connector's. Loading them from the archive
 * instead of the jars is most of what a short command's start-up saves. Prints nothing; exit 0 on
 * success.
 */
public final class StartupArchive {
  private StartupArchive() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("spangeo-startup-");
    PrintStream out = System.out;
    PrintStream err = System.err;
    PrintStream none = new PrintStream(OutputStream.nullOutputStream());
    int failed = 0;
    try {
      String store = dir.resolve("t2m.zarr").toString();
      writeStore(store);
      System.setProperty("spangeo.keepSession", "true");
      System.setProperty("spark.eventLog.dir", dir.toUri().toString()); // not the user's ./spark-events
      System.setOut(none);
      System.setErr(none);
      String o = dir.toString();
      String[][] runs = {
          {"inspect", store},
          {"subset", "--in", store, "--lat", "40:30", "--out", o + "/subset.zarr", "--quiet"},
          {"climatology", "--in", store, "--by", "month", "--out", o + "/clim.zarr", "--quiet"},
          {"anomaly", "--in", store, "--by", "month", "--climatology", o + "/clim.zarr", "--out", o + "/anom.zarr", "--quiet"},
          {"anomaly", "--in", store, "--by", "month", "--out", o + "/anom2.zarr", "--quiet"},
          {"resample", "--in", store, "--freq", "1D", "--out", o + "/daily.zarr", "--quiet"},
          {"area-mean", "--in", store, "--out", o + "/series.zarr", "--quiet"},
          {"coarsen", "--in", store, "--factor", "latitude=2,longitude=2", "--out", o + "/coarse.zarr", "--quiet"},
      };
      for (String[] r : runs) if (Spangeo.commandLine().execute(r) != 0) failed++;
    } finally {
      System.setOut(out);
      System.setErr(err);
      SparkSession.getActiveSession().foreach(s -> {
        s.stop();
        return null;
      });
      try (Stream<Path> s = Files.walk(dir)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException ignored) {
        // a temporary folder; the archive is what matters
      }
    }
    if (failed > 0) {
      System.err.println("spangeo: " + failed + " start-up training command(s) failed");
      System.exit(1);
    }
  }

  /** Two months of 6-hourly t2m on an 8 x 8 grid, as xarray would write it. */
  static void writeStore(String path) {
    int nt = 240;
    int ny = 8;
    int nx = 8;
    long t0 = java.time.Instant.parse("2020-01-01T00:00:00Z").getEpochSecond() * 1_000_000L;
    long[] times = new long[nt];
    for (int t = 0; t < nt; t++) times[t] = t0 + t * 21_600_000_000L;
    double[] lat = new double[ny];
    double[] lon = new double[nx];
    for (int i = 0; i < ny; i++) lat[i] = 40 - i;
    for (int i = 0; i < nx; i++) lon[i] = 100 + i;
    List<String> dims = List.of("time", "latitude", "longitude");
    DatasetSpec spec = new DatasetSpec()
        .timeLatLon(times, lat, lon)
        .variable(VariableSpec.float32("t2m", dims, new long[] {nt, ny, nx}, new int[] {24, ny, nx}));
    ZarrWriter w = ZarrWriter.begin(HadoopConf.of(Map.of()), path, spec, ZarrWriter.Mode.OVERWRITE);
    for (int c = 0; c < nt / 24; c++) {
      float[] v = new float[24 * ny * nx];
      for (int i = 0; i < v.length; i++) v[i] = 280f + (i * 7 + c) % 23;
      w.writeChunk("t2m", new long[] {c, 0, 0}, new int[] {24, ny, nx}, v);
    }
    w.commit();
  }
}
