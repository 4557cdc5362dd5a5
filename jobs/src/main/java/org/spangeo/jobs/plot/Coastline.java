package org.spangeo.jobs.plot;

import java.awt.geom.Path2D;

/**
 * Coastlines as the 0.5 contour of a land-sea mask (ERA5's land_sea_mask is the land fraction,
 * 0 to 1), by marching squares over the cell centres, written here because JFreeChart has no
 * contouring and the job is small: each square of four neighbouring centres that the level
 * crosses gives one or two segments, their ends interpolated linearly along the square's edges;
 * a saddle (diagonal corners on the same side) is decided by the mean of the four corners.
 * Squares with a NaN corner give nothing.
 */
public final class Coastline {
  private Coastline() {}

  /**
   * Segments of the {@code level} contour of {@code field} (row-major lat × lon) as a flat
   * array {@code lon0, lat0, lon1, lat1, ...}, four numbers a segment.
   */
  public static double[] segments(double[] lat, double[] lon, float[] field, double level) {
    int ny = lat.length;
    int nx = lon.length;
    double[] out = new double[64];
    int n = 0;
    double[] px = new double[4];
    double[] py = new double[4];
    for (int i = 0; i + 1 < ny; i++) {
      for (int j = 0; j + 1 < nx; j++) {
        double a = field[i * nx + j];           // (i, j)       corner 00
        double b = field[i * nx + j + 1];       // (i, j+1)     corner 01
        double c = field[(i + 1) * nx + j];     // (i+1, j)     corner 10
        double d = field[(i + 1) * nx + j + 1]; // (i+1, j+1)   corner 11
        if (Double.isNaN(a) || Double.isNaN(b) || Double.isNaN(c) || Double.isNaN(d)) continue;
        boolean ia = a > level;
        boolean ib = b > level;
        boolean ic = c > level;
        boolean id = d > level;
        if (ia == ib && ib == ic && ic == id) continue;
        // crossings on the four edges: 0 top (00-01), 1 right (01-11), 2 bottom (10-11), 3 left (00-10)
        boolean[] cut = {ia != ib, ib != id, ic != id, ia != ic};
        if (cut[0]) point(px, py, 0, lon[j], lat[i], lon[j + 1], lat[i], a, b, level);
        if (cut[1]) point(px, py, 1, lon[j + 1], lat[i], lon[j + 1], lat[i + 1], b, d, level);
        if (cut[2]) point(px, py, 2, lon[j], lat[i + 1], lon[j + 1], lat[i + 1], c, d, level);
        if (cut[3]) point(px, py, 3, lon[j], lat[i], lon[j], lat[i + 1], a, c, level);
        if (out.length < n + 8) out = java.util.Arrays.copyOf(out, out.length * 2);
        if (cut[0] && cut[1] && cut[2] && cut[3]) {
          // saddle: if the centre is on corner 00's side, corners 01 and 10 are cut off, else 00 and 11
          boolean centre = (a + b + c + d) / 4 > level;
          int[][] pairs = centre == ia ? new int[][] {{0, 1}, {3, 2}} : new int[][] {{0, 3}, {1, 2}};
          for (int[] p : pairs) n = put(out, n, px, py, p[0], p[1]);
        } else {
          int e0 = -1;
          int e1 = -1;
          for (int e = 0; e < 4; e++) {
            if (!cut[e]) continue;
            if (e0 < 0) e0 = e;
            else e1 = e;
          }
          n = put(out, n, px, py, e0, e1);
        }
      }
    }
    return java.util.Arrays.copyOf(out, n);
  }

  /** The segments as one path in (longitude, latitude) coordinates, for drawing over a map. */
  public static Path2D path(double[] segments) {
    Path2D.Double p = new Path2D.Double();
    for (int k = 0; k + 3 < segments.length; k += 4) {
      p.moveTo(segments[k], segments[k + 1]);
      p.lineTo(segments[k + 2], segments[k + 3]);
    }
    return p;
  }

  private static void point(double[] px, double[] py, int e, double x0, double y0, double x1, double y1, double v0,
      double v1, double level) {
    double t = (level - v0) / (v1 - v0);
    px[e] = x0 + t * (x1 - x0);
    py[e] = y0 + t * (y1 - y0);
  }

  private static int put(double[] out, int n, double[] px, double[] py, int e0, int e1) {
    out[n] = px[e0];
    out[n + 1] = py[e0];
    out[n + 2] = px[e1];
    out[n + 3] = py[e1];
    return n + 4;
  }
}
