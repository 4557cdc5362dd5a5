package org.spangeo.jobs.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spangeo.jobs.CliRunner;
import org.spangeo.zarr.testing.PythonPeer;

/**
 * {@code spangeo plot} run in-process on stores xarray wrote: the slice chosen by the options,
 * pixels that follow the data, coastlines from the store's mask, series, pairs, and every
 * error path (one line, exit 1 or 2, no figure).
 */
class PlotCommandTest {
  static Path dir;
  static String era;
  static String clim;
  static String anom;
  static String series;
  static String pts;

  @BeforeAll
  static void stores() {
    dir = PythonPeer.scratch("plot-cli");
    PythonPeer.run("make_plot_inputs.py", dir.toString());
    era = dir.resolve("era.zarr").toString();
    clim = dir.resolve("clim.zarr").toString();
    anom = dir.resolve("anom.zarr").toString();
    series = dir.resolve("series.zarr").toString();
    pts = dir.resolve("pts.zarr").toString();
  }

  static Path plot(String name, String... args) {
    Path out = dir.resolve(name);
    List<String> all = new ArrayList<>(List.of("plot"));
    all.addAll(List.of(args));
    all.addAll(List.of("--out", out.toString()));
    String[] r = CliRunner.spangeo(all.toArray(new String[0]));
    assertEquals("0", r[0], "spangeo " + String.join(" ", all) + " failed: " + r[2]);
    assertTrue(r[1].startsWith("plot: ") && r[1].contains(out.toString()), "a summary line: " + r[1]);
    return out;
  }

  static String title(Path png) {
    return Png.readText(png).get("Title");
  }

  @Test
  void mapAtTheNearestTimeOfOneLevel() {
    Path out = plot("t850.png", "--in", era, "--var", "t_north", "--level", "850", "--time", "2019-06-01T05:00");
    BufferedImage img = Pixels.checkFigure(out, 1000);
    assertEquals("northward test field, 850 hPa, 2019-06-01 06:00 UTC", title(out), "level and nearest time in the title");
    Figure.Panel p = Figure.panelsOf(out).get(0);
    assertEquals(99.5, p.x0(), 1e-9);
    assertEquals(140.5, p.x1(), 1e-9);
    assertEquals(9.5, p.y0(), 1e-9);
    assertEquals(40.5, p.y1(), 1e-9);
    // northward increase: colour-map positions rise from bottom to top along the map's centre column
    int[] up = Pixels.columnUp(img, p, p.column(120), Colormap.named("viridis"));
    int prev = -1;
    int matched = 0;
    for (int c : up) {
      if (c < 0) continue;
      assertTrue(c >= prev, "colours go down northward: " + java.util.Arrays.toString(up));
      prev = c;
      matched++;
    }
    assertTrue(matched > 0.95 * up.length && prev > 245, "the column is viridis from end to end");
    // NaN cells grey, coastline (from the store's land_sea_mask) at 114.5E, none over the open sea
    assertTrue(Pixels.isGrey(Pixels.rgb(img, p.column(131.5), p.row(21))), "NaN is grey");
    for (double lat : new double[] {36, 28, 14}) {
      assertTrue(MapPlotTest.darkNear(img, p.column(114.5), p.row(lat), 2), "coastline at 114.5E " + lat + "N");
    }
    assertFalse(MapPlotTest.darkNear(img, p.column(136), p.row(32), 3), "no coastline over the sea");
  }

  @Test
  void aFieldStoredLongitudeFirstGivesTheSameMap() {
    String[] sel = {"--level", "850", "--time", "2019-06-01T12:00"};
    BufferedImage a = Pixels.read(plot("latlon.png", concat(new String[] {"--in", era, "--var", "t_north"}, sel)));
    BufferedImage b = Pixels.read(plot("lonlat.png", concat(new String[] {"--in", era, "--var", "t_north_lonlat"}, sel)));
    assertEquals(a.getHeight(), b.getHeight());
    for (int y = 0; y < a.getHeight(); y++) {
      for (int x = 0; x < a.getWidth(); x++) assertEquals(a.getRGB(x, y), b.getRGB(x, y), "pixel " + x + "," + y);
    }
  }

