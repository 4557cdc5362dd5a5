package org.spangeo.zarr.write;

import org.spangeo.zarr.dataset.CfTime;

/**
 * Chooses CF units for times being written, as xarray does: the coarsest of days, hours,
 * minutes, seconds, milliseconds, microseconds that counts every value exactly, since the first
 * value, in the proleptic Gregorian calendar, stored as int64.
 */
public final class TimeEncoding {
  private TimeEncoding() {}

  private static final String[] NAMES = {"days", "hours", "minutes", "seconds", "milliseconds", "microseconds"};
  private static final long[] SIZES = {86_400_000_000L, 3_600_000_000L, 60_000_000L, 1_000_000L, 1_000L, 1L};

  /** Units since the first time (NaT skipped: it is written as the fill value). */
  public static CfTime choose(long[] micros) {
    long ref = 0;
    for (long m : micros) {
      if (m != CfTime.NAT) {
        ref = m;
        break;
      }
    }
    int u = coarsest(micros, ref);
    return CfTime.parse(NAMES[u] + " since " + CfTime.format(ref).replace('T', ' '), "proleptic_gregorian");
  }

  /** Durations (microseconds, NaT skipped) as CF timedelta units xarray decodes: the coarsest exact one. */
  public static CfTime chooseDuration(long[] micros) {
    return CfTime.duration(NAMES[coarsest(micros, 0)]);
  }

  private static int coarsest(long[] micros, long ref) {
    for (int u = 0; u < NAMES.length; u++) {
      boolean exact = true;
      for (long m : micros) {
        if (m != CfTime.NAT && (m - ref) % SIZES[u] != 0) {
          exact = false;
          break;
        }
      }
      if (exact) return u;
    }
    return NAMES.length - 1;
  }
}
