package org.spangeo.jobs.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.TextTitle;

/** What maps and series share: headless drawing, fonts, degree axes, plain white plots. */
final class Charts {
  static {
    // no display on servers and in Spark drivers: draw into images only
    System.setProperty("java.awt.headless", "true");
  }

  static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 18);
  static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
  static final Font TICKS = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
  static final Font NOTE = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
  static final BasicStroke COAST = new BasicStroke(1.3f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);

  private Charts() {}

  static JFreeChart chart(String title, XYPlot plot) {
    JFreeChart c = new JFreeChart(title, TITLE, plot, false);
    c.setBackgroundPaint(Color.WHITE);
    c.getTitle().setPadding(6, 4, 8, 4);
    c.setAntiAlias(true);
    c.setTextAntiAlias(true);
    return c;
  }

  static void note(JFreeChart c, String text) {
    TextTitle t = new TextTitle(text, NOTE);
    t.setPosition(org.jfree.chart.ui.RectangleEdge.BOTTOM);
    t.setHorizontalAlignment(org.jfree.chart.ui.HorizontalAlignment.RIGHT);
    t.setPaint(Color.DARK_GRAY);
    c.addSubtitle(t);
  }

  /** A plain plot look: white, black outline, no grid lines. */
  static void plain(XYPlot p, boolean grid) {
    p.setBackgroundPaint(Color.WHITE);
    p.setOutlinePaint(Color.BLACK);
    p.setOutlineStroke(new BasicStroke(1f));
    p.setDomainGridlinesVisible(grid);
    p.setRangeGridlinesVisible(grid);
    p.setDomainGridlinePaint(new Color(220, 220, 220));
    p.setRangeGridlinePaint(new Color(220, 220, 220));
    p.setAxisOffset(org.jfree.chart.ui.RectangleInsets.ZERO_INSETS);
  }

  /**
   * A latitude or longitude axis over [lo, hi] with ticks in degrees N/S or E/W, at most
   * {@code maxTicks} of them; {@code trimEnds} leaves out ticks at the very ends (maps side by
   * side, whose end labels would collide).
   */
  static NumberAxis degreeAxis(boolean latitude, double lo, double hi, int maxTicks, boolean trimEnds) {
    NumberAxis a = trimEnds ? new TrimmedAxis() : new NumberAxis(null);
    double unit = 90;
    for (double s : new double[] {0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10, 15, 20, 30, 45, 60, 90}) {
      if ((hi - lo) / s <= maxTicks) {
        unit = s;
        break;
      }
    }
    a.setAutoRange(false);
    a.setRange(lo, hi);
    a.setTickUnit(new NumberTickUnit(unit, Labels.degreeFormat(latitude)), false, true);
    a.setTickLabelFont(TICKS);
    a.setLabelFont(LABEL);
    return a;
  }

  /**
   * An axis of any other coordinate over [lo, hi], labelled with the dim's name and units
   * ("level [hPa]"); an index axis ("phony_dim_0 (index)") has whole-number ticks.
   */
  static NumberAxis valueAxis(String label, double lo, double hi, boolean index, int maxTicks) {
    NumberAxis a = new NumberAxis(label);
    a.setAutoRange(false);
    a.setRange(lo, hi);
    a.setTickLabelFont(TICKS);
    a.setLabelFont(LABEL);
    if (index) {
      a.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
      a.setAutoTickUnitSelection(true);
    } else {
      niceTicks(a, maxTicks);
    }
    return a;
  }

  /** Ticks at 1, 2, 2.5 or 5 times a power of ten, at most {@code maxTicks} over the axis. */
  static void niceTicks(NumberAxis a, int maxTicks) {
    double span = a.getUpperBound() - a.getLowerBound();
    if (!(span > 0) || !Double.isFinite(span)) return;
    double p = Math.pow(10, Math.floor(Math.log10(span / maxTicks)));
    double unit = 10 * p;
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (span / (m * p) <= maxTicks) {
        unit = m * p;
        break;
      }
    }
    int exp = (int) Math.floor(Math.log10(unit) + 1e-9);
    int decimals = Math.max(0, -exp) + (Math.abs(unit / Math.pow(10, exp) - 2.5) < 1e-9 ? 1 : 0);
    java.text.DecimalFormat f = new java.text.DecimalFormat(decimals == 0 ? "0" : "0." + "0".repeat(decimals),
        java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT));
    double big = Math.max(Math.abs(a.getLowerBound()), Math.abs(a.getUpperBound()));
    if (big >= 1e6 || big < 1e-3) {
      f = new java.text.DecimalFormat("0.##E0", java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT));
    }
    a.setTickUnit(new NumberTickUnit(unit, f), false, true);
  }

  /** A number axis without ticks within 2% of its ends. */
  static final class TrimmedAxis extends NumberAxis {
    private static final long serialVersionUID = 1L;

    TrimmedAxis() {
      super(null);
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public java.util.List refreshTicks(Graphics2D g2, org.jfree.chart.axis.AxisState state, Rectangle2D dataArea,
        org.jfree.chart.ui.RectangleEdge edge) {
      java.util.List ticks = super.refreshTicks(g2, state, dataArea, edge);
      double margin = 0.02 * (getUpperBound() - getLowerBound());
      java.util.List out = new java.util.ArrayList();
      for (Object t : ticks) {
        double v = ((org.jfree.chart.axis.ValueTick) t).getValue();
        if (v - getLowerBound() > margin && getUpperBound() - v > margin) out.add(t);
      }
      return out;
    }
  }

  /** Draws {@code chart} into a white RGB image of w × h pixels, filling {@code info}. */
  static BufferedImage draw(JFreeChart chart, int w, int h, ChartRenderingInfo info) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, w, h);
    chart.draw(g, new Rectangle(0, 0, w, h), info);
    g.dispose();
    return img;
  }

  static Figure.Panel panel(Rectangle2D area, double x0, double x1, double y0, double y1) {
    return new Figure.Panel((int) Math.round(area.getX()), (int) Math.round(area.getY()), (int) Math.round(area.getWidth()),
        (int) Math.round(area.getHeight()), x0, x1, y0, y1);
  }
}
