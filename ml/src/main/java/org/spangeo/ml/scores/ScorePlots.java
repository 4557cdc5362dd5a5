package org.spangeo.ml.scores;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.spangeo.jobs.plot.FieldReader;
import org.spangeo.jobs.plot.MapField;
import org.spangeo.jobs.plot.MapPlot;
import org.spangeo.jobs.plot.PlotStyle;
import org.spangeo.jobs.plot.Series;
import org.spangeo.jobs.plot.SeriesPlot;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.dataset.Selection;
import org.spangeo.zarr.dataset.Variable;

/**
 * {@code score --plots DIR}: every score field of a written score store as a PNG, a map when it
 * keeps latitude and longitude, a line when it keeps one dim (the per-time CSI series), read
 * back from the store so the figure shows exactly what was written. Scores that can be negative
 * and mean "no skill" at zero (bias, correlation, skill scores) get a diverging colour map.
 */
public final class ScorePlots {
  private static final Set<String> DIVERGING = Set.of("me", "pearson_r", "r2", "ets", "hss", "pss", "brier_skill_score");

  private ScorePlots() {}

  /** Writes the figures; returns their paths. {@code maskSource} may give a land_sea_mask (or null). */
  public static List<Path> write(Dataset scores, Dataset maskSource, Path dir) {
    List<Path> out = new ArrayList<>();
    try {
      Files.createDirectories(dir);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("--plots " + dir + ": cannot make the folder (" + e.getMessage() + ")");
    }
    List<Series> fss = fssSeries(scores);
    if (!fss.isEmpty()) {
      Path png = dir.resolve("fss.png");
      SeriesPlot.write(fss, PlotStyle.defaults().withTitle(title("fss", scores)), png);
      out.add(png);
    }
    for (String name : scores.dataVariableNames()) {
      if (!fss.isEmpty() && name.equals("fss")) continue;
      Variable v = scores.variable(name);
      List<String> dims = v.dims();
      String base = name.endsWith("_climatology") ? name.substring(0, name.length() - "_climatology".length())
          : name.endsWith("_cape_threshold") ? name.substring(0, name.length() - "_cape_threshold".length()) : name;
      PlotStyle style = PlotStyle.defaults().withTitle(title(name, scores));
      if (DIVERGING.contains(base)) style = style.withCmap("RdBu_r");
      Path png = dir.resolve(name + ".png");
      if (dims.size() == 2 && dims.contains("latitude") && dims.contains("longitude")) {
        MapField f = FieldReader.map(scores, name, Selection.all(scores), "latitude", "longitude");
        float[] mask = maskSource == null ? null : FieldReader.landSeaMask(maskSource, f);
        if (mask != null) f = f.withMask(mask);
        MapPlot.write(f, style, png);
        out.add(png);
      } else if (dims.size() == 1 && scores.dims().get(dims.get(0)) > 1) {
        Series s = FieldReader.series(scores, name, Selection.all(scores), dims.get(0));
        SeriesPlot.write(s, style, png);
        out.add(png);
      }
    }
    return out;
  }

  /**
   * The FSS figure's lines, when the store holds the overall FSS along {@code scale}: the model,
   * the CAPE-threshold baseline when scored, and the "useful" bar 0.5 + f/2 (Roberts and Lean)
   * from the store's {@code useful_fss} attribute. Empty otherwise (per-time FSS fields, older stores).
   */
  static List<Series> fssSeries(Dataset scores) {
    List<Series> out = new ArrayList<>();
    if (!scores.dataVariableNames().contains("fss")) return out;
    Variable v = scores.variable("fss");
    com.fasterxml.jackson.databind.JsonNode useful = v.attributes().get("useful_fss");
    if (!v.dims().equals(List.of("scale")) || useful == null || scores.dims().get("scale") < 2) return out;
    Series model = FieldReader.series(scores, "fss", Selection.all(scores), "scale");
    out.add(named("model", model));
    if (scores.dataVariableNames().contains("fss_cape_threshold")) {
      out.add(named("CAPE threshold", FieldReader.series(scores, "fss_cape_threshold", Selection.all(scores), "scale")));
    }
    double[] bar = new double[model.length()];
    java.util.Arrays.fill(bar, useful.asDouble());
    out.add(Series.over("scale", model.x(), String.format(java.util.Locale.ROOT, "useful (0.5 + f/2 = %.3f)", useful.asDouble()), bar));
    return out;
  }

  /** The series under the legend's name. */
  private static Series named(String legend, Series s) {
    return new Series(legend, s.longName() != null ? s.longName() : s.name(), s.units(), s.dim(), s.times(), s.x(), s.values(), s.where());
  }

  private static String title(String name, Dataset scores) {
    com.fasterxml.jackson.databind.JsonNode n = scores.attributes().get("reduced_dims");
    String over = n == null ? null : n.asText();
    String what = name.replace('_', ' ').replace("csi", "CSI").replace("rmse", "RMSE").replace("brier", "Brier")
        .replace("pod", "POD").replace("far", "FAR");
    return what + (over != null ? " (over " + over + ")" : "");
  }
}
