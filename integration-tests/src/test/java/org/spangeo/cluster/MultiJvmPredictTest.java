package org.spangeo.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spangeo.jobs.CliRunner;
import org.spangeo.ml.inference.ModelCache;
import org.spangeo.ml.patches.Normalisation;
import org.spangeo.ml.testing.GridStore;
import org.spangeo.ml.train.ConvNet;
import org.spangeo.ml.train.ModelConfig;
import org.spangeo.ml.train.ModelDirectory;
import org.spangeo.ml.train.TimeMode;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.dataset.Values;
import org.spangeo.zarr.dataset.Variable;
import org.spangeo.zarr.store.HadoopConf;

/**
 * {@code spangeo predict} with executors in other JVMs (local-cluster[2,1,1024]): a small
 * convolutional model (3x3 conv, 4 filters, ReLU, 1x1 conv, sigmoid; random weights, fixed once in
 * the model directory) over 96 hourly steps of a 60 x 128 grid in 6 tiles (tasks), windows 16 x 16
 * with a longitude overlap of 4 and edge windows. Checked: the output equals, bit for bit, the
 * same command run in local mode in a JVM of its own; the tasks ran in the executors' processes;
 * each executor JVM loaded the model once for all its tasks; DJL's offline setting and cache
 * folder reached the executors (their command lines, and where their PyTorch library was mapped
 * from).
 */
class MultiJvmPredictTest {
  static final int NT = 96;
  static final int NY = 60;
  static final int NX = 128;
  /** 2 features x 60 x 128 x 4 bytes = 61,440 bytes a step; --tile-mb 1 gives 17 steps a tile: 6 tiles. */
  static final int TILES = 6;

  static SparkSession spark;
  static HadoopConf conf;
  static Path dir;
  static String in;
  static String model;
  static String clusterOut;
  static long driverPid;
  static int driverLoadsBefore;
  static int driverLoadsAfter;
  static String[] clusterRun;
  /** Executor id -> probe (pid, model loads, JVM arguments, mapped torch libraries), before and after predict. */
  static Map<String, Probe> before;
  static Map<String, Probe> after;
  static Set<String> predictExecutors;
  static int predictTasks;
  static List<String> predictFailures;

  @BeforeAll
  static void predictOnTheCluster() throws Exception {
    spark = LocalClusterSession.get();
    LocalClusterSession.awaitExecutors(); // another class may have killed one
    conf = new HadoopConf(spark.sparkContext().hadoopConfiguration());
    dir = Stores.scratch("multijvm-predict");
    in = writeInput(dir.resolve("in.zarr"));
    model = writeModel(dir.resolve("model"));
    clusterOut = dir.resolve("cluster.zarr").toString();
    driverPid = ProcessHandle.current().pid();

    before = probeExecutors();
    driverLoadsBefore = ModelCache.loads();
    LocalClusterSession.TaskLog log = LocalClusterSession.tasks();
    log.clear();
    clusterRun = CliRunner.spangeo(predictArgs(clusterOut));
    Stores.drainListeners(spark);
    predictExecutors = new HashSet<>(log.executors);
    predictTasks = log.succeeded.get();
    predictFailures = new ArrayList<>(log.failures);
    driverLoadsAfter = ModelCache.loads();
    after = probeExecutors();
    // for the record (docs/cluster.md): what PyTorch adds to an executor beside its 1 GiB heap
    System.out.println("executors before predict: " + before + "; after: " + after);
  }

  static String[] predictArgs(String out) {
    return new String[] {"predict", "--in", in, "--model", model, "--out", out, "--tile-mb", "1", "--batch-size", "20"};
  }

