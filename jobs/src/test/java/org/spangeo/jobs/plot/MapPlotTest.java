package org.spangeo.jobs.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spangeo.zarr.testing.PythonPeer;

/** The Java API: maps follow the data, NaN is grey, coastlines lie where the mask changes, pairs share a scale. */
class MapPlotTest {
  static Path dir;
  // ERA5's box, 1 degree: latitude 40 down to 10, longitude 100 to 140
  static final double[] LAT = range(40, 10, -1);
  static final double[] LON = range(100, 140, 1);

  @BeforeAll
  static void scratch() {
    dir = PythonPeer.scratch("plot-api");
  }

  static double[] range(double a, double b, double step) {
    int n = (int) Math.round((b - a) / step) + 1;
    double[] out = new double[n];
    for (int i = 0; i < n; i++) out[i] = a + i * step;
    return out;
  }

  /** Increases northward; NaN over 20-22N, 130-133E; land west of 114.5E and on an island around 25N 125E. */
  static MapField northward() {
    float[] v = new float[LAT.length * LON.length];
    float[] mask = new float[v.length];
    for (int i = 0; i < LAT.length; i++) {
      for (int j = 0; j < LON.length; j++) {
        int k = i * LON.length + j;
        v[k] = (float) (250 + LAT[i]);
        if (LAT[i] >= 20 && LAT[i] <= 22 && LON[j] >= 130 && LON[j] <= 133) v[k] = Float.NaN;
        boolean island = Math.hypot(LAT[i] - 25, LON[j] - 125) <= 2.5;
        mask[k] = LON[j] <= 114 || island ? 1f : 0f;
      }
    }
    return MapField.of("t_north", LAT, LON, v).withLongName("northward test field").withUnits("K").withMask(mask)
        .withWhere("850 hPa, 2019-06-01 06:00 UTC");
  }

  @Test
  void coloursFollowTheDataAndNanIsGrey() {
    Path out = dir.resolve("north.png");
    Figure f = MapPlot.write(northward(), PlotStyle.defaults(), out);
    BufferedImage img = Pixels.checkFigure(out, 1000);
    assertEquals(f.panels(), Figure.panelsOf(out), "the PNG records where the map lies");
    assertEquals("northward test field, 850 hPa, 2019-06-01 06:00 UTC", Png.readText(out).get("Title"));
    Figure.Panel p = f.panels().get(0);
    // the map is shaped like the box: 41 degrees of longitude at cos(25N) against 31 of latitude
    double want = 41 * Math.cos(Math.toRadians(25)) / 31;
    assertEquals(want, p.width() / (double) p.height(), 0.03, "aspect of the map");
    // along the map's centre column (120E, open sea) the colour-map position rises from south to north
    int[] up = Pixels.columnUp(img, p, p.column(120), Colormap.named("viridis"));
    int prev = -1;
    int matched = 0;
    for (int c : up) {
      if (c < 0) continue;
      matched++;
      assertTrue(c >= prev, "colour-map position goes down northward: " + java.util.Arrays.toString(up));
      prev = c;
    }
    assertTrue(matched > 0.95 * up.length, matched + " of " + up.length + " pixels are viridis colours");
    assertTrue(up[2] < 10 && up[up.length - 3] > 245, "the column spans the colour map: " + up[2] + ".." + up[up.length - 3]);
    // the NaN block is grey, its neighbours are not
    assertTrue(Pixels.isGrey(Pixels.rgb(img, p.column(131.5), p.row(21))), "NaN cell is grey");
    assertFalse(Pixels.isGrey(Pixels.rgb(img, p.column(136), p.row(21))), "a valid cell is not grey");
  }

