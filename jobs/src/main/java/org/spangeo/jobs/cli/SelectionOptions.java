package org.spangeo.jobs.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.spangeo.jobs.stages.Points;
import org.spangeo.zarr.InvalidArgumentException;
import org.spangeo.zarr.UnsupportedException;
import org.spangeo.zarr.dataset.CfTime;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.dataset.DimSizes;
import org.spangeo.zarr.dataset.Names;
import org.spangeo.zarr.dataset.Selection;
import picocli.CommandLine.Option;

/**
 * The selection every command that reads a dataset accepts (the analysis and ML commands,
 * plot), applied first, with xarray's semantics: label slices inclusive at both ends and
 * following the coordinate's direction, nearest points, months, strides. A command that words
 * an option its own way (plot: one time, one level) says so in its {@link OptionWording}.
 */
public final class SelectionOptions {
  @Option(names = "--vars", split = ",", paramLabel = "NAME", description = "Data variables to use (default: all).")
  List<String> vars = new ArrayList<>();

  @Option(names = "--time", paramLabel = "T|FROM/TO",
      description = "Time, as sel(time=...) takes it (UTC): a year, month, day or hour (2019, 2019-06, 2019-06-15) or a range,"
          + " inclusive at both ends' periods: 2019-06/2019-08, 2019-06-01/2019-09-30, 2019-06-01T06:00/2019-06-02T18:00.")
  String time;

  @Option(names = "--months", split = ",", paramLabel = "M", description = "Months to keep, 1-12: --months 6,7,8,9.")
  List<Integer> months = new ArrayList<>();

  @Option(names = "--lat", paramLabel = "A:B", description = "Latitude slice as xarray's sel(latitude=slice(A, B)); on a descending axis use --lat 25:22.")
  String lat;

  @Option(names = "--lon", paramLabel = "A:B", description = "Longitude slice: --lon 120:122.")
  String lon;

  @Option(names = "--level", split = ",", paramLabel = "L", description = "Pressure level(s) to keep: --level 850 or --level 500,850.")
  List<Double> levels = new ArrayList<>();

  @Option(names = "--point", paramLabel = "LAT,LON", description = "Nearest grid cell to a point: --point 25.03,121.56. Several (repeat the option) make a 'point' dim, with the points command.")
  List<String> points = new ArrayList<>();

  /** Set by commands that make a 'point' dim of several --point (see {@link #pointsAsDim}). */
  boolean pointsAsDim;

  /** Set by commands that take one time step for a single --time T (see {@link #nearestTime}). */
  boolean nearestTime;

  @Option(names = "--isel", split = ",", paramLabel = "DIM=START:STOP[:STEP]",
      description = "Python slices of the input's indices, as isel(time=slice(0, 100)): --isel time=0:100,latitude=::2;"
          + " negative indices count from the end; DIM=I keeps one index.")
  List<String> isel = new ArrayList<>();

  @Option(names = "--stride", paramLabel = "DIM=N[,DIM=N]", description = "Keep every N-th of the selected indices, as .isel(dim=slice(None, None, N)) after the other selections: --stride latitude=2,longitude=2.")
  String stride;

  /** The selection on {@code ds}; empty selections and out-of-grid ranges are errors. */
  public Selection apply(Dataset ds) {
    return apply(ds, Selection.all(ds));
  }

