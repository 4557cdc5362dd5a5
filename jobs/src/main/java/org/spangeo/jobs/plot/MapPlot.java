package org.spangeo.jobs.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYShapeAnnotation;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedRangeXYPlot;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.DefaultXYZDataset;

/**
 * Maps of latitude × longitude fields, as xarray's {@code da.plot()} / pcolormesh draws them:
 * one block per grid cell in a perceptual colour map, NaN in grey, a colour bar labelled with
 * the long name and units, degree ticks, coastlines from the land-sea mask, and a plot area
 * shaped like the box on the globe (east-west degrees shortened by the cosine of the middle
 * latitude). Drawn with JFreeChart (XYBlockRenderer, PaintScaleLegend), headless.
 *
 * <pre>
 * MapPlot.write(MapField.of("t2m", lat, lon, values).withUnits("K"), PlotStyle.defaults(), Path.of("t2m.png"));
 * MapPlot.writePair(prediction, observation, PlotStyle.defaults().withLabels("prediction", "observation"), out);
 * </pre>
 */
public final class MapPlot {
  private MapPlot() {}

  /** Draws one map and writes it as a PNG; returns the figure (its panel tells where the map lies). */
  public static Figure write(MapField field, PlotStyle style, Path out) {
    Png.checkWritable(out);
    Figure f = render(field, style);
    f.write(out);
    return f;
  }

  /** Two maps side by side with one colour scale (prediction vs observation); writes a PNG. */
  public static Figure writePair(MapField left, MapField right, PlotStyle style, Path out) {
    Png.checkWritable(out);
    Figure f = renderPair(left, right, style);
    f.write(out);
    return f;
  }

  /**
   * Several maps side by side in one figure (obs | prediction | difference), each with the
   * colour scale of its style (panels of one group share limits), a label over each, and one
   * title; writes a PNG. Each panel is drawn as its own map, then the images are laid out.
   */
  public static Figure writePanels(List<MapField> fields, List<PlotStyle> styles, List<String> labels, String title, int width,
      Path out) {
    Png.checkWritable(out);
    int each = Math.max(420, width / fields.size());
    List<Figure> parts = new ArrayList<>();
    for (int k = 0; k < fields.size(); k++) parts.add(render(fields.get(k), styles.get(k).withTitle(labels.get(k)).withWidth(each)));
    int band = 44;
    int w = 0;
    int h = 0;
    for (Figure f : parts) {
      w += f.width();
      h = Math.max(h, f.height());
    }
    BufferedImage img = new BufferedImage(w, h + band, BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, img.getWidth(), img.getHeight());
    g.setRenderingHint(java.awt.RenderingHints.KEY_TEXT_ANTIALIASING, java.awt.RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.BLACK);
    g.setFont(Charts.TITLE);
    int tw = g.getFontMetrics().stringWidth(title);
    g.drawString(title, Math.max(8, (w - tw) / 2), 30);
    List<Figure.Panel> panels = new ArrayList<>();
    int x = 0;
    for (Figure f : parts) {
      g.drawImage(f.image(), x, band, null);
      for (Figure.Panel p : f.panels()) {
        panels.add(new Figure.Panel(p.x() + x, p.y() + band, p.width(), p.height(), p.x0(), p.x1(), p.y0(), p.y1()));
      }
      x += f.width();
    }
    g.dispose();
    Figure fig = new Figure(img, title, panels);
    fig.write(out);
    return fig;
  }

  public static Figure render(MapField field, PlotStyle style) {
    return render(List.of(field), style);
  }

  public static Figure renderPair(MapField left, MapField right, PlotStyle style) {
    return render(List.of(left, right), style);
  }

