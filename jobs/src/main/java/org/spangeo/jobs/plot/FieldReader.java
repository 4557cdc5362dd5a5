package org.spangeo.jobs.plot;

import java.util.ArrayList;
import java.util.List;
import org.spangeo.zarr.array.BoxCopy;
import org.spangeo.zarr.array.RawChunk;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.dataset.Selection;
import org.spangeo.zarr.dataset.Values;
import org.spangeo.zarr.dataset.Variable;

/**
 * Reads the slice to plot on the driver (small by design: one map or one series), through the
 * Dataset/Selection API, decoded as xarray decodes it (mask and scale, times): the bounding box
 * of the selected indices is read in one call, then the selected cells picked out. Dims the
 * selection narrows to one value are dropped, as {@code da.sel(level=850)} drops them, and
 * described for the title ("850 hPa, 2019-06-01 06:00 UTC").
 */
public final class FieldReader {
  /** Refuses boxes larger than this many values (a map of the globe at 0.25° is about a million). */
  static final long MAX_VALUES = 50_000_000L;
  private static final List<String> LEVEL_DIMS = List.of("level", "plev", "pressure_level", "isobaricInhPa");
  private static final List<String> MASK_NAMES = List.of("land_sea_mask", "lsm", "LSM", "landsea", "land_mask");

  private FieldReader() {}

  /** The variable's dims that the selection leaves with more than one value, in order. */
  public static List<String> remainingDims(Variable v, Selection sel) {
    List<String> out = new ArrayList<>();
    for (String d : v.dims()) if (sel.count(d) > 1) out.add(d);
    return out;
  }

  /** The map of {@code var} where the selection leaves exactly {@code latDim} and {@code lonDim}. */
  public static MapField map(Dataset ds, String var, Selection sel, String latDim, String lonDim) {
    Variable v = ds.variable(var);
    double[] vals = readSelected(v, sel);
    double[] lat = pick(ds.coordinateValues(latDim), sel.indices(latDim));
    double[] lon = pick(ds.coordinateValues(lonDim), sel.indices(lonDim));
    float[] out = new float[lat.length * lon.length];
    boolean latFirst = v.axis(latDim) < v.axis(lonDim);
    for (int i = 0; i < lat.length; i++) {
      for (int j = 0; j < lon.length; j++) {
        out[i * lon.length + j] = (float) vals[latFirst ? i * lon.length + j : j * lat.length + i];
      }
    }
    return new MapField(var, text(v, "long_name"), v.units(), lat, lon, out, null, where(ds, v, sel));
  }

  /**
   * Any 2-D slice: rows along {@code yDim}, columns along {@code xDim}, on their coordinates
   * (labelled with the dims' names and units) or, with {@code index} or for dims without a
   * coordinate, on their indices, as imshow draws an array.
   */
  public static MapField grid(Dataset ds, String var, Selection sel, String yDim, String xDim, boolean index) {
    Variable v = ds.variable(var);
    double[] vals = readSelected(v, sel);
    boolean yIndex = index || !hasNumbers(ds, yDim);
    boolean xIndex = index || !hasNumbers(ds, xDim);
    double[] y = yIndex ? indices(sel.indices(yDim)) : pick(ds.coordinateValues(yDim), sel.indices(yDim));
    double[] x = xIndex ? indices(sel.indices(xDim)) : pick(ds.coordinateValues(xDim), sel.indices(xDim));
    float[] out = new float[y.length * x.length];
    boolean yFirst = v.axis(yDim) < v.axis(xDim);
    for (int i = 0; i < y.length; i++) {
      for (int j = 0; j < x.length; j++) out[i * x.length + j] = (float) vals[yFirst ? i * x.length + j : j * y.length + i];
    }
    MapField.Axes axes = new MapField.Axes(yDim, yIndex ? null : ds.variable(yDim).units(), xDim,
        xIndex ? null : ds.variable(xDim).units(), false, yIndex, xIndex);
    return new MapField(var, text(v, "long_name"), v.units(), y, x, out, null, where(ds, v, sel), axes);
  }