  /** The selection on {@code ds}, narrowing {@code s} (what a command has selected already). */
  public Selection apply(Dataset ds, Selection s) {
    if (!isel.isEmpty()) {
      // on the input's indices, as ds.isel(...)
      for (Map.Entry<String, Long[]> e : IndexSlices.parse(String.join(",", isel), "--isel").entrySet()) {
        String d = dim(ds, e.getKey(), "--isel");
        s = s.restrict(d, IndexSlices.keep(e.getValue(), ds.dimSize(d), d, "--isel"));
      }
    }
    // one time T (plot) is the nearest step; a year or a month (2019-06) is every step in it
    boolean oneTime = nearestTime && time != null && time.split("/").length == 1 && !PartialDate.isLongerThanADay(time);
    if (time != null && !oneTime) {
      String t = timeDim(ds);
      long[] r = PartialDate.range(time, "--time");
      s = s.selTime(ds, t, r[0], r[1]);
      nonEmpty(s, t, "--time " + time, ds, iselNote(ds, t));
    }
    if (!months.isEmpty()) {
      String t = timeDim(ds);
      for (int m : months) if (m < 1 || m > 12) throw new InvalidArgumentException("--months: " + m + " is not a month (1-12)");
      s = s.months(ds, t, months.stream().mapToInt(Integer::intValue).toArray());
      nonEmpty(s, t, "--months " + months, ds, iselNote(ds, t));
    }
    if (oneTime) s = nearestTime(ds, s);
    if (lat != null) s = slice(ds, s, dimLike(ds, "latitude", "lat"), lat, "--lat");
    if (lon != null) s = slice(ds, s, dimLike(ds, "longitude", "lon"), lon, "--lon");
    if (!levels.isEmpty()) {
      String d = dimLike(ds, "level", "plev", "pressure_level", "isobaricInhPa");
      double[] c = ds.coordinateValues(d);
      boolean[] keep = new boolean[c.length];
      for (double l : levels) {
        boolean found = false;
        for (int i = 0; i < c.length; i++) {
          if (c[i] == l) {
            keep[i] = true;
            found = true;
          }
        }
        if (!found) throw new InvalidArgumentException("--level " + fmt(l) + " is not a level of the data (levels: " + fmtAll(c) + ")");
      }
      s = s.restrict(d, keep);
    }
    if (stride != null) {
      for (Map.Entry<String, Integer> e : DimSizes.parse(stride, "--stride", 1, "latitude=2,longitude=2").entrySet()) {
        // every N-th of the indices selected so far, as ds.sel(...).isel(dim=slice(None, None, N))
        String d = dim(ds, e.getKey(), "--stride");
        int[] idx = s.indices(d);
        boolean[] keep = new boolean[(int) ds.dimSize(d)];
        for (int i = 0; i < idx.length; i += e.getValue()) keep[idx[i]] = true;
        s = s.restrict(d, keep);
      }
    }
    if (points.size() > 1 && !pointsAsDim) {
      throw new InvalidArgumentException("--point is given " + points.size() + " times, but this command takes one point; for several use"
          + " 'spangeo points' (it writes a 'point' dim), then run this command on its output");
    }
    for (String p : points) point(p); // a malformed point fails here, whatever the command
    if (points.size() == 1 && !pointsAsDim) {
      // ds.sel(latitude=LAT, longitude=LON, method="nearest"): both dims at size 1 here; commands that write
      // the result drop them afterwards (AnalysisCommand, unless --keep-point-dims)
      double[] p = point(points.get(0));
      String la = dimLike(ds, "latitude", "lat");
      String lo = dimLike(ds, "longitude", "lon");
      int[] li = s.indices(la);
      int[] oi = s.indices(lo);
      int i = li[Points.nearestInside(ds.coordinateValues(la), li, p[0], la, points.get(0))];
      int j = oi[Points.nearestInside(ds.coordinateValues(lo), oi, p[1], lo, points.get(0))];
      s = s.isel(la, i, i + 1, 1);
      s = s.isel(lo, j, j + 1, 1);
    }
    return s;
  }

  /**
   * Lets the command take several --point (the points command): {@link #apply} then leaves
   * latitude and longitude to the stage, which makes a 'point' dim of them.
   */
  public SelectionOptions pointsAsDim() {
    pointsAsDim = true;
    return this;
  }

  /** Lets --time be one time T as well as FROM/TO: the nearest of the steps selected (plot's one map). */
  public SelectionOptions nearestTime() {
    nearestTime = true;
    return this;
  }

  /** When --isel narrowed the time dim too: says so, since its indices are the input's, not the --time selection's. */
  private String iselNote(Dataset ds, String timeDim) {
    if (isel.isEmpty() || !IndexSlices.parse(String.join(",", isel), "--isel").containsKey(timeDim)) return "";
    return " of those --isel " + String.join(",", isel) + " keeps (--isel counts the input's " + timeDim
        + " indices, as ds.isel(...) before any sel)";
  }

  /** The time step nearest to --time T among those {@code s} keeps. */
  private Selection nearestTime(Dataset ds, Selection s) {
    String td = timeDim(ds);
    long[] tv = ds.timeValues(td);
    long t = timeOption(time);
    if (t < tv[0] || t > tv[tv.length - 1]) {
      throw new InvalidArgumentException("--time " + time + " is outside the data (" + td + " runs from " + CfTime.format(tv[0])
          + " to " + CfTime.format(tv[tv.length - 1]) + ")");
    }
    int best = -1;
    for (int i : s.indices(td)) if (best < 0 || Math.abs(tv[i] - t) < Math.abs(tv[best] - t)) best = i;
    if (best < 0) throw new InvalidArgumentException("--time " + time + ": no time step is left by the other options");
    return s.isel(td, best, best + 1, 1);
  }

  private static long timeOption(String iso) {
    try {
      return CfTime.parseIso(iso);
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException("--time: " + e.getMessage());
    }
  }

  /** Requested points (several --point): (lat, lon) pairs. */
  public List<double[]> points() {
    List<double[]> out = new ArrayList<>();
    for (String p : points) out.add(point(p));
    return out;
  }

