package org.spangeo.jobs.stages;

/**
 * {@code ds.groupby("time.month").mean("time")}: one value per group (month, season,
 * dayofyear, hour) and grid cell, the group dim in place of time.
 */
public final class Climatology {
  private Climatology() {}

  public static StageResult compute(StageInput in, String by, Stat stat, String compressor) {
    return compute(in, by, Statistic.of(stat), compressor);
  }

  /** Any {@link Statistic}: also count and quantile:Q (the 90th percentile per month: quantile:0.9). */
  public static StageResult compute(StageInput in, String by, Statistic stat, String compressor) {
    Grouping g = Grouping.by(by, in.selectedTimes());
    return TimeReduction.run(in, g, stat, g.groups(), compressor);
  }
}
