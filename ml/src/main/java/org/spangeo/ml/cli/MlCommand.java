package org.spangeo.ml.cli;

import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.spangeo.jobs.cli.SparkSessions;
import org.spangeo.jobs.ui.ConsoleProgress;
import org.spangeo.jobs.ui.KeepUi;
import org.spangeo.zarr.store.HadoopConf;
import picocli.CommandLine.Option;

/** The Spark session around an ML command: started, handed to {@link #run}, stopped. */
abstract class MlCommand implements Callable<Integer> {
  @Option(names = "--master", paramLabel = "URL", description = "Spark master (default: local[*], or spark-submit's).")
  String master;

  @Option(names = "--quiet", description = "No progress lines on stderr (also: spark.spangeo.progress false).")
  boolean quiet;

  @Option(names = "--keep-ui", description = KeepUi.HELP)
  boolean keepUi;

  abstract String name();

  abstract void run(JavaSparkContext jsc, HadoopConf conf);

  @Override
  public Integer call() {
    SparkSession spark = SparkSessions.start("spangeo " + name(), master);
    try {
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      jsc.setJobGroup("spangeo-" + name(), "spangeo " + name(), false);
      try (ConsoleProgress progress = ConsoleProgress.attach(spark, quiet)) {
        run(jsc, new HadoopConf(spark.sparkContext().hadoopConfiguration()));
      }
      jsc.clearJobGroup();
      KeepUi.waitIfAsked(spark, keepUi);
      return 0;
    } finally {
      if (System.getProperty("spangeo.keepSession") == null) spark.stop();
    }
  }
}