  /** The data variables asked for, checked against the dataset (with suggestions). */
  public List<String> variables(Dataset ds) {
    if (vars.isEmpty()) return ds.dataVariableNames();
    for (String v : vars) {
      if (ds.unreadable().containsKey(v)) throw new UnsupportedException(ds.unreadable().get(v).message);
      if (!ds.hasVariable(v) || ds.isCoordinate(v)) {
        throw new InvalidArgumentException("--vars: '" + v + "' is not a data variable of " + ds.sources().get(0)
            + (ds.sources().size() > 1 ? " ..." : "") + Names.suggest(v, ds.dataVariableNames()));
      }
    }
    return vars;
  }

  static double[] point(String p) {
    String[] a = p.split(",");
    try {
      if (a.length != 2) throw new NumberFormatException();
      return new double[] {Double.parseDouble(a[0].trim()), Double.parseDouble(a[1].trim())};
    } catch (NumberFormatException e) {
      throw new InvalidArgumentException("--point '" + p + "' is not LAT,LON (25.03,121.56)");
    }
  }

  static Selection slice(Dataset ds, Selection s, String dim, String spec, String opt) {
    String[] p = spec.split(":");
    double a;
    double b;
    try {
      if (p.length != 2) throw new NumberFormatException();
      a = Double.parseDouble(p[0].trim());
      b = Double.parseDouble(p[1].trim());
    } catch (NumberFormatException e) {
      throw new InvalidArgumentException(opt + " '" + spec + "' is not A:B (for example 25:22)");
    }
    double[] c = ds.coordinateValues(dim);
    double lo = Math.min(c[0], c[c.length - 1]);
    double hi = Math.max(c[0], c[c.length - 1]);
    if (Math.max(a, b) < lo || Math.min(a, b) > hi) {
      throw new InvalidArgumentException(opt + " " + spec + " is outside the grid: " + dim + " runs from " + fmt(c[0]) + " to " + fmt(c[c.length - 1]));
    }
    Selection out = s.sel(ds, dim, a, b);
    if (out.count(dim) == 0) {
      boolean descending = c.length > 1 && c[0] > c[c.length - 1];
      throw new InvalidArgumentException(opt + " " + spec + " selects nothing: " + dim + " is " + (descending ? "descending" : "ascending")
          + " (" + fmt(c[0]) + " to " + fmt(c[c.length - 1]) + "), as in xarray write the slice in that order: " + opt + " "
          + (descending ? fmt(Math.max(a, b)) + ":" + fmt(Math.min(a, b)) : fmt(Math.min(a, b)) + ":" + fmt(Math.max(a, b))));
    }
    return out;
  }

  static void nonEmpty(Selection s, String dim, String what, Dataset ds) {
    nonEmpty(s, dim, what, ds, "");
  }

  /** {@code isel}: why the steps the data has are not all candidates ("" when they are). */
  static void nonEmpty(Selection s, String dim, String what, Dataset ds, String isel) {
    if (s.count(dim) == 0) {
      long[] t = ds.timeValues(dim);
      throw new InvalidArgumentException(what + " selects no time step" + (!isel.isEmpty() ? isel : " (the data runs from "
          + CfTime.format(t[0]) + " to " + CfTime.format(t[t.length - 1]) + ")"));
    }
  }

  static String timeDim(Dataset ds) {
    String t = ds.timeDim();
    if (t == null) throw new InvalidArgumentException("the data has no time coordinate (dims: " + ds.dims().keySet() + ")");
    return t;
  }

  /**
   * The dim for latitude, longitude or level, recognised first through CF attributes
   * (standard_name, units, axis, positive: {@code lat}, {@code y} in degrees_north,
   * {@code pressure_level}, {@code lev}), then by the usual names.
   */
  static String dimLike(Dataset ds, String... names) {
    Dataset.Axis axis = names[0].equals("latitude") ? Dataset.Axis.Y : names[0].equals("longitude") ? Dataset.Axis.X
        : names[0].equals("level") ? Dataset.Axis.Z : null;
    String cf = axis == null ? null : ds.dimOf(axis);
    if (cf != null) return cf;
    for (String n : names) if (ds.dims().containsKey(n)) return n;
    throw new InvalidArgumentException("the data has no '" + names[0] + "' dim (dims: " + ds.dims().keySet() + "; recognised by the"
        + " coordinate's standard_name, units or axis attribute, or by name)");
  }

  static String dim(Dataset ds, String name, String opt) {
    if (!ds.dims().containsKey(name)) {
      throw new InvalidArgumentException(opt + ": '" + name + "' is not a dim" + Names.suggest(name, ds.dims().keySet()));
    }
    return name;
  }

  static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  static String fmtAll(double[] c) {
    String[] s = new String[c.length];
    for (int i = 0; i < c.length; i++) s[i] = fmt(c[i]);
    return String.join(", ", Arrays.asList(s));
  }
}