  private static boolean hasNumbers(Dataset ds, String dim) {
    return ds.isCoordinate(dim) && !ds.variable(dim).isTime();
  }

  /** The selected indices themselves (an axis without a coordinate counts its cells, as numpy does). */
  private static double[] indices(int[] idx) {
    double[] out = new double[idx.length];
    for (int i = 0; i < idx.length; i++) out[i] = idx[i];
    return out;
  }

  /** The series of {@code var} along {@code dim}, the only dim the selection leaves. */
  public static Series series(Dataset ds, String var, Selection sel, String dim) {
    Variable v = ds.variable(var);
    double[] vals = readSelected(v, sel);
    int[] idx = sel.indices(dim);
    boolean time = ds.isCoordinate(dim) && ds.variable(dim).isTime();
    long[] t = time ? pick(ds.timeValues(dim), idx) : null;
    double[] x = time ? null : pick(ds.coordinateValues(dim), idx);
    return new Series(var, text(v, "long_name"), v.units(), dim, t, x, vals, where(ds, v, sel));
  }

  /**
   * The land-sea mask of {@code maskDs} on the map's grid (nearest cell), or null when it has
   * none; an error when its grid does not cover the map. Other dims of the mask (ERA5 stores
   * it with time) are taken at their first index.
   */
  public static float[] landSeaMask(Dataset maskDs, MapField onto) {
    String name = null;
    for (String n : MASK_NAMES) if (maskDs.hasVariable(n)) name = name == null ? n : name;
    if (name == null) return null;
    Variable m = maskDs.variable(name);
    String la = null;
    String lo = null;
    for (String d : m.dims()) {
      if (d.equals("latitude") || d.equals("lat") || d.equals(maskDs.dimOf(Dataset.Axis.Y))) la = d;
      if (d.equals("longitude") || d.equals("lon") || d.equals(maskDs.dimOf(Dataset.Axis.X))) lo = d;
    }
    if (la == null || lo == null) return null;
    Selection s = Selection.all(maskDs);
    for (String d : m.dims()) if (!d.equals(la) && !d.equals(lo)) s = s.isel(d, 0, 1, 1);
    MapField full = map(maskDs, name, s, la, lo);
    int[] ii = nearestWithin(full.lat(), onto.lat(), "latitude", maskDs);
    int[] jj = nearestWithin(full.lon(), onto.lon(), "longitude", maskDs);
    float[] out = new float[onto.values().length];
    for (int i = 0; i < ii.length; i++) {
      for (int j = 0; j < jj.length; j++) out[i * jj.length + j] = full.value(ii[i], jj[j]);
    }
    return out;
  }

  private static int[] nearestWithin(double[] grid, double[] want, String what, Dataset ds) {
    boolean lon = what.equals("longitude");
    double half = MapPlot.spacing(grid) / 2 + 1e-6;
    int[] out = new int[want.length];
    for (int k = 0; k < want.length; k++) {
      // longitudes match modulo 360 (a mask on 0..360 serves a map on -180..180)
      int best = -1;
      double bd = Double.POSITIVE_INFINITY;
      for (int i = 0; i < grid.length; i++) {
        double d = Math.abs(grid[i] - want[k]);
        if (lon) d = Math.abs(((grid[i] - want[k]) % 360 + 540) % 360 - 180);
        if (d < bd) {
          bd = d;
          best = i;
        }
      }
      if (bd > half) {
        double[] e = MapPlot.extent(grid);
        throw new IllegalArgumentException("the land-sea mask of " + ds.sources().get(0) + " does not cover the map: its "
            + what + " runs " + Labels.number(e[0]) + " to " + Labels.number(e[1]) + ", the map has " + Labels.number(want[k]));
      }
      out[k] = best;
    }
    return out;
  }