  @Test
  void coastlinesLieWhereTheMaskChanges() {
    Path out = dir.resolve("coast.png");
    Figure f = MapPlot.write(northward(), PlotStyle.defaults(), out);
    BufferedImage img = Pixels.read(out);
    Figure.Panel p = f.panels().get(0);
    int x = p.column(114.5); // the mask goes from 1 (114E) to 0 (115E)
    for (double lat : new double[] {35, 30, 15, 12}) {
      int y = p.row(lat);
      boolean dark = false;
      for (int dx = -2; dx <= 2; dx++) dark |= Pixels.isDark(Pixels.rgb(img, x + dx, y));
      assertTrue(dark, "a coastline at 114.5E, " + lat + "N");
    }
    // the island: a coastline crosses 25N near 122.5E and 127.5E, none in the open sea between 130E and 138E
    assertTrue(darkNear(img, p.column(122.5), p.row(25), 6), "island's west coast");
    assertTrue(darkNear(img, p.column(127.5), p.row(25), 6), "island's east coast");
    for (double lon = 134; lon <= 138; lon += 0.5) {
      assertFalse(Pixels.isDark(Pixels.rgb(img, p.column(lon), p.row(30))), "no coastline over the sea at " + lon + "E");
    }
    // and without coastlines, no dark line at 114.5E
    Figure g = MapPlot.render(northward(), PlotStyle.defaults().withCoastlines(false));
    Figure.Panel q = g.panels().get(0);
    assertFalse(darkNear(g.image(), q.column(114.5), q.row(30), 2), "coastlines can be turned off");
  }

  static boolean darkNear(BufferedImage img, int x, int y, int r) {
    for (int dx = -r; dx <= r; dx++) {
      for (int dy = -2; dy <= 2; dy++) if (Pixels.isDark(Pixels.rgb(img, x + dx, y + dy))) return true;
    }
    return false;
  }

  @Test
  void anomaliesAreDivergingAndCentredOnZero() {
    float[] v = new float[LAT.length * LON.length];
    for (int i = 0; i < LAT.length; i++) for (int j = 0; j < LON.length; j++) v[i * LON.length + j] = (float) (LAT[i] - 20);
    MapField f = MapField.of("t2m_anomaly", LAT, LON, v).withUnits("K");
    Path out = dir.resolve("anomaly.png");
    Figure fig = MapPlot.write(f, PlotStyle.defaults(), out);
    BufferedImage img = Pixels.read(out);
    Figure.Panel p = fig.panels().get(0);
    int north = Pixels.rgb(img, p.column(120), p.row(38));
    int south = Pixels.rgb(img, p.column(120), p.row(11));
    int zero = Pixels.rgb(img, p.column(120), p.row(20));
    assertTrue(((north >> 16) & 255) > (north & 255) + 60, "positive anomalies are red: " + Integer.toHexString(north));
    assertTrue((south & 255) > ((south >> 16) & 255) + 40, "negative anomalies are blue: " + Integer.toHexString(south));
    assertTrue(Colormap.distance(zero, 0xF7F7F7) < 25, "zero is the neutral middle: " + Integer.toHexString(zero));
    // the scale is symmetric: -20..+20 although the data run -10..+20
    ColourScale s = ColourScale.forData(PlotStyle.defaults(), true, v);
    assertEquals(-20, s.getLowerBound(), 1e-9);
    assertEquals(20, s.getUpperBound(), 1e-9);
  }

