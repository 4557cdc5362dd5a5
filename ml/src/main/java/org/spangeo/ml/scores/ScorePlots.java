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
    for (String name : scores.dataVariableNames()) {
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

  private static String title(String name, Dataset scores) {
    com.fasterxml.jackson.databind.JsonNode n = scores.attributes().get("reduced_dims");
    String over = n == null ? null : n.asText();
    String what = name.replace('_', ' ').replace("csi", "CSI").replace("rmse", "RMSE").replace("brier", "Brier")
        .replace("pod", "POD").replace("far", "FAR");
    return what + (over != null ? " (over " + over + ")" : "");
  }
}
