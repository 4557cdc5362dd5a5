package org.spangeo.jobs.cli;

import org.spangeo.jobs.stages.Statistic;
import picocli.CommandLine.Option;

/** --stat of the reductions along dims (reduce, resample, climatology): one option, one parser. */
public final class StatisticOption {
  @Option(names = "--stat", defaultValue = "mean", paramLabel = "STAT",
      description = "mean (default), std (population, ddof=0), min, max, sum, count, or quantile:Q with 0 <= Q <= 1"
          + " (numpy's linear method: quantile:0.9).")
  String text;

  /** The statistic, or one line naming the bad value. */
  public Statistic statistic() {
    return Statistic.parse(text, "--stat");
  }

  /** As given: "mean", "quantile:0.9". */
  @Override
  public String toString() {
    return text;
  }

  boolean isDefault() {
    return "mean".equals(text);
  }
}
