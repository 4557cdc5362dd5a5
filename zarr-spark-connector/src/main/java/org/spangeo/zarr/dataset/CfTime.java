package org.spangeo.zarr.dataset;

import java.io.Serializable;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CF time: "&lt;unit&gt; since &lt;reference date&gt;" with the calendars whose dates are real
 * dates (standard, gregorian, proleptic_gregorian). Values become microseconds since the Unix
 * epoch, UTC, which is Spark's TimestampType. Model calendars (noleap, 360_day, ...) are refused
 * with a message: their dates cannot be represented as timestamps without changing them.
 */
public record CfTime(String units, String calendar, String unitName, long unitMicros, long referenceMicros) implements Serializable {
  private static final Pattern UNITS = Pattern.compile(
      "\\s*(\\w+)\\s+since\\s+(\\d{1,4})-(\\d{1,2})-(\\d{1,2})(?:[ T](\\d{1,2}):(\\d{1,2})(?::(\\d{1,2})(?:\\.(\\d+))?)?)?\\s*(Z|UTC|[+-]\\d{1,2}(?::?\\d{2})?)?\\s*",
      Pattern.CASE_INSENSITIVE);
  /** The first day of the Gregorian calendar; "standard" dates before it are Julian. */
  private static final long GREGORIAN_START_MICROS = LocalDate.of(1582, 10, 15).toEpochDay() * 86_400_000_000L;

  /** Not-a-Time in decoded long[] arrays: numpy's NaT bit pattern. */
  public static final long NAT = Long.MIN_VALUE;

  /** The CF units xarray decodes as timedelta64 (CFTimedeltaCoder: exactly these words). */
  public static final java.util.Set<String> DURATION_UNITS = java.util.Set.of("days", "hours", "minutes", "seconds",
      "milliseconds", "microseconds", "nanoseconds");

  /** True when {@code units} has the "X since DATE" form (time values, not durations). */
  public static boolean isTimeUnits(String units) {
    return units != null && UNITS.matcher(units).matches();
  }

  public static CfTime parse(String units, String calendar) {
    Matcher m = UNITS.matcher(units == null ? "" : units);
    if (!m.matches()) throw new IllegalArgumentException("time units '" + units + "' are not '<unit> since <date>'");
    String cal = calendar == null ? "standard" : calendar.toLowerCase(Locale.ROOT);
    if (!cal.equals("standard") && !cal.equals("gregorian") && !cal.equals("proleptic_gregorian")) {
      throw new IllegalArgumentException("calendar '" + calendar + "' is not supported (only standard, gregorian and"
          + " proleptic_gregorian dates map to timestamps)");
    }
    long unit = unitMicros(m.group(1));
    long ref;
    try {
      LocalDateTime t = LocalDateTime.of(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
          Integer.parseInt(m.group(4)), m.group(5) == null ? 0 : Integer.parseInt(m.group(5)),
          m.group(6) == null ? 0 : Integer.parseInt(m.group(6)), m.group(7) == null ? 0 : Integer.parseInt(m.group(7)));
      ref = t.toEpochSecond(ZoneOffset.UTC) * 1_000_000L;
      if (m.group(8) != null) {
        String frac = (m.group(8) + "000000").substring(0, 6);
        ref += Long.parseLong(frac);
      }
      String tz = m.group(9);
      if (tz != null && !tz.equalsIgnoreCase("Z") && !tz.equalsIgnoreCase("UTC")) {
        String z = tz.contains(":") || tz.length() <= 3 ? tz : tz.substring(0, tz.length() - 2) + ":" + tz.substring(tz.length() - 2);
        ref -= (long) ZoneOffset.of(z.length() <= 3 ? z + ":00" : z).getTotalSeconds() * 1_000_000L;
      }
    } catch (java.time.DateTimeException | NumberFormatException e) {
      throw new IllegalArgumentException("time units '" + units + "' have an invalid reference date", e);
    }
    if (!cal.equals("proleptic_gregorian") && ref < GREGORIAN_START_MICROS) {
      throw new IllegalArgumentException("time units '" + units + "' with calendar '" + cal + "' start before 1582-10-15,"
          + " where the standard calendar is Julian; use proleptic_gregorian");
    }
    return new CfTime(units, cal, m.group(1).toLowerCase(Locale.ROOT), unit, ref);
  }

