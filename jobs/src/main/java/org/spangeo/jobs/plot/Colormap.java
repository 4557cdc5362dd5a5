package org.spangeo.jobs.plot;

import java.awt.Color;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.spangeo.zarr.dataset.Names;

/**
 * A colour map: 256 sRGB colours from low to high, as matplotlib's lookup tables hold them
 * (colormaps.txt beside this class, generated from matplotlib by make_colormaps.py and checked
 * against it by a test). Names as in matplotlib: viridis, cividis, magma, plasma, inferno, turbo,
 * RdBu, RdYlBu, BrBG, coolwarm, Spectral, PuOr, Blues, YlGnBu, YlOrRd, Greens, Reds, and any of
 * them with "_r" reversed. {@code rgb} holds the 256 colours packed 0xRRGGBB; {@code diverging} is
 * true for maps centred on zero, whose colour scale is then made symmetric by default.
 */
public record Colormap(String name, int[] rgb, boolean diverging) {
  /** Maps meant to be centred on zero (anomalies, differences, biases). */
  private static final Set<String> DIVERGING = Set.of("RdBu", "RdYlBu", "BrBG", "coolwarm", "Spectral", "PuOr");
  private static final Map<String, int[]> TABLES = load();

  /** The map called {@code name} ("viridis", "RdBu_r", ...); an error lists the known names. */
  public static Colormap named(String name) {
    boolean reversed = name.endsWith("_r");
    String base = reversed ? name.substring(0, name.length() - 2) : name;
    int[] t = TABLES.get(base);
    if (t == null) {
      throw new IllegalArgumentException("--cmap '" + name + "' is not a known colour map" + Names.suggest(name, names()));
    }
    int[] rgb = t.clone();
    if (reversed) {
      for (int i = 0, j = rgb.length - 1; i < j; i++, j--) {
        int x = rgb[i];
        rgb[i] = rgb[j];
        rgb[j] = x;
      }
    }
    return new Colormap(name, rgb, DIVERGING.contains(base));
  }

  /** Every accepted name (the "_r" forms included). */
  public static List<String> names() {
    List<String> out = new ArrayList<>();
    for (String n : TABLES.keySet()) {
      out.add(n);
      out.add(n + "_r");
    }
    return out;
  }

  /** Number of colours in the table. */
  public int size() {
    return rgb.length;
  }

  /** The colour at position {@code t} in [0, 1] (clamped), as packed 0xRRGGBB. */
  public int rgbAt(double t) {
    int i = (int) Math.round(Math.max(0, Math.min(1, t)) * (rgb.length - 1));
    return rgb[i];
  }

  public Color colorAt(double t) {
    return new Color(rgbAt(t));
  }

  /** The table index of the colour nearest to {@code packed} and its distance (for reading figures back). */
  public double[] nearest(int packed) {
    int best = 0;
    double bd = Double.MAX_VALUE;
    for (int i = 0; i < rgb.length; i++) {
      double d = distance(rgb[i], packed);
      if (d < bd) {
        bd = d;
        best = i;
      }
    }
    return new double[] {best, bd};
  }

  static double distance(int a, int b) {
    int dr = ((a >> 16) & 255) - ((b >> 16) & 255);
    int dg = ((a >> 8) & 255) - ((b >> 8) & 255);
    int db = (a & 255) - (b & 255);
    return Math.sqrt(dr * dr + dg * dg + db * db);
  }

  private static Map<String, int[]> load() {
    Map<String, int[]> out = new LinkedHashMap<>();
    try (InputStream in = Colormap.class.getResourceAsStream("colormaps.txt")) {
      if (in == null) throw new IllegalStateException("colormaps.txt is missing from the class path");
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.isBlank() || line.startsWith("#")) continue;
        String[] p = line.trim().split(" ");
        int[] rgb = new int[p[1].length() / 6];
        for (int i = 0; i < rgb.length; i++) rgb[i] = Integer.parseInt(p[1].substring(6 * i, 6 * i + 6), 16);
        out.put(p[0], rgb);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