  @Test
  void predictionOnExecutorsEqualsLocalModeBitForBit() throws Exception {
    assertEquals("0", clusterRun[0], "spangeo predict on local-cluster failed: " + clusterRun[2]);
    assertTrue(clusterRun[1].contains("in " + TILES + " tasks"), "expected " + TILES + " tiles: " + clusterRun[1]);
    String localOut = dir.resolve("local.zarr").toString();
    runLocalMode(localOut);
    float[] got = read(clusterOut);
    float[] want = read(localOut);
    assertEquals(NT * NY * NX, got.length);
    assertEquals(want.length, got.length);
    float lo = Float.POSITIVE_INFINITY;
    float hi = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < got.length; i++) {
      assertFalse(Float.isNaN(want[i]), "local mode left cell " + i + " uncovered");
      assertEquals(Float.floatToIntBits(want[i]), Float.floatToIntBits(got[i]),
          "cell " + i + " (t " + i / (NY * NX) + "): cluster " + got[i] + " vs local " + want[i]);
      lo = Math.min(lo, got[i]);
      hi = Math.max(hi, got[i]);
    }
    // a comparison of two constant fields would prove little: the model's output varies
    assertTrue(lo > 0f && hi < 1f && hi - lo > 0.05f, "probabilities span only " + lo + " .. " + hi);
  }

  @Test
  void tasksRanInTheExecutorProcesses() {
    assertEquals("0", clusterRun[0], clusterRun[2]);
    assertTrue(predictFailures.isEmpty(), "failed tasks: " + predictFailures);
    assertTrue(predictTasks >= TILES, "expected at least " + TILES + " tasks, saw " + predictTasks);
    assertFalse(predictExecutors.contains("driver"), "tasks ran on the driver: " + predictExecutors);
    assertEquals(2, predictExecutors.size(), "the tiles should use both executors: " + predictExecutors);
    Set<Long> pids = new HashSet<>();
    for (String e : predictExecutors) {
      Probe p = after.get(e);
      assertNotNull(p, "executor " + e + " ran predict tasks but is gone: " + after.keySet());
      assertTrue(p.pid != driverPid, "executor " + e + " is the driver's process " + driverPid);
      pids.add(p.pid);
    }
    assertEquals(2, pids.size(), "two executor processes: " + after);
  }

  @Test
  void modelLoadedOncePerExecutorJvmNotPerTask() {
    assertEquals("0", clusterRun[0], clusterRun[2]);
    assertEquals(driverLoadsBefore, driverLoadsAfter, "the driver loaded the model");
    int loads = 0;
    for (String e : predictExecutors) {
      Probe b = before.get(e);
      Probe a = after.get(e);
      assertNotNull(b, "executor " + e + " was not there before predict: " + before.keySet());
      assertEquals(b.pid, a.pid, "executor " + e + " was replaced during predict");
      assertEquals(1, a.loads - b.loads, "model loads in executor " + e + " (pid " + a.pid + ")");
      loads += a.loads - b.loads;
    }
    assertTrue(predictTasks > loads, predictTasks + " tasks, " + loads + " loads: a load per task would not show here");
  }

  @Test
  void djlOfflineAndCacheFolderReachedTheExecutors() {
    assertEquals("0", clusterRun[0], clusterRun[2]);
    String cache = LocalClusterSession.executorDjlCache();
    for (String e : predictExecutors) {
      Probe p = after.get(e);
      assertTrue(p.jvmArgs.contains("-Dai.djl.offline=true"), "executor " + e + " JVM arguments: " + p.jvmArgs);
      assertTrue(p.jvmArgs.contains("-DDJL_CACHE_DIR=" + cache), "executor " + e + " JVM arguments: " + p.jvmArgs);
      assertFalse(p.torchLibraries.isEmpty(), "executor " + e + " has no PyTorch library mapped");
      for (String lib : p.torchLibraries) {
        assertTrue(lib.startsWith(cache + "/"), "executor " + e + " loaded " + lib + ", not from " + cache);
      }
    }
    // the native library was unpacked there, not downloaded (offline) and not in ~/.djl.ai
    try (var files = Files.walk(Path.of(cache))) {
      assertTrue(files.anyMatch(f -> f.getFileName().toString().startsWith("libtorch")), "no libtorch under " + cache);
    } catch (java.io.IOException ex) {
      throw new AssertionError(ex);
    }
  }

  // ---- the executors, seen from inside

  /** What one executor JVM says about itself. */
  static final class Probe {
    final long pid;
    final int loads;
    final String jvmArgs;
    final List<String> torchLibraries;
    /** Resident memory of the whole process (heap and PyTorch's native memory), MB. */
    final long rssMb;

    Probe(String line) {
      String[] p = line.split("\t", -1);
      pid = Long.parseLong(p[1]);
      loads = Integer.parseInt(p[2]);
      jvmArgs = p[3];
      torchLibraries = p[4].isEmpty() ? List.of() : List.of(p[4].split(","));
      rssMb = Long.parseLong(p[5]);
    }

    @Override
    public String toString() {
      return "pid " + pid + ", loads " + loads + ", resident " + rssMb + " MB";
    }
  }

  /** Runs small tasks until every executor has answered (the first round of offers reaches both). */
  static Map<String, Probe> probeExecutors() {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int executors = spark.sparkContext().statusTracker().getExecutorInfos().length - 1;
    Map<String, Probe> seen = new TreeMap<>();
    for (int round = 0; round < 10 && seen.size() < executors; round++) {
      List<Integer> slots = new ArrayList<>();
      for (int i = 0; i < 8; i++) slots.add(i);
      for (String line : jsc.parallelize(slots, 8).map(i -> describeThisJvm()).collect()) {
        seen.put(line.split("\t", 2)[0], new Probe(line));
      }
    }
    assertEquals(executors, seen.size(), "not every executor answered: " + seen);
    return seen;
  }

  /** Runs in an executor: id, process id, models loaded, JVM arguments, PyTorch libraries mapped, resident MB. */
  static String describeThisJvm() throws java.io.IOException {
    List<String> torch = new ArrayList<>();
    for (String m : Files.readAllLines(Path.of("/proc/self/maps"))) {
      int slash = m.indexOf('/');
      if (slash < 0) continue;
      String file = m.substring(slash);
      String name = file.substring(file.lastIndexOf('/') + 1);
      if ((name.startsWith("libtorch") || name.contains("djl_torch")) && !torch.contains(file)) torch.add(file);
    }
    long rssKb = 0;
    for (String s : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (s.startsWith("VmRSS:")) rssKb = Long.parseLong(s.replaceAll("[^0-9]", ""));
    }
    String args = String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments());
    return SparkEnv.get().executorId() + "\t" + ProcessHandle.current().pid() + "\t" + ModelCache.loads() + "\t"
        + args.replace('\t', ' ') + "\t" + String.join(",", torch) + "\t" + rssKb / 1024;
  }

  // ---- the same command in local mode, in a JVM of its own (one SparkContext per JVM)

  static void runLocalMode(String out) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx768m");
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("--add-opens") || a.startsWith("-XX:+IgnoreUnrecognizedVMOptions") || a.startsWith("-Djdk.reflect")) cmd.add(a);
    }
    // the executors' settings, so that only the JVM layout differs: one PyTorch thread, same Kryo rules
    for (String p : List.of("ai.djl.offline", "DJL_CACHE_DIR", "ENGINE_CACHE_DIR", "ai.djl.pytorch.num_threads",
        "ai.djl.pytorch.num_interop_threads")) {
      String v = System.getProperty(p);
      if (v != null) cmd.add("-D" + p + "=" + v);
    }
    cmd.add("-Dspark.serializer=org.apache.spark.serializer.KryoSerializer");
    cmd.add("-Dspark.kryo.registrationRequired=true");
    cmd.add("-Dspark.kryo.registrator=org.spangeo.zarr.SpangeoKryoRegistrator,org.spangeo.jobs.JobsKryoRegistrator,"
        + "org.spangeo.ml.MlKryoRegistrator");
    cmd.add("-Dspark.ui.enabled=false");
    cmd.add("-Dspark.eventLog.enabled=false");
    cmd.add("-Dspark.spangeo.progress=false");
    cmd.add("-Dspark.driver.host=127.0.0.1");
    cmd.add("-Dspark.driver.bindAddress=127.0.0.1");
    cmd.add("-Dspark.sql.session.timeZone=UTC");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("org.spangeo.jobs.cli.Spangeo");
    cmd.addAll(List.of(predictArgs(out)));
    cmd.add("--master");
    cmd.add("local[2]");
    File logFile = dir.resolve("local-mode.log").toFile();
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(logFile);
    pb.environment().put("SPANGEO_CONF_DIR", dir.resolve("no-conf").toString()); // no spark-defaults.conf: the -D above only
    Process p = pb.start();
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("local-mode predict did not finish in 180 s: " + tail(logFile));
    }
    assertEquals(0, p.exitValue(), "local-mode predict failed: " + tail(logFile));
  }

  static String tail(File f) throws java.io.IOException {
    String s = Files.readString(f.toPath());
    return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
  }

  // ---- data and model

  static float[] read(String store) {
    Dataset ds = Dataset.open(conf, store);
    Variable v = ds.variable("convection_probability");
    long[] s = v.shape();
    double[] d = Values.decodeDouble(v.read(new long[3], new int[] {(int) s[0], (int) s[1], (int) s[2]}), v);
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) f[i] = (float) d[i]; // float32 values: exact both ways
    return f;
  }

  /** Two smooth fields with a diurnal cycle and a moving front, a few missing cells; chunks (24, 30, 64). */
  static String writeInput(Path path) {
    GridStore g = new GridStore(GridStore.times("2021-07-01", NT, 1), GridStore.axis(40, 0.25, NY), GridStore.axis(100, -0.25, NX));
    float[] t2m = new float[g.size()];
    float[] tcwv = new float[g.size()];
    for (int t = 0; t < NT; t++) {
      for (int i = 0; i < NY; i++) {
        for (int j = 0; j < NX; j++) {
          int k = g.index(t, i, j);
          t2m[k] = (float) (290 + 8 * Math.sin(2 * Math.PI * t / 24.0) - 0.3 * i + 2 * Math.cos(j / 9.0));
          tcwv[k] = (float) (30 + 20 * Math.tanh((j - 40 - t) / 6.0) + 5 * Math.sin(i / 5.0));
        }
      }
    }
    t2m[g.index(50, 10, 100)] = Float.NaN;
    tcwv[g.index(3, 59, 0)] = Float.NaN;
    g.put("t2m", t2m).put("tcwv", tcwv);
    return g.write(path, 24, 30, 64).toString();
  }

  /**
   * A spangeo model directory: spatial-convnet (one 3x3 layer of 4 filters) with DJL's default
   * (Xavier) initial weights, saved once, so both runs use the same parameters.
   */
  static String writeModel(Path target) throws Exception {
    List<String> features = List.of("t2m", "tcwv");
    Path local = Files.createTempDirectory(dir, "model-build");
    Block block = ConvNet.build(ConvNet.SPATIAL, 4, 1);
    try (Model m = Model.newInstance(ModelConfig.PARAMS_PREFIX, "PyTorch")) {
      m.setBlock(block);
      block.initialize(m.getNDManager(), DataType.FLOAT32, new Shape(1, features.size(), 16, 16));
      m.save(local, ModelConfig.PARAMS_PREFIX);
    }
    ModelConfig mc = new ModelConfig();
    mc.architecture = ConvNet.SPATIAL;
    mc.hidden = 4;
    mc.layers = 1;
    mc.output = "probability";
    mc.timeMode = TimeMode.STEP;
    mc.features = new ArrayList<>(features);
    mc.dims = new ArrayList<>(List.of("time", "latitude", "longitude"));
    mc.inputDims.put("latitude", 16);
    mc.inputDims.put("longitude", 16);
    mc.overlap.put("longitude", 4);
    ModelDirectory.writeJson(local, ModelConfig.FILE, mc.toJson());
    Normalisation stats = new Normalisation(features, new double[] {290, 30}, new double[] {8, 15}, new long[] {1, 1});
    ModelDirectory.writeJson(local, ModelConfig.STATS_FILE, stats.toJson());
    ModelDirectory.save(HadoopConf.of(Map.of()), local, target.toString(), true);
    return target.toString();
  }
}
