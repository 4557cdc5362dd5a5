package org.spangeo.jobs.convert;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.spangeo.zarr.InvalidArgumentException;

/**
 * The coordinate of a new dim that files without a time axis are stacked along
 * ({@code da.stack(arrays, axis=0)}, {@code xr.concat(datasets, dim="day")}): the values given
 * with {@code --stack-coord} (one per file, in file-name order; numbers or dates), or read from
 * the file names ({@code 2014-01-03.hdf5} or {@code t2m_20140103.nc} give dates, {@code run_7.nc}
 * the number 7), the files then ordered by them.
 */
final class StackCoordinate {
  private static final Pattern DATE = Pattern.compile("(\\d{4})-?(\\d{2})-?(\\d{2})");
  private static final Pattern NUMBER = Pattern.compile("(\\d+)");

  /** Dates (epoch micros, UTC midnight) or null. */
  final long[] times;
  /** Numbers, or null. */
  final double[] numbers;

  private StackCoordinate(long[] times, double[] numbers) {
    this.times = times;
    this.numbers = numbers;
  }

  static StackCoordinate ofTimes(long[] t) {
    return new StackCoordinate(t, null);
  }

  static StackCoordinate ofNumbers(double[] d) {
    return new StackCoordinate(null, d);
  }

  int size() {
    return times != null ? times.length : numbers.length;
  }

  double key(int i) {
    return times != null ? times[i] : numbers[i];
  }

  /** The values for {@code files} (in their given order). */
  static StackCoordinate of(List<String> files, List<String> given, String dim) {
    if (!given.isEmpty()) {
      if (given.size() != files.size()) {
        throw new InvalidArgumentException("--stack-coord has " + given.size() + " values for " + files.size() + " files");
      }
      boolean dates = given.stream().allMatch(s -> s.trim().matches("\\d{4}-\\d{2}-\\d{2}.*"));
      long[] t = new long[given.size()];
      double[] d = new double[given.size()];
      for (int i = 0; i < given.size(); i++) {
        String s = given.get(i).trim();
        try {
          if (dates) t[i] = org.spangeo.zarr.dataset.CfTime.parseIso(s);
          else d[i] = Double.parseDouble(s);
        } catch (IllegalArgumentException e) {
          throw new InvalidArgumentException("--stack-coord: '" + s + "' is not a number or a date (2014-01-03)");
        }
      }
      return dates ? new StackCoordinate(t, null) : new StackCoordinate(null, d);
    }
    List<String> stems = new ArrayList<>();
    for (String f : files) {
      String name = f.substring(f.lastIndexOf('/') + 1);
      int dot = name.indexOf('.');
      stems.add(dot > 0 ? name.substring(0, dot) : name);
    }
    long[] t = new long[files.size()];
    boolean dates = true;
    for (int i = 0; i < stems.size() && dates; i++) {
      Matcher m = DATE.matcher(stems.get(i));
      if (!m.find()) {
        dates = false;
        break;
      }
      try {
        t[i] = java.time.LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)))
            .toEpochDay() * 86_400_000_000L;
      } catch (java.time.DateTimeException e) {
        dates = false;
      }
    }
    if (dates) return new StackCoordinate(t, null);
    double[] d = new double[files.size()];
    for (int i = 0; i < stems.size(); i++) {
      Matcher m = NUMBER.matcher(stems.get(i));
      String last = null;
      while (m.find()) last = m.group(1);
      if (last == null) {
        throw new InvalidArgumentException("--stack-dim " + dim + ": the file name '" + stems.get(i) + "' holds no date or number to"
            + " label it; give the values with --stack-coord (one per file, in file-name order)");
      }
      d[i] = Double.parseDouble(last);
    }
    return new StackCoordinate(null, d);
  }
}
