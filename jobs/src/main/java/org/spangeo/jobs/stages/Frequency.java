package org.spangeo.jobs.stages;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pandas resample frequency and the period each time falls in, labelled as pandas and
 * xarray label it:
 * <ul>
 *   <li>{@code Nh} ({@code NH}), {@code Nmin} ({@code NT}), {@code ND}: fixed lengths counted
 *       from midnight of the first time's day (pandas' origin "start_day"), labelled by their
 *       start;</li>
 *   <li>{@code NMS}, {@code NQS[-MON]} ({@code QS} is {@code QS-JAN}; {@code QS-DEC} gives DJF,
 *       MAM, JJA, SON with December in the next winter), {@code NYS[-MON]} ({@code NAS}):
 *       calendar periods from the start of the first time's period, labelled by their first
 *       day;</li>
 *   <li>{@code NW[-DAY]} ({@code W} is {@code W-SUN}): weeks closed on the right and labelled by
 *       their last day, as pandas does for weekly bins (Monday to Sunday, labelled Sunday).</li>
 * </ul>
 * {@code step}: TICK microseconds, MONTH months, WEEK weeks; {@code anchor}: MONTH a month periods
 * may start in (1-12), WEEK the day that ends a week (1 Monday ... 7 Sunday); {@code cycle}: MONTH
 * the cycle the anchor repeats on: 1 (MS), 3 (QS), 12 (YS), whatever the multiple.
 */
record Frequency(String text, Unit unit, long step, int anchor, int cycle) {
  private static final Pattern P = Pattern.compile(
      "(\\d*)\\s*(h|H|min|T|D|MS|QS|YS|AS|W)(?:-([A-Za-z]{3}))?");
  private static final String[] MONTHS = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
  private static final String[] DAYS = {"MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"};

  enum Unit { TICK, MONTH, WEEK }

  static Frequency parse(String freq) {
    String f = freq == null ? "" : freq.trim();
    Matcher m = P.matcher(f);
    if (!m.matches()) {
      throw new org.spangeo.zarr.InvalidArgumentException("--freq '" + freq + "' is not a frequency like 1D, 6h, 1MS, QS-DEC, 1YS, W");
    }
    long n = m.group(1).isEmpty() ? 1 : Long.parseLong(m.group(1));
    if (n <= 0) throw new org.spangeo.zarr.InvalidArgumentException("--freq '" + freq + "' must have a positive multiple");
    String u = m.group(2);
    String a = m.group(3) == null ? null : m.group(3).toUpperCase(Locale.ROOT);
    switch (u) {
      case "h": case "H": case "min": case "T": case "D": {
        if (a != null) throw new org.spangeo.zarr.InvalidArgumentException("--freq '" + freq + "': " + u + " takes no anchor");
        long unit = u.equals("D") ? 86_400_000_000L : u.equals("min") || u.equals("T") ? 60_000_000L : 3_600_000_000L;
        return new Frequency(f, Unit.TICK, unit * n, 0, 0);
      }
      case "MS":
        if (a != null) throw new org.spangeo.zarr.InvalidArgumentException("--freq '" + freq + "': MS takes no anchor");
        return new Frequency(f, Unit.MONTH, n, 1, 1);
      case "QS":
        return new Frequency(f, Unit.MONTH, 3 * n, month(a == null ? "JAN" : a, freq), 3);
      case "YS": case "AS":
        return new Frequency(f, Unit.MONTH, 12 * n, month(a == null ? "JAN" : a, freq), 12);
      default: { // W
        int day = 7;
        if (a != null) {
          day = -1;
          for (int i = 0; i < 7; i++) if (DAYS[i].equals(a)) day = i + 1;
          if (day < 0) throw new org.spangeo.zarr.InvalidArgumentException("--freq '" + freq + "': '" + a + "' is not a day (MON ... SUN)");
        }
        return new Frequency(f, Unit.WEEK, n, day, 0);
      }
    }
  }

  private static int month(String a, String freq) {
    for (int i = 0; i < 12; i++) if (MONTHS[i].equals(a)) return i + 1;
    throw new org.spangeo.zarr.InvalidArgumentException("--freq '" + freq + "': '" + a + "' is not a month (JAN ... DEC)");
  }

  static LocalDateTime utc(long micros) {
    return LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), 0, ZoneOffset.UTC);
  }

  static long micros(LocalDate d) {
    return d.toEpochDay() * 86_400_000_000L;
  }

  /**
   * The origin of the periods for data starting at {@code first}: the start of the first
   * period (TICK, MONTH), or for weeks the end of the week before the first one.
   */
  long origin(long first) {
    LocalDate day = utc(first).toLocalDate();
    switch (unit) {
      case TICK:
        return micros(day);
      case MONTH: {
        // the latest month on the anchor's cycle (QS-DEC: Dec, Mar, Jun, Sep) at or before the first day
        LocalDate m = day.withDayOfMonth(1);
        while (Math.floorMod(m.getMonthValue() - anchor, cycle) != 0) m = m.minusMonths(1);
        return micros(m);
      }
      default: { // the anchor day strictly before the first day
        LocalDate d = day.minusDays(1);
        while (d.getDayOfWeek() != DayOfWeek.of(anchor)) d = d.minusDays(1);
        return micros(d);
      }
    }
  }

  /** The label of the period holding {@code t}. */
  long label(long t, long origin) {
    switch (unit) {
      case TICK:
        return origin + Math.floorDiv(t - origin, step) * step;
      case MONTH: {
        LocalDate o = utc(origin).toLocalDate();
        LocalDate d = utc(t).toLocalDate();
        long months = ChronoUnit.MONTHS.between(o, d.withDayOfMonth(1));
        return micros(o.plusMonths(Math.floorDiv(months, step) * step));
      }
      default: {
        // weeks (origin, origin + 7n days], by calendar day, labelled by their end
        long days = utc(t).toLocalDate().toEpochDay() - utc(origin).toLocalDate().toEpochDay();
        long span = 7 * step;
        long k = Math.max(1, (days + span - 1) / span);
        return origin + k * span * 86_400_000_000L;
      }
    }
  }

  /** The label after {@code label}. */
  long next(long label) {
    switch (unit) {
      case TICK: return label + step;
      case MONTH: return micros(utc(label).toLocalDate().plusMonths(step));
      default: return label + 7 * step * 86_400_000_000L;
    }
  }
}