  static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void sstIsGreyOverLandAndUnitsCanBeConverted() {
    Path out = plot("sst.png", "--in", era, "--var", "sea_surface_temperature", "--time", "2019-06-02T00:00",
        "--scale", "1", "--units", "kelvin", "--cmap", "cividis", "--vmin", "285", "--vmax", "305");
    BufferedImage img = Pixels.checkFigure(out, 1000);
    Figure.Panel p = Figure.panelsOf(out).get(0);
    assertTrue(Pixels.isGrey(Pixels.rgb(img, p.column(105), p.row(30))), "land is grey");
    assertTrue(Pixels.isGrey(Pixels.rgb(img, p.column(125), p.row(25))), "the island is grey");
    assertTrue(Colormap.named("cividis").nearest(Pixels.rgb(img, p.column(130), p.row(15)))[1] < 6, "sea in cividis");
    assertEquals("Sea surface temperature, 2019-06-02 06:00 UTC".replace("06:00", "00:00"), title(out));
  }

  @Test
  void climatologyMonthAndAnomalyMap() {
    Path jul = plot("clim_jul.png", "--in", clim, "--var", "t2m", "--month", "7");
    Pixels.checkFigure(jul, 1000);
    assertEquals("2 metre temperature, July", title(jul));
    Path out = plot("anom.png", "--in", anom, "--var", "t2m", "--time", "2019-06-01T06:00", "--title", "anomaly test");
    BufferedImage img = Pixels.checkFigure(out, 1000);
    assertEquals("anomaly test", title(out));
    Figure.Panel p = Figure.panelsOf(out).get(0);
    int north = Pixels.rgb(img, p.column(120), p.row(38));
    int south = Pixels.rgb(img, p.column(120), p.row(11));
    assertTrue(((north >> 16) & 255) > (north & 255) + 60, "anomaly above 0 is red (RdBu_r chosen from long_name)");
    assertTrue((south & 255) > ((south >> 16) & 255) + 40, "anomaly below 0 is blue");
    // the anomaly store has no mask: --mask takes the coastlines from another store on the same box
    assertFalse(MapPlotTest.darkNear(img, p.column(114.5), p.row(30), 2), "no coastline without a mask");
    Path masked = plot("anom_mask.png", "--in", anom, "--var", "t2m", "--time", "2019-06-01T06:00", "--mask", era);
    BufferedImage m = Pixels.read(masked);
    Figure.Panel q = Figure.panelsOf(masked).get(0);
    assertTrue(MapPlotTest.darkNear(m, q.column(114.5), q.row(30), 2), "coastline from --mask");
  }

  @Test
  void seriesOverTimeMonthAndPoint() {
    Path out = plot("tp.png", "--in", series, "--var", "tp_mean", "--scale", "1000", "--units", "mm/day");
    BufferedImage img = Pixels.checkFigure(out, 1000);
    assertEquals("total precipitation, area mean", title(out));
    Figure.Panel p = Figure.panelsOf(out).get(0);
    long jun1 = java.time.LocalDate.of(2019, 6, 1).toEpochDay() * 86_400_000L;
    long sep30 = java.time.LocalDate.of(2019, 9, 30).toEpochDay() * 86_400_000L;
    assertTrue(p.x0() <= jun1 && p.x0() > jun1 - 5 * 86_400_000L && p.x1() >= sep30, "x axis spans the dates");
    assertTrue(p.y0() > 0.3 && p.y1() > 5 && p.y1() < 20, "y axis in mm/day after --scale 1000: " + p.y0() + ".." + p.y1());
    assertTrue(lineColumns(img, p, 0x1f77b4) > 0.8 * p.width(), "the line runs across the plot");

    Path month = plot("t2m_month.png", "--in", clim, "--var", "t2m_area");
    Pixels.checkFigure(month, 1000);
    assertEquals("2 metre temperature, area mean", title(month));

    Path point = plot("point.png", "--in", era, "--var", "temperature", "--level", "500", "--point", "25.2,121.4");
    assertEquals("Temperature, 500 hPa, 25°N, 121°E", title(point));
    Pixels.checkFigure(point, 1000);
    Figure.Panel flat = Figure.panelsOf(point).get(0);
    // the series is constant (254 K): the y axis is a band around it, not a microscopic range
    assertTrue(flat.y0() < 250 && flat.y1() > 258 && flat.y0() > 240, "y axis " + flat.y0() + ".." + flat.y1());
    Path one = plot("pts.png", "--in", pts, "--var", "t2m", "--isel", "point=-1");
    assertEquals("2 metre temperature, point 2", title(one));
  }

