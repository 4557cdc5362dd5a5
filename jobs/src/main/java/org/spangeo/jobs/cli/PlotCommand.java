package org.spangeo.jobs.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.spangeo.jobs.catalog.Catalog;
import org.spangeo.jobs.plot.Figure;
import org.spangeo.jobs.plot.FieldReader;
import org.spangeo.jobs.plot.MapField;
import org.spangeo.jobs.plot.MapPlot;
import org.spangeo.jobs.plot.Png;
import org.spangeo.jobs.plot.PlotStyle;
import org.spangeo.jobs.plot.Series;
import org.spangeo.jobs.plot.SeriesPlot;
import org.spangeo.zarr.InvalidArgumentException;
import org.spangeo.zarr.dataset.CfTime;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.dataset.Names;
import org.spangeo.zarr.dataset.Selection;
import org.spangeo.zarr.dataset.Variable;
import org.spangeo.zarr.store.HadoopConf;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code spangeo plot}: one map or one line plot of a variable, as {@code da.sel(...).plot()}.
 * The slice is read on the driver through the Dataset API; no Spark job is started.
 */
@Command(name = "plot", mixinStandardHelpOptions = true, sortOptions = false, resourceBundle = "org.spangeo.jobs.cli.PlotCommand$Wording",
    description = {"Draw a map (latitude x longitude) or a line plot of a variable as a PNG,",
        "as xarray's da.sel(...).plot() does. Pick the slice with --time, --level,",
        "--month, --isel, --sel, --lat/--lon, --point: what is left must be",
        "latitude x longitude (a map) or one dim (a line: dates on the x axis for",
        "time; month, point, ...).",
        "Maps: perceptual colour map (viridis; RdBu_r centred on 0 for anomalies), NaN",
        "in grey, colour bar with long name and units, coastlines from the store's",
        "land_sea_mask (or --mask). --compare draws a second store's field beside the",
        "first on one colour scale (prediction vs observation), or a second line.",
        "No Spark job: the slice is small and read directly.", ""},
    footer = {"", "Examples:",
        "  spangeo plot --in 'data/era5/era5_*.zarr' --var temperature --level 850 \\",
        "      --time 2019-07-01T06:00 --out t850.png",
        "  spangeo plot --in out/clim.zarr --var temperature --month 7 --out jul.png",
        "  spangeo plot --in out/anom.zarr --var temperature --time 2019-07-15 --out a.png",
        "  spangeo plot --in out/area_mean.zarr --var total_precipitation \\",
        "      --scale 1000 --units mm/h --out tp.png",
        "  spangeo plot --in out/pred.zarr --var prob --compare data/obs.zarr \\",
        "      --compare-var heavy_rain --time 2019-08-01T06:00 \\",
        "      --label prediction --compare-label observation --out pair.png"})
public final class PlotCommand implements Callable<Integer> {
  private static final List<String> LEVEL_DIMS = List.of("level", "plev", "pressure_level", "isobaricInhPa");

  @Mixin
  InputOptions input = new InputOptions();

  @Option(names = "--var", required = true, paramLabel = "NAME", description = "The variable to draw.")
  String var;

  @Mixin
  SelectionOptions selection = new SelectionOptions().nearestTime();

  @Option(names = "--month", paramLabel = "M",
      description = "One month, 1-12: the 'month' dim of a climatology store, or the time steps in that month.")
  Integer month;

  @Option(names = "--sel", split = ",", paramLabel = "DIM=LABEL", description = "One coordinate value of any dim, as sel(dim=LABEL): --sel hour=12.")
  List<String> sel = new ArrayList<>();

  @Option(names = "--out", required = true, paramLabel = "FILE.png", description = "The figure, a local PNG file (missing folders are made).")
  String out;

  @Option(names = "--title", paramLabel = "TEXT", description = "Title (default: long name, level, time or month).")
  String title;

