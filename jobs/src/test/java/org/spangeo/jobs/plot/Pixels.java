package org.spangeo.jobs.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;

/** Reading figures back: pixels, colour-map positions, and the checks every figure must pass. */
final class Pixels {
  private Pixels() {}

  static BufferedImage read(Path png) {
    try {
      BufferedImage img = ImageIO.read(png.toFile());
      if (img == null) throw new AssertionError(png + " is not a readable image");
      return img;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static int rgb(BufferedImage img, int x, int y) {
    return img.getRGB(x, y) & 0xFFFFFF;
  }

  /** A PNG about {@code width} wide, with some height, and not blank: many colours, little of it one colour. */
  static BufferedImage checkFigure(Path png, int width) {
    assertTrue(Files.isRegularFile(png), png + " was written");
    BufferedImage img = read(png);
    assertEquals(width, img.getWidth(), "width of " + png);
    assertTrue(img.getHeight() >= 250 && img.getHeight() <= 2 * width, "height of " + png + ": " + img.getHeight());
    Set<Integer> colours = new HashSet<>();
    long white = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int c = rgb(img, x, y);
        colours.add(c);
        if (c == 0xFFFFFF) white++;
      }
    }
    assertTrue(colours.size() > 30, png + " has only " + colours.size() + " colours: blank?");
    assertTrue(white < 0.97 * img.getWidth() * img.getHeight(), png + " is almost all white");
    return img;
  }

  /** Colour-map positions (0..255) of the pixels in column x from the bottom of a panel to its top; -1 where a pixel is not a colour-map colour. */
  static int[] columnUp(BufferedImage img, Figure.Panel p, int x, Colormap cmap) {
    List<Integer> out = new ArrayList<>();
    for (int y = p.y() + p.height() - 2; y > p.y() + 1; y--) {
      double[] n = cmap.nearest(rgb(img, x, y));
      out.add(n[1] <= 6 ? (int) n[0] : -1);
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  static boolean isGrey(int c) {
    return Colormap.distance(c, ColourScale.MISSING.getRGB() & 0xFFFFFF) <= 3;
  }

  static boolean isDark(int c) {
    return ((c >> 16) & 255) < 90 && ((c >> 8) & 255) < 90 && (c & 255) < 90;
  }
}
