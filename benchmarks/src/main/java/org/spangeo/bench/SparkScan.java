package org.spangeo.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.CommandResultExec;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec;
import org.apache.spark.sql.execution.adaptive.QueryStageExec;
import org.apache.spark.sql.execution.datasources.v2.BatchScanExec;
import org.apache.spark.sql.execution.metric.SQLMetric;
import org.apache.spark.sql.util.QueryExecutionListener;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import scala.collection.JavaConverters;

/**
 * A full scan of one variable through {@code spark.read().format("zarr")} on a local[cores]
 * session. Three queries, all decoding and materialising every value on the executors and
 * sending nothing but one number (or nothing) to the driver:
 * <ul>
 *   <li>{@code batches}: the scan operator alone: the physical plan of {@code select(var)}, its
 *       {@code BatchScanExec} run with {@code executeColumnar()}, the column batches (every value
 *       decoded into a Spark column vector) counted and dropped; what the connector delivers;</li>
 *   <li>{@code sum}: {@code SELECT sum(CAST(var AS DOUBLE))}, only the variable's column is read
 *       (column pruning), the values flow as columnar batches into whole-stage code;</li>
 *   <li>{@code noop}: the whole table (dim columns + variable) written to Spark's {@code noop}
 *       sink, so every row is also converted to Spark's row format.</li>
 * </ul>
 * Besides wall time, a run reports the scan node's SQL metrics (chunksRead, decodedBytes,
 * decodeTimeMs, storeReadTimeMs, ...) and the tasks' own metrics (CPU, run and GC time).
 */
public final class SparkScan implements AutoCloseable {
  public final SparkSession spark;
  private final String store;
  private final String variable;
  private final String partitionBytes; // null: the connector's default
  private final TaskTotals tasks = new TaskTotals();
  private final AtomicReference<SparkPlan> lastWritePlan = new AtomicReference<>();

  /** What one run did: wall time, the scan node's SQL metrics, the tasks' totals. */
  public static final class Run {
    public final long wallNanos;
    public final Map<String, Long> metrics;
    public final Object result;

    Run(long wallNanos, Map<String, Long> metrics, Object result) {
      this.wallNanos = wallNanos;
      this.metrics = metrics;
      this.result = result;
    }
  }

  /** Sums of the task metrics of every task that ended (Spark's listener bus thread writes). */
  static final class TaskTotals extends SparkListener {
    long tasks;
    long cpuNanos;
    long runMs;
    long gcMs;
    long deserializeMs;
    long firstLaunch = Long.MAX_VALUE; // epoch ms
    long lastFinish = Long.MIN_VALUE;
    long firstJobStart = Long.MAX_VALUE; // epoch ms
    /** Per task since {@link #resetSpan}: launch, finish (epoch ms), run, deserialise, result serialise (ms). */
    final java.util.List<long[]> timeline = new java.util.ArrayList<>();

    @Override
    public synchronized void onJobStart(SparkListenerJobStart e) {
      firstJobStart = Math.min(firstJobStart, e.time());
    }

    @Override
    public synchronized void onTaskEnd(SparkListenerTaskEnd e) {
      TaskMetrics m = e.taskMetrics();
      if (m == null) return;
      tasks++;
      timeline.add(new long[] {e.taskInfo().launchTime(), e.taskInfo().finishTime(), m.executorRunTime(),
          m.executorDeserializeTime(), m.resultSerializationTime(), m.executorDeserializeCpuTime()});
      firstLaunch = Math.min(firstLaunch, e.taskInfo().launchTime());
      lastFinish = Math.max(lastFinish, e.taskInfo().finishTime());
      cpuNanos += m.executorCpuTime() + m.executorDeserializeCpuTime();
      runMs += m.executorRunTime();
      gcMs += m.jvmGCTime();
      deserializeMs += m.executorDeserializeTime();
    }

    synchronized long[] snapshot() {
      return new long[] {tasks, cpuNanos, runMs, gcMs, deserializeMs};
    }

    /** Forgets the first launch / last finish, so that the next span is one run's. */
    synchronized void resetSpan() {
      firstLaunch = Long.MAX_VALUE;
      lastFinish = Long.MIN_VALUE;
      firstJobStart = Long.MAX_VALUE;
      timeline.clear();
    }

