package org.spangeo.jobs.cli;

import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.spangeo.jobs.ui.SparkJobs;
import org.spangeo.zarr.dataset.CfTime;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.dataset.Selection;

/**
 * A command's selection in the user's words, for the Spark UI: variables and levels, months,
 * period, box, as the options gave them ("temperature 850 hPa, JJAS 2019-2021, 25-22N
 * 120-122E"), short enough for a table cell; and the long form, dim by dim, for "+details".
 */
final class SelectionWords {
  /** Characters the variables may take in a short text before the rest is counted ("+3 more"). */
  static final int VARS_WIDTH = 40;

  private final SelectionOptions o;

  SelectionWords(SelectionOptions o) {
    this.o = o;
  }

  /** From the options alone, for the application name: "temperature@850 JJAS 2019-2021 25-22N 120-122E". */
  String options() {
    List<String> parts = new ArrayList<>();
    String levels = o.levels.isEmpty() ? "" : "@" + joinNumbers(o.levels);
    if (!o.vars.isEmpty()) parts.add(String.join(",", o.vars) + levels);
    else if (!levels.isEmpty()) parts.add(levels);
    parts.add(months(o.months));
    if (o.time != null) parts.add(period(o.time));
    parts.add(box());
    return join(parts, " ");
  }

  /** The selection of {@code vars} on the data, short: "temperature 850 hPa, JJAS 2019-2021, 25-22N 120-122E". */
  String summary(Dataset ds, List<String> vars) {
    List<String> parts = new ArrayList<>();
    parts.add(variables(ds, vars));
    parts.add(join(List.of(months(o.months), period(ds)), " "));
    parts.add(box());
    if (o.stride != null) parts.add("stride " + o.stride);
    return join(parts, ", ");
  }

  /** What the reading stage reads: "temperature 850 hPa JJAS". */
  String read(Dataset ds, List<String> vars) {
    return join(List.of(variables(ds, vars), months(o.months)), " ");
  }

  /** The whole selection, one line per dim, for the long form. */
  String details(Dataset ds, Selection sel, List<String> vars) {
    StringBuilder sb = new StringBuilder("variables  ").append(String.join(", ", vars)).append('\n');
    for (String d : ds.dims().keySet()) {
      boolean used = false;
      for (String v : vars) used |= ds.variable(v).dims().contains(d);
      if (!used) continue;
      sb.append(String.format(Locale.ROOT, "%-10s %s of %s", d, SparkJobs.count(sel.count(d)), SparkJobs.count(sel.size(d))));
      int[] idx = sel.indices(d);
      if (idx.length > 0 && ds.isCoordinate(d)) sb.append(": ").append(label(ds, d, idx[0])).append(" .. ").append(label(ds, d, idx[idx.length - 1]));
      sb.append('\n');
    }
    String m = months(o.months);
    if (!m.isEmpty()) sb.append("months     ").append(m).append(" (").append(joinNumbers(o.months)).append(")\n");
    return sb.toString();
  }

  private static String label(Dataset ds, String dim, int i) {
    if (dim.equals(ds.timeDim())) return CfTime.format(ds.timeValues(dim)[i]);
    return number(ds.coordinateValues(dim)[i]);
  }

  /** "temperature 850 hPa, total_precipitation", or "temperature 850 hPa +3 more" past {@link #VARS_WIDTH}. */
  String variables(Dataset ds, List<String> vars) {
    String levelDim = levelDim(ds);
    String levels = o.levels.isEmpty() || levelDim == null ? "" : " " + joinNumbers(o.levels) + levelUnits(ds, levelDim);
    List<String> named = new ArrayList<>();
    for (String v : vars) named.add(v + (!levels.isEmpty() && ds.variable(v).dims().contains(levelDim) ? levels : ""));
    if (o.vars.isEmpty() && vars.size() > 1) return "all " + vars.size() + " variables" + levels;
    String all = String.join(", ", named);
    if (all.length() <= VARS_WIDTH || named.size() == 1) return all;
    return named.get(0) + " +" + (named.size() - 1) + " more";
  }

  static String levelDim(Dataset ds) {
    return ds.dimOf(Dataset.Axis.Z); // by CF attributes (units hPa, positive, axis), then by the usual names
  }

  /** " hPa" for pressure levels in hPa or millibars, " Pa", or the coordinate's own units. */
  static String levelUnits(Dataset ds, String dim) {
    if (!ds.hasVariable(dim)) return "";
    String u = ds.variable(dim).attributes().path("units").asText("");
    switch (u) {
      case "hPa": case "millibars": case "millibar": case "mbar": case "mb": return " hPa";
      case "": return dim.equals("isobaricInhPa") ? " hPa" : "";
      default: return " " + u;
    }
  }

