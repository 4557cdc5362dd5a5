package org.spangeo.zarr.write;

import org.spangeo.zarr.dataset.CfTime;

/**
 * Chooses CF units for times being written, as xarray does: the coarsest of days, hours,
 * minutes, seconds, milliseconds, microseconds that counts every value exactly, since the first
 * value, in the proleptic Gregorian calendar, stored as int64.
 */
public final class TimeEncoding {
  private TimeEncoding() {}

  public static CfTime choose(long[] micros) {
    String[] names = {"days", "hours", "minutes", "seconds", "milliseconds", "microseconds"};
    long[] sizes = {86_400_000_000L, 3_600_000_000L, 60_000_000L, 1_000_000L, 1_000L, 1L};
    long ref = micros.length == 0 ? 0 : micros[0];
    for (int u = 0; u < names.length; u++) {
      boolean exact = true;
      for (long m : micros) {
        if ((m - ref) % sizes[u] != 0) {
          exact = false;
          break;
        }
      }
      if (exact) return CfTime.parse(names[u] + " since " + CfTime.format(ref).replace('T', ' '), "proleptic_gregorian");
    }
    throw new IllegalStateException("unreachable");
  }
}
