package org.spangeo.jobs.plot;

import java.util.Locale;

/**
 * One 2-D field to draw as a map: values on a latitude × longitude grid, row-major
 * ({@code values[i * lon.length + j]} is at {@code lat[i]}, {@code lon[j]}), NaN where missing.
 * Latitude may run either way (ERA5's runs north to south). {@code landSeaMask}, on the same
 * grid and optional (null), is drawn as coastlines: its 0.5 contour. {@code where} says which
 * slice this is, for the title ("850 hPa, 2019-06-01 06:00 UTC"); it may be empty.
 */
public record MapField(String name, String longName, String units, double[] lat, double[] lon, float[] values,
    float[] landSeaMask, String where, Axes axes) {

  /**
   * What the two axes are: {@code y} (the rows, {@code lat}) and {@code x} (the columns,
   * {@code lon}) with their names and units; degrees for latitude x longitude maps; index axes
   * (values 0..n-1, row 0 at the top) for images, as imshow draws arrays.
   */
  public record Axes(String y, String yUnits, String x, String xUnits, boolean degrees, boolean yIndex, boolean xIndex) {
    public static final Axes GEOGRAPHIC = new Axes("latitude", "degrees_north", "longitude", "degrees_east", true, false, false);

    /** An image: both axes count cells, row 0 at the top. */
    public boolean image() {
      return yIndex && xIndex;
    }

    /** "level [hPa]", "phony_dim_0 (index)". */
    public String label(boolean rows) {
      String n = rows ? y : x;
      String u = rows ? yUnits : xUnits;
      return (rows ? yIndex : xIndex) ? n + " (index)" : u == null || u.isBlank() ? n : n + " [" + u + "]";
    }
  }

  /** A latitude x longitude map. */
  public MapField(String name, String longName, String units, double[] lat, double[] lon, float[] values, float[] landSeaMask,
      String where) {
    this(name, longName, units, lat, lon, values, landSeaMask, where, Axes.GEOGRAPHIC);
  }

  public MapField {
    axes = axes == null ? Axes.GEOGRAPHIC : axes;
    if (lat.length == 0 || lon.length == 0) throw new IllegalArgumentException("map '" + name + "' has an empty grid");
    if (values.length != lat.length * lon.length) {
      throw new IllegalArgumentException("map '" + name + "' has " + values.length + " values for a grid of " + lat.length
          + " latitudes x " + lon.length + " longitudes");
    }
    if (landSeaMask != null && landSeaMask.length != values.length) {
      throw new IllegalArgumentException("the land-sea mask of map '" + name + "' has " + landSeaMask.length
          + " values, the field " + values.length);
    }
    where = where == null ? "" : where;
  }

  /** A field with only a name (no long name, units, mask or slice description). */
  public static MapField of(String name, double[] lat, double[] lon, float[] values) {
    return new MapField(name, null, null, lat, lon, values, null, "");
  }

  public MapField withLongName(String s) {
    return new MapField(name, s, units, lat, lon, values, landSeaMask, where, axes);
  }

  public MapField withUnits(String s) {
    return new MapField(name, longName, s, lat, lon, values, landSeaMask, where, axes);
  }

  public MapField withMask(float[] mask) {
    return new MapField(name, longName, units, lat, lon, values, mask, where, axes);
  }

  public MapField withWhere(String s) {
    return new MapField(name, longName, units, lat, lon, values, landSeaMask, s, axes);
  }

  /** Values times {@code factor} (unit conversion: 1000 for m to mm), labelled with {@code newUnits} (null: keep). */
  public MapField scaled(double factor, String newUnits) {
    float[] v = values;
    if (factor != 1) {
      v = new float[values.length];
      for (int i = 0; i < v.length; i++) v[i] = (float) (values[i] * factor);
    }
    return new MapField(name, longName, newUnits != null ? newUnits : units, lat, lon, v, landSeaMask, where, axes);
  }

  /** The same values as another field (a panel: a difference, a scaled field), named by what it shows. */
  public MapField withValues(String newName, String newLongName, String newUnits, float[] v) {
    return new MapField(newName, newLongName, newUnits, lat, lon, v, landSeaMask, where, axes);
  }

  /** The value at (lat index, lon index). */
  public float value(int i, int j) {
    return values[i * lon.length + j];
  }

  /** "long name [units]", for the colour bar. */
  public String label() {
    return Labels.quantity(name, longName, units);
  }

  /** Finite values: {count, min, max}. */
  double[] finiteRange() {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    long n = 0;
    for (float f : values) {
      if (Float.isFinite(f)) {
        n++;
        if (f < lo) lo = f;
        if (f > hi) hi = f;
      }
    }
    return new double[] {n, lo, hi};
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "MapField(%s, %d x %d%s)", name, lat.length, lon.length,
        landSeaMask != null ? ", with land-sea mask" : "");
  }
}
