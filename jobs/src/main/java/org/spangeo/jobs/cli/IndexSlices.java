package org.spangeo.jobs.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code --isel DIM=START:STOP[:STEP][,DIM=...]}: Python slices of a dim's indices, as xarray's
 * {@code isel(time=slice(0, 100))}; empty ends and negative indices as in Python, a single
 * index {@code DIM=I} keeps that one (the dim stays, of length 1).
 */
public final class IndexSlices {
  private IndexSlices() {}

  /** The slices by dim, unresolved: {start or null, stop or null, step}. */
  public static Map<String, Long[]> parse(String spec, String option) {
    Map<String, Long[]> out = new LinkedHashMap<>();
    for (String part : spec.split(",")) {
      String[] kv = part.split("=", 2);
      String example = option + " '" + spec + "' is not DIM=START:STOP[:STEP] (time=0:100, latitude=::2, time=-8:)";
      if (kv.length != 2 || kv[0].isBlank()) throw new org.spangeo.zarr.InvalidArgumentException(example);
      String[] p = kv[1].split(":", -1);
      if (p.length > 3) throw new org.spangeo.zarr.InvalidArgumentException(example);
      try {
        Long a = number(p[0]);
        if (p.length == 1) {
          if (a == null) throw new org.spangeo.zarr.InvalidArgumentException(example);
          out.put(kv[0].trim(), new Long[] {a, a == -1 ? null : a + 1, 1L});
          continue;
        }
        Long b = number(p[1]);
        Long step = p.length == 3 ? number(p[2]) : null;
        if (step != null && step <= 0) {
          throw new org.spangeo.zarr.InvalidArgumentException(option + " " + part.trim() + ": the step must be positive (reversing is not supported)");
        }
        out.put(kv[0].trim(), new Long[] {a, b, step == null ? 1L : step});
      } catch (NumberFormatException e) {
        throw new org.spangeo.zarr.InvalidArgumentException(example);
      }
    }
    return out;
  }

  private static Long number(String s) {
    return s.isBlank() ? null : Long.parseLong(s.trim());
  }

  /** The indices the slice keeps of a dim of length n, as Python's slice.indices(n). */
  public static boolean[] keep(Long[] slice, long n, String dim, String option) {
    long step = slice[2];
    long start = slice[0] == null ? 0 : slice[0] < 0 ? Math.max(0, slice[0] + n) : Math.min(slice[0], n);
    long stop = slice[1] == null ? n : slice[1] < 0 ? Math.max(0, slice[1] + n) : Math.min(slice[1], n);
    if (slice[0] != null && slice[1] != null && slice[1] == slice[0] + 1 && (slice[0] >= n || slice[0] < -n)) {
      throw new org.spangeo.zarr.InvalidArgumentException(option + " " + dim + "=" + slice[0] + " is outside 0.." + (n - 1) + " (" + dim + " has " + n + ")");
    }
    boolean[] keep = new boolean[(int) n];
    int count = 0;
    for (long i = start; i < stop; i += step) {
      keep[(int) i] = true;
      count++;
    }
    if (count == 0) {
      throw new org.spangeo.zarr.InvalidArgumentException(option + " " + dim + "=" + show(slice) + " selects nothing (" + dim + " has " + n + ")");
    }
    return keep;
  }

  static String show(Long[] s) {
    return (s[0] == null ? "" : s[0]) + ":" + (s[1] == null ? "" : s[1]) + (s[2] == 1 ? "" : ":" + s[2]);
  }
}
