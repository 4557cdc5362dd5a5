package org.spangeo.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.spangeo.jobs.cli.Spangeo;

/**
 * The stage benchmark: the same monthly climatology and anomaly, with Spangeo (the
 * commands themselves, Spark local[N]) and with xarray + dask (threaded scheduler, N workers),
 * on the same store, in the same run; medians of the timed runs and the ratio.
 *
 * <p>usage: StageBenchmark STORE WORKDIR RUNS WARMUPS CORES PYTHON_SCRIPT [--no-python]
 */
public final class StageBenchmark {
  private StageBenchmark() {}

  public static void main(String[] args) throws Exception {
    String store = args[0];
    String work = args[1];
    int runs = Integer.parseInt(args[2]);
    int warmups = Integer.parseInt(args[3]);
    int cores = Integer.parseInt(args[4]);
    String script = args[5];
    boolean python = !(args.length > 6 && args[6].equals("--no-python"));
    new File(work).mkdirs();
    SparkSession spark = BenchSession.start("spangeo stage benchmark", cores);
    double[] clim = new double[runs];
    double[] anom = new double[runs];
    double[] rech = new double[runs];
    org.spangeo.zarr.dataset.Dataset src = org.spangeo.zarr.dataset.Dataset.open(
        org.spangeo.zarr.store.HadoopConf.of(java.util.Map.of()), store);
    org.spangeo.zarr.dataset.Variable t2m = src.variable("t2m");
    long nt = t2m.shape()[0];
    double decodedMb = t2m.size() * 4 / 1e6;
    for (int r = -warmups; r < runs; r++) {
      double c = time("climatology", "--in", store, "--vars", "t2m", "--by", "month", "--out", work + "/spangeo-clim.zarr",
          "--overwrite");
      double a = time("anomaly", "--in", store, "--vars", "t2m", "--by", "month", "--climatology",
          work + "/spangeo-clim.zarr", "--out", work + "/spangeo-anom.zarr", "--overwrite");
      // the writer issue's example: time-chunked to time-series chunks within 256 MB a task
      double x = time("rechunk", "--in", store, "--vars", "t2m", "--chunks", "time=" + nt + ",latitude=16,longitude=16",
          "--max-mem", "256MB", "--out", work + "/spangeo-rechunked.zarr", "--overwrite");
      if (r >= 0) {
        clim[r] = c;
        anom[r] = a;
        rech[r] = x;
      }
      System.err.printf(Locale.ROOT, "  spangeo %s run: climatology %.1f s, anomaly %.1f s, rechunk %.1f s%n",
          r < 0 ? "warm-up" : "timed", c, a, x);
    }
    spark.stop();
    double pyClim = Double.NaN;
    double pyAnom = Double.NaN;
    if (python) {
      List<Double> pc = new ArrayList<>();
      List<Double> pa = new ArrayList<>();
      Process p = new ProcessBuilder("/usr/bin/python3", script, store, work, Integer.toString(runs), Integer.toString(cores))
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          String[] f = line.trim().split("\\s+");
          if (f.length == 2 && f[0].equals("climatology")) pc.add(Double.parseDouble(f[1]));
          if (f.length == 2 && f[0].equals("anomaly")) pa.add(Double.parseDouble(f[1]));
          System.err.println("  xarray+dask: " + line);
        }
      }
      if (p.waitFor() != 0) throw new IllegalStateException("the xarray + dask peer failed");
      pyClim = median(pc.stream().mapToDouble(Double::doubleValue).toArray());
      pyAnom = median(pa.stream().mapToDouble(Double::doubleValue).toArray());
    }
    double sc = median(clim);
    double sa = median(anom);
    System.out.printf(Locale.ROOT, "%nstage benchmark: %s, %d cores, median of %d runs%n", store, cores, runs);
    System.out.printf(Locale.ROOT, "  %-12s %12s %14s %8s%n", "stage", "spangeo (s)", "xarray+dask (s)", "speedup");
    System.out.printf(Locale.ROOT, "  %-12s %12.1f %14.1f %7.1fx%n", "climatology", sc, pyClim, pyClim / sc);
    System.out.printf(Locale.ROOT, "  %-12s %12.1f %14.1f %7.1fx%n", "anomaly", sa, pyAnom, pyAnom / sa);
    System.out.printf(Locale.ROOT, "  %-12s %12.1f %14.1f %7.1fx%n", "both", sc + sa, pyClim + pyAnom, (pyClim + pyAnom) / (sc + sa));
    double sr = median(rech);
    System.out.printf(Locale.ROOT, "  rechunk (%d, 121, 161) in (24, 121, 161) -> (%d, 16, 16), max-mem 256MB: %.1f s, %.0f MB/s decoded%n",
        nt, nt, sr, decodedMb / sr);
    System.out.printf(Locale.ROOT, "  data: %.0f MB decoded (float32)%n", decodedMb);
  }

  static double time(String... args) {
    long t0 = System.nanoTime();
    java.io.PrintStream out = System.out;
    System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
    int code;
    try {
      code = Spangeo.commandLine().execute(args);
    } finally {
      System.setOut(out);
    }
    if (code != 0) throw new IllegalStateException("spangeo " + String.join(" ", args) + " failed (" + code + ")");
    return (System.nanoTime() - t0) / 1e9;
  }

  static double median(double[] x) {
    if (x.length == 0) return Double.NaN;
    double[] s = x.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}