  @Test
  void pairSharesOneColourScale() {
    MapField obs = northward().withMask(null);
    float[] pred = obs.values().clone();
    for (int k = 0; k < pred.length; k++) pred[k] += 10; // the prediction is 10 K too warm
    MapField model = new MapField("t_north", "northward test field", "K", LAT, LON, pred, null, obs.where());
    Path out = dir.resolve("pair.png");
    Figure f = MapPlot.writePair(model, obs, PlotStyle.defaults().withLabels("prediction", "observation"), out);
    BufferedImage img = Pixels.checkFigure(out, 1000);
    List<Figure.Panel> panels = Figure.panelsOf(out);
    assertEquals(2, panels.size());
    Figure.Panel a = panels.get(0);
    Figure.Panel b = panels.get(1);
    assertTrue(a.x() + a.width() < b.x(), "side by side");
    assertEquals(a.height(), b.height(), 1, "same height");
    Colormap v = Colormap.named("viridis");
    // the same value (270 K: 20N observed, 10N predicted) has the same colour in both panels
    int inObs = (int) v.nearest(Pixels.rgb(img, b.column(120), b.row(20)))[0];
    int inPred = (int) v.nearest(Pixels.rgb(img, a.column(120), a.row(10)))[0];
    assertEquals(inObs, inPred, 4, "one colour scale");
    int predAt20 = (int) v.nearest(Pixels.rgb(img, a.column(120), a.row(20)))[0];
    assertTrue(predAt20 > inObs + 30, "the warmer prediction is further along the colour map");
    assertTrue(f.title().contains("northward test field"));
  }

  @Test
  void robustLimitsAreNumpysPercentiles() {
    float[] v = new float[101];
    for (int i = 0; i <= 100; i++) v[i] = i;
    v[50] = Float.NaN; // NaN is left out: 100 values 0..100 without 50
    double[] r = ColourScale.range(true, v);
    // np.percentile([0..49, 51..100], [2, 98]) = 1.98, 98.02
    assertEquals(1.98, r[0], 1e-9);
    assertEquals(98.02, r[1], 1e-9);
    ColourScale s = ColourScale.forData(PlotStyle.defaults().withRange(10, Double.NaN), false, v);
    assertEquals(10, s.getLowerBound(), 1e-9, "a given vmin is kept");
    assertEquals(100, s.getUpperBound(), 1e-9, "vmax from the data");
  }

  @Test
  void aFieldWithoutValidValuesIsAllGrey() {
    float[] v = new float[LAT.length * LON.length];
    java.util.Arrays.fill(v, Float.NaN);
    Figure f = MapPlot.render(MapField.of("empty", LAT, LON, v), PlotStyle.defaults());
    Figure.Panel p = f.panels().get(0);
    for (double lat = 12; lat <= 38; lat += 5) {
      for (double lon = 102; lon <= 138; lon += 6) {
        assertTrue(Pixels.isGrey(Pixels.rgb(f.image(), p.column(lon), p.row(lat))), "grey at " + lat + "N " + lon + "E");
      }
    }
  }

  @Test
  void styleAndFieldErrors() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PlotStyle.defaults().withCmap("virdis"));
    assertTrue(e.getMessage().contains("did you mean 'viridis'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> PlotStyle.defaults().withRange(5, 1));
    assertTrue(e.getMessage().contains("--vmin 5.0 is not below --vmax 1.0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> MapField.of("x", LAT, LON, new float[3]));
    assertTrue(e.getMessage().contains("3 values for a grid of 31 latitudes x 41 longitudes"), e.getMessage());
  }

  @Test
  void marchingSquaresFindsTheHalfContour() {
    // a 3 x 3 mask with one land cell in the middle: a closed diamond through the four edge midpoints
    double[] lat = {2, 1, 0};
    double[] lon = {0, 1, 2};
    float[] m = {0, 0, 0, 0, 1, 0, 0, 0, 0};
    double[] s = Coastline.segments(lat, lon, m, 0.5);
    assertEquals(16, s.length, "four segments");
    for (int k = 0; k < s.length; k += 2) {
      double d = Math.abs(s[k] - 1) + Math.abs(s[k + 1] - 1);
      assertEquals(0.5, d, 1e-12, "every end is half a cell from the land cell's centre");
    }
    // NaN corners give nothing; a uniform mask gives nothing
    assertEquals(0, Coastline.segments(lat, lon, new float[] {0, 0, 0, 0, Float.NaN, 0, 0, 0, 0}, 0.5).length);
    assertEquals(0, Coastline.segments(lat, lon, new float[9], 0.5).length);
  }
}