  private static Figure render(List<MapField> fields, PlotStyle style) {
    MapField first = fields.get(0);
    boolean anomaly = Labels.isAnomaly(first.name(), first.longName());
    float[][] all = fields.stream().map(MapField::values).toArray(float[][]::new);
    ColourScale scale = ColourScale.forData(style, anomaly, all);

    double[] latRange = null;
    List<double[]> lonRanges = new ArrayList<>();
    for (MapField f : fields) {
      double[] la = extent(f.lat());
      double[] lo = extent(f.lon());
      latRange = latRange == null ? la : new double[] {Math.min(latRange[0], la[0]), Math.max(latRange[1], la[1])};
      lonRanges.add(lo);
    }
    MapField.Axes ax = first.axes();
    // latitude x longitude in degrees; any other 2-D field on its dims' own names and units
    NumberAxis latAxis = ax.degrees() ? Charts.degreeAxis(true, latRange[0], latRange[1], 8, false)
        : Charts.valueAxis(ax.label(true), latRange[0], latRange[1], ax.yIndex(), 8);
    if (ax.image()) latAxis.setInverted(true); // row 0 at the top, as imshow draws arrays
    List<XYPlot> panels = new ArrayList<>();
    boolean missing = false;
    for (int k = 0; k < fields.size(); k++) {
      MapField f = fields.get(k);
      int ticks = fields.size() > 1 ? 5 : 9;
      NumberAxis xAxis = ax.degrees() ? Charts.degreeAxis(false, lonRanges.get(k)[0], lonRanges.get(k)[1], ticks, fields.size() > 1)
          : Charts.valueAxis(ax.label(false), lonRanges.get(k)[0], lonRanges.get(k)[1], ax.xIndex(), ticks);
      XYPlot p = panel(f, scale, xAxis, latAxis, style.coastlines() && ax.degrees());
      if (fields.size() > 1) {
        String label = k == 0 ? style.leftLabel() : style.rightLabel();
        panelTitle(p, label != null ? label : f.name());
      }
      panels.add(p);
      for (float v : f.values()) {
        if (Float.isNaN(v)) {
          missing = true;
          break;
        }
      }
    }
    XYPlot plot;
    if (panels.size() == 1) {
      plot = panels.get(0);
    } else {
      CombinedRangeXYPlot c = new CombinedRangeXYPlot(latAxis);
      c.setGap(24);
      for (XYPlot p : panels) c.add(p, 1);
      plot = c;
    }
    String title = style.title() != null ? style.title() : title(first);
    JFreeChart chart = Charts.chart(title, plot);
    // cells crisp as pcolormesh draws them (and PNGs a third the size); text and coastlines stay smooth
    chart.setAntiAlias(false);
    chart.addSubtitle(colourBar(scale, first.label()));
    if (missing) Charts.note(chart, "grey: no data (NaN)");

    // the figure's height follows the box's shape: draw, measure the map, adjust, draw again
    double ratio = ax.degrees() ? shapeRatio(lonRanges.get(0), latRange)
        : ax.image() ? Math.max(0.25, Math.min(4, (double) first.lon().length / first.lat().length)) : 4 / 3.0;
    int w = style.width();
    int h = (int) Math.round(w * 0.75);
    ChartRenderingInfo info = new ChartRenderingInfo();
    // the layout pass draws no cells (the axes' ranges are fixed, so the layout is the same)
    List<org.jfree.data.xy.XYDataset> cells = new ArrayList<>();
    for (XYPlot p : panels) {
      cells.add(p.getDataset());
      p.setDataset(null);
    }
    Charts.draw(chart, w, h, info);
    for (int k = 0; k < panels.size(); k++) panels.get(k).setDataset(cells.get(k));
    Rectangle2D a = dataArea(info, 0);
    int maxH = (int) Math.round(w * 1.4);
    int h2 = (int) Math.round(h + a.getWidth() / ratio - a.getHeight());
    h = Math.max(Math.min(h2, maxH), Math.round(w * 0.3f));
    if (h2 > maxH) {
      // a tall narrow box: narrow the maps with side padding instead of a taller image
      double tooWide = a.getWidth() - (a.getHeight() + (maxH - (w * 0.75))) * ratio;
      double pad = Math.max(0, tooWide * panels.size() / 2);
      chart.setPadding(new RectangleInsets(0, pad, 0, pad));
    }
    info = new ChartRenderingInfo();
    BufferedImage img = Charts.draw(chart, w, h, info);
    List<Figure.Panel> out = new ArrayList<>();
    for (int k = 0; k < panels.size(); k++) {
      // an inverted axis has its low end at the top: the panel's bottom is the high end
      out.add(Charts.panel(dataArea(info, panels.size() == 1 ? -1 : k), lonRanges.get(k)[0], lonRanges.get(k)[1],
          ax.image() ? latRange[1] : latRange[0], ax.image() ? latRange[0] : latRange[1]));
    }
    return new Figure(img, title, out);
  }

  private static XYPlot panel(MapField f, ColourScale scale, NumberAxis lonAxis, NumberAxis latAxis, boolean coast) {
    int ny = f.lat().length;
    int nx = f.lon().length;
    double[][] xyz = new double[3][ny * nx];
    for (int i = 0; i < ny; i++) {
      for (int j = 0; j < nx; j++) {
        int k = i * nx + j;
        xyz[0][k] = f.lon()[j];
        xyz[1][k] = f.lat()[i];
        xyz[2][k] = f.values()[k];
      }
    }
    DefaultXYZDataset ds = new DefaultXYZDataset();
    ds.addSeries(f.name(), xyz);
    XYBlockRenderer r = new XYBlockRenderer();
    r.setBlockWidth(spacing(f.lon()));
    r.setBlockHeight(spacing(f.lat()));
    r.setPaintScale(scale);
    XYPlot p = new XYPlot(ds, lonAxis, latAxis, r);
    Charts.plain(p, false);
    if (coast && f.landSeaMask() != null) {
      double[] seg = Coastline.segments(f.lat(), f.lon(), f.landSeaMask(), 0.5);
      if (seg.length > 0) p.addAnnotation(new SmoothShape(Coastline.path(seg)));
    }
    return p;
  }

