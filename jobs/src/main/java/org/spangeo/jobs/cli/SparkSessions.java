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
    return start(appName, master, java.util.List.of(), java.util.List.of());
  }

  /**
   * As {@link #start(String, String)}, with spark-submit's --conf KEY=VALUE settings (over
   * conf/spark-defaults.conf) and --jars; on a cluster master the application jar and the jars
   * are shipped to the executors ({@link ClusterLaunch}).
   */
  public static SparkSession start(String appName, String master, java.util.List<String> confs,
      java.util.List<String> jars) {
    // a pipeline's steps (and tests) share the running session: taken as it is, without the
    // builder's warning that settings given now would not apply
    scala.Option<SparkSession> running = SparkSession.getActiveSession();
    if (running.isEmpty()) running = SparkSession.getDefaultSession();
    if (running.isDefined() && !running.get().sparkContext().isStopped()) return running.get();
    SparkConf conf = conf(master, confs, jars);
    if (!conf.contains("spark.app.name")) conf.setAppName(appName);
    return SparkSession.builder().config(conf).getOrCreate();
  }

  /** The settings a command's session starts with (see {@link #start(String, String, java.util.List, java.util.List)}). */
  public static SparkConf conf(String master, java.util.List<String> confs, java.util.List<String> jars) {
    SparkConf conf = settings();
    for (String kv : confs) {
      String[] p = ConfConverter.split(kv);
      conf.set(p[0], p[1]);
    }
    if (master != null) conf.setMaster(master);
    else if (!conf.contains("spark.master")) conf.setMaster("local[*]");
    ClusterLaunch.prepare(conf, jars);
    String dir = conf.get("spark.eventLog.dir", "");
    if (conf.getBoolean("spark.eventLog.enabled", false) && dir.startsWith("file:")) {
      try {
        Files.createDirectories(Path.of(java.net.URI.create(dir)));
      } catch (IOException | RuntimeException e) {
        conf.set("spark.eventLog.enabled", "false");
      }
    }
    return conf;
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
      conf.setIfMissing("spark.kryo.registrator", kryoRegistrators());
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

  /** A --conf value: KEY=VALUE with a spark.* key, refused with the setting named otherwise. */
  public static final class ConfConverter implements picocli.CommandLine.ITypeConverter<String> {
    @Override
    public String convert(String value) {
      split(value);
      return value;
    }

    static String[] split(String kv) {
      int eq = kv.indexOf('=');
      String key = eq < 0 ? kv : kv.substring(0, eq).trim();
      if (eq <= 0 || key.isEmpty() || key.chars().anyMatch(Character::isWhitespace)) {
        throw new picocli.CommandLine.TypeConversionException(
            "'" + kv + "' is not KEY=VALUE (for example --conf spark.executor.memory=4g)");
      }
      if (!key.startsWith("spark.")) {
        // spark-submit drops such a setting with a warning; the user meant something by it
        throw new picocli.CommandLine.TypeConversionException("'" + key + "' is not a Spark setting (they start with"
            + " 'spark.'; for a Hadoop setting give it as spark.hadoop." + key + ")");
      }
      return new String[] {key, kv.substring(eq + 1)};
    }
  }

  /** spark.kryo.registrator for the modules on the class path: the connector's, the jobs', the ML's when present. */
  public static String kryoRegistrators() {
    String registrators = "org.spangeo.zarr.SpangeoKryoRegistrator,org.spangeo.jobs.JobsKryoRegistrator";
    return onClassPath("org.spangeo.ml.MlKryoRegistrator") ? registrators + ",org.spangeo.ml.MlKryoRegistrator" : registrators;
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
