package org.spangeo.jobs.cli;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;

/**
 * What a command started outside spark-submit needs before it joins a cluster: a master URL
 * Spark knows, a master that answers (Spark itself would retry for a minute, then report only
 * that "all masters are unresponsive"), and its own classes on the executors. The executors of
 * a Spark installation hold only Spark's jars, so the application jar ({@code -Dspangeo.appJar},
 * set by scripts/spangeo) goes into {@code spark.jars} with the user's --jars; without it the
 * executors fail to load the Kryo registrator ("unread block data").
 */
final class ClusterLaunch {
  static final String APP_JAR = "spangeo.appJar";
  private static final Pattern LOCAL = Pattern.compile("local(\\[(\\*|\\d+)(,\\d+)?])?|local-cluster\\[\\d+,\\d+,\\d+]");
  private static final Pattern STANDALONE = Pattern.compile("spark://[^/\\s]+:\\d+(,[^/\\s]+:\\d+)*");
  private static final Pattern K8S = Pattern.compile("k8s://(https?://)?[^/\\s]+(:\\d+)?/?");
  private static final int CONNECT_TIMEOUT_MILLIS = 5000;

  private ClusterLaunch() {}

  static void prepare(SparkConf conf, List<String> jars) {
    String master = conf.get("spark.master");
    boolean local = LOCAL.matcher(master).matches();
    if (!local && !STANDALONE.matcher(master).matches() && !"yarn".equals(master) && !K8S.matcher(master).matches()) {
      throw new org.spangeo.zarr.InvalidArgumentException("--master '" + master + "' is not a Spark master URL (local[*], local[N],"
          + " spark://HOST:PORT, yarn, k8s://https://HOST:PORT)");
    }
    Set<String> ship = new LinkedHashSet<>();
    for (String j : jars) ship.add(jarUri(j));
    // spark-submit ships the application jar itself (client mode sets SPARK_SUBMIT; a cluster-mode
    // driver, started by a Worker or YARN, gets spark.submit.deployMode=cluster)
    boolean underSubmit = System.getProperty("SPARK_SUBMIT") != null || "cluster".equals(conf.get("spark.submit.deployMode", ""));
    if (!opensForSpark()) {
      throw new org.spangeo.zarr.InvalidArgumentException("this JVM lacks the --add-opens flags Spark needs on Java 17 (a cluster-mode driver"
          + " gets them from spark.driver.extraJavaOptions: see docs/cluster.md)");
    }
    if (!local && !underSubmit) {
      reachable(master);
      if ("yarn".equals(master)) yarnReady(conf);
      String app = System.getProperty(APP_JAR);
      if (app != null && new File(app).isFile()) {
        ship.add(new File(app).getAbsoluteFile().toURI().toString());
      } else if (!conf.contains("spark.executor.extraClassPath")) {
        throw new org.spangeo.zarr.InvalidArgumentException("--master " + master + ": the executors need Spangeo's classes; run"
            + " scripts/spangeo (it ships its application jar) or spark-submit the jar");
      }
    }
    if (ship.isEmpty()) return;
    List<String> all = new ArrayList<>();
    for (String s : conf.get("spark.jars", "").split(",")) {
      if (!s.isBlank()) all.add(s.trim());
    }
    for (String s : ship) {
      if (!all.contains(s)) all.add(s);
    }
    conf.set("spark.jars", String.join(",", all));
  }

  /** Whether java.base opens sun.nio.ch to us, as Spark's storage code needs (one of JavaModuleOptions' flags). */
  private static boolean opensForSpark() {
    return Object.class.getModule().isOpen("sun.nio.ch", ClusterLaunch.class.getModule());
  }

  /** A --jars entry as a URI Spark can fetch: a local file that must exist, or any URL. */
  private static String jarUri(String jar) {
    if (jar.matches("[a-zA-Z][a-zA-Z0-9+.-]*:.*") && !jar.startsWith("file:")) return jar;
    File f = jar.startsWith("file:") ? new File(URI.create(jar)) : new File(jar);
    if (!f.isFile()) throw new org.spangeo.zarr.InvalidArgumentException("--jars " + jar + ": no such file");
    return f.getAbsoluteFile().toURI().toString();
  }

  /** As spark-submit checks: the Hadoop configuration and the Spark jars YARN containers start from. */
  private static void yarnReady(SparkConf conf) {
    if (System.getenv("HADOOP_CONF_DIR") == null && System.getenv("YARN_CONF_DIR") == null) {
      throw new org.spangeo.zarr.InvalidArgumentException("--master yarn: set HADOOP_CONF_DIR (or YARN_CONF_DIR) to the cluster's Hadoop"
          + " configuration folder");
    }
    if (!conf.contains("spark.yarn.jars") && !conf.contains("spark.yarn.archive") && System.getenv("SPARK_HOME") == null) {
      throw new org.spangeo.zarr.InvalidArgumentException("--master yarn: set SPARK_HOME to a Spark 3.5 installation, or spark.yarn.jars /"
          + " spark.yarn.archive to the Spark jars YARN containers start from");
    }
  }

  /** Fails with one line when no master (or Kubernetes API server) accepts a connection. */
  private static void reachable(String master) {
    List<String> hosts = new ArrayList<>();
    if (master.startsWith("spark://")) {
      for (String hp : master.substring("spark://".length()).split(",")) hosts.add(hp);
    } else if (master.startsWith("k8s://")) {
      URI api = URI.create(master.substring("k8s://".length()).matches("https?://.*")
          ? master.substring("k8s://".length()) : "https://" + master.substring("k8s://".length()));
      hosts.add(api.getHost() + ":" + (api.getPort() > 0 ? api.getPort() : "https".equals(api.getScheme()) ? 443 : 80));
    } else {
      return; // yarn: the ResourceManager comes from the Hadoop configuration (HADOOP_CONF_DIR)
    }
    String last = null;
    for (String hp : hosts) {
      int colon = hp.lastIndexOf(':');
      String host = hp.substring(0, colon);
      int port = Integer.parseInt(hp.substring(colon + 1));
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
        return;
      } catch (IOException e) {
        last = hp + " (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")";
      }
    }
    throw new org.spangeo.zarr.InvalidArgumentException(String.format(Locale.ROOT, "--master %s: nothing answers at %s", master, last));
  }
}