  /** A line drawn anti-aliased in a chart that is not (the coastline over crisp cells). */
  private static final class SmoothShape extends XYShapeAnnotation {
    private static final long serialVersionUID = 1L;

    SmoothShape(java.awt.Shape shape) {
      super(shape, Charts.COAST, Color.BLACK);
    }

    @Override
    public void draw(java.awt.Graphics2D g2, XYPlot plot, Rectangle2D dataArea, org.jfree.chart.axis.ValueAxis domainAxis,
        org.jfree.chart.axis.ValueAxis rangeAxis, int rendererIndex, PlotRenderingInfo info) {
      Object old = g2.getRenderingHint(java.awt.RenderingHints.KEY_ANTIALIASING);
      g2.setRenderingHint(java.awt.RenderingHints.KEY_ANTIALIASING, java.awt.RenderingHints.VALUE_ANTIALIAS_ON);
      super.draw(g2, plot, dataArea, domainAxis, rangeAxis, rendererIndex, info);
      g2.setRenderingHint(java.awt.RenderingHints.KEY_ANTIALIASING, old);
    }
  }

  /** A label above a panel of a pair: a secondary domain axis on top carrying only its name. */
  private static void panelTitle(XYPlot p, String label) {
    NumberAxis top = new NumberAxis(label);
    top.setLabelFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    top.setTickLabelsVisible(false);
    top.setTickMarksVisible(false);
    top.setAxisLineVisible(false);
    p.setDomainAxis(1, top);
    p.setDomainAxisLocation(1, AxisLocation.TOP_OR_LEFT);
  }

  private static PaintScaleLegend colourBar(ColourScale scale, String label) {
    NumberAxis axis = new NumberAxis(label);
    axis.setRange(scale.getLowerBound(), scale.getUpperBound());
    axis.setLabelFont(Charts.LABEL);
    axis.setTickLabelFont(Charts.TICKS);
    Charts.niceTicks(axis, 10);
    PaintScaleLegend legend = new PaintScaleLegend(scale, axis);
    legend.setPosition(RectangleEdge.RIGHT);
    legend.setAxisLocation(AxisLocation.BOTTOM_OR_RIGHT);
    legend.setStripWidth(18);
    legend.setSubdivisionCount(256);
    legend.setStripOutlineVisible(true);
    legend.setStripOutlinePaint(Color.BLACK);
    legend.setStripOutlineStroke(new BasicStroke(0.8f));
    legend.setAxisOffset(2);
    legend.setMargin(new RectangleInsets(30, 14, 40, 6));
    legend.setBackgroundPaint(Color.WHITE);
    return legend;
  }

  static String title(MapField f) {
    String q = f.longName() != null && !f.longName().isBlank() ? f.longName() : f.name();
    return f.where().isEmpty() ? q : q + ", " + f.where();
  }

  private static Rectangle2D dataArea(ChartRenderingInfo info, int subplot) {
    PlotRenderingInfo p = info.getPlotInfo();
    if (subplot >= 0 && p.getSubplotCount() > subplot) return p.getSubplotInfo(subplot).getDataArea();
    return p.getDataArea();
  }

  /** Width over height of the box on the globe (east-west degrees shortened by cos(latitude)). */
  static double shapeRatio(double[] lon, double[] lat) {
    double mid = Math.toRadians((lat[0] + lat[1]) / 2);
    double r = (lon[1] - lon[0]) * Math.max(0.2, Math.cos(mid)) / (lat[1] - lat[0]);
    return Math.max(0.25, Math.min(4, r));
  }

  /** The span of cell edges: first and last centre, half a cell beyond. */
  public static double[] extent(double[] c) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double v : c) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    double d = spacing(c) / 2;
    return new double[] {lo - d, hi + d};
  }

  /** The grid spacing: the median step (1 for a single value). */
  public static double spacing(double[] c) {
    if (c.length < 2) return 1;
    double[] d = new double[c.length - 1];
    for (int i = 0; i + 1 < c.length; i++) d[i] = Math.abs(c[i + 1] - c[i]);
    java.util.Arrays.sort(d);
    double s = d[d.length / 2];
    return s > 0 ? s : 1;
  }
}
