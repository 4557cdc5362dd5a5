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
   * {@code ds.resample(time=freq)}: periods labelled as pandas labels them (see
   * {@link Frequency}); every period from the first to the last is there, those without data
   * NaN-filled as xarray fills them, unless {@code dropEmpty}.
   */
  public static Grouping resample(String freq, long[] times) {
    return resample("time", freq, times, false);
  }

  public static Grouping resample(String freq, long[] times, boolean dropEmpty) {
    return resample("time", freq, times, dropEmpty);
  }

  /** Labels the output dim as the input's time dim ({@code valid_time} stays). */
  public static Grouping resample(String dim, String freq, long[] times, boolean dropEmpty) {
    Frequency f = Frequency.parse(freq);
    if (times.length == 0) throw new InvalidArgumentException("--freq '" + freq + "': there are no time steps to resample");
    long origin = f.origin(times[0]);
    long[] key = new long[times.length];
    for (int i = 0; i < times.length; i++) key[i] = f.label(times[i], origin);
    Grouping g = fromKeys(dim, key, true);
    if (dropEmpty) return g;
    // every period between the first and the last, as xarray's resample gives them
    java.util.List<Long> all = new java.util.ArrayList<>();
    long last = g.labels[g.labels.length - 1];
    for (long l = g.labels[0]; l <= last; l = f.next(l)) all.add(l);
    long[] labels = new long[all.size()];
    java.util.Map<Long, Integer> at = new java.util.HashMap<>();
    for (int i = 0; i < labels.length; i++) {
      labels[i] = all.get(i);
      at.put(labels[i], i);
    }
    int[] groupOf = new int[key.length];
    for (int i = 0; i < key.length; i++) groupOf[i] = at.get(key[i]);
    return new Grouping(dim, labels, true, groupOf);
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