    /**
     * Where the slots' time between {@code start} and {@code end} (epoch ms) went: tasks are put
     * on the slot that freed first (local[N] reports no slot), then per slot the idle time before
     * its first task, between its tasks and after its last, and inside the tasks what is not
     * their run (deserialisation, result serialisation, sending).
     */
    synchronized void timeline(long start, long end, int slots, Map<String, Long> out) {
      java.util.List<long[]> ts = new java.util.ArrayList<>(timeline);
      ts.sort(java.util.Comparator.comparingLong(t -> t[0]));
      long[] free = new long[slots];
      boolean[] used = new boolean[slots];
      java.util.Arrays.fill(free, start);
      long idleStart = 0, between = 0, inside = 0, run = 0, deser = 0, deserCpu = 0, resultSer = 0;
      for (long[] t : ts) {
        int s = 0;
        for (int i = 1; i < slots; i++) if (free[i] < free[s]) s = i;
        long gap = Math.max(0, t[0] - free[s]);
        if (used[s]) between += gap; else idleStart += gap;
        used[s] = true;
        free[s] = Math.max(free[s], t[1]);
        inside += t[1] - t[0];
        run += t[2];
        deser += t[3];
        resultSer += t[4];
        deserCpu += t[5];
      }
      long idleEnd = 0;
      for (int i = 0; i < slots; i++) idleEnd += Math.max(0, end - free[i]);
      if (firstJobStart != Long.MAX_VALUE) out.put("jobStartMs", firstJobStart - start);
      out.put("slotIdleBeforeMs", idleStart);
      out.put("slotIdleBetweenMs", between);
      out.put("slotIdleAfterMs", idleEnd);
      out.put("taskSpanMs", inside);
      out.put("taskDeserializeCpuMs", deserCpu / 1_000_000);
      out.put("taskResultSerMs", resultSer);
      out.put("taskOutsideRunMs", inside - run - deser - resultSer);
    }

    /** Epoch ms from the first task launched to the last task finished since {@link #resetSpan}. */
    synchronized long[] span() {
      return new long[] {firstLaunch, lastFinish};
    }
  }

  public SparkScan(String store, String variable, int cores, String partitionBytes) {
    this.store = store;
    this.variable = variable;
    this.partitionBytes = partitionBytes;
    this.spark = org.spangeo.zarr.LocalSession.builder("local[" + cores + "]", "spangeo-scan-bench", cores)
        .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    spark.sparkContext().addSparkListener(tasks);
    spark.listenerManager().register(new QueryExecutionListener() {
      @Override
      public void onSuccess(String funcName, QueryExecution qe, long durationNs) {
        lastWritePlan.set(qe.executedPlan());
      }

      @Override
      public void onFailure(String funcName, QueryExecution qe, Exception e) {}
    });
  }

  private DataFrameReader reader() {
    DataFrameReader r = spark.read().format("zarr");
    if (partitionBytes != null) r = r.option("partitionBytes", partitionBytes);
    return r;
  }

  /**
   * One run of {@code query}: "batches", "sum" or "noop", optionally followed by connector options
   * for this query alone after '@' ("batches@chunksPerPartition=32": an A/B of task sizing).
   */
  public Run run(String query) {
    Map<String, String> extra = new HashMap<>();
    int at = query.indexOf('@');
    if (at >= 0) {
      for (String kv : query.substring(at + 1).split(";")) {
        int eq = kv.indexOf('=');
        if (eq <= 0) throw new IllegalArgumentException("query option '" + kv + "' is not NAME=VALUE");
        extra.put(kv.substring(0, eq), kv.substring(eq + 1));
      }
      query = query.substring(0, at);
    }
    drainListeners();
    long[] before = tasks.snapshot();
    tasks.resetSpan();
    lastWritePlan.set(null);
    ThreadCpu cpu0 = ThreadCpu.sample();
    long start = System.currentTimeMillis();
    long t0 = System.nanoTime();
    Dataset<Row> df = reader().options(extra).option("variables", variable).load(store.split(","));
    long loaded = System.nanoTime();
    long planned = -1;
    Object result;
    SparkPlan plan;
    switch (query) {
      case "batches": {
        Dataset<Row> sel = df.select("`" + variable + "`"); // the variable's column only, as the sum reads it
        BatchScanExec node = findScan(sel.queryExecution().executedPlan());
        node.inputRDD(); // the connector's planInputPartitions, on the driver
        planned = System.nanoTime();
        if (node == null) throw new IllegalStateException("no BatchScanExec in " + sel.queryExecution().executedPlan());
        result = node.executeColumnar().toJavaRDD().map(SparkScan::rowsOf).reduce(Long::sum);
        plan = node;
        break;
      }
      case "sum": {
        Dataset<Row> agg = df.selectExpr("sum(CAST(`" + variable + "` AS DOUBLE)) AS s");
        result = agg.collectAsList().get(0).get(0);
        plan = agg.queryExecution().executedPlan();
        break;
      }
      case "noop":
        df.write().format("noop").mode("overwrite").save();
        result = null;
        plan = null;
        break;
      default:
        throw new IllegalArgumentException("query '" + query + "' is not batches, sum or noop");
    }
    long wall = System.nanoTime() - t0;
    long end = System.currentTimeMillis();
    ThreadCpu cpu1 = ThreadCpu.sample();
    drainListeners();
    if (plan == null) plan = lastWritePlan.get(); // df.write() runs its own query execution
    Map<String, Long> m = new HashMap<>();
    if (plan != null) collect(plan, m);
    long[] after = tasks.snapshot();
    m.put("tasks", after[0] - before[0]);
    m.put("taskCpuMs", (after[1] - before[1]) / 1_000_000);
    m.put("taskRunMs", after[2] - before[2]);
    m.put("taskGcMs", after[3] - before[3]);
    m.put("taskDeserializeMs", after[4] - before[4]);
    long[] span = tasks.span();
    if (span[0] != Long.MAX_VALUE) {
      m.put("untilFirstTaskMs", span[0] - start); // planning and scheduling before any task ran
      m.put("tasksSpanMs", span[1] - span[0]); // first task launched to last task finished
      m.put("afterLastTaskMs", end - span[1]);
    }
    m.put("loadMs", (loaded - t0) / 1_000_000); // open the stores' metadata
    if (planned > 0) m.put("plannedMs", (planned - t0) / 1_000_000); // + the physical plan and the partitions
    tasks.timeline(start, end, spark.sparkContext().defaultParallelism(), m);
    cpu1.minus(cpu0, m);
    return new Run(wall, m, result);
  }

