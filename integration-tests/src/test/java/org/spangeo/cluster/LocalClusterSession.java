package org.spangeo.cluster;

import java.io.File;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;

/**
 * One Spark session for this module's tests whose executors are separate JVMs:
 * {@code local-cluster[2,1,1024]}, Spark's own in-process standalone Master and Worker, started
 * from the Maven jars. Everything a real cluster would exercise happens: tasks and results cross
 * JVMs through Kryo with registration required, static caches are per executor, classes load in
 * the executors' own class loaders, an executor can die.
 *
 * <p>How it starts without a Spark installation: the Worker launches executors with Spark's
 * launcher, which insists on a Spark home with a {@code jars/} folder (SPARK_HOME is set by
 * surefire's environmentVariables; the empty folders are made here), and the executors' class
 * path is this JVM's ({@code spark.executor.extraClassPath}). Spark adds the Java 17
 * {@code --add-opens} flags to executors itself.
 *
 * <p>Commands run in-process ({@code CliRunner}) reuse this session (spangeo.keepSession).
 * The ML predict command (MultiJvmPredictTest) gets DJL's settings on the executors through
 * {@code spark.executor.extraJavaOptions}, as conf/spark-defaults.conf gives them on a cluster.
 */
public final class LocalClusterSession {
  public static final String MASTER = "local-cluster[2,1,1024]";
  private static SparkSession spark;
  private static final TaskLog TASKS = new TaskLog();

  private LocalClusterSession() {}

  public static synchronized SparkSession get() {
    if (spark != null) return spark;
    String home = System.getenv("SPARK_HOME");
    if (home == null) throw new IllegalStateException("SPARK_HOME is not set (surefire's environmentVariables set it)");
    new File(home, "jars").mkdirs();
    new File(home, "launcher/target/scala-2.12").mkdirs();
    System.setProperty("spangeo.keepSession", "true");
    spark = SparkSession.builder()
        .master(MASTER)
        // what conf/spark-defaults.conf gives executors for spangeo predict: DJL offline, its
        // native-library cache in a folder of the executors' own, one PyTorch thread a task
        .config("spark.executor.extraJavaOptions", executorDjlOptions())
        .appName("spangeo-cluster-tests")
        .config("spark.executor.extraClassPath", System.getProperty("java.class.path"))
        .config("spark.executor.memory", "1024m")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
        .config("spark.kryo.registrationRequired", "true")
        .config("spark.kryo.registrator", org.spangeo.jobs.cli.SparkSessions.kryoRegistrators())
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.extensions", "org.spangeo.zarr.datasource.SpangeoSqlExtensions")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.eventLog.enabled", "false")
        // faults: a failed task is retried (up to 4 attempts), stragglers are speculated
        .config("spark.task.maxFailures", "4")
        .config("spark.speculation", "true")
        .config("spark.speculation.interval", "100ms")
        .config("spark.speculation.multiplier", "2")
        .config("spark.speculation.quantile", "0.5")
        .config("spark.speculation.minTaskRuntime", "500ms")
        // the test file systems; not cached, so each store sees the fault rules of its own configuration
        .config("spark.hadoop.fs.faulty.impl", FaultyFileSystem.class.getName())
        .config("spark.hadoop.fs.faulty.impl.disable.cache", "true")
        .config("spark.hadoop.spangeo.write.atomicRename.faulty", "true") // local files underneath
        .config("spark.hadoop.fs.nonatomic.impl", NonAtomicFileSystem.class.getName())
        .config("spark.hadoop.fs.nonatomic.impl.disable.cache", "true")
        .getOrCreate();
    spark.sparkContext().addSparkListener(TASKS);
    awaitExecutors();
    return spark;
  }

  /** The executors' DJL cache folder (under target/, made by the first executor that loads PyTorch). */
  public static String executorDjlCache() {
    String dir = System.getProperty("spangeo.test.executorDjlCache");
    if (dir == null) dir = new File(System.getenv("SPARK_HOME")).getParentFile() + "/djl-cache-executors";
    return new File(dir).getAbsolutePath();
  }

  static String executorDjlOptions() {
    String dir = executorDjlCache();
    return "-Dai.djl.offline=true -DDJL_CACHE_DIR=" + dir + " -DENGINE_CACHE_DIR=" + dir
        + " -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1";
  }

  /**
   * Waits (up to 60 s) until both executors are registered: at start-up, and after a test
   * killed one (the Worker starts a replacement in a few seconds). Tests that check where tasks
   * ran call it first, so that they never see a cluster with one executor.
   */
  public static void awaitExecutors() {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (spark.sparkContext().statusTracker().getExecutorInfos().length < 3) { // the driver counts too
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("local-cluster: executors did not register within 60 s");
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** What the tasks did: the executors they ran on, failures, speculative copies. */
  public static TaskLog tasks() {
    get();
    return TASKS;
  }

  /** Task ends seen by the driver since the last {@link #clear()}. */
  public static final class TaskLog extends SparkListener {
    public final Set<String> executors = ConcurrentHashMap.newKeySet();
    public final List<String> failures = new CopyOnWriteArrayList<>();
    public final List<Long> speculative = new CopyOnWriteArrayList<>();
    public final java.util.concurrent.atomic.AtomicInteger succeeded = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public void onTaskEnd(SparkListenerTaskEnd e) {
      executors.add(e.taskInfo().executorId());
      if (e.taskInfo().speculative()) speculative.add(e.taskInfo().taskId());
      if (e.taskInfo().successful()) succeeded.incrementAndGet();
      else failures.add(e.reason().toString());
    }

    public void clear() {
      executors.clear();
      failures.clear();
      speculative.clear();
      succeeded.set(0);
    }
  }
}