  @Option(names = "--cmap", paramLabel = "NAME",
      description = "matplotlib's colour map: viridis, cividis, magma, plasma, inferno, turbo, Blues, YlGnBu, YlOrRd, Greens, Reds"
          + " (sequential); RdBu, RdYlBu, BrBG, coolwarm, Spectral, PuOr (diverging: centred on 0 for data of both signs, as xarray); NAME_r reverses (RdYlBu_r).")
  String cmap;

  @Option(names = "--vmin", paramLabel = "X", description = "Lower end of the colour scale (or y axis).")
  Double vmin;

  @Option(names = "--vmax", paramLabel = "X", description = "Upper end of the colour scale (or y axis).")
  Double vmax;

  @Option(names = "--robust", description = "Colour scale from the 2nd to the 98th percentile, as xarray's robust=True.")
  boolean robust;

  @Option(names = "--scale", paramLabel = "X", defaultValue = "1", description = "Multiply the values (unit conversion: --scale 1000 --units mm for metres of rain).")
  double scale;

  @Option(names = "--units", paramLabel = "TEXT", description = "Units to show (after --scale): --units 'mm/h'.")
  String units;

  @Option(names = "--mask", paramLabel = "STORE", description = "Store with a land_sea_mask for the coastlines (default: --in's own, if it has one).")
  String mask;

  @Option(names = "--no-coastlines", description = "Draw no coastlines.")
  boolean noCoastlines;

  @Option(names = "--compare", paramLabel = "STORE", description = "A second store: its field is drawn beside the first (maps, one colour scale) or on the same axes (series).")
  String compare;

  @Option(names = "--compare-var", paramLabel = "NAME", description = "The variable in --compare (default: --var).")
  String compareVar;

  @Option(names = "--label", paramLabel = "TEXT", description = "Label of the first field in a comparison (default: the variable's name).")
  String label;

  @Option(names = "--compare-label", paramLabel = "TEXT", description = "Label of the --compare field.")
  String compareLabel;

  @Option(names = "--compare-scale", paramLabel = "X", description = "Multiply the --compare values (default: --scale).")
  Double compareScale;

  @Option(names = "--compare-threshold", paramLabel = "X",
      description = "Draw the --compare field as an event, 1 where its (scaled) value > X, else 0: observed events beside"
          + " a forecast probability (--compare-scale 1000 --compare-threshold 5 for rain > 5 mm/h).")
  Double compareThreshold;

  @Option(names = "--width", paramLabel = "PX", defaultValue = "1000", description = "Width of the figure in pixels (default ${DEFAULT-VALUE}).")
  int width;

  @Option(names = "--kind", paramLabel = "KIND", defaultValue = "auto",
      description = "auto (default: a map for latitude x longitude, any other 2-D field on its coordinates, a line for one dim)"
          + " or image: the 2-D array on its indices, row 0 at the top, as plt.imshow draws it.")
  String kind;

  @Option(names = "--center", paramLabel = "X",
      description = "Centre of a diverging colour scale (xarray's center=): symmetric about X, RdBu_r unless --cmap says otherwise.")
  Double center;

  @Option(names = "--panels", split = ",", paramLabel = "EXPR",
      description = "Maps side by side, each an expression of a (the --var field) and b (the --compare field): --panels a,b,a-b."
          + " Plain a and b share one colour scale; a difference gets its own, diverging about 0; any other expression its own.")
  List<String> panels = new ArrayList<>();

