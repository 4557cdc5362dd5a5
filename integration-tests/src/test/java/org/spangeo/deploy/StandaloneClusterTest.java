package org.spangeo.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spangeo.cluster.ClusterData;
import org.spangeo.zarr.store.HadoopConf;

/**
 * A real Spark standalone cluster: a Master and two Workers, each a JVM of its own started with
 * Spark's launcher from a Spark installation whose jars/ holds only Spark's jars (no Spangeo).
 * The monthly climatology runs through (a) scripts/spangeo --master spark://..., (b) spark-submit
 * --deploy-mode client, (c) spark-submit --deploy-mode cluster, each exactly as docs/cluster.md
 * shows it (the blocks marked doc-test: cluster), and the three outputs are byte-identical to a
 * local run. The cluster (Master, Workers, executors, drivers, spangeo) runs with
 * TZ=Asia/Shanghai, the local run with TZ=UTC: the answer does not depend on the JVM's zone.
 * A job that fails on the executors (a damaged chunk) exits non-zero all three ways and leaves
 * no output store (bad --master and --conf values: LaunchErrorsTest).
 */
@Tag("cluster")
class StandaloneClusterTest {
  static File dir;
  static File home;
  static String master;
  static File store;
  static Map<String, String> reference;
  static final Map<String, String> ENV = new HashMap<>();

  @BeforeAll
  static void cluster() throws Exception {
    dir = Files.createTempDirectory("spangeo-standalone").toFile();
    home = Runtimes.sparkHome(dir);
    ENV.put("SPARK_LOCAL_IP", "127.0.0.1");
    ENV.put("SPARK_HOME", home.getPath());
    ENV.put("SPARK_SCALA_VERSION", "2.12");
    ENV.put("TZ", "Asia/Shanghai");
    ENV.put("SPANGEO_JAVA_OPTS", "-Xmx768m");
    ENV.put("PATH", home + "/bin:" + System.getenv("PATH"));
    store = new File(dir, "data/t2m.zarr");
    ClusterData.write(HadoopConf.of(Map.of()), store.getAbsolutePath());

    // the reference: the same command embedded (local[2]) in UTC
    Map<String, String> utc = new HashMap<>(ENV);
    utc.put("TZ", "UTC");
    File ref = new File(dir, "out/clim_local.zarr");
    Procs.Result r = spangeo(utc, "climatology", "--in", store.getPath(), "--vars", "t2m", "--by", "month",
        "--out", ref.getPath(), "--master", "local[2]", "--quiet");
    assertEquals(0, r.code(), r.all());
    reference = Trees.of(ref);
    assertTrue(reference.containsKey(".zmetadata") && reference.keySet().stream().anyMatch(k -> k.startsWith("t2m/")),
        reference.toString());

    File mlog = new File(dir, "master.log");
    Process m = Procs.start(Runtimes.sparkClass(home, List.of("org.apache.spark.deploy.master.Master",
        "--host", "127.0.0.1", "--port", "0", "--webui-port", "0"), ENV), ENV, dir, mlog, null);
    String log = Procs.await(m, mlog, "Starting Spark master at spark://", 120);
    master = log.substring(log.indexOf("spark://")).split("\\s")[0];
    for (int w = 1; w <= 2; w++) {
      File wlog = new File(dir, "worker" + w + ".log");
      File work = new File(dir, "work" + w);
      work.mkdirs();
      Process p = Procs.start(Runtimes.sparkClass(home, List.of("org.apache.spark.deploy.worker.Worker",
          "--host", "127.0.0.1", "--port", "0", "--webui-port", "0", "--cores", "2", "--memory", "1500m",
          "--work-dir", work.getPath(), master), ENV), ENV, dir, wlog, null);
      Procs.await(p, wlog, "Successfully registered with master", 120);
    }
    ENV.put("MASTER", master);
    ENV.put("DATA", store.getParent());
  }

  @AfterAll
  static void stop() throws Exception {
    Procs.killAll();
    Trees.delete(dir);
  }

