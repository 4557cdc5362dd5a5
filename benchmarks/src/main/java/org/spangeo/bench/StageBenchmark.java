package org.spangeo.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
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
 * <p>usage: StageBenchmark STORE WORKDIR RUNS WARMUPS CORES PYTHON_SCRIPT [--no-python] [--no-rechunk]
 *
 * <p>Each timed Spangeo run is followed by one peer run (the script with RUNS=1), so that load
 * from other processes on a shared machine falls on both sides alike. Each also records CPU seconds: this JVM's (or the Python peer's), and what other
 * processes took meanwhile (from /proc/stat), so that a run slowed by a shared machine says so.
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
    List<String> flags = Arrays.asList(args).subList(Math.min(6, args.length), args.length);
    boolean python = !flags.contains("--no-python");
    boolean rechunk = !flags.contains("--no-rechunk");
    new File(work).mkdirs();
    SparkSession spark = BenchSession.start("spangeo stage benchmark", cores);
    double[] clim = new double[runs];
    double[] anom = new double[runs];
    double[] rech = new double[runs];
    double[] pyClim = new double[runs];
    double[] pyAnom = new double[runs];
    Arrays.fill(pyClim, Double.NaN);
    Arrays.fill(pyAnom, Double.NaN);
    double ownC = 0, ownA = 0, othSpangeo = 0, wallSpangeo = 0, peerCpu = 0, othPeer = 0, wallPeer = 0;
    org.spangeo.zarr.dataset.Dataset src = org.spangeo.zarr.dataset.Dataset.open(
        org.spangeo.zarr.store.HadoopConf.of(java.util.Map.of()), store);
    org.spangeo.zarr.dataset.Variable t2m = src.variable("t2m");
    long nt = t2m.shape()[0];
    double decodedMb = t2m.size() * 4 / 1e6;
    for (int r = -warmups; r < runs; r++) {
      CpuMeter mc = CpuMeter.start();
      double c = time("climatology", "--in", store, "--vars", "t2m", "--by", "month", "--out", work + "/spangeo-clim.zarr",
          "--overwrite");
      CpuMeter.Sample cs = mc.stop();
      CpuMeter ma = CpuMeter.start();
      double a = time("anomaly", "--in", store, "--vars", "t2m", "--by", "month", "--climatology",
          work + "/spangeo-clim.zarr", "--out", work + "/spangeo-anom.zarr", "--overwrite");
      CpuMeter.Sample as = ma.stop();
      // the writer issue's example: time-chunked to time-series chunks within 256 MB a task
      double x = !rechunk ? Double.NaN : time("rechunk", "--in", store, "--vars", "t2m", "--chunks", "time=" + nt + ",latitude=16,longitude=16",
          "--max-mem", "256MB", "--out", work + "/spangeo-rechunked.zarr", "--overwrite");
      System.err.printf(Locale.ROOT, "  spangeo %s run: climatology %.2f s (cpu %.2f s, others %.2f s), anomaly %.2f s"
          + " (cpu %.2f s, others %.2f s), rechunk %.1f s%n", r < 0 ? "warm-up" : "timed", c, cs.processCpu, cs.othersCpu(),
          a, as.processCpu, as.othersCpu(), x);
      if (r < 0) continue;
      clim[r] = c;
      anom[r] = a;
      rech[r] = x;
      ownC += cs.processCpu;
      ownA += as.processCpu;
      othSpangeo += cs.othersCpu() + as.othersCpu();
      wallSpangeo += cs.wall + as.wall;
      if (!python) continue;
      // one peer run right after each Spangeo run, so that a shared machine's load falls on both alike
      CpuMeter mp = CpuMeter.start();
      double[] py = peerRun(script, store, work, cores);
      CpuMeter.Sample ps = mp.stop();
      pyClim[r] = py[0];
      pyAnom[r] = py[1];
      peerCpu += py[2];
      // the peer's own CPU comes from its report; the rest of the machine's busy time is others'
      othPeer += Math.max(0, ps.machineBusy - ps.processCpu - py[2]);
      wallPeer += ps.wall;
    }
    spark.stop();
    double sc = median(clim);
    double sa = median(anom);
    double pc = median(pyClim);
    double pa = median(pyAnom);
    System.out.printf(Locale.ROOT, "%nstage benchmark: %s, %d cores, median of %d runs (each Spangeo run followed by a peer run)%n",
        store, cores, runs);
    System.out.printf(Locale.ROOT, "  %-12s %12s %14s %8s%n", "stage", "spangeo (s)", "xarray+dask (s)", "speedup");
    System.out.printf(Locale.ROOT, "  %-12s %12.2f %14.2f %7.2fx%n", "climatology", sc, pc, pc / sc);
    System.out.printf(Locale.ROOT, "  %-12s %12.2f %14.2f %7.2fx%n", "anomaly", sa, pa, pa / sa);
    System.out.printf(Locale.ROOT, "  %-12s %12.2f %14.2f %7.2fx%n", "both", sc + sa, pc + pa, (pc + pa) / (sc + sa));
    double sr = median(rech);
    System.out.printf(Locale.ROOT, "  rechunk (%d, 121, 161) in (24, 121, 161) -> (%d, 16, 16), max-mem 256MB: %.1f s, %.0f MB/s decoded%n",
        nt, nt, sr, decodedMb / sr);
    System.out.printf(Locale.ROOT, "  data: %.0f MB decoded (float32)%n", decodedMb);
    System.out.printf(Locale.ROOT, "  cpu a timed run: spangeo climatology %.2f s + anomaly %.2f s (this JVM, all threads);"
        + " xarray+dask %.2f s for both (the python process)%n", ownC / runs, ownA / runs, peerCpu / runs);
    System.out.printf(Locale.ROOT, "  load from other processes: %.2f cores during spangeo's timed runs, %.2f cores during the"
        + " peer's (of %d)%n", othSpangeo / wallSpangeo, othPeer / wallPeer, Runtime.getRuntime().availableProcessors());
  }

  /** One run of the Python peer: {climatology s, anomaly s, its CPU s}. */
  static double[] peerRun(String script, String store, String work, int cores) throws Exception {
    double[] out = {Double.NaN, Double.NaN, 0};
    Process p = new ProcessBuilder("/usr/bin/python3", script, store, work, "1", Integer.toString(cores))
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        String[] f = line.trim().split("\\s+");
        if (f.length >= 2 && f[0].equals("climatology")) out[0] = Double.parseDouble(f[1]);
        if (f.length >= 2 && f[0].equals("anomaly")) out[1] = Double.parseDouble(f[1]);
        if (f.length >= 3 && (f[0].equals("climatology") || f[0].equals("anomaly"))) out[2] += Double.parseDouble(f[2]);
        System.err.println("  xarray+dask: " + line);
      }
    }
    if (p.waitFor() != 0) throw new IllegalStateException("the xarray + dask peer failed");
    return out;
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
