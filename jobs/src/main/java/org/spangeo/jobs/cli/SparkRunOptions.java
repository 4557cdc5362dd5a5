package org.spangeo.jobs.cli;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.spangeo.jobs.ui.ConsoleProgress;
import org.spangeo.jobs.ui.KeepUi;
import picocli.CommandLine.Option;

/**
 * The options of every command that runs Spark, as one picocli mixin: where it runs
 * (--master), Spark settings and extra jars as spark-submit takes them (--conf, --jars), whether
 * it shows progress (--quiet), whether the UI stays up (--keep-ui).
 */
public final class SparkRunOptions {
  @Option(names = "--master", paramLabel = "URL", description = "Spark master (default: local[*], or spark-submit's).")
  public String master;

  @Option(names = "--conf", paramLabel = "KEY=VALUE", converter = SparkSessions.ConfConverter.class,
      description = "A Spark setting, as spark-submit's --conf (repeatable); wins over conf/spark-defaults.conf."
          + " Hadoop settings take the spark.hadoop. prefix (spark.hadoop.fs.s3a.endpoint=...).")
  public List<String> conf = new ArrayList<>();

  @Option(names = "--jars", split = ",", paramLabel = "JAR",
      description = "Extra jars for the driver and the executors, as spark-submit's --jars (comma-separated, repeatable).")
  public List<String> jars = new ArrayList<>();

  @Option(names = "--quiet", description = "No progress lines on stderr (also: spark.spangeo.progress false).")
  public boolean quiet;

  @Option(names = "--keep-ui", description = KeepUi.HELP)
  public boolean keepUi;

  /** The command's session: the cluster's under spark-submit, else embedded (see SparkSessions). */
  public SparkSession start(String appName) {
    return SparkSessions.start(appName, master, conf, jars);
  }

  /** Console progress for the work in a try-with-resources block, unless --quiet. */
  public ConsoleProgress progress(SparkSession spark) {
    return ConsoleProgress.attach(spark, quiet);
  }

  /** After the summary: keeps the live UI up until Enter when --keep-ui was given. */
  public void keepUiIfAsked(SparkSession spark) {
    KeepUi.waitIfAsked(spark, keepUi);
  }
}
