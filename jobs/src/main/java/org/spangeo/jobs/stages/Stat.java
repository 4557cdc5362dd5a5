package org.spangeo.jobs.stages;

import java.util.Locale;

/**
 * The reductions, with xarray's NaN rules (skipna for floats): mean and std of no valid value
 * are NaN, sum of none is 0 (min_count=None), min/max of none are NaN; std is the population
 * standard deviation (ddof=0), xarray's default.
 */
public enum Stat {
  MEAN, SUM, MIN, MAX, STD;

  public static Stat parse(String s) {
    return Choices.parse(Stat.class, "--stat", s);
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