  /** A raw numpy datetime64 with {@code unit} ("ns", "s", "D", ...): counts since 1970-01-01, UTC. */
  public static CfTime numpy(String unit) {
    String word;
    switch (unit) {
      case "ns": word = "nanoseconds"; break;
      case "us": word = "microseconds"; break;
      case "ms": word = "milliseconds"; break;
      case "s": word = "seconds"; break;
      case "m": word = "minutes"; break;
      case "h": word = "hours"; break;
      case "D": word = "days"; break;
      case "W": return new CfTime("weeks since 1970-01-01", "proleptic_gregorian", "weeks", 7 * 86_400_000_000L, 0);
      default:
        throw new IllegalArgumentException("datetime64/timedelta64 unit '" + unit + "' is not read (units from weeks"
            + " to nanoseconds; months and years are not fixed lengths, below nanoseconds Spark has no type)");
    }
    return parse(word + " since 1970-01-01", "proleptic_gregorian");
  }

  /** Durations in CF units ("hours") as a count of units: the reference is 0. */
  public static CfTime duration(String units) {
    return new CfTime(units, null, units.toLowerCase(Locale.ROOT), unitMicros(units.trim()), 0);
  }

  /** Canonical epoch microseconds: what Spangeo decodes every time to. */
  public static CfTime epochMicros() {
    return parse("microseconds since 1970-01-01", "proleptic_gregorian");
  }

  static long unitMicros(String u) {
    switch (u.toLowerCase(Locale.ROOT)) {
      case "nanoseconds": case "nanosecond": case "ns":
        return -1000L; // a negative unit: divide by 1000 (see decode)
      case "microseconds": case "microsecond": case "us":
        return 1L;
      case "milliseconds": case "millisecond": case "ms":
        return 1_000L;
      case "seconds": case "second": case "secs": case "sec": case "s":
        return 1_000_000L;
      case "minutes": case "minute": case "mins": case "min":
        return 60_000_000L;
      case "hours": case "hour": case "hrs": case "hr": case "h":
        return 3_600_000_000L;
      case "days": case "day": case "d":
        return 86_400_000_000L;
      default:
        throw new IllegalArgumentException("time unit '" + u + "' is not one of microseconds, milliseconds, seconds,"
            + " minutes, hours, days (months and years are not fixed lengths)");
    }
  }

  /** An integer count of units to epoch microseconds (exact; nanoseconds rounded down to the microsecond). */
  public long decode(long value) {
    if (unitMicros < 0) return Math.addExact(referenceMicros, Math.floorDiv(value, -unitMicros));
    return Math.addExact(referenceMicros, Math.multiplyExact(value, unitMicros));
  }

  /** A fractional count of units to epoch microseconds, rounded to the microsecond; NaN is {@link #NAT}. */
  public long decode(double value) {
    if (Double.isNaN(value)) return NAT;
    if (Double.isInfinite(value)) throw new IllegalArgumentException("time value " + value + " cannot be a timestamp");
    return referenceMicros + Math.round(unitMicros < 0 ? value / -unitMicros : value * unitMicros);
  }

  /** True when both decode the same numbers to the same times. */
  public boolean sameAs(CfTime o) {
    return o != null && unitMicros == o.unitMicros && referenceMicros == o.referenceMicros;
  }

  /** Epoch microseconds to a count of units; exact when {@code micros} falls on a unit. */
  public double encode(long micros) {
    long d = micros - referenceMicros;
    if (unitMicros < 0) return (double) d * -unitMicros;
    return d % unitMicros == 0 ? (double) (d / unitMicros) : (double) d / unitMicros;
  }

  public long encodeExact(long micros) {
    long d = micros - referenceMicros;
    if (unitMicros < 0) return Math.multiplyExact(d, -unitMicros);
    if (d % unitMicros != 0) {
      throw new IllegalArgumentException("time " + micros + "us is not a whole number of " + unitName + " since the reference");
    }
    return d / unitMicros;
  }

  /** ISO text of an epoch-microsecond time, for summaries ("2019-06-01T00:00:00"). */
  public static String format(long micros) {
    long sec = Math.floorDiv(micros, 1_000_000L);
    int nano = (int) Math.floorMod(micros, 1_000_000L) * 1000;
    return LocalDateTime.ofEpochSecond(sec, nano, ZoneOffset.UTC).toString();
  }

  /** Parses "2019-06-01", "2019-06-01T06:00", "2019-06-01 06:00:00" as UTC epoch micros. */
  public static long parseIso(String s) {
    String t = s.trim().replace(' ', 'T');
    try {
      if (t.length() <= 10) return LocalDate.parse(t).toEpochDay() * 86_400_000_000L;
      LocalDateTime dt = LocalDateTime.parse(t);
      return dt.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + dt.getNano() / 1000;
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'" + s + "' is not an ISO date or date-time (2019-06-01 or 2019-06-01T06:00)", e);
    }
  }
}
