package org.spangeo.jobs.cli;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.spangeo.jobs.pipeline.Pipeline;
import org.spangeo.jobs.pipeline.PipelineConfig;
import org.spangeo.jobs.pipeline.Step;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "pipeline", mixinStandardHelpOptions = true,
    description = {"Run the end-to-end pipeline of a config file: each step is a spangeo command with its options,"
        + " run in order in one Spark session.",
        "Rerun-safe: a step whose outputs are complete is skipped (on_exists: skip) or rewritten"
        + " (on_exists: overwrite, or --overwrite); a step that fails stops the pipeline with a non-zero exit.",
        "For schedulers: cron, Airflow's SparkSubmitOperator or Oozie run this command (or the jar under"
        + " spark-submit) with the same config."})
public final class PipelineCommand implements Callable<Integer> {
  @Option(names = "--config", paramLabel = "FILE", defaultValue = "conf/pipeline.yaml",
      description = "Pipeline config (default ${DEFAULT-VALUE}).")
  String config;

  @Option(names = "--only", split = ",", paramLabel = "STEP", description = "Run only these steps.")
  List<String> only = new ArrayList<>();

  @Option(names = "--from", paramLabel = "STEP", description = "Start at this step.")
  String from;

  @Option(names = "--overwrite", description = "Rewrite the outputs of steps that already ran.")
  boolean overwrite;

  @Option(names = "--dry-run", description = "Print the command of each step without running it.")
  boolean dryRun;

  @picocli.CommandLine.Mixin
  SparkRunOptions run = new SparkRunOptions();

  @Override
  public Integer call() {
    PipelineConfig cfg = PipelineConfig.load(new File(config));
    CommandLine root = Spangeo.commandLine();
    Pipeline.CommandRunner runner = new Pipeline.CommandRunner() {
      @Override
      public int run(List<String> cl) {
        // a fresh command line per step: picocli options must not carry over between runs
        List<String> args = new ArrayList<>(cl);
        CommandLine c = root.getSubcommands().get(cl.get(0));
        if (run.quiet && c != null && c.getCommandSpec().findOption("--quiet") != null) args.add(1, "--quiet");
        return Spangeo.commandLine().execute(args.toArray(new String[0]));
      }

      @Override
      public boolean takesOverwrite(String command) {
        CommandLine c = root.getSubcommands().get(command);
        return c != null && c.getCommandSpec().findOption("--overwrite") != null;
      }

      @Override
      public boolean exists(String command) {
        return root.getSubcommands().containsKey(command) && !"pipeline".equals(command);
      }
    };
    long t0 = System.nanoTime();
    boolean keepWasSet = System.getProperty("spangeo.keepSession") != null;
    SparkSession spark = dryRun ? null : run.start("spangeo pipeline " + cfg.name);
    System.setProperty("spangeo.keepSession", "true"); // one session for every step
    List<Pipeline.Outcome> outcomes;
    try {
      org.apache.hadoop.conf.Configuration hadoop = spark != null ? spark.sparkContext().hadoopConfiguration()
          : new org.apache.hadoop.conf.Configuration();
      Pipeline p = new Pipeline(cfg, runner, hadoop, System.out);
      List<Step> steps = p.select(only, from);
      System.out.printf(Locale.ROOT, "pipeline %s (%s): %d step%s%s%n", cfg.name, cfg.source, steps.size(),
          steps.size() == 1 ? "" : "s", spark != null ? ", Spark UI " + spark.sparkContext().uiWebUrl().getOrElse(() -> "off") : "");
      outcomes = p.run(steps, overwrite, dryRun);
      if (!dryRun) printTable(outcomes, t0);
      if (spark != null) run.keepUiIfAsked(spark);
    } finally {
      if (!keepWasSet) {
        System.clearProperty("spangeo.keepSession");
        if (spark != null) spark.stop();
      }
    }
    Pipeline.Outcome last = outcomes.isEmpty() ? null : outcomes.get(outcomes.size() - 1);
    if (last != null && "failed".equals(last.status)) {
      System.err.println("spangeo pipeline: step '" + last.step + "' failed; the steps after it did not run");
      return 1;
    }
    return 0;
  }

  private static void printTable(List<Pipeline.Outcome> outcomes, long t0) {
    System.out.println();
    System.out.printf(Locale.ROOT, "%-22s %-8s %8s%n", "step", "status", "seconds");
    for (Pipeline.Outcome o : outcomes) {
      System.out.printf(Locale.ROOT, "%-22s %-8s %8.1f%n", o.step, o.status, o.seconds);
    }
    System.out.printf(Locale.ROOT, "total %.1f s%n", (System.nanoTime() - t0) / 1e9);
  }
}
