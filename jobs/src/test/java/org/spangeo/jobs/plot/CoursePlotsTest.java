package org.spangeo.jobs.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spangeo.jobs.CliRunner;
import org.spangeo.jobs.JobsTestSession;
import org.spangeo.zarr.testing.PythonPeer;

/**
 * The blocked-algorithms notebook's weather exercise (per-day HDF5 files stacked along a new
 * dim, the mean along it, an image of any 2-D array) and the figures of the course (any 2-D
 * field on its own axes, panels a | b | a-b), through the real command line; the stacking and
 * the reduction against numpy and xarray, the figures read back pixel by pixel.
 */
class CoursePlotsTest {
  static Path dir;
  static List<String> files;
  static String stacked;
  static String src;

  @BeforeAll
  static void inputs() {
    JobsTestSession.get();
    dir = PythonPeer.scratch("course-plots");
    PythonPeer.run("make_weather_files.py", dir.resolve("weather").toString(), "6");
    files = new ArrayList<>();
    for (File f : dir.resolve("weather").toFile().listFiles()) files.add(f.getPath());
    java.util.Collections.sort(files);
    stacked = dir.resolve("weather.zarr").toString();
    src = dir.resolve("era.zarr").toString();
    PythonPeer.run("make_stage_input.py", src);
  }

  static String[] ok(String... args) {
    String[] r = CliRunner.spangeo(args);
    assertEquals("0", r[0], String.join(" ", args) + ": " + r[2]);
    return r;
  }

  static void refused(String expect, String... args) {
    String[] r = CliRunner.spangeo(args);
    assertFalse(r[0].equals("0"), Arrays.toString(args) + " should fail");
    assertTrue(r[2].lines().findFirst().orElse("").contains(expect), "'" + r[2] + "' should contain '" + expect + "'");
    assertEquals(1, r[2].lines().filter(l -> l.startsWith("spangeo")).count(), r[2]);
  }

  @Test
  void weatherSampleIsTheNotebooksDailyFilesAndStacks() throws Exception {
    Path wx = dir.resolve("wx");
    String[] r = ok("sample-data", "--kind", "weather", "--days", "3", "--out", wx.toString());
    assertTrue(r[1].contains("sample-data: 3 daily weather files, t2m 180 x 360 float32 each (seed 42)"), r[1]);
    List<String> days = List.of(wx.resolve("2014-01-01.hdf5").toString(), wx.resolve("2014-01-02.hdf5").toString(),
        wx.resolve("2014-01-03.hdf5").toString());
    String check = PythonPeer.run("check_weather_sample.py", days.toArray(new String[0]));
    assertTrue(check.startsWith("ok 194400"), check);
    byte[] first = Files.readAllBytes(Path.of(days.get(1)));
    refused("file '" + days.get(0) + "' already exists (use --overwrite to replace it)", "sample-data", "--kind", "weather",
        "--days", "3", "--seed", "7", "--out", wx.toString());
    assertTrue(Arrays.equals(first, Files.readAllBytes(Path.of(days.get(1)))), "a refused run changes no file");
    refused("--days -1 is not within 1..366", "sample-data", "--kind", "weather", "--days", "-1", "--out", dir.resolve("wx0").toString());
    // the notebook's da.stack(arrays, axis=0), with the dates from the file names
    String store = dir.resolve("wx.zarr").toString();
    ok("convert", "--in", wx + "/*.hdf5", "--stack-dim", "day", "--out", store);
    List<String> args = new ArrayList<>(List.of(store, "day", "[\"2014-01-01\", \"2014-01-02\", \"2014-01-03\"]"));
    args.addAll(days);
    assertTrue(PythonPeer.run("check_stack.py", args.toArray(new String[0])).startsWith("ok"));
  }

