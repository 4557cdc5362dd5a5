package org.spangeo.jobs.plot;

/**
 * How to draw: title (null: made from the field's name and slice), colour map (null: viridis,
 * or RdBu_r centred on 0 for anomalies), colour-scale limits (NaN: from the data, min to max or
 * the 2nd to 98th percentile with {@code robust}, as xarray's plot does), the figure's width in
 * pixels, whether to draw coastlines from the land-sea mask, for pairs the two panel labels, and a
 * centre (NaN: none) that makes the colour scale diverging and symmetric about it, as xarray's
 * {@code center=}.
 * Immutable; start from {@link #defaults()}.
 */
public record PlotStyle(String title, String cmap, double vmin, double vmax, boolean robust, int width,
    boolean coastlines, String leftLabel, String rightLabel, double center) {

  /** Without a centre (NaN: the colour scale is not forced to be symmetric about a value). */
  public PlotStyle(String title, String cmap, double vmin, double vmax, boolean robust, int width, boolean coastlines,
      String leftLabel, String rightLabel) {
    this(title, cmap, vmin, vmax, robust, width, coastlines, leftLabel, rightLabel, Double.NaN);
  }

  public PlotStyle {
    if (width < 200 || width > 10_000) throw new IllegalArgumentException("--width " + width + " is not within 200..10000 pixels");
    if (!Double.isNaN(vmin) && !Double.isNaN(vmax) && vmin >= vmax) {
      throw new IllegalArgumentException("--vmin " + vmin + " is not below --vmax " + vmax);
    }
    if (cmap != null) Colormap.named(cmap); // an unknown name fails here, before any work
    if (!Double.isNaN(center) && !Double.isNaN(vmin) && !Double.isNaN(vmax) && (center <= vmin || center >= vmax)) {
      throw new IllegalArgumentException("--center " + center + " is not between --vmin " + vmin + " and --vmax " + vmax);
    }
  }

  public static PlotStyle defaults() {
    return new PlotStyle(null, null, Double.NaN, Double.NaN, false, 1000, true, null, null, Double.NaN);
  }

  /** A colour scale centred on {@code c} (xarray's center=): symmetric about it, diverging (NaN: none). */
  public PlotStyle withCenter(double c) {
    return new PlotStyle(title, cmap, vmin, vmax, robust, width, coastlines, leftLabel, rightLabel, c);
  }

  public PlotStyle withTitle(String t) {
    return new PlotStyle(t, cmap, vmin, vmax, robust, width, coastlines, leftLabel, rightLabel, center);
  }

  public PlotStyle withCmap(String c) {
    return new PlotStyle(title, c, vmin, vmax, robust, width, coastlines, leftLabel, rightLabel, center);
  }

  /** Colour-scale limits; NaN leaves one to the data. */
  public PlotStyle withRange(double lo, double hi) {
    return new PlotStyle(title, cmap, lo, hi, robust, width, coastlines, leftLabel, rightLabel, center);
  }

  public PlotStyle withRobust(boolean r) {
    return new PlotStyle(title, cmap, vmin, vmax, r, width, coastlines, leftLabel, rightLabel, center);
  }

  public PlotStyle withWidth(int w) {
    return new PlotStyle(title, cmap, vmin, vmax, robust, w, coastlines, leftLabel, rightLabel, center);
  }

  public PlotStyle withCoastlines(boolean c) {
    return new PlotStyle(title, cmap, vmin, vmax, robust, width, c, leftLabel, rightLabel, center);
  }

  /** Panel labels of a pair figure ("prediction", "observation"). */
  public PlotStyle withLabels(String left, String right) {
    return new PlotStyle(title, cmap, vmin, vmax, robust, width, coastlines, left, right, center);
  }
}
