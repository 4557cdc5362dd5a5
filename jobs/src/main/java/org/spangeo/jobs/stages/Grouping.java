package org.spangeo.jobs.stages;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.TreeMap;
import org.spangeo.zarr.InvalidArgumentException;

/**
 * Turns time steps into groups: the labels (sorted, only those present, as xarray's groupby and
 * resample give them) and, per time step, the index of its group.
 */
public final class Grouping {
  public final String dim;      // name of the output dim (month, season, dayofyear, hour, or time)
  public final long[] labels;   // group labels: numbers, or epoch micros of period starts
  public final boolean labelsAreTimes;
  public final int[] groupOf;   // per selected time step

  private Grouping(String dim, long[] labels, boolean times, int[] groupOf) {
    this.dim = dim;
    this.labels = labels;
    this.labelsAreTimes = times;
    this.groupOf = groupOf;
  }

  public int groups() {
    return labels.length;
  }

  static LocalDateTime utc(long micros) {
    return LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), 0, ZoneOffset.UTC);
  }

  /**
   * {@code ds.groupby("time.<by>")}: month (1-12), season (coded 1 DJF, 2 MAM, 3 JJA, 4 SON:
   * Zarr output is numeric, xarray's labels are strings), dayofyear (1-366), hour (0-23).
   */
  public static Grouping by(String by, long[] times) {
    long[] key = new long[times.length];
    for (int i = 0; i < times.length; i++) {
      LocalDateTime t = utc(times[i]);
      switch (by.toLowerCase(Locale.ROOT)) {
        case "month": key[i] = t.getMonthValue(); break;
        case "season": key[i] = t.getMonthValue() % 12 / 3 + 1; break;
        case "dayofyear": key[i] = t.getDayOfYear(); break;
        case "hour": key[i] = t.getHour(); break;
        default: throw new InvalidArgumentException("--by '" + by + "' is not one of month, season, dayofyear, hour");
      }
    }
    return fromKeys(by.toLowerCase(Locale.ROOT), key, false);
  }

  /**
   * {@code ds.resample(time=freq)}: periods labelled by their start, as pandas does with its
   * default origin (midnight of the first day); periods without data are left out. Frequencies:
   * Nh / NH, Nmin, ND, NMS (month start), NYS / NAS (year start).
   */
  public static Grouping resample(String freq, long[] times) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d*)\\s*(h|H|min|T|D|MS|YS|AS)").matcher(freq.trim());
    if (!m.matches() || times.length == 0) {
      throw new InvalidArgumentException("--freq '" + freq + "' is not a frequency like 1D, 6h, 1MS, 1YS");
    }
    int n = m.group(1).isEmpty() ? 1 : Integer.parseInt(m.group(1));
    if (n <= 0) throw new InvalidArgumentException("--freq '" + freq + "' must have a positive multiple");
    String unit = m.group(2);
    long[] key = new long[times.length];
    LocalDateTime first = utc(times[0]).toLocalDate().atStartOfDay();
    long origin = first.toEpochSecond(ZoneOffset.UTC) * 1_000_000L;
    for (int i = 0; i < times.length; i++) {
      LocalDateTime t = utc(times[i]);
      switch (unit) {
        case "h": case "H": case "min": case "T": case "D": {
          long len = (unit.equals("D") ? 86_400_000_000L : unit.startsWith("m") || unit.equals("T") ? 60_000_000L
              : 3_600_000_000L) * n;
          key[i] = origin + Math.floorDiv(times[i] - origin, len) * len;
          break;
        }
        case "MS": {
          long months = (t.getYear() - first.getYear()) * 12L + t.getMonthValue() - first.getMonthValue();
          LocalDateTime start = first.withDayOfMonth(1).plusMonths(Math.floorDiv(months, n) * n);
          key[i] = start.toEpochSecond(ZoneOffset.UTC) * 1_000_000L;
          break;
        }
        default: { // YS, AS
          long years = t.getYear() - first.getYear();
          LocalDateTime start = first.withDayOfYear(1).plusYears(Math.floorDiv(years, n) * n);
          key[i] = start.toEpochSecond(ZoneOffset.UTC) * 1_000_000L;
        }
      }
    }
    return fromKeys("time", key, true);
  }

  private static Grouping fromKeys(String dim, long[] key, boolean times) {
    TreeMap<Long, Integer> index = new TreeMap<>();
    for (long k : key) index.put(k, 0);
    long[] labels = new long[index.size()];
    int j = 0;
    for (Long k : index.keySet()) {
      labels[j] = k;
      index.put(k, j++);
    }
    int[] g = new int[key.length];
    for (int i = 0; i < key.length; i++) g[i] = index.get(key[i]);
    return new Grouping(dim, labels, times, g);
  }

  static String describe(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L)).toString();
  }
}