  /** Columns of the panel holding a pixel of the line's colour. */
  static int lineColumns(BufferedImage img, Figure.Panel p, int colour) {
    int n = 0;
    for (int x = p.x(); x < p.x() + p.width(); x++) {
      for (int y = p.y(); y < p.y() + p.height(); y++) {
        if (Colormap.distance(Pixels.rgb(img, x, y), colour) < 40) {
          n++;
          break;
        }
      }
    }
    return n;
  }

  @Test
  void predictionVersusObservation() {
    Path out = plot("pair.png", "--in", era, "--var", "t_north", "--level", "850", "--time", "2019-06-01T00:00",
        "--compare", era, "--compare-var", "temperature", "--label", "prediction", "--compare-label", "observation");
    BufferedImage img = Pixels.checkFigure(out, 1000);
    List<Figure.Panel> panels = Figure.panelsOf(out);
    assertEquals(2, panels.size(), "two maps");
    assertTrue(panels.get(0).x() + panels.get(0).width() < panels.get(1).x(), "side by side");
    assertTrue(Pixels.isGrey(Pixels.rgb(img, panels.get(0).column(131.5), panels.get(0).row(21))), "NaN grey on the left");
    // the series pair: two lines on one plot
    Path two = plot("pair_series.png", "--in", pts, "--var", "t2m", "--isel", "point=0", "--compare", pts,
        "--sel", "point=0", "--label", "a", "--compare-label", "b");
    Pixels.checkFigure(two, 1000);
  }

  @Test
  void bothPanelsOfAPairGetTheCoastlines() {
    // anom.zarr has no land_sea_mask, era.zarr has: the left panel borrows the right one's
    Path out = plot("pair_coast.png", "--in", anom, "--var", "t2m", "--time", "2019-06-01T00:00", "--compare", era,
        "--compare-var", "sea_surface_temperature");
    BufferedImage img = Pixels.checkFigure(out, 1000);
    List<Figure.Panel> panels = Figure.panelsOf(out);
    for (Figure.Panel p : panels) {
      // at 20-21N the anomaly is about 0 (near white), so a dark pixel at 114.5E is the coastline
      for (double lat : new double[] {20, 21}) {
        assertTrue(MapPlotTest.darkNear(img, p.column(114.5), p.row(lat), 2), "coastline at 114.5E " + lat + "N in " + p);
      }
    }
    Path none = plot("pair_nocoast.png", "--in", anom, "--var", "t2m", "--time", "2019-06-01T00:00", "--compare", era,
        "--compare-var", "sea_surface_temperature", "--no-coastlines");
    BufferedImage bare = Pixels.read(none);
    Figure.Panel left = Figure.panelsOf(none).get(0);
    assertFalse(MapPlotTest.darkNear(bare, left.column(114.5), left.row(20), 2), "--no-coastlines draws none");
  }

  @Test
  void observedEventsBesideAProbability() {
    // t_north at 850 hPa is 250 + latitude: above 275 (north of 25N) is an event
    Path out = plot("events.png", "--in", era, "--var", "t_north", "--level", "850", "--time", "2019-06-01T00:00",
        "--scale", "0.0025", "--compare", era, "--compare-scale", "1", "--compare-threshold", "275", "--vmin", "0", "--vmax", "1");
    BufferedImage img = Pixels.checkFigure(out, 1000);
    Figure.Panel right = Figure.panelsOf(out).get(1);
    int north = Pixels.rgb(img, right.column(110.5), right.row(35));
    int south = Pixels.rgb(img, right.column(110.5), right.row(15));
    int south2 = Pixels.rgb(img, right.column(120.5), right.row(12));
    assertTrue(north != south, "events north of 25N, none south");
    assertEquals(south, south2, "every non-event is the same colour (0)");
    assertTrue(Pixels.isGrey(Pixels.rgb(img, right.column(131.5), right.row(21))), "missing stays missing");
    refused("--compare-threshold draws maps of events", "--in", pts, "--var", "t2m", "--isel", "point=0", "--compare", pts,
        "--compare-threshold", "1");
  }

  static String refused(String expected, String... args) {
    Path out = dir.resolve("refused.png");
    List<String> all = new ArrayList<>(List.of("plot"));
    all.addAll(List.of(args));
    if (!all.contains("--out")) all.addAll(List.of("--out", out.toString()));
    String[] r = CliRunner.spangeo(all.toArray(new String[0]));
    assertTrue(r[0].equals("1") || r[0].equals("2"), "exit " + r[0] + " for " + all + ": " + r[1] + r[2]);
    String err = r[2].trim();
    assertTrue(err.startsWith("spangeo plot: "), err);
    assertTrue(err.contains(expected), "'" + expected + "' in: " + err);
    if (!err.contains("Run 'spangeo plot --help'")) assertEquals(1, err.lines().count(), "one line: " + err);
    assertFalse(Files.exists(out), "no figure is written");
    return err;
  }