  /** Waits until Spark's listener bus has delivered every event posted so far. */
  private void drainListeners() {
    try {
      spark.sparkContext().listenerBus().waitUntilEmpty(60_000);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("Spark's listener bus did not drain in 60 s", e);
    }
  }

  /** Rows of a batch; the reader reuses the batch's vectors, so nothing else is kept. */
  private static long rowsOf(ColumnarBatch b) {
    return b.numRows();
  }

  static BatchScanExec findScan(SparkPlan p) {
    if (p instanceof BatchScanExec) return (BatchScanExec) p;
    if (p instanceof AdaptiveSparkPlanExec) return findScan(((AdaptiveSparkPlanExec) p).executedPlan());
    for (SparkPlan c : JavaConverters.seqAsJavaList(p.children())) {
      BatchScanExec f = findScan(c);
      if (f != null) return f;
    }
    return null;
  }

  /** The SQL metrics of the Zarr scan nodes of a plan, as ScanMetrics in the connector's tests reads them. */
  static void collect(SparkPlan p, Map<String, Long> out) {
    if (p instanceof AdaptiveSparkPlanExec) {
      collect(((AdaptiveSparkPlanExec) p).executedPlan(), out);
      return;
    }
    if (p instanceof QueryStageExec) collect(((QueryStageExec) p).plan(), out);
    if (p instanceof CommandResultExec) collect(((CommandResultExec) p).commandPhysicalPlan(), out);
    if (p instanceof BatchScanExec) {
      for (Map.Entry<String, SQLMetric> e : JavaConverters.mapAsJavaMap(p.metrics()).entrySet()) {
        out.merge(e.getKey(), e.getValue().value(), Long::sum);
      }
    }
    for (SparkPlan c : JavaConverters.seqAsJavaList(p.children())) collect(c, out);
  }

  @Override
  public void close() {
    spark.stop();
  }

  /** CPU time of this JVM's threads by role, from /proc/self/task/N/{comm,schedstat} (ns). */
  static final class ThreadCpu {
    final Map<String, Long> byRole = new HashMap<>();

    static ThreadCpu sample() {
      ThreadCpu t = new ThreadCpu();
      java.io.File[] dirs = new java.io.File("/proc/self/task").listFiles();
      if (dirs == null) return t;
      for (java.io.File d : dirs) {
        try {
          String comm = java.nio.file.Files.readString(d.toPath().resolve("comm")).trim();
          String st = java.nio.file.Files.readString(d.toPath().resolve("schedstat")).trim();
          long ns = Long.parseLong(st.substring(0, st.indexOf(' ')));
          t.byRole.merge(d.getName() + " " + comm, ns, Long::sum);
        } catch (java.io.IOException | RuntimeException e) {
          // the thread ended between the listing and the read
        }
      }
      return t;
    }

    private static String role(String comm) {
      if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) return "jitCpuMs";
      if (comm.startsWith("GC Thread") || comm.startsWith("G1 ") || comm.equals("VM Thread")) return "gcVmCpuMs";
      if (comm.startsWith("Executor task")) return "taskThreadCpuMs";
      return "otherThreadCpuMs";
    }

    /** This sample's CPU minus an earlier one's, per role, into {@code out} (ms); threads that ended are lost. */
    void minus(ThreadCpu before, Map<String, Long> out) {
      Map<String, Long> ms = new java.util.TreeMap<>();
      for (Map.Entry<String, Long> e : byRole.entrySet()) {
        long d = e.getValue() - before.byRole.getOrDefault(e.getKey(), 0L);
        ms.merge(role(e.getKey().substring(e.getKey().indexOf(' ') + 1)), d, Long::sum);
      }
      for (Map.Entry<String, Long> e : ms.entrySet()) out.put(e.getKey(), e.getValue() / 1_000_000);
    }
  }
}
