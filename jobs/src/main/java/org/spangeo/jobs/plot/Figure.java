package org.spangeo.jobs.plot;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A rendered figure: the image, its title, and where each panel's data area lies in pixels with
 * the coordinate ranges of its axes (so that a pixel can be traced back to a latitude and
 * longitude, or a time and value). {@link #write} stores the panels in the PNG too.
 */
public record Figure(BufferedImage image, String title, List<Panel> panels) {

  /**
   * One panel's data area ({@code x, y, width, height} in pixels, y down) and axis ranges:
   * {@code x0..x1} left to right (longitude, or time in epoch milliseconds, or the dim's
   * coordinate), {@code y0..y1} bottom to top (latitude or the value).
   */
  public record Panel(int x, int y, int width, int height, double x0, double x1, double y0, double y1) {

    /** Pixel column of an x-axis value. */
    public int column(double xv) {
      return (int) Math.floor(x + (xv - x0) / (x1 - x0) * width);
    }

    /** Pixel row of a y-axis value. */
    public int row(double yv) {
      return (int) Math.floor(y + (y1 - yv) / (y1 - y0) * height);
    }

    String encode() {
      return String.format(Locale.ROOT, "%d,%d,%d,%d,%s,%s,%s,%s", x, y, width, height, x0, x1, y0, y1);
    }

    static Panel decode(String s) {
      String[] p = s.split(",");
      return new Panel(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]), Integer.parseInt(p[3]),
          Double.parseDouble(p[4]), Double.parseDouble(p[5]), Double.parseDouble(p[6]), Double.parseDouble(p[7]));
    }
  }

  public int width() {
    return image.getWidth();
  }

  public int height() {
    return image.getHeight();
  }

  /** Writes the PNG (all or nothing: a temporary file renamed into place). */
  public void write(Path out) {
    StringBuilder p = new StringBuilder();
    for (Panel q : panels) p.append(p.length() > 0 ? ";" : "").append(q.encode());
    Png.write(image, out, title, p.toString());
  }

  /** The panels a figure written by {@link #write} recorded in its PNG. */
  public static List<Panel> panelsOf(Path png) {
    String s = Png.readText(png).get(Png.PANELS_KEY);
    if (s == null || s.isEmpty()) return List.of();
    return java.util.Arrays.stream(s.split(";")).map(Panel::decode).toList();
  }
}
