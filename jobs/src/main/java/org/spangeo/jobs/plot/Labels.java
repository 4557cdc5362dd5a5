package org.spangeo.jobs.plot;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

/** The words and numbers on figures: quantity labels, degrees N/E, times, month and season names. */
public final class Labels {
  private Labels() {}

  static final String[] MONTHS = {"January", "February", "March", "April", "May", "June", "July", "August", "September",
      "October", "November", "December"};
  static final String[] SEASONS = {"DJF", "MAM", "JJA", "SON"};

  /** "2 metre temperature [K]", falling back to the variable's name. */
  public static String quantity(String name, String longName, String units) {
    String q = longName != null && !longName.isBlank() ? longName : name;
    return units != null && !units.isBlank() && !units.equals("1") ? q + " [" + units(units) + "]" : q;
  }

  /** Units as a figure shows them: the CDS's "millibars" (and mbar, mb, hectopascal) as hPa, the same unit. */
  public static String units(String units) {
    if (units == null) return null;
    switch (units.trim().toLowerCase(Locale.ROOT)) {
      case "millibars": case "millibar": case "mbar": case "mb": case "hectopascal": case "hectopascals": case "hpa":
        return "hPa";
      default:
        return units;
    }
  }

  /** True when a variable's name or long name says it is an anomaly (drawn diverging, centred on 0). */
  public static boolean isAnomaly(String name, String longName) {
    return says(name, "anom") || says(longName, "anomal");
  }

  private static boolean says(String s, String word) {
    return s != null && s.toLowerCase(Locale.ROOT).contains(word);
  }

  /** "2019-06-01 06:00 UTC", or "2019-06-01" when {@code dateOnly}. */
  public static String time(long micros, boolean dateOnly) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), 0, ZoneOffset.UTC);
    String d = t.toLocalDate().toString();
    return dateOnly ? d : String.format(Locale.ROOT, "%s %02d:%02d UTC", d, t.getHour(), t.getMinute());
  }

  /** True when every time is at midnight (daily or coarser data: dates are enough). */
  public static boolean allMidnight(long[] micros) {
    for (long m : micros) if (Math.floorMod(m, 86_400_000_000L) != 0) return false;
    return true;
  }

  public static String month(int m) {
    return m >= 1 && m <= 12 ? MONTHS[m - 1] : "month " + m;
  }

  public static String season(int code) {
    return code >= 1 && code <= 4 ? SEASONS[code - 1] : "season " + code;
  }

  /** A number without trailing zeros: 850, 0.25, 1.5e-05. */
  public static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
    String s = new DecimalFormat("0.######", DecimalFormatSymbols.getInstance(Locale.ROOT)).format(v);
    return s.equals("0") || s.equals("-0") ? String.format(Locale.ROOT, "%.3g", v) : s;
  }

  /** "25°N", "10°S", "0°" (latitude) or "120°E", "60°W", "180°" (longitude; 0..360 grids too). */
  public static String degrees(double v, boolean latitude) {
    double x = v;
    if (!latitude) {
      x = ((x + 180) % 360 + 360) % 360 - 180; // to -180..180
      if (Math.abs(x + 180) < 1e-9 && v > 0) x = 180;
    }
    String n = number(Math.abs(x));
    if (Math.abs(x) < 1e-9 || (!latitude && Math.abs(Math.abs(x) - 180) < 1e-9)) return n + "°";
    return n + "°" + (latitude ? (x > 0 ? "N" : "S") : (x > 0 ? "E" : "W"));
  }

  /** Axis tick format for degrees of latitude or longitude. */
  static NumberFormat degreeFormat(boolean latitude) {
    return new NumberFormat() {
      private static final long serialVersionUID = 1L;

      @Override
      public StringBuffer format(double number, StringBuffer toAppendTo, FieldPosition pos) {
        return toAppendTo.append(degrees(number, latitude));
      }

      @Override
      public StringBuffer format(long number, StringBuffer toAppendTo, FieldPosition pos) {
        return toAppendTo.append(degrees(number, latitude));
      }

      @Override
      public Number parse(String source, ParsePosition parsePosition) {
        return null;
      }
    };
  }

  /** Axis tick format mapping codes to names (months 1-12 "Jan", seasons 1-4 "DJF"). */
  static NumberFormat namesFormat(String dim) {
    return new NumberFormat() {
      private static final long serialVersionUID = 1L;

      @Override
      public StringBuffer format(double number, StringBuffer toAppendTo, FieldPosition pos) {
        int k = (int) Math.round(number);
        if (Math.abs(number - k) > 1e-9) return toAppendTo;
        String s = dim.equals("month") ? (k >= 1 && k <= 12 ? MONTHS[k - 1].substring(0, 3) : "")
            : (k >= 1 && k <= 4 ? SEASONS[k - 1] : "");
        return toAppendTo.append(s);
      }

      @Override
      public StringBuffer format(long number, StringBuffer toAppendTo, FieldPosition pos) {
        return format((double) number, toAppendTo, pos);
      }

      @Override
      public Number parse(String source, ParsePosition parsePosition) {
        return null;
      }
    };
  }
}
