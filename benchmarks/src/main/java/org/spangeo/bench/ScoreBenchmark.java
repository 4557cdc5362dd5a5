package org.spangeo.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.store.HadoopConf;

/**
 * The skill-score benchmark: cells scored per second by {@code spangeo score} (the command
 * itself, Spark local[N]) on a year of hourly ERA5-box maps, every metric, as maps over time
 * and as a time series over the area; beside numpy computing the same maps on the same stores
 * in the same run (make_score_store.py, numpy_scores.py).
 *
 * <p>usage: ScoreBenchmark DIR WORKDIR RUNS WARMUPS CORES NUMPY_SCRIPT [--no-python]
 */
public final class ScoreBenchmark {
  private ScoreBenchmark() {}

  public static void main(String[] args) throws Exception {
    String dir = args[0];
    String work = args[1];
    int runs = Integer.parseInt(args[2]);
    int warmups = Integer.parseInt(args[3]);
    int cores = Integer.parseInt(args[4]);
    String script = args[5];
    boolean python = !(args.length > 6 && args[6].equals("--no-python"));
    new File(work).mkdirs();
    String fc = dir + "/forecast.zarr";
    String obs = dir + "/observed.zarr";
    long[] shape = Dataset.open(HadoopConf.of(java.util.Map.of()), fc).variable("convection_probability").shape();
    double cells = (double) shape[0] * shape[1] * shape[2];
    SparkSession spark = BenchSession.start("spangeo score benchmark", cores);
    double[] maps = new double[runs];
    double[] series = new double[runs];
    double[] mapsCpu = new double[runs];
    double[] seriesCpu = new double[runs];
    double[] others = new double[runs];
    for (int r = -warmups; r < runs; r++) {
      CpuMeter cm = CpuMeter.start();
      double m = StageBenchmark.time("score", "--forecast", fc, "--observed", obs, "--observed-expr",
          "total_precipitation*1000 > 5", "--dims", "time", "--metrics", "all", "--out", work + "/scores-maps.zarr",
          "--overwrite");
      CpuMeter.Sample mc = cm.stop();
      CpuMeter cs = CpuMeter.start();
      double s = StageBenchmark.time("score", "--forecast", fc, "--observed", obs, "--observed-expr",
          "total_precipitation*1000 > 5", "--dims", "latitude,longitude", "--metrics", "all", "--out",
          work + "/scores-series.zarr", "--overwrite");
      CpuMeter.Sample sc = cs.stop();
      if (r >= 0) {
        maps[r] = m;
        series[r] = s;
        mapsCpu[r] = mc.processCpu;
        seriesCpu[r] = sc.processCpu;
        others[r] = (mc.othersCpu() + sc.othersCpu()) / (mc.wall + sc.wall);
      }
      System.err.printf(Locale.ROOT, "  spangeo %s run: maps over time %.1f s (%.1f CPU s), series over the area %.1f s"
          + " (%.1f CPU s); other processes kept %.1f cores busy%n", r < 0 ? "warm-up" : "timed", m, mc.processCpu, s,
          sc.processCpu, (mc.othersCpu() + sc.othersCpu()) / (mc.wall + sc.wall));
    }
    spark.stop();
    double py = Double.NaN;
    double pyRead = Double.NaN;
    double pyCpu = Double.NaN;
    if (python) {
      List<Double> total = new ArrayList<>();
      List<Double> read = new ArrayList<>();
      List<Double> cpu = new ArrayList<>();
      Process p = new ProcessBuilder("/usr/bin/python3", script, dir, Integer.toString(runs))
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          String[] f = line.trim().split("\\s+");
          if (f.length >= 3 && f[0].equals("numpy")) {
            total.add(Double.parseDouble(f[1]));
            cpu.add(Double.parseDouble(f[2].replace("cpu=", "")));
          }
          if (f.length >= 2 && f[0].equals("numpy-read")) read.add(Double.parseDouble(f[1]));
          System.err.println("  numpy: " + line);
        }
      }
      if (p.waitFor() != 0) throw new IllegalStateException("the numpy peer failed");
      py = StageBenchmark.median(total.stream().mapToDouble(Double::doubleValue).toArray());
      pyRead = StageBenchmark.median(read.stream().mapToDouble(Double::doubleValue).toArray());
      pyCpu = StageBenchmark.median(cpu.stream().mapToDouble(Double::doubleValue).toArray());
    }
    double sm = StageBenchmark.median(maps);
    double ss = StageBenchmark.median(series);
    System.out.printf(Locale.ROOT, "%nscore benchmark: %s, (%d, %d, %d) = %.1f M cells, %d cores, median of %d runs%n", dir,
        shape[0], shape[1], shape[2], cells / 1e6, cores, runs);
    double mc = StageBenchmark.median(mapsCpu);
    double scpu = StageBenchmark.median(seriesCpu);
    System.out.printf(Locale.ROOT, "  %-46s %8s %10s %10s %12s%n", "what (all 23 metrics)", "wall s", "M cells/s", "CPU s",
        "M cells/CPU s");
    System.out.printf(Locale.ROOT, "  %-46s %8.1f %10.1f %10.1f %12.1f%n", "spangeo score --dims time (maps)", sm, cells / sm / 1e6,
        mc, cells / mc / 1e6);
    System.out.printf(Locale.ROOT, "  %-46s %8.1f %10.1f %10.1f %12.1f%n", "spangeo score --dims latitude,longitude", ss,
        cells / ss / 1e6, scpu, cells / scpu / 1e6);
    System.out.printf(Locale.ROOT, "  %-46s %8.1f %10.1f %10.1f %12.1f%n", "numpy, the same maps (reads included)", py,
        cells / py / 1e6, pyCpu, cells / pyCpu / 1e6);
    System.out.printf(Locale.ROOT, "  %-46s %8.1f%n", "  of which numpy reading the two stores", pyRead);
    System.out.printf(Locale.ROOT, "  spangeo maps / numpy: %.2fx wall, %.2fx per CPU second; other processes kept %.1f cores"
        + " busy during the spangeo runs%n", py / sm, pyCpu / mc, StageBenchmark.median(others));
  }
}