  @Test
  void badRequestsAreOneLineErrors() {
    refused("--var: 't_nrth' is not a data variable of " + era + " (did you mean 't_north' or 't_north_lonlat'?)", "--in", era, "--var", "t_nrth");
    refused("--time 2020-01-01 is outside the data (time runs from 2019-06-01T00:00 to 2019-06-02T18:00)",
        "--in", era, "--var", "t_north", "--level", "850", "--time", "2020-01-01");
    refused("--level 925 is not a level of the data (levels: 850, 500)",
        "--in", era, "--var", "t_north", "--level", "925", "--time", "2019-06-01");
    refused("'temperature' (time: 8, level: 2, latitude: 31, longitude: 41) after the selection: 4 dims are left"
        + " (time, level, latitude, longitude): a figure takes two (a map or any 2-D field) or one (a line plot);"
        + " pick one time with --time T and one level with --level L", "--in", era, "--var", "temperature");
    refused("pick one level with --level L", "--in", era, "--var", "temperature", "--time", "2019-06-01T06:00");
    refused("nothing is left to draw (a single value)", "--in", pts, "--var", "t2m", "--isel", "point=1", "--time", "2019-06-01");
    refused("--month 13 is not a month (1-12)", "--in", clim, "--var", "t2m", "--month", "13");
    refused("--isel point=3 is outside 0..2", "--in", pts, "--var", "t2m", "--isel", "point=3");
    refused("--sel point=7 is not a value of point (values: 0, 1, 2)", "--in", pts, "--var", "t2m", "--sel", "point=7");
    refused("--cmap 'virids' is not a known colour map (did you mean 'viridis'", "--in", era, "--var", "t_north", "--cmap", "virids");
    refused("--compare-var: 'tmp' is not a data variable", "--in", era, "--var", "t_north", "--level", "850", "--time",
        "2019-06-01", "--compare", era, "--compare-var", "tmp");
    refused("--mask " + pts + " has no land_sea_mask", "--in", era, "--var", "t_north", "--level", "850", "--time",
        "2019-06-01", "--mask", pts);
    refused("the land-sea mask of " + dir.resolve("small_mask.zarr") + " does not cover the map: its latitude runs 19.5 to 30.5",
        "--in", era, "--var", "t_north", "--level", "850", "--time", "2019-06-01", "--mask", dir.resolve("small_mask.zarr").toString());
  }

  @Test
  void outputFolderMustBeWritable() throws Exception {
    // missing folders are made, as for Zarr outputs
    Path nested = dir.resolve("new-folder").resolve("deeper").resolve("fig.png");
    String[] made = CliRunner.spangeo("plot", "--in", era, "--var", "t_north", "--level", "850", "--time", "2019-06-01",
        "--out", nested.toString());
    assertEquals("0", made[0], made[2]);
    assertTrue(Files.size(nested) > 1000, "the figure is written into the new folder");
    Path file = dir.resolve("a-file.txt");
    Files.writeString(file, "not a folder");
    refused(file + " is not a folder", "--in", era, "--var", "t_north", "--out", file.resolve("fig.png").toString());
    refused(file + " is not a folder", "--in", era, "--var", "t_north", "--out", file.resolve("sub/fig.png").toString());
    refused("name the file *.png", "--in", era, "--var", "t_north", "--out", dir.resolve("fig.jpg").toString());
    // a read-only file system refuses even root
    if (Files.isDirectory(Path.of("/proc"))) {
      String err = CliRunner.spangeo("plot", "--in", era, "--var", "t_north", "--level", "850", "--time",
          "2019-06-01", "--out", "/proc/spangeo-fig.png")[2];
      assertTrue(err.contains("--out /proc/spangeo-fig.png: the folder /proc is not writable"), err);
      assertEquals(1, err.trim().lines().count(), err);
    }
    // a folder without write permission (only meaningful when not running as root, who may write anyway)
    Path ro = Files.createDirectories(dir.resolve("read-only"));
    ro.toFile().setWritable(false, false);
    try {
      if (!Files.isWritable(ro)) {
        refused("the folder " + ro + " is not writable", "--in", era, "--var", "t_north", "--out", ro.resolve("f.png").toString());
      }
    } finally {
      ro.toFile().setWritable(true, false);
    }
  }
}
