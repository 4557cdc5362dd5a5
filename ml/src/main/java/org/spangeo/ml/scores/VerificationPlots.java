package org.spangeo.ml.scores;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The probabilistic verification figures of {@code score --plots}: the reliability diagram
 * (observed frequency against mean forecast per probability bin, the diagonal being perfect) with
 * the sharpness histogram under it (how many forecasts fall in each bin, log scale), and the ROC
 * curve (POD against POFD over the probability thresholds, AUC in the legend). Drawn from the
 * overall numbers, the ones the summary JSON holds.
 */
public final class VerificationPlots {
  static {
    System.setProperty("java.awt.headless", "true");
  }

  private static final Color[] COLOURS = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c)};
  private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 18);
  private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
  private static final Font NOTE = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

  private VerificationPlots() {}

  /** Writes reliability.png and/or roc.png into {@code dir} for the metrics {@code r} holds; returns them. */
  public static List<Path> write(ScoreResult r, Path dir, String what) {
    List<Path> out = new ArrayList<>();
    try {
      Files.createDirectories(dir);
      if (r.metrics().contains(Metric.RELIABILITY)) out.add(reliability(r, dir.resolve("reliability.png"), what));
      if (r.metrics().contains(Metric.ROC)) out.add(roc(r, dir.resolve("roc.png"), what));
    } catch (IOException e) {
      throw new IllegalArgumentException("--plots " + dir + ": " + e.getMessage());
    }
    return out;
  }

  static List<String> probabilitySources(ScoreResult r) {
    // the CAPE-threshold forecast is 0 or 1: no curve to speak of
    List<String> s = new ArrayList<>();
    for (String x : r.sources()) if (!x.equals(ScoreResult.CAPE_THRESHOLD)) s.add(x);
    return s;
  }

  static Path reliability(ScoreResult r, Path png, String what) throws IOException {
    XYSeriesCollection curves = new XYSeriesCollection();
    curves.addSeries(diagonal("perfect reliability"));
    XYSeriesCollection bars = new XYSeriesCollection();
    List<String> sources = probabilitySources(r);
    for (String s : sources) {
      XYSeries c = new XYSeries(s + String.format(Locale.ROOT, " (worst bin %.3f)", r.reliabilityWorstDeviation(s)), false);
      XYSeries h = new XYSeries(s, false);
      for (ReliabilityPartial.Row row : r.reliabilityTable(s)) {
        if (row.count() > 0) c.add(row.forecastMean(), row.observedFrequency());
        h.add((row.lower() + row.upper()) / 2, row.count() > 0 ? row.count() : Double.NaN);
      }
      curves.addSeries(c);
      bars.addSeries(h);
    }
    NumberAxis x = axis("forecast probability (bins of 0.1)", 0, 1);
    XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, true);
    lines.setSeriesPaint(0, Color.GRAY);
    lines.setSeriesStroke(0, new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
    lines.setSeriesShapesVisible(0, false);
    for (int i = 0; i < sources.size(); i++) {
      lines.setSeriesPaint(i + 1, COLOURS[i % COLOURS.length]);
      lines.setSeriesStroke(i + 1, new BasicStroke(2f));
    }
    XYPlot top = new XYPlot(curves, null, axis("observed frequency", 0, 1), lines);
    plain(top);
    LogAxis counts = new LogAxis("forecasts per bin");
    counts.setLabelFont(LABEL);
    counts.setSmallestValue(1);
    XYBarRenderer barR = new XYBarRenderer(0.1);
    barR.setShadowVisible(false);
    barR.setDrawBarOutline(true);
    barR.setBarPainter(new org.jfree.chart.renderer.xy.StandardXYBarPainter());
    for (int i = 0; i < sources.size(); i++) barR.setSeriesPaint(i, withAlpha(COLOURS[i % COLOURS.length], 110));
    bars.setIntervalWidth(0.1);
    XYPlot bottom = new XYPlot(bars, null, counts, barR);
    plain(bottom);
    CombinedDomainXYPlot both = new CombinedDomainXYPlot(x);
    both.setGap(12);
    both.add(top, 3);
    both.add(bottom, 1);
    JFreeChart chart = new JFreeChart("Reliability diagram and sharpness" + (what == null ? "" : ", " + what), TITLE, both, true);
    chart.setBackgroundPaint(Color.WHITE);
    chart.getLegend().setItemFont(NOTE);
    chart.addSubtitle(new TextTitle(decompositionNote(r, sources), NOTE));
    ChartUtils.saveChartAsPNG(png.toFile(), chart, 900, 900);
    return png;
  }

  static String decompositionNote(ScoreResult r, List<String> sources) {
    StringBuilder b = new StringBuilder();
    for (String s : sources) {
      double[] d = r.decomposition(s);
      if (b.length() > 0) b.append("   ");
      b.append(String.format(Locale.ROOT, "%s: Brier %.4f = REL %.4f - RES %.4f + UNC %.4f%s", s, r.overall(s, Metric.BRIER), d[0], d[1], d[2],
          Math.abs(d[3] - d[4]) > 5e-5 ? String.format(Locale.ROOT, " + within-bin %.4f", d[3] - d[4]) : ""));
    }
    return b.toString();
  }

  /** The line from (0, 0) to (1, 1): perfect reliability, or no skill on a ROC curve. */
  static XYSeries diagonal(String key) {
    XYSeries d = new XYSeries(key);
    d.add(0, 0);
    d.add(1, 1);
    return d;
  }

  static Path roc(ScoreResult r, Path png, String what) throws IOException {
    XYSeriesCollection data = new XYSeriesCollection();
    data.addSeries(diagonal("no skill"));
    List<String> sources = probabilitySources(r);
    for (String s : sources) {
      double[][] p = ScoreMath.rocPoints(r.overall.get(s), 0, r.rocThresholds().length);
      XYSeries c = new XYSeries(String.format(Locale.ROOT, "%s (AUC %.3f)", s, r.overall(s, Metric.ROC)), false);
      c.add(1, 1);
      for (int k = 0; k < p[0].length; k++) if (!Double.isNaN(p[0][k]) && !Double.isNaN(p[1][k])) c.add(p[1][k], p[0][k]);
      c.add(0, 0);
      data.addSeries(c);
    }
    XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, true);
    lines.setSeriesPaint(0, Color.GRAY);
    lines.setSeriesShapesVisible(0, false);
    lines.setSeriesStroke(0, new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
    for (int i = 0; i < sources.size(); i++) {
      lines.setSeriesPaint(i + 1, COLOURS[i % COLOURS.length]);
      lines.setSeriesStroke(i + 1, new BasicStroke(2f));
    }
    XYPlot plot = new XYPlot(data, axis("probability of false detection (POFD)", 0, 1), axis("probability of detection (POD)", 0, 1),
        lines);
    plain(plot);
    JFreeChart chart = new JFreeChart("ROC curve" + (what == null ? "" : ", " + what), TITLE, plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    chart.getLegend().setItemFont(NOTE);
    ChartUtils.saveChartAsPNG(png.toFile(), chart, 800, 800);
    return png;
  }

  private static NumberAxis axis(String label, double lo, double hi) {
    NumberAxis a = new NumberAxis(label);
    a.setRange(lo, hi);
    a.setLabelFont(LABEL);
    return a;
  }

  private static void plain(XYPlot p) {
    p.setBackgroundPaint(Color.WHITE);
    p.setOutlinePaint(Color.BLACK);
    p.setDomainGridlinePaint(new Color(220, 220, 220));
    p.setRangeGridlinePaint(new Color(220, 220, 220));
  }

  private static Color withAlpha(Color c, int a) {
    return new Color(c.getRed(), c.getGreen(), c.getBlue(), a);
  }
}