  @Override
  public Integer call() {
    long t0 = System.nanoTime();
    Path outPath = Path.of(out);
    PlotStyle style;
    try {
      style = new PlotStyle(title, cmap, vmin == null ? Double.NaN : vmin, vmax == null ? Double.NaN : vmax, robust, width,
          !noCoastlines, label, compareLabel, center == null ? Double.NaN : center);
      if (!kind.equals("auto") && !kind.equals("image")) throw new InvalidArgumentException("--kind '" + kind + "' is not auto or image");
      Png.checkWritable(outPath); // before any reading
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException(e.getMessage());
    }
    if (!selection.vars.isEmpty()) throw new InvalidArgumentException("--vars is not used by plot: name the variable with --var");
    HadoopConf conf = HadoopConf.of(Map.of());
    Dataset ds = input.open(conf);
    Object first = read(conf, ds, var, "--var", scale, units);
    Object second = null;
    if (compare != null) {
      Dataset other = Dataset.open(conf, new Dataset.Options(), Catalog.resolve(List.of(compare)));
      double cs = compareScale != null ? compareScale : scale;
      second = read(conf, other, compareVar != null ? compareVar : var, compareVar != null ? "--compare-var" : "--var", cs,
          compareThreshold != null ? "1 = event" : units);
      if (compareThreshold != null) second = events(second, compareThreshold);
      if (first.getClass() != second.getClass()) {
        throw new InvalidArgumentException("--compare: '" + var + "' gives a " + kind(first) + ", the --compare field a " + kind(second)
            + "; select the same kind of slice in both");
      }
      // one land-sea mask for both panels: the store that has one lends it to the other
      if (first instanceof MapField a && second instanceof MapField b && !noCoastlines && mask == null) {
        if (a.landSeaMask() == null && b.landSeaMask() != null) first = withMaskOf(other, a);
        else if (b.landSeaMask() == null && a.landSeaMask() != null) second = withMaskOf(ds, b);
      }
    }
    Figure fig;
    String what;
    try {
      if (!panels.isEmpty()) {
        if (!(first instanceof MapField m)) throw new InvalidArgumentException("--panels draws 2-D fields; the selection leaves a line");
        PlotPanels p = PlotPanels.of(panels, m, (MapField) second, style, label != null ? label : var,
            compareLabel != null ? compareLabel : compareVar != null ? compareVar : var);
        fig = MapPlot.writePanels(p.fields, p.styles, p.labels, title != null ? title : p.title(), width, outPath);
        what = String.format(Locale.ROOT, "%d panels of %d x %d cells", p.fields.size(), m.lat().length, m.lon().length);
      } else if (first instanceof MapField m) {
        fig = second == null ? MapPlot.write(m, style, outPath) : MapPlot.writePair(m, (MapField) second, style, outPath);
        what = String.format(Locale.ROOT, "%s %d x %d cells%s", m.axes().degrees() ? "map" : m.axes().image() ? "image" : "2-D field",
            m.lat().length, m.lon().length, range(m));
      } else {
        Series s = (Series) first;
        List<Series> all = second == null ? List.of(s) : List.of(s, (Series) second);
        fig = SeriesPlot.write(all, style, outPath);
        what = String.format(Locale.ROOT, "line plot of %d %s steps", s.length(), s.dim());
      }
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException(e.getMessage());
    }
    System.out.printf(Locale.ROOT, "plot: %s -> %s (%d x %d px), %s, %.1f s%n", fig.title(), out, fig.width(), fig.height(),
        what, (System.nanoTime() - t0) / 1e9);
    return 0;
  }

  private static MapField withMaskOf(Dataset maskDs, MapField m) {
    try {
      float[] lsm = FieldReader.landSeaMask(maskDs, m);
      return lsm == null ? m : m.withMask(lsm);
    } catch (IllegalArgumentException e) {
      return m; // the other store's mask does not cover this map: no coastlines, as without --compare
    }
  }

  private static String kind(Object o) {
    return o instanceof MapField ? "map" : "line plot";
  }

