package org.spangeo.ml.cli;

import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.spangeo.jobs.cli.SparkRunOptions;
import org.spangeo.jobs.ui.ConsoleProgress;
import org.spangeo.zarr.store.HadoopConf;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The Spark session around an ML command: started, handed to {@link #run}, stopped. */
abstract class MlCommand implements Callable<Integer> {
  @picocli.CommandLine.Mixin
  SparkRunOptions run = new SparkRunOptions();

  /** The command's name in job descriptions: its {@code @Command} name. */
  String name() {
    return getClass().getAnnotation(Command.class).name();
  }

  abstract void run(JavaSparkContext jsc, HadoopConf conf);

  @Override
  public Integer call() {
    SparkSession spark = run.start("spangeo " + name());
    try {
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      jsc.setJobGroup("spangeo-" + name(), "spangeo " + name(), false);
      try (ConsoleProgress progress = run.progress(spark)) {
        run(jsc, new HadoopConf(spark.sparkContext().hadoopConfiguration()));
      }
      jsc.clearJobGroup();
      run.keepUiIfAsked(spark);
      return 0;
    } finally {
      if (System.getProperty("spangeo.keepSession") == null) spark.stop();
    }
  }
}