  /** JJAS, DJF (a run of three or more months, across the year end too), else Jun,Aug; "" for none or all. */
  static String months(List<Integer> months) {
    boolean[] in = new boolean[13];
    for (int m : months) if (m >= 1 && m <= 12) in[m] = true;
    int n = 0;
    for (int m = 1; m <= 12; m++) if (in[m]) n++;
    if (n == 0 || n == 12) return "";
    // a run: exactly one month in the set whose predecessor (cyclically) is not
    int start = -1;
    int starts = 0;
    for (int m = 1; m <= 12; m++) {
      if (in[m] && !in[m == 1 ? 12 : m - 1]) {
        start = m;
        starts++;
      }
    }
    StringBuilder sb = new StringBuilder();
    if (starts == 1 && n >= 3) {
      for (int i = 0, m = start; i < n; i++, m = m % 12 + 1) sb.append(monthName(m).charAt(0));
      return sb.toString();
    }
    for (int m = 1; m <= 12; m++) if (in[m]) sb.append(sb.length() > 0 ? "," : "").append(monthName(m));
    return sb.toString();
  }

  private static String monthName(int m) {
    return java.time.Month.of(m).getDisplayName(TextStyle.SHORT, Locale.ROOT);
  }

  /** --time FROM/TO compactly: whole years "2019-2021", whole months "2019-06..2020-09", else the dates as given. */
  static String period(String fromTo) {
    String[] p = fromTo.split("/");
    if (p.length != 2) return fromTo;
    return period(p[0].trim(), p[1].trim());
  }

  static String period(String from, String to) {
    String a;
    String b;
    if (from.matches("\\d{4}-01-01") && to.matches("\\d{4}-12-31")) {
      a = from.substring(0, 4);
      b = to.substring(0, 4);
      return a.equals(b) ? a : a + "-" + b;
    }
    if (from.matches("\\d{4}-\\d{2}-01") && monthEnd(to)) {
      a = from.substring(0, 7);
      b = to.substring(0, 7);
      return a.equals(b) ? a : a + ".." + b;
    }
    return from.equals(to) ? from : from + ".." + to;
  }

  private static boolean monthEnd(String s) {
    if (!s.matches("\\d{4}-\\d{2}-\\d{2}")) return false;
    try {
      LocalDate d = LocalDate.parse(s);
      return d.getDayOfMonth() == d.lengthOfMonth();
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** The period of the data when --time is not given (the selection's months say the rest). */
  String period(Dataset ds) {
    if (o.time != null) return period(o.time);
    String t = ds.timeDim();
    if (t == null) return "";
    long[] v = ds.timeValues(t);
    if (v.length == 0) return "";
    return period(CfTime.format(v[0]).substring(0, 10), CfTime.format(v[v.length - 1]).substring(0, 10));
  }

  /** "25-22N 120-122E", "10S-10N", "at 25.03N 121.56E", or "3 points". */
  String box() {
    List<String> parts = new ArrayList<>();
    if (o.lat != null) parts.add(range(o.lat, "N", "S", false));
    if (o.lon != null) parts.add(range(o.lon, "E", "W", true));
    if (o.points.size() == 1) {
      String[] p = o.points.get(0).split(",");
      if (p.length == 2) parts.add("at " + hemisphere(p[0].trim(), "N", "S", false) + " " + hemisphere(p[1].trim(), "E", "W", true));
    } else if (o.points.size() > 1) {
      parts.add(o.points.size() + " points");
    }
    return join(parts, " ");
  }

  private static String range(String spec, String pos, String neg, boolean lon) {
    String[] p = spec.split(":");
    if (p.length != 2) return spec;
    try {
      double a = east(Double.parseDouble(p[0].trim()), lon);
      double b = east(Double.parseDouble(p[1].trim()), lon);
      if ((a >= 0) == (b >= 0)) return number(Math.abs(a)) + "-" + number(Math.abs(b)) + (a >= 0 ? pos : neg);
      return number(Math.abs(a)) + (a >= 0 ? pos : neg) + "-" + number(Math.abs(b)) + (b >= 0 ? pos : neg);
    } catch (NumberFormatException e) {
      return spec;
    }
  }

  private static String hemisphere(String s, String pos, String neg, boolean lon) {
    try {
      double v = east(Double.parseDouble(s), lon);
      return number(Math.abs(v)) + (v >= 0 ? pos : neg);
    } catch (NumberFormatException e) {
      return s;
    }
  }

  /** Longitudes past 180 (0..360 grids) as degrees west. */
  private static double east(double v, boolean lon) {
    return lon && v > 180 ? v - 360 : v;
  }

  static String number(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }

  private static String joinNumbers(List<? extends Number> xs) {
    List<String> s = new ArrayList<>();
    for (Number x : xs) s.add(number(x.doubleValue()));
    return String.join(",", s);
  }

  private static String join(List<String> parts, String sep) {
    List<String> kept = new ArrayList<>();
    for (String p : parts) if (p != null && !p.isEmpty()) kept.add(p);
    return String.join(sep, kept);
  }
}
