package org.spangeo.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.spangeo.cluster.ClusterData;
import org.spangeo.zarr.store.HadoopConf;

/**
 * YARN on HDFS: Hadoop 3.3.4's MiniDFSCluster and MiniYARNCluster (through Hadoop's own CLI,
 * MiniHadoopClusterManager, in a JVM of their own), and {@code spark-submit --master yarn
 * --deploy-mode cluster} from the Spark installation of StandaloneClusterTest: the climatology
 * reads hdfs:// and writes hdfs://, and the output is byte-identical to a local run.
 *
 * <p>What it took on the mini clusters: Spark's Java 17 flags for the CLI's JVM (YARN's web apps
 * use Guice 4's cglib); free ports for every ResourceManager and NodeManager service (the CLI
 * turns fixed ports on); the written configuration read only once it is whole; YARN's AmIpFilter
 * jar in the Spark installation (the download has it; without it the driver's UI fails to bind);
 * the mini cluster's test-only rack mapping (StaticMapping) left out of the client configuration;
 * and Spangeo's main returning instead of calling System.exit in a YARN cluster-mode driver
 * (the last run before that fix wrote the whole output, then YARN marked the application FAILED
 * with exit 16; the run with the fix has not been made yet).
 */
@Tag("cluster")
class YarnTest {
  static File dir;

  @AfterAll
  static void stop() throws Exception {
    Procs.killAll();
    Trees.delete(dir);
  }

  @Test
  void clusterModeOnHdfs() throws Exception {
    dir = Files.createTempDirectory("spangeo-yarn").toFile();
    File confXml = new File(dir, "mini-conf.xml");
    File log = new File(dir, "minicluster.log");
    Process p;
    // MiniHadoopClusterManager binds the ports it is told some seconds after we chose them; a port
    // another build on this machine took meanwhile fails the start with a BindException. Ports
    // come from below the kernel's ephemeral range (no outgoing connection takes them), and a
    // start that lost such a race is retried with new ones; any other failure fails the test.
    for (int attempt = 1; ; attempt++) {
      Files.deleteIfExists(confXml.toPath());
      Files.deleteIfExists(log.toPath()); // appended to: a retry reads only its own start
      Trees.delete(new File(dir, "hadoop-tmp"));
      p = startMiniCluster(confXml, log);
      try {
        Procs.await(p, log, "Started MiniMRCluster", 600);
        break;
      } catch (AssertionError e) {
        Procs.kill(p);
        if (attempt == 3 || !Procs.read(log).contains("java.net.BindException")) throw e;
        System.out.println("mini cluster lost a port race (attempt " + attempt + "), retrying with other ports");
      }
    }
    long end = System.nanoTime() + 60_000_000_000L;
    // the CLI writes the file after that line: wait until it is whole, not merely there
    while (!Procs.read(confXml).contains("</configuration>")) {
      if (System.nanoTime() > end) throw new AssertionError("no whole " + confXml + ":\n" + Procs.read(log));
      Thread.sleep(200);
    }

    File conf = new File(dir, "hadoop-conf");
    conf.mkdirs();
    Configuration hadoop = new Configuration(false);
    hadoop.addResource(new Path(confXml.toURI()));
    // MiniDFSCluster puts racks in a test class (StaticMapping, in Hadoop's test jar); a real
    // cluster's client configuration has no such line, and Spark's jars lack the class: the
    // ApplicationMaster's scheduler then fails with "External scheduler cannot be instantiated"
    hadoop.unset("net.topology.node.switch.mapping.impl");
    for (String name : new String[] {"core-site.xml", "hdfs-site.xml", "yarn-site.xml"}) {
      try (var out = Files.newOutputStream(new File(conf, name).toPath())) {
        hadoop.writeXml(out);
      }
    }
    String fsUri = hadoop.get("fs.defaultFS");
    ClusterData.write(new HadoopConf(hadoop), fsUri + "/era5/t2m.zarr");

    File home = Runtimes.sparkHome(dir);
    Map<String, String> submitEnv = new HashMap<>();
    submitEnv.put("HADOOP_CONF_DIR", conf.getPath());
    submitEnv.put("JAVA_HOME", System.getProperty("java.home"));
    submitEnv.put("SPARK_LOCAL_IP", "127.0.0.1");
    // file: in full: with HADOOP_CONF_DIR set, a bare path means the default file system (hdfs)
    File ref = new File(dir, "clim_local.zarr");
    Procs.Result r = Procs.run(List.of(new File(Runtimes.root(), "scripts/spangeo").getPath(), "climatology",
        "--in", fsUri + "/era5/t2m.zarr", "--vars", "t2m", "--by", "month", "--out", ref.toURI().toString(), "--quiet"),
        Map.of("HADOOP_CONF_DIR", conf.getPath(), "SPANGEO_JAVA_OPTS", "-Xmx768m", "SPARK_LOCAL_IP", "127.0.0.1"), dir, null, 600);
    assertEquals(0, r.code(), r.all());

    long t0 = System.nanoTime();
    // docs/cluster.md's YARN block as written, after the page's setup block (SPANGEO_JAR, JAVA17_OPENS)
    String setup = DocBlocks.find("docs/cluster.md", "cluster", "SPANGEO_JAR=");
    String block = DocBlocks.find("docs/cluster.md", "cluster", "--master yarn");
    submitEnv.put("HDFS", fsUri);
    submitEnv.put("PATH", home + "/bin:" + System.getenv("PATH"));
    r = Procs.run(List.of("bash", "-euo", "pipefail", "-c", setup + block), submitEnv, Runtimes.root(), null, 900);
    System.out.printf("yarn cluster mode: %.1f s%n", (System.nanoTime() - t0) / 1e9);
    assertEquals(0, r.code(), r.all() + "\n--- minicluster log tail:\n" + tail(Procs.read(log), 6000) + containerLogs());
    assertEquals(Trees.of(ref), hdfsTree(hadoop, fsUri + "/out/t2m_clim.zarr"));
  }

