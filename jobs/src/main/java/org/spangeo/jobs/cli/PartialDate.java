package org.spangeo.jobs.cli;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dates as xarray users write them in {@code sel(time=...)}: a partial date stands for its
 * whole period ({@code 2019} is the year, {@code 2019-06} the month, {@code 2019-06-15} the day,
 * {@code 2019-06-15T06} the hour), and {@code FROM/TO} runs from the start of FROM's period to
 * the end of TO's ({@code 2019-06/2019-08} is June to August inclusive, as
 * {@code slice("2019-06", "2019-08")}). Times are UTC, in epoch microseconds.
 */
public final class PartialDate {
  private static final Pattern P = Pattern.compile(
      "\\s*(\\d{4})(?:-(\\d{1,2})(?:-(\\d{1,2})(?:[T ](\\d{1,2})(?::(\\d{2})(?::(\\d{2}))?)?)?)?)?Z?\\s*");

  private PartialDate() {}

  /** {start, end} (inclusive) of a date or a FROM/TO range; {@code option} names the option in errors. */
  public static long[] range(String text, String option) {
    String[] p = text.split("/", -1);
    if (p.length > 2) throw new org.spangeo.zarr.InvalidArgumentException(option + " '" + text + "' is not T or FROM/TO (2019, 2019-06, 2019-06/2019-08)");
    long[] a = period(p[0], option, text);
    long[] b = p.length == 2 ? period(p[1], option, text) : a;
    if (b[1] < a[0]) throw new org.spangeo.zarr.InvalidArgumentException(option + " '" + text + "' ends before it starts");
    return new long[] {a[0], b[1]};
  }

  /** True when {@code text} names a period of a day or longer (a year, a month or a day). */
  public static boolean isWholeDays(String text) {
    Matcher m = P.matcher(text);
    return m.matches() && m.group(4) == null;
  }

  /** True when {@code text} names a year or a month, not one day or time. */
  public static boolean isLongerThanADay(String text) {
    Matcher m = P.matcher(text);
    return m.matches() && m.group(3) == null;
  }

  /** {start, end} of the period a partial date names. */
  static long[] period(String s, String option, String whole) {
    Matcher m = P.matcher(s);
    if (!m.matches()) {
      throw new org.spangeo.zarr.InvalidArgumentException(option + " '" + whole + "': '" + s.trim() + "' is not a date (2019, 2019-06, 2019-06-15,"
          + " 2019-06-15T06:00)");
    }
    int y = Integer.parseInt(m.group(1));
    int mo = m.group(2) == null ? 1 : Integer.parseInt(m.group(2));
    int d = m.group(3) == null ? 1 : Integer.parseInt(m.group(3));
    int h = m.group(4) == null ? 0 : Integer.parseInt(m.group(4));
    int mi = m.group(5) == null ? 0 : Integer.parseInt(m.group(5));
    int se = m.group(6) == null ? 0 : Integer.parseInt(m.group(6));
    LocalDateTime start;
    try {
      start = LocalDateTime.of(y, mo, d, h, mi, se);
    } catch (DateTimeException e) {
      throw new org.spangeo.zarr.InvalidArgumentException(option + " '" + whole + "': '" + s.trim() + "' is not a date (" + e.getMessage() + ")");
    }
    LocalDateTime next = m.group(2) == null ? start.plusYears(1) : m.group(3) == null ? start.plusMonths(1)
        : m.group(4) == null ? start.plusDays(1) : m.group(5) == null ? start.plusHours(1)
        : m.group(6) == null ? start.plusMinutes(1) : start.plusSeconds(1);
    return new long[] {micros(start), micros(next) - 1};
  }

  static long micros(LocalDateTime t) {
    return t.toEpochSecond(ZoneOffset.UTC) * 1_000_000L;
  }
}
