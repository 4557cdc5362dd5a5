package org.spangeo.jobs.plot;

import java.awt.Color;
import java.awt.Paint;
import java.util.Arrays;
import org.jfree.chart.renderer.PaintScale;

/**
 * Values to colours for JFreeChart's block renderer and colour bar: a {@link Colormap} stretched
 * over [lower, upper] (values beyond are drawn in the end colours, as matplotlib does), and NaN
 * as a neutral grey. The 256 colours are made once: no object per cell.
 */
public final class ColourScale implements PaintScale {
  /** Missing cells (NaN): a grey that none of the colour maps passes close to. */
  public static final Color MISSING = new Color(190, 190, 190);

  private final Colormap cmap;
  private final double lower;
  private final double upper;
  private final Color[] colours;

  public ColourScale(Colormap cmap, double lower, double upper) {
    if (!(upper > lower)) throw new IllegalArgumentException("colour scale " + lower + " to " + upper + " is empty");
    this.cmap = cmap;
    this.lower = lower;
    this.upper = upper;
    this.colours = new Color[cmap.size()];
    for (int i = 0; i < colours.length; i++) colours[i] = new Color(cmap.rgbAt(i / (double) (colours.length - 1)));
  }

  /**
   * The scale for {@code values} under {@code style}: its colour map (by name, else RdBu_r for
   * anomalies, else viridis) and limits (given, else from the finite values: min and max, or the
   * 2nd and 98th percentiles when robust; symmetric about 0 for a diverging map over data of both signs).
   */
  public static ColourScale forData(PlotStyle style, boolean anomaly, float[]... values) {
    double centre = style.center();
    Colormap cmap = Colormap.named(style.cmap() != null ? style.cmap() : anomaly || !Double.isNaN(centre) ? "RdBu_r" : "viridis");
    double lo = style.vmin();
    double hi = style.vmax();
    if (!Double.isNaN(centre)) {
      // xarray's center=: symmetric about the centre, out to the farther of the data's (or the given) ends
      double[] r = Double.isNaN(lo) || Double.isNaN(hi) ? range(style.robust(), values) : new double[] {lo, hi};
      double a = Double.isNaN(lo) ? r[0] : lo;
      double b = Double.isNaN(hi) ? r[1] : hi;
      double m = Math.max(Math.abs(a - centre), Math.abs(b - centre));
      if (!(m > 0) || !Double.isFinite(m)) m = Math.abs(centre) > 0 ? Math.abs(centre) * 0.05 : 1;
      return new ColourScale(cmap, centre - m, centre + m);
    }
    if (Double.isNaN(lo) || Double.isNaN(hi)) {
      double[] r = range(style.robust(), values);
      double a = Double.isNaN(lo) ? r[0] : lo;
      double b = Double.isNaN(hi) ? r[1] : hi;
      if (cmap.diverging() && a < 0 && b > 0) {
        // centred on zero, as xarray does for data of both signs (not for one sign: temperatures in
        // K with cmap="RdYlBu_r" keep their own range); a given limit fixes the other
        double m = !Double.isNaN(lo) ? Math.abs(lo) : !Double.isNaN(hi) ? Math.abs(hi) : Math.max(Math.abs(r[0]), Math.abs(r[1]));
        lo = -m;
        hi = m;
      } else {
        if (Double.isNaN(lo)) lo = Double.isNaN(hi) ? r[0] : Math.min(r[0], hi);
        if (Double.isNaN(hi)) hi = Math.max(r[1], lo);
      }
    }
    if (!(hi > lo)) {
      // a constant field (or nothing finite): a small band around the value, as matplotlib does
      double c = Double.isFinite(lo) ? lo : 0;
      double w = c == 0 ? 1 : Math.abs(c) * 0.05;
      lo = c - w;
      hi = c + w;
    }
    return new ColourScale(cmap, lo, hi);
  }

  /** Finite min and max, or the 2nd and 98th percentiles; NaN, NaN when nothing is finite. */
  static double[] range(boolean robust, float[]... values) {
    if (!robust) {
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      for (float[] v : values) {
        for (float f : v) {
          if (!Float.isFinite(f)) continue;
          if (f < lo) lo = f;
          if (f > hi) hi = f;
        }
      }
      return lo <= hi ? new double[] {lo, hi} : new double[] {Double.NaN, Double.NaN};
    }
    int n = 0;
    for (float[] v : values) for (float f : v) if (Float.isFinite(f)) n++;
    if (n == 0) return new double[] {Double.NaN, Double.NaN};
    float[] all = new float[n];
    int k = 0;
    for (float[] v : values) for (float f : v) if (Float.isFinite(f)) all[k++] = f;
    Arrays.sort(all);
    return new double[] {quantile(all, 0.02), quantile(all, 0.98)};
  }

  private static double quantile(float[] sorted, double q) {
    double pos = q * (sorted.length - 1); // numpy's default (linear) percentile
    int i = (int) Math.floor(pos);
    int j = Math.min(i + 1, sorted.length - 1);
    return sorted[i] + (pos - i) * (sorted[j] - sorted[i]);
  }

  public Colormap colormap() {
    return cmap;
  }

  @Override
  public double getLowerBound() {
    return lower;
  }

  @Override
  public double getUpperBound() {
    return upper;
  }

  @Override
  public Paint getPaint(double value) {
    if (Double.isNaN(value)) return MISSING;
    double t = (value - lower) / (upper - lower);
    int i = (int) Math.round(Math.max(0, Math.min(1, t)) * (colours.length - 1));
    return colours[i];
  }
}