  @Test
  void dailyFilesStackedAlongANewDimAndTheirMeanAsAnImage() throws Exception {
    String[] r = ok("convert", "--in", dir.resolve("weather").toString() + "/*.hdf5", "--stack-dim", "day", "--out", stacked,
        "--overwrite");
    assertTrue(r[1].contains("stacked along a new dim day"), r[1]);
    List<String> args = new ArrayList<>(List.of("check_stack.py", stacked, "day",
        "[\"2014-01-01\", \"2014-01-02\", \"2014-01-03\", \"2014-01-04\", \"2014-01-05\", \"2014-01-06\"]"));
    args.addAll(files);
    assertTrue(PythonPeer.run(args.get(0), args.subList(1, args.size()).toArray(new String[0])).startsWith("ok"));
    // values from --stack-coord, one per file in name order
    String members = dir.resolve("members.zarr").toString();
    ok("convert", "--in", String.join(",", files), "--stack-dim", "member", "--stack-coord", "3,1,4,1.5,9,2", "--out", members,
        "--overwrite");
    args = new ArrayList<>(List.of(members, "member", "[3.0, 1.0, 4.0, 1.5, 9.0, 2.0]"));
    args.addAll(files);
    assertTrue(PythonPeer.run("check_stack.py", args.toArray(new String[0])).startsWith("ok"));

    // x.mean(axis=0): the mean along the stacked days
    String mean = dir.resolve("mean.zarr").toString();
    ok("reduce", "--in", stacked, "--dims", "day", "--out", mean, "--overwrite");
    String check = PythonPeer.run("check_reduce.py", mean, stacked,
        new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(Map.of("op", "reduce", "dims", List.of("day"), "stat", "mean")));
    assertTrue(check.contains("ok"), check);

    // plt.imshow(result, cmap='RdBu_r'): an image on its indices, row 0 at the top
    Path png = dir.resolve("mean.png");
    r = ok("plot", "--in", mean, "--var", "t2m", "--kind", "image", "--cmap", "RdBu_r", "--vmin", "255", "--vmax", "295",
        "--out", png.toString());
    assertTrue(r[1].contains("image 40 x 80 cells"), r[1]);
    BufferedImage img = Pixels.checkFigure(png, 1000);
    Figure.Panel p = Figure.panelsOf(png).get(0);
    assertEquals(-0.5, p.x0(), 1e-9);
    assertEquals(79.5, p.x1(), 1e-9);
    assertEquals(39.5, p.y0(), 1e-9, "the bottom of the image is the last row");
    assertEquals(-0.5, p.y1(), 1e-9, "the top is row 0");
    float[] values = readFloats(mean);
    assertEquals(40 * 80, values.length);
    Colormap rdbu = Colormap.named("RdBu_r");
    int checked = 0;
    for (int row : new int[] {0, 7, 20, 33, 39}) {
      for (int col : new int[] {0, 13, 40, 79}) {
        double v = values[row * 80 + col];
        int want = (int) Math.round(Math.max(0, Math.min(1, (v - 255) / 40)) * 255);
        double[] got = rdbu.nearest(Pixels.rgb(img, p.column(col), p.row(row)));
        assertTrue(got[1] < 6 && Math.abs(got[0] - want) <= 2, "cell " + row + "," + col + " = " + v + ": colour " + got[0] + ", want "
            + want);
        checked++;
      }
    }
    assertEquals(20, checked);
    refused("--kind image draws a 2-D array", "plot", "--in", stacked, "--var", "t2m", "--kind", "image", "--out",
        dir.resolve("no.png").toString());
    assertFalse(Files.exists(dir.resolve("no.png")));
    refused("--stack-coord has 2 values for 6 files", "convert", "--in", dir.resolve("weather") + "/*.hdf5", "--stack-dim", "day",
        "--stack-coord", "1,2", "--out", dir.resolve("no.zarr").toString());
    refused("already has a 'phony_dim_0'", "convert", "--in", dir.resolve("weather") + "/*.hdf5", "--stack-dim", "phony_dim_0",
        "--out", dir.resolve("no.zarr").toString());
    assertFalse(Files.exists(dir.resolve("no.zarr")));
  }

  static float[] readFloats(String store) {
    double[] d = org.spangeo.zarr.dataset.Dataset.open(org.spangeo.zarr.store.HadoopConf.of(Map.of()), store).variable("t2m")
        .readAllAsDouble();
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
    return f;
  }

