package org.spangeo.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The SQL view on a store with variables with and without a level dim (make_mixed_store.py):
 * {@code sum(total_precipitation)} over {@code format("zarr").load(store)}, whose table has
 * temperature's level dim (precipitation repeated on each level's rows), beside the same sum
 * over the precipitation-only table ({@code option("variables", "total_precipitation")}), its
 * peer in the same run: the chunks each reads and decodes, and their times.
 *
 * <p>usage: MixedStoreBenchmark STORE RUNS WARMUPS CORES
 *
 * <p>Runs alternate between the two queries, so that load from other processes falls on both.
 */
public final class MixedStoreBenchmark {
  private MixedStoreBenchmark() {}

  public static void main(String[] args) {
    String store = args[0];
    int runs = Integer.parseInt(args[1]);
    int warmups = Integer.parseInt(args[2]);
    int cores = Integer.parseInt(args[3]);
    SparkScan scan = new SparkScan(store, "total_precipitation", cores, null); // the scan benchmark's session
    SparkSession spark = scan.spark;
    try {
      double[] mixed = new double[runs];
      double[] alone = new double[runs];
      double[] cpuMixed = new double[runs];
      double[] cpuAlone = new double[runs];
      Map<String, Long> mMixed = new HashMap<>();
      Map<String, Long> mAlone = new HashMap<>();
      double[] sums = new double[2];
      for (int r = -warmups; r < runs; r++) {
        CpuMeter a = CpuMeter.start();
        Dataset<Row> q1 = spark.read().format("zarr").load(store).agg(sum(col("total_precipitation").cast("double")));
        sums[0] = q1.collectAsList().get(0).getDouble(0); // collect runs q1's own plan: its metrics are filled
        CpuMeter.Sample s1 = a.stop();
        CpuMeter b = CpuMeter.start();
        Dataset<Row> q2 = spark.read().format("zarr").option("variables", "total_precipitation").load(store)
            .agg(sum(col("total_precipitation").cast("double")));
        sums[1] = q2.collectAsList().get(0).getDouble(0);
        CpuMeter.Sample s2 = b.stop();
        System.err.printf(Locale.ROOT, "  %s run: mixed table %.2f s (cpu %.2f s), precipitation only %.2f s (cpu %.2f s)%n",
            r < 0 ? "warm-up" : "timed", s1.wall, s1.processCpu, s2.wall, s2.processCpu);
        if (r < 0) continue;
        mixed[r] = s1.wall;
        alone[r] = s2.wall;
        cpuMixed[r] = s1.processCpu;
        cpuAlone[r] = s2.processCpu;
        mMixed.clear();
        mAlone.clear();
        SparkScan.collect(q1.queryExecution().executedPlan(), mMixed);
        SparkScan.collect(q2.queryExecution().executedPlan(), mAlone);
      }
      org.spangeo.zarr.dataset.Dataset ds = org.spangeo.zarr.dataset.Dataset.open(
          org.spangeo.zarr.store.HadoopConf.of(java.util.Map.of()), store);
      long levels = ds.dimSize("level");
      long tpChunks = ds.variable("total_precipitation").metadata().chunkCount();
      System.out.printf(Locale.ROOT, "%nmixed store %s: total_precipitation %d chunks, beside temperature on %d levels"
          + " (%d cores, median of %d runs)%n", store, tpChunks, levels, cores, runs);
      System.out.printf(Locale.ROOT, "  %-44s %8s %13s %13s %12s%n", "query", "wall s", "cpu s", "chunks read", "decoded MB");
      row("sum(total_precipitation), the mixed table", mixed, cpuMixed, mMixed);
      row("the same, option(\"variables\", ...)", alone, cpuAlone, mAlone);
      System.out.printf(Locale.ROOT, "  mixed / alone: wall %.2f, chunks read %.2f; sums %s (the mixed table counts each value on %d levels)%n",
          StageBenchmark.median(mixed) / StageBenchmark.median(alone), (double) mMixed.getOrDefault("chunksRead", 0L) / Math.max(1, mAlone.getOrDefault("chunksRead", 0L)),
          Math.abs(sums[0] - levels * sums[1]) <= 1e-9 * Math.abs(sums[0]) ? "agree" : "DIFFER: " + sums[0] + " vs " + levels + " x " + sums[1],
          levels);
    } finally {
      scan.close();
    }
  }

  private static void row(String name, double[] wall, double[] cpu, Map<String, Long> m) {
    System.out.printf(Locale.ROOT, "  %-44s %8.2f %13.2f %13d %12.1f%n", name, StageBenchmark.median(wall), StageBenchmark.median(cpu),
        m.getOrDefault("chunksRead", 0L), m.getOrDefault("decodedBytes", 0L) / 1e6);
  }
}
