package org.spangeo.jobs.stages;

import java.util.Locale;
import org.spangeo.zarr.InvalidArgumentException;

/**
 * The reductions, with xarray's NaN rules (skipna for floats): mean and std of no valid value
 * are NaN, sum of none is 0 (min_count=None), min/max of none are NaN; std is the population
 * standard deviation (ddof=0), xarray's default.
 */
public enum Stat {
  MEAN, SUM, MIN, MAX, STD;

  public static Stat parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException("--stat '" + s + "' is not one of mean, sum, min, max, std");
    }
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
