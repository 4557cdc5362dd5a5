package org.spangeo.jobs.stages;

/**
 * {@code ds.resample(time="1D").mean()}: periods labelled as pandas labels them, those without
 * data NaN-filled as xarray does (or left out). Output time chunks hold as many periods as the
 * input's time chunks hold steps.
 */
public final class Resample {
  private Resample() {}

  public static StageResult compute(StageInput in, String freq, Stat stat, String compressor) {
    return compute(in, freq, Statistic.of(stat), compressor);
  }

  public static StageResult compute(StageInput in, String freq, Statistic stat, String compressor) {
    return compute(in, freq, stat, false, compressor);
  }

  /** {@code dropEmpty}: leave out the periods without data (xarray NaN-fills them). */
  public static StageResult compute(StageInput in, String freq, Statistic stat, boolean dropEmpty, String compressor) {
    String time = in.timeDim();
    Grouping g = Grouping.resample(time, freq, in.selectedTimes(), dropEmpty);
    int chunk = 1;
    for (String v : in.vars) {
      int a = in.ds.variable(v).axis(time);
      if (a >= 0) chunk = Math.max(chunk, in.ds.variable(v).metadata().chunks()[a]);
    }
    return TimeReduction.run(in, g, stat, chunk, compressor);
  }
}