  private String range(MapField m) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    int nan = 0;
    for (float f : m.values()) {
      if (Float.isNaN(f)) nan++;
      else {
        lo = Math.min(lo, f);
        hi = Math.max(hi, f);
      }
    }
    String u = m.units() != null && !m.units().isBlank() && !m.units().equals("1") ? " " + m.units() : "";
    return (lo <= hi ? String.format(Locale.ROOT, ", %.4g to %.4g%s", lo, hi, u) : ", no valid value") + (nan > 0 ? ", " + nan + " missing" : "");
  }

  /** The map or series of {@code name} that the options select in {@code ds}. */
  /** 1 where the value exceeds the threshold, 0 where it does not, NaN where it is missing. */
  private static Object events(Object field, double threshold) {
    if (field instanceof MapField m) {
      float[] v = m.values().clone();
      for (int i = 0; i < v.length; i++) if (!Float.isNaN(v[i])) v[i] = v[i] > threshold ? 1f : 0f;
      return new MapField(m.name(), m.longName() == null ? m.name() + " > " + threshold : m.longName() + " > " + threshold,
          m.units(), m.lat(), m.lon(), v, m.landSeaMask(), m.where());
    }
    throw new InvalidArgumentException("--compare-threshold draws maps of events; give a selection that leaves a map");
  }

  private Object read(HadoopConf conf, Dataset ds, String name, String opt, double scale, String units) {
    if (!ds.hasVariable(name) || ds.isCoordinate(name)) {
      throw new InvalidArgumentException(opt + ": '" + name + "' is not a data variable of " + ds.sources().get(0)
          + (ds.sources().size() > 1 ? " ..." : "") + Names.suggest(name, ds.dataVariableNames()));
    }
    Variable v = ds.variable(name);
    Selection s = select(ds);
    if (s.isEmpty()) throw new InvalidArgumentException("the selection is empty");
    List<String> left = FieldReader.remainingDims(v, s);
    String la = first(left, ds.dimOf(Dataset.Axis.Y, "latitude"), "latitude", "lat");
    String lo = first(left, ds.dimOf(Dataset.Axis.X, "longitude"), "longitude", "lon");
    try {
      if (left.size() == 2 && (kind.equals("image") || la == null || lo == null)) {
        // any 2-D field: on its coordinates, named and in their units; or as an image on its indices
        return FieldReader.grid(ds, name, s, left.get(0), left.get(1), kind.equals("image")).scaled(scale, units);
      }
      if (kind.equals("image")) {
        throw new InvalidArgumentException("--kind image draws a 2-D array; '" + name + "' leaves " + left.size() + " dims "
            + left + " after the selection (pick one index of the others with --isel DIM=I)");
      }
      if (left.size() == 2 && la != null && lo != null) {
        MapField m = FieldReader.map(ds, name, s, la, lo).scaled(scale, units);
        if (!noCoastlines) {
          Dataset maskDs = mask != null ? Dataset.open(conf, new Dataset.Options(), Catalog.resolve(List.of(mask))) : ds;
          float[] lsm = FieldReader.landSeaMask(maskDs, m);
          if (lsm == null && mask != null) {
            throw new InvalidArgumentException("--mask " + mask + " has no land_sea_mask (or lsm) variable on latitude x longitude"
                + Names.suggest("land_sea_mask", maskDs.dataVariableNames()));
          }
          if (lsm != null) m = m.withMask(lsm);
        }
        return m;
      }
      if (left.size() == 1) return FieldReader.series(ds, name, s, left.get(0)).scaled(scale, units);
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException(e.getMessage());
    }
    throw new InvalidArgumentException(notPlottable(v, s, left));
  }

  /** Which dims are left and which option picks each. */
  private static String notPlottable(Variable v, Selection s, List<String> left) {
    StringBuilder dims = new StringBuilder();
    for (String d : v.dims()) dims.append(dims.length() > 0 ? ", " : "").append(d).append(": ").append(s.count(d));
    List<String> picks = new ArrayList<>();
    for (String d : left) {
      if (d.equals("latitude") || d.equals("lat") || d.equals("longitude") || d.equals("lon")) continue;
      if (d.equals("time")) picks.add("one time with --time T");
      else if (LEVEL_DIMS.contains(d)) picks.add("one level with --level L");
      else if (d.equals("month")) picks.add("one month with --month M");
      else picks.add("one " + d + " with --isel " + d + "=I or --sel " + d + "=LABEL");
    }
    String what = left.isEmpty() ? "nothing is left to draw (a single value)"
        : left.size() + " dims are left (" + String.join(", ", left) + "): a figure takes two (a map or any 2-D field) or one (a line plot)";
    String hint = left.isEmpty() ? "select fewer dims" : picks.isEmpty()
        ? "narrow them with --lat/--lon or --point" : "pick " + String.join(" and ", picks);
    return "'" + v.name() + "' (" + dims + ") after the selection: " + what + "; " + hint;
  }

  private static String first(List<String> dims, String... names) {
    for (String n : names) if (dims.contains(n)) return n;
    return null;
  }

  /** The options as a selection on {@code ds}. */
  Selection select(Dataset ds) {
    Selection s = Selection.all(ds);
    if (month != null) s = selectMonth(ds, s);
    s = selection.apply(ds, s); // --isel DIM=I (one index) or DIM=START:STOP among them
    for (Map.Entry<String, String> e : pairs(sel, "--sel", "DIM=LABEL (hour=12)").entrySet()) {
      s = selectLabel(ds, s, SelectionOptions.dim(ds, e.getKey(), "--sel"), e.getValue().trim());
    }
    return s;
  }

  private Selection selectMonth(Dataset ds, Selection s) {
    if (month < 1 || month > 12) throw new InvalidArgumentException("--month " + month + " is not a month (1-12)");
    if (ds.dims().containsKey("month")) {
      double[] c = ds.coordinateValues("month");
      for (int i = 0; i < c.length; i++) if (c[i] == month) return s.isel("month", i, i + 1, 1);
      throw new InvalidArgumentException("--month " + month + " is not in the data (month: " + SelectionOptions.fmtAll(c) + ")");
    }
    String td = ds.timeDim();
    if (td == null) throw new InvalidArgumentException("--month needs a 'month' dim (a climatology) or a time coordinate (dims: " + ds.dims().keySet() + ")");
    Selection out = s.months(ds, td, month);
    SelectionOptions.nonEmpty(out, td, "--month " + month, ds);
    return out;
  }

  private static Selection selectLabel(Dataset ds, Selection s, String d, String label) {
    boolean isTime = ds.isCoordinate(d) && ds.variable(d).isTime();
    double[] c = ds.coordinateValues(d);
    double want;
    try {
      want = isTime ? CfTime.parseIso(label) : Double.parseDouble(label);
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException("--sel " + d + "=" + label + ": " + (isTime ? e.getMessage() : "'" + label + "' is not a number"));
    }
    for (int i = 0; i < c.length; i++) {
      if (c[i] == want || Math.abs(c[i] - want) <= 1e-9 * Math.max(1, Math.abs(want))) return s.isel(d, i, i + 1, 1);
    }
    String values;
    if (isTime) {
      long[] t = ds.timeValues(d);
      values = "runs from " + CfTime.format(t[0]) + " to " + CfTime.format(t[t.length - 1]) + "; --time T picks the nearest";
    } else {
      double[] head = java.util.Arrays.copyOf(c, Math.min(c.length, 12));
      values = "values: " + SelectionOptions.fmtAll(head) + (c.length > 12 ? ", ..." : "");
    }
    throw new InvalidArgumentException("--sel " + d + "=" + label + " is not a value of " + d + " (" + values + ")");
  }

  private static Map<String, String> pairs(List<String> specs, String opt, String example) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String p : specs) {
      String[] kv = p.split("=", 2);
      if (kv.length != 2 || kv[0].isBlank() || kv[1].isBlank()) throw new InvalidArgumentException(opt + " '" + p + "' is not " + example);
      out.put(kv[0].trim(), kv[1]);
    }
    return out;
  }

  /** The selection options as plot words them: one time, one level, one point. */
  public static final class Wording extends OptionWording {
    public Wording() {
      super("vars", "Not used by plot: name the variable with --var.",
          "time", "One time (the nearest step: 2019-07-01T06:00), or a month, a year or a range for a line plot"
              + " (2019-07, 2019-06-01/2019-09-30).",
          "isel", "One index of any dim, as isel(dim=I) (negative counts from the end: --isel point=2), or a slice that"
              + " keeps the dim: --isel time=0:8.",
          "level", "One pressure level: --level 850.",
          "point", "The nearest grid cell (a time series there): --point 25.03,121.56.");
    }
  }
}
