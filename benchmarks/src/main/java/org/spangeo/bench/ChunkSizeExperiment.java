package org.spangeo.bench;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.spangeo.jobs.cli.Spangeo;
import org.spangeo.zarr.blocks.Block;
import org.spangeo.zarr.blocks.Blocks;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.dataset.Selection;
import org.spangeo.zarr.store.HadoopConf;

/**
 * The course's chunk-size experiment (part 2.3/2.4): the same full mean, {@code ds.t2m.mean()},
 * over the same data stored with small (10, 20, 20), the archive's (24, 121, 161) and large
 * (100, 100, 100) chunks; time and Spark task count per chunking, printed and drawn as a bar
 * chart PNG. The copies are made with spangeo rechunk (not timed).
 *
 * <p>usage: ChunkSizeExperiment STORE WORKDIR RUNS CORES PNG
 */
public final class ChunkSizeExperiment {
  private ChunkSizeExperiment() {}

  public static void main(String[] args) throws Exception {
    String store = args[0];
    String work = args[1];
    int runs = Integer.parseInt(args[2]);
    int cores = Integer.parseInt(args[3]);
    String png = args[4];
    new File(work).mkdirs();
    SparkSession spark = BenchSession.start("spangeo chunk-size experiment", cores);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    AtomicLong tasks = new AtomicLong();
    spark.sparkContext().addSparkListener(new SparkListener() {
      @Override
      public void onTaskEnd(SparkListenerTaskEnd e) {
        tasks.incrementAndGet();
      }
    });
    String[][] chunkings = {
        {"small 10x20x20", "time=10,latitude=20,longitude=20"},
        {"archive 24x121x161", null},
        {"large 100x100x100", "time=100,latitude=100,longitude=100"}};
    List<String> labels = new ArrayList<>();
    List<Double> secs = new ArrayList<>();
    List<Long> taskCounts = new ArrayList<>();
    List<Long> chunkCounts = new ArrayList<>();
    double reference = Double.NaN;
    for (String[] c : chunkings) {
      String path = store;
      if (c[1] != null) {
        path = work + "/chunks-" + c[1].replaceAll("[^0-9]+", "_") + ".zarr";
        if (!new File(path, ".zmetadata").isFile()) {
          int code = Spangeo.commandLine().execute("rechunk", "--in", store, "--vars", "t2m", "--chunks", c[1],
              "--max-mem", "512MB", "--out", path, "--overwrite");
          if (code != 0) throw new IllegalStateException("rechunk to " + c[1] + " failed");
        }
      }
      Dataset ds = Dataset.open(HadoopConf.of(Map.of()), path);
      long chunks = Blocks.plan(ds, Selection.all(ds), List.of("t2m")).size();
      double best = Double.NaN;
      double[] times = new double[runs];
      long taskCount = 0;
      for (int r = -1; r < runs; r++) {
        long before = tasks.get();
        long t0 = System.nanoTime();
        double mean = fullMean(jsc, ds);
        double s = (System.nanoTime() - t0) / 1e9;
        if (r >= 0) {
          times[r] = s;
          taskCount = tasks.get() - before;
        }
        if (Double.isNaN(reference)) reference = mean;
        if (Math.abs(mean - reference) > 1e-9 * Math.abs(reference)) {
          throw new IllegalStateException("the mean differs between chunkings: " + mean + " vs " + reference);
        }
        best = mean;
      }
      double med = StageBenchmark.median(times);
      labels.add(c[0]);
      secs.add(med);
      taskCounts.add(taskCount);
      chunkCounts.add(chunks);
      System.err.printf(Locale.ROOT, "  %s: mean %.4f K, %.2f s, %d tasks, %d chunks%n", c[0], best, med, taskCount, chunks);
    }
    spark.stop();
    System.out.printf(Locale.ROOT, "%nchunk-size experiment: t2m.mean() over %s, %d cores, median of %d runs%n", store, cores, runs);
    System.out.printf(Locale.ROOT, "  %-24s %10s %12s %10s%n", "chunks", "time (s)", "Spark tasks", "Zarr chunks");
    for (int i = 0; i < labels.size(); i++) {
      System.out.printf(Locale.ROOT, "  %-24s %10.2f %12d %10d%n", labels.get(i), secs.get(i), taskCounts.get(i), chunkCounts.get(i));
    }
    CategoryChart time = new CategoryChartBuilder().width(600).height(400).title("t2m.mean() on " + cores + " cores: time")
        .xAxisTitle("chunks (time, latitude, longitude)").yAxisTitle("seconds").build();
    time.addSeries("seconds", labels, secs);
    time.getStyler().setLegendVisible(false);
    CategoryChart count = new CategoryChartBuilder().width(600).height(400)
        .title("Zarr chunks per Spark task (" + taskCounts.get(0) + " tasks each)")
        .xAxisTitle("chunks (time, latitude, longitude)").yAxisTitle("chunks per task").build();
    List<Double> perTask = new ArrayList<>();
    for (int i = 0; i < labels.size(); i++) perTask.add((double) chunkCounts.get(i) / Math.max(1, taskCounts.get(i)));
    count.addSeries("chunks per task", labels, perTask);
    count.getStyler().setLegendVisible(false);
    new File(png).getAbsoluteFile().getParentFile().mkdirs();
    BitmapEncoder.saveBitmap(List.of(time, count), 1, 2, png, BitmapEncoder.BitmapFormat.PNG);
    System.out.println("  chart: " + png);
  }

  /** ds.t2m.mean() over every value (NaN skipped): sums and counts per block, added up. */
  static double fullMean(JavaSparkContext jsc, Dataset ds) {
    double[] sc = Blocks.read(jsc, ds, Selection.all(ds), List.of("t2m"), 0).map(ChunkSizeExperiment::sumCount)
        .reduce((a, b) -> new double[] {a[0] + b[0], a[1] + b[1]});
    return sc[0] / sc[1];
  }

  static double[] sumCount(Block b) {
    double s = 0;
    long n = 0;
    float[] f = b.floats();
    for (float x : f) {
      if (x == x) {
        s += x;
        n++;
      }
    }
    return new double[] {s, n};
  }
}
