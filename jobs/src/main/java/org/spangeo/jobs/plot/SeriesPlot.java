package org.spangeo.jobs.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.DateTickUnit;
import org.jfree.chart.axis.DateTickUnitType;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Line plots of one-dimensional results, as xarray's {@code da.plot()} draws a 1-D array: over
 * time with dates on the x axis (UTC), or over any other dim (month, season, point, level) with
 * its coordinate; the y axis labelled with the long name and units. Several series (a
 * prediction and an observation) share the axes and get a legend. NaN leaves a gap.
 */
public final class SeriesPlot {
  /** matplotlib's first colours (tab10), so series look as they do in a notebook. */
  private static final Color[] COLOURS = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
      new Color(0xd62728), new Color(0x9467bd)};

  private SeriesPlot() {}

  public static Figure write(Series series, PlotStyle style, Path out) {
    return write(List.of(series), style, out);
  }

  /** Several series on the same axes (all over time, or all over the same dim), with a legend. */
  public static Figure write(List<Series> series, PlotStyle style, Path out) {
    Png.checkWritable(out);
    Figure f = render(series, style);
    f.write(out);
    return f;
  }

  public static Figure render(List<Series> series, PlotStyle style) {
    if (series.isEmpty()) throw new IllegalArgumentException("no series to plot");
    Series first = series.get(0);
    for (Series s : series) {
      if (s.isTimeSeries() != first.isTimeSeries() || !s.dim().equals(first.dim())) {
        throw new IllegalArgumentException("series '" + s.name() + "' is over '" + s.dim() + "', '" + first.name()
            + "' over '" + first.dim() + "': they cannot share an x axis");
      }
    }
    XYSeriesCollection data = new XYSeriesCollection();
    int longest = 0;
    for (int k = 0; k < series.size(); k++) {
      Series s = series.get(k);
      String key = series.size() > 1 && style.leftLabel() != null && k == 0 ? style.leftLabel()
          : series.size() > 1 && style.rightLabel() != null && k == 1 ? style.rightLabel() : s.name();
      XYSeries xy = new XYSeries(key + (data.getSeriesIndex(key) >= 0 ? " (" + (k + 1) + ")" : ""), false, true);
      for (int i = 0; i < s.length(); i++) {
        double x = s.isTimeSeries() ? Math.floorDiv(s.times()[i], 1000L) : s.x()[i];
        xy.add(x, Double.isFinite(s.values()[i]) ? s.values()[i] : Double.NaN);
      }
      data.addSeries(xy);
      longest = Math.max(longest, s.length());
    }
    ValueAxis xAxis = first.isTimeSeries() ? timeAxis(first.times()) : dimAxis(first);
    NumberAxis yAxis = new NumberAxis(first.label());
    yAxis.setAutoRangeIncludesZero(false);
    yAxis.setLabelFont(Charts.LABEL);
    yAxis.setTickLabelFont(Charts.TICKS);
    if (!Double.isNaN(style.vmin()) || !Double.isNaN(style.vmax())) {
      double[] r = yRange(series);
      yAxis.setAutoRange(false);
      yAxis.setRange(Double.isNaN(style.vmin()) ? r[0] : style.vmin(), Double.isNaN(style.vmax()) ? r[1] : style.vmax());
    }
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, longest <= 60);
    for (int k = 0; k < series.size(); k++) {
      r.setSeriesPaint(k, COLOURS[k % COLOURS.length]);
      r.setSeriesStroke(k, new BasicStroke(1.8f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      r.setSeriesShape(k, new Ellipse2D.Double(-3, -3, 6, 6));
    }
    r.setDrawSeriesLineAsPath(false);
    XYPlot plot = new XYPlot(data, xAxis, yAxis, r); // sets the axes' ranges from the data
    Charts.plain(plot, true);
    double mid = (yAxis.getLowerBound() + yAxis.getUpperBound()) / 2;
    if (yAxis.getUpperBound() - yAxis.getLowerBound() < 1e-6 * Math.max(1, Math.abs(mid))) {
      // a constant series: a band around the value, as matplotlib draws it, not a microscopic range
      double w = mid == 0 ? 1 : Math.abs(mid) * 0.05;
      yAxis.setAutoRange(false);
      yAxis.setRange(mid - w, mid + w);
    }
    Charts.niceTicks(yAxis, 10);
    String title = style.title() != null ? style.title() : title(first);
    JFreeChart chart = Charts.chart(title, plot);
    chart.setPadding(new org.jfree.chart.ui.RectangleInsets(0, 0, 0, 24)); // room for the last date label
    if (series.size() > 1) {
      LegendTitle legend = new LegendTitle(plot);
      legend.setPosition(RectangleEdge.BOTTOM);
      legend.setItemFont(Charts.LABEL);
      chart.addSubtitle(legend);
    }
    int w = style.width();
    int h = (int) Math.round(w * 0.45);
    ChartRenderingInfo info = new ChartRenderingInfo();
    BufferedImage img = Charts.draw(chart, w, h, info);
    Rectangle2D a = info.getPlotInfo().getDataArea();
    return new Figure(img, title, List.of(Charts.panel(a, xAxis.getLowerBound(), xAxis.getUpperBound(),
        yAxis.getLowerBound(), yAxis.getUpperBound())));
  }

  static String title(Series s) {
    String q = s.longName() != null && !s.longName().isBlank() ? s.longName() : s.name();
    return s.where().isEmpty() ? q : q + ", " + s.where();
  }

  /** Dates in UTC; the year in the label when the series lies within one (the ticks then show days). */
  private static DateAxis timeAxis(long[] micros) {
    String label = "time (UTC)";
    if (micros.length > 0) {
      int y0 = java.time.Instant.ofEpochMilli(Math.floorDiv(micros[0], 1000L)).atZone(java.time.ZoneOffset.UTC).getYear();
      int y1 = java.time.Instant.ofEpochMilli(Math.floorDiv(micros[micros.length - 1], 1000L)).atZone(java.time.ZoneOffset.UTC).getYear();
      if (y0 == y1) label = "time (UTC), " + y0;
    }
    DateAxis a = new DateAxis(label, TimeZone.getTimeZone("UTC"), Locale.ROOT);
    a.setStandardTickUnits(dateUnits());
    a.setLabelFont(Charts.LABEL);
    a.setTickLabelFont(Charts.TICKS);
    a.setLowerMargin(0.01);
    a.setUpperMargin(0.01);
    return a;
  }

  /** Tick steps from an hour to ten years, each labelled with what changes: "Jun 1 06:00", "Jun 14", "2019-07", "2021". */
  private static org.jfree.chart.axis.TickUnits dateUnits() {
    org.jfree.chart.axis.TickUnits u = new org.jfree.chart.axis.TickUnits();
    java.text.DateFormat hours = utc("MMM d HH:mm");
    java.text.DateFormat days = utc("MMM d");
    java.text.DateFormat months = utc("yyyy-MM");
    java.text.DateFormat years = utc("yyyy");
    for (int n : new int[] {1, 2, 3, 6, 12}) u.add(new DateTickUnit(DateTickUnitType.HOUR, n, hours));
    for (int n : new int[] {1, 2, 7, 14}) u.add(new DateTickUnit(DateTickUnitType.DAY, n, days));
    for (int n : new int[] {1, 2, 3, 6}) u.add(new DateTickUnit(DateTickUnitType.MONTH, n, months));
    for (int n : new int[] {1, 2, 5, 10}) u.add(new DateTickUnit(DateTickUnitType.YEAR, n, years));
    return u;
  }

  private static java.text.DateFormat utc(String pattern) {
    java.text.SimpleDateFormat f = new java.text.SimpleDateFormat(pattern, Locale.ENGLISH);
    f.setTimeZone(TimeZone.getTimeZone("UTC"));
    return f;
  }

  private static NumberAxis dimAxis(Series s) {
    NumberAxis a = new NumberAxis(s.dim());
    a.setLabelFont(Charts.LABEL);
    a.setTickLabelFont(Charts.TICKS);
    a.setAutoRangeIncludesZero(false);
    boolean integral = true;
    for (double x : s.x()) integral &= x == Math.rint(x);
    if (integral && (s.dim().equals("month") || s.dim().equals("season"))) {
      a.setTickUnit(new NumberTickUnit(1, Labels.namesFormat(s.dim())), false, true);
    } else if (integral) {
      a.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    }
    a.setLowerMargin(0.02);
    a.setUpperMargin(0.02);
    return a;
  }

  private static double[] yRange(List<Series> series) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Series s : series) {
      for (double v : s.values()) {
        if (Double.isFinite(v)) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    }
    return lo <= hi ? new double[] {lo, hi} : new double[] {0, 1};
  }
}