  static Procs.Result spangeo(Map<String, String> env, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(new File(Runtimes.root(), "scripts/spangeo").getPath()));
    cmd.addAll(List.of(args));
    return Procs.run(cmd, env, dir, null, 600);
  }

  /** Runs the docs' setup block and then {@code block} with bash in the repository root. */
  static Procs.Result doc(String block, Map<String, String> env) throws Exception {
    String setup = DocBlocks.find("docs/cluster.md", "cluster", "SPANGEO_JAR=");
    return Procs.run(List.of("bash", "-euo", "pipefail", "-c", setup + block), env, Runtimes.root(), null, 1200);
  }

  static Map<String, String> env(String out) {
    Map<String, String> e = new HashMap<>(ENV);
    e.put("OUT", new File(dir, out).getPath());
    new File(dir, out).mkdirs();
    return e;
  }

  @Test
  void aScriptsSpangeoOnTheCluster() throws Exception {
    String block = DocBlocks.find("docs/cluster.md", "cluster", "scripts/spangeo climatology --master \"$MASTER\"");
    // README's "Running on a cluster" shows the same block
    assertEquals(block, DocBlocks.find("README.md", "cluster", "scripts/spangeo climatology --master \"$MASTER\""));
    Procs.Result r = doc(block, env("a"));
    assertEquals(0, r.code(), r.all());
    assertEquals(reference, Trees.of(new File(dir, "a/t2m_clim.zarr")), r.all());
  }

  @Test
  void bSparkSubmitClientMode() throws Exception {
    String block = DocBlocks.find("docs/cluster.md", "cluster", "--deploy-mode client");
    Procs.Result r = doc(block, env("b"));
    assertEquals(0, r.code(), r.all());
    assertEquals(reference, Trees.of(new File(dir, "b/t2m_clim.zarr")), r.all());
  }

  @Test
  void cSparkSubmitClusterMode() throws Exception {
    String block = DocBlocks.find("docs/cluster.md", "cluster", "--deploy-mode cluster", "$MASTER");
    Procs.Result r = doc(block, env("c"));
    assertEquals(0, r.code(), r.all());
    assertEquals(reference, Trees.of(new File(dir, "c/t2m_clim.zarr")), r.all());
  }

  /** The same three ways on an input with a damaged chunk: a non-zero exit each time, no output. */
  @Test
  void aFailingJobIsNonZeroAllThreeWays() throws Exception {
    File bad = new File(dir, "bad/t2m.zarr");
    copy(store, bad);
    try (RandomAccessFile f = new RandomAccessFile(new File(bad, "t2m/3.1.0"), "rw")) {
      f.setLength(10); // shorter than a Blosc header: the chunk cannot decode
    }
    for (String how : new String[] {"scripts/spangeo climatology --master \"$MASTER\"", "--deploy-mode client",
        "--deploy-mode cluster"}) {
      String block = DocBlocks.find("docs/cluster.md", "cluster", how, "$MASTER");
      Map<String, String> e = env("fail-" + how.replaceAll("\\W+", "_"));
      e.put("DATA", bad.getParent());
      Procs.Result r = doc(block, e);
      assertNotEquals(0, r.code(), how + ":\n" + r.all());
      assertFalse(new File(e.get("OUT"), "t2m_clim.zarr/.zmetadata").exists(), how);
      if (how.startsWith("scripts")) {
        // the user sees why (the chunk), and progress never claims the failed stage is done
        assertTrue(r.err().contains("array 't2m', chunk '3.1.0'"), r.err());
        assertFalse(r.err().contains("100%") || r.err().contains(", done in"), r.err());
        // (a log shows a stage's "failed after" line only once it ran 2 s: ProgressLinesTest)
      }
    }
  }

  static void copy(File from, File to) throws Exception {
    try (var s = Files.walk(from.toPath())) {
      for (var p : (Iterable<java.nio.file.Path>) s::iterator) {
        var t = to.toPath().resolve(from.toPath().relativize(p).toString());
        if (Files.isDirectory(p)) Files.createDirectories(t);
        else Files.copy(p, t);
      }
    }
  }
}