  /** MiniDFSCluster + MiniYARNCluster in their own JVM, on ports chosen here (see the retry above). */
  static Process startMiniCluster(File confXml, File log) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Runtimes.java(), "-Xmx1g"));
    // YARN's web apps (Guice 4's cglib) need java.lang opened on Java 17: Spark's list has it
    cmd.addAll(List.of(Files.readString(new File(Runtimes.root(), "conf/java17-opens").toPath()).trim().split("\\s+")));
    cmd.addAll(List.of("-cp", String.join(File.pathSeparator, Runtimes.classpath("minicluster")),
        "org.apache.hadoop.mapreduce.MiniHadoopClusterManager", "-format", "-nnport", "0",
        "-rmport", Integer.toString(free()), "-jhsport", Integer.toString(free()),
        "-nodemanagers", "1", "-writeConfig", confXml.getPath(),
        // the CLI turns on yarn.minicluster.fixed.ports, which puts the ResourceManager's other
        // services on their default ports (8030, 8031, 8033, 8088) and writes ":0" for the port
        // it was given as 0: name free ports for all of them (other builds share this machine)
        "-D", "yarn.resourcemanager.scheduler.address=localhost:" + free(),
        "-D", "yarn.resourcemanager.resource-tracker.address=localhost:" + free(),
        "-D", "yarn.resourcemanager.admin.address=localhost:" + free(),
        "-D", "yarn.resourcemanager.webapp.address=localhost:" + free(),
        "-D", "yarn.nodemanager.address=localhost:" + free(),
        "-D", "yarn.nodemanager.localizer.address=localhost:" + free(),
        "-D", "yarn.nodemanager.webapp.address=localhost:" + free(),
        "-D", "mapreduce.jobhistory.webapp.address=localhost:" + free(),
        "-D", "mapreduce.jobhistory.admin.address=localhost:" + free(),
        "-D", "mapreduce.shuffle.port=" + free(),
        "-D", "yarn.scheduler.minimum-allocation-mb=128", "-D", "yarn.nodemanager.resource.memory-mb=4096",
        "-D", "yarn.nodemanager.vmem-check-enabled=false", "-D", "yarn.nodemanager.pmem-check-enabled=false",
        "-D", "yarn.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage=99.5",
        "-D", "hadoop.tmp.dir=" + new File(dir, "hadoop-tmp")));
    Map<String, String> env = new HashMap<>();
    env.put("JAVA_HOME", System.getProperty("java.home")); // YARN containers start java from $JAVA_HOME
    return Procs.start(cmd, env, dir, log, null);
  }

  private static final java.util.Random PORTS = new java.util.Random();

  /**
   * A port nothing listens on now, between 10000 and the kernel's ephemeral range (32768): the
   * OS's own choice (port 0) would come from that range, where any outgoing connection of the
   * mini cluster itself may take it before the cluster binds it.
   */
  static int free() {
    for (int i = 0; i < 1000; i++) {
      int port = 10_000 + PORTS.nextInt(22_000);
      try (java.net.ServerSocket s = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
        return s.getLocalPort();
      } catch (java.io.IOException taken) {
        // in use: try another
      }
    }
    throw new IllegalStateException("no free port between 10000 and 32000");
  }

  static Map<String, String> hdfsTree(Configuration c, String uri) throws Exception {
    Map<String, String> out = new TreeMap<>();
    FileSystem fs = new Path(uri).getFileSystem(c);
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(new Path(uri), true);
    String root = new Path(uri).toUri().getPath();
    while (it.hasNext()) {
      Path f = it.next().getPath();
      try (FSDataInputStream in = fs.open(f)) {
        out.put(f.toUri().getPath().substring(root.length() + 1), Trees.sha256(in.readAllBytes()));
      }
    }
    return out;
  }

  /** The YARN containers' stdout and stderr (the NodeManager keeps them under the mini cluster's folder). */
  static String containerLogs() throws Exception {
    StringBuilder b = new StringBuilder();
    try (var files = Files.walk(dir.toPath())) {
      for (var f : (Iterable<java.nio.file.Path>) files.sorted()::iterator) {
        String name = f.getFileName().toString();
        if (f.toString().contains("container_") && (name.equals("stderr") || name.equals("stdout")) && Files.isRegularFile(f)) {
          // the first error with its causes, then the end
          String text = Files.readString(f);
          int err = text.indexOf(" ERROR ");
          b.append("\n--- ").append(dir.toPath().relativize(f)).append(":\n")
              .append(err < 0 ? "" : text.substring(err, Math.min(text.length(), err + 6000)) + "\n...\n")
              .append(tail(text, 2000));
        }
      }
    }
    return b.toString();
  }

  static String tail(String s, int n) {
    return s.length() <= n ? s : s.substring(s.length() - n);
  }
}
