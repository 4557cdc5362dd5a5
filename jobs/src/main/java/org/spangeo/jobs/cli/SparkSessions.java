package org.spangeo.jobs.cli;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark session of a command: under spark-submit the cluster's (spark.master is set by
 * the launcher); otherwise Spark embedded in this JVM, {@code local[*]} unless --master says
 * otherwise, with the settings of conf/spark-defaults.conf.
 */
public final class SparkSessions {
  private SparkSessions() {}

  public static SparkSession start(String appName, String master) {
    // a pipeline's steps (and tests) share the running session: taken as it is, without the
    // builder's warning that settings given now would not apply
    scala.Option<SparkSession> running = SparkSession.getActiveSession();
    if (running.isEmpty()) running = SparkSession.getDefaultSession();
    if (running.isDefined() && !running.get().sparkContext().isStopped()) return running.get();
    SparkConf conf = settings();
    if (master != null) conf.setMaster(master);
    else if (!conf.contains("spark.master")) conf.setMaster("local[*]");
    if (!conf.contains("spark.app.name")) conf.setAppName(appName);
    String dir = conf.get("spark.eventLog.dir", "");
    if (conf.getBoolean("spark.eventLog.enabled", false) && dir.startsWith("file:")) {
      try {
        Files.createDirectories(Path.of(java.net.URI.create(dir)));
      } catch (IOException | RuntimeException e) {
        conf.set("spark.eventLog.enabled", "false");
      }
    }
    return SparkSession.builder().config(conf).getOrCreate();
  }

  /**
   * spark.* system properties (spark-submit's) over conf/spark-defaults.conf, with relative local
   * log folders ("file:./spark-events") made absolute: Hadoop cannot open a relative file: URI,
   * and the History Server ({@code spangeo ui}) must find the same folder.
   */
  public static SparkConf settings() {
    SparkConf conf = new SparkConf(true);
    loadDefaults(conf);
    for (String key : new String[] {"spark.eventLog.dir", "spark.history.fs.logDirectory"}) {
      String dir = conf.get(key, "");
      if (dir.startsWith("file:") && !dir.startsWith("file:/")) conf.set(key, absolute(dir.substring("file:".length())));
    }
    return conf;
  }

  /** A local folder as an absolute file: URI. */
  public static String absolute(String localPath) {
    return Path.of(localPath).toAbsolutePath().normalize().toUri().toString();
  }

  /** conf/spark-defaults.conf (or $SPANGEO_CONF_DIR's), values that are not already set. */
  static void loadDefaults(SparkConf conf) {
    String dir = System.getenv().getOrDefault("SPANGEO_CONF_DIR", "conf");
    File f = new File(dir, "spark-defaults.conf");
    if (!f.isFile()) {
      // sensible defaults when run outside the repository
      conf.setIfMissing("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
      String registrators = "org.spangeo.zarr.SpangeoKryoRegistrator,org.spangeo.jobs.JobsKryoRegistrator";
      if (onClassPath("org.spangeo.ml.MlKryoRegistrator")) registrators += ",org.spangeo.ml.MlKryoRegistrator";
      conf.setIfMissing("spark.kryo.registrator", registrators);
      conf.setIfMissing("spark.sql.extensions", "org.spangeo.zarr.datasource.SpangeoSqlExtensions");
      conf.setIfMissing("spark.sql.session.timeZone", "UTC");
      return;
    }
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(f.toPath())) {
      String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      // spark-defaults.conf separates keys and values by whitespace
      p.load(new java.io.StringReader(text.replaceAll("(?m)^(\\S+)[ \\t]+", "$1=")));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + f + ": " + e.getMessage(), e);
    }
    for (String k : p.stringPropertyNames()) conf.setIfMissing(k, p.getProperty(k).trim());
  }

  private static boolean onClassPath(String name) {
    try {
      Class.forName(name, false, SparkSessions.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