  @Test
  void anyTwoDimsOnTheirOwnAxesAndPanelsWithTheirScales() {
    // a cross-section (level x latitude): axes named and in the coordinates' units, not degrees
    Path xs = dir.resolve("section.png");
    String[] r = ok("plot", "--in", src, "--var", "temperature", "--time", "2019-07-01T00:00", "--isel", "longitude=10",
        "--out", xs.toString());
    assertTrue(r[1].contains("2-D field 2 x 21 cells"), r[1]);
    Figure.Panel p = Figure.panelsOf(xs).get(0);
    assertEquals(9.5, p.x0(), 1e-9, "latitude across");
    assertEquals(30.5, p.x1(), 1e-9);
    assertTrue(p.y0() < 500 && p.y1() > 850, "levels up the side: " + p.y0() + ".." + p.y1());

    // panels a | b | a-b: a and b on one scale, the difference on its own, diverging about 0
    String shifted = dir.resolve("shifted.zarr").toString();
    ok("compute", "--in", src, "--expr", "t2m = t2m + 2", "--time", "2019-07-01", "--out", shifted, "--overwrite");
    Path png = dir.resolve("panels.png");
    r = ok("plot", "--in", src, "--var", "t2m", "--compare", shifted, "--time", "2019-07-01T06:00", "--panels", "a,b,a-b",
        "--label", "obs", "--compare-label", "obs+2", "--cmap", "viridis", "--vmin", "280", "--vmax", "310", "--out", png.toString());
    assertTrue(r[1].contains("3 panels of 21 x 26 cells"), r[1]);
    BufferedImage img = Pixels.read(png);
    List<Figure.Panel> panels = Figure.panelsOf(png);
    assertEquals(3, panels.size());
    float[] a = readT2m(src, "2019-07-01T06:00");
    Colormap viridis = Colormap.named("viridis");
    Colormap rdbu = Colormap.named("RdBu_r");
    int seen = 0;
    for (int i = 0; i < 21; i += 4) {
      for (int j = 0; j < 26; j += 5) {
        double v = a[i * 26 + j];
        if (Double.isNaN(v)) continue;
        double lat = 30 - i;
        double lon = 100 + j;
        for (int k = 0; k < 2; k++) {
          Figure.Panel q = panels.get(k);
          double x = v + 2 * k;
          int want = (int) Math.round(Math.max(0, Math.min(1, (x - 280) / 30)) * 255);
          double[] got = viridis.nearest(Pixels.rgb(img, q.column(lon), q.row(lat)));
          assertTrue(got[1] < 6 && Math.abs(got[0] - want) <= 2, "panel " + k + " at " + lat + "," + lon + ": " + got[0] + " want " + want);
        }
        // a - b = -2 everywhere: the low end of a scale symmetric about 0
        double[] d = rdbu.nearest(Pixels.rgb(img, panels.get(2).column(lon), panels.get(2).row(lat)));
        assertTrue(d[1] < 6 && d[0] <= 2, "difference panel at " + lat + "," + lon + ": " + d[0]);
        seen++;
      }
    }
    assertTrue(seen > 20, "cells checked: " + seen);
    refused("unknown variable 'c'", "plot", "--in", src, "--var", "t2m", "--time", "2019-07-01T06:00", "--panels", "a,c",
        "--out", dir.resolve("no.png").toString());
    refused("--center 400.0 is not between --vmin 280.0 and --vmax 310.0", "plot", "--in", src, "--var", "t2m", "--time",
        "2019-07-01T06:00", "--vmin", "280", "--vmax", "310", "--center", "400", "--out", dir.resolve("no.png").toString());
    assertFalse(Files.exists(dir.resolve("no.png")));
  }

  static float[] readT2m(String store, String time) {
    org.spangeo.zarr.dataset.Dataset ds = org.spangeo.zarr.dataset.Dataset.open(org.spangeo.zarr.store.HadoopConf.of(Map.of()), store);
    long t = org.spangeo.zarr.dataset.CfTime.parseIso(time);
    long[] times = ds.timeValues("time");
    int k = Arrays.binarySearch(times, t);
    org.spangeo.zarr.dataset.Selection s = org.spangeo.zarr.dataset.Selection.all(ds).isel("time", k, k + 1, 1);
    MapField m = FieldReader.map(ds, "t2m", s, "latitude", "longitude");
    return m.values();
  }

  @Test
  void colourMapsAreMatplotlibsAndCentreMakesTheScaleSymmetric() {
    String ok = PythonPeer.run("check_colormaps.py", Path.of("src/main/resources/org/spangeo/jobs/plot/colormaps.txt").toAbsolutePath().toString());
    assertTrue(ok.startsWith("ok 17 "), ok);
    for (String name : List.of("viridis", "RdBu_r", "RdYlBu_r", "coolwarm", "Blues", "YlOrRd", "BrBG", "Spectral_r", "cividis")) {
      assertEquals(256, Colormap.named(name).size(), name);
    }
    assertTrue(Colormap.named("RdYlBu_r").diverging() && Colormap.named("Spectral_r").diverging());
    ColourScale s = ColourScale.forData(PlotStyle.defaults().withCenter(290), false, new float[] {285, 300, Float.NaN});
    assertEquals(280, s.getLowerBound(), 1e-9, "symmetric about 290, out to the farther end (300)");
    assertEquals(300, s.getUpperBound(), 1e-9);
    assertEquals("RdBu_r", s.colormap().name(), "a centred scale is diverging unless --cmap says otherwise");
    s = ColourScale.forData(PlotStyle.defaults().withCenter(0).withCmap("coolwarm").withRange(-1, Double.NaN), false,
        new float[] {-0.5f, 3f});
    assertEquals(-3, s.getLowerBound(), 1e-9);
    assertEquals(3, s.getUpperBound(), 1e-9);
    // xarray centres a diverging map on 0 only for data of both signs: the course's temperatures
    // in K with cmap="RdYlBu_r" keep their own range
    s = ColourScale.forData(PlotStyle.defaults().withCmap("RdYlBu_r"), false, new float[] {285, 300});
    assertEquals(285, s.getLowerBound(), 1e-9);
    assertEquals(300, s.getUpperBound(), 1e-9);
    s = ColourScale.forData(PlotStyle.defaults().withCmap("RdYlBu_r"), false, new float[] {-2, 5});
    assertEquals(-5, s.getLowerBound(), 1e-9);
    assertEquals(5, s.getUpperBound(), 1e-9);
  }
}