  /** Values of the selected cells, C order over the variable's dims. */
  static double[] readSelected(Variable v, Selection sel) {
    int rank = v.rank();
    long[] start = new long[rank];
    int[] count = new int[rank];
    int[][] local = new int[rank][];
    long box = 1;
    long n = 1;
    for (int a = 0; a < rank; a++) {
      int[] idx = sel.indices(v.dims().get(a));
      if (idx.length == 0) throw new IllegalArgumentException("the selection of '" + v.name() + "' is empty along " + v.dims().get(a));
      start[a] = idx[0];
      count[a] = idx[idx.length - 1] - idx[0] + 1;
      local[a] = new int[idx.length];
      for (int k = 0; k < idx.length; k++) local[a][k] = idx[k] - idx[0];
      box *= count[a];
      n *= idx.length;
    }
    if (box > MAX_VALUES) {
      throw new IllegalArgumentException("plotting '" + v.name() + "' would read " + box + " values; select a smaller box");
    }
    RawChunk raw = v.read(start, count);
    double[] all = Values.decodeDouble(raw, v);
    if (box == n) return all;
    double[] out = new double[(int) n];
    int[] outShape = new int[rank];
    for (int a = 0; a < rank; a++) outShape[a] = local[a].length;
    BoxCopy.select(all, count, local, out, outShape, new int[rank], Double.BYTES);
    return out;
  }

  /** The dims narrowed to one value, described: "850 hPa, 2019-06-01 06:00 UTC", "July", "25°N, 121.5°E". */
  static String where(Dataset ds, Variable v, Selection sel) {
    // level first, then month or season, then the rest, time last: "850 hPa, July", "500 hPa, 2019-06-01 06:00 UTC"
    List<String> levels = new ArrayList<>();
    List<String> periods = new ArrayList<>();
    List<String> others = new ArrayList<>();
    String timePart = null;
    for (String d : v.dims()) {
      if (sel.count(d) != 1) continue;
      int i = sel.indices(d)[0];
      boolean coord = ds.isCoordinate(d);
      if (coord && ds.variable(d).isTime()) {
        long[] t = ds.timeValues(d);
        timePart = Labels.time(t[i], Labels.allMidnight(t));
        continue;
      }
      double c = ds.coordinateValues(d)[i];
      if (LEVEL_DIMS.contains(d) || d.equals(ds.dimOf(Dataset.Axis.Z))) { // lev, or any dim CF marks vertical
        String u = coord ? Labels.units(ds.variable(d).units()) : null;
        levels.add(Labels.number(c) + (u != null ? " " + u : ""));
      } else if (d.equals("month")) {
        periods.add(Labels.month((int) c));
      } else if (d.equals("season")) {
        periods.add(Labels.season((int) c));
      } else if (d.equals("latitude") || d.equals("lat") || d.equals(ds.dimOf(Dataset.Axis.Y))) {
        others.add(Labels.degrees(c, true));
      } else if (d.equals("longitude") || d.equals("lon") || d.equals(ds.dimOf(Dataset.Axis.X))) {
        others.add(Labels.degrees(c, false));
      } else {
        others.add(d + " " + (coord ? Labels.number(c) : Integer.toString(i)));
      }
    }
    List<String> parts = new ArrayList<>(levels);
    parts.addAll(periods);
    parts.addAll(others);
    String cm = text(v, "cell_methods");
    if (cm != null && cm.contains("mean") && (cm.contains("latitude") || cm.contains("lat:"))
        && !v.dims().contains("latitude") && !v.dims().contains("lat")) {
      parts.add("area mean");
    }
    if (timePart != null) parts.add(timePart);
    return String.join(", ", parts);
  }

  static String text(Variable v, String attr) {
    var n = v.attributes().get(attr);
    return n == null || n.isNull() ? null : n.asText();
  }

  private static double[] pick(double[] c, int[] idx) {
    double[] out = new double[idx.length];
    for (int k = 0; k < idx.length; k++) out[k] = c[idx[k]];
    return out;
  }

  private static long[] pick(long[] c, int[] idx) {
    long[] out = new long[idx.length];
    for (int k = 0; k < idx.length; k++) out[k] = c[idx[k]];
    return out;
  }
}
