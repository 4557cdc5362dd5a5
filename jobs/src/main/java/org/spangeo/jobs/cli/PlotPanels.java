package org.spangeo.jobs.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.spangeo.jobs.expr.ArrayProgram;
import org.spangeo.jobs.expr.Ast;
import org.spangeo.jobs.expr.Expressions;
import org.spangeo.jobs.plot.ColourScale;
import org.spangeo.jobs.plot.MapField;
import org.spangeo.jobs.plot.PlotStyle;
import org.spangeo.zarr.InvalidArgumentException;

/**
 * {@code plot --panels a,b,a-b}: the fields of the panels, each an expression of {@code a} (the
 * --var field) and {@code b} (the --compare field), with their colour scales: plain {@code a}
 * and {@code b} share one (the user's --cmap, --vmin/--vmax, --center, --robust); a difference
 * gets its own, diverging and centred on 0; any other expression its own, from its values.
 */
final class PlotPanels {
  final List<MapField> fields = new ArrayList<>();
  final List<PlotStyle> styles = new ArrayList<>();
  final List<String> labels = new ArrayList<>();
  private final String aLabel;
  private final String bLabel;
  private final MapField a;

  private PlotPanels(MapField a, String aLabel, String bLabel) {
    this.a = a;
    this.aLabel = aLabel;
    this.bLabel = bLabel;
  }

  static PlotPanels of(List<String> exprs, MapField a, MapField b, PlotStyle style, String aLabel, String bLabel) {
    if (b != null && (b.lat().length != a.lat().length || b.lon().length != a.lon().length)) {
      throw new InvalidArgumentException("--panels: the --compare field is " + b.lat().length + " x " + b.lon().length
          + ", the --var field " + a.lat().length + " x " + a.lon().length + ": select the same grid in both");
    }
    PlotPanels p = new PlotPanels(a, aLabel, bLabel);
    List<Integer> shared = new ArrayList<>();
    List<float[]> sharedValues = new ArrayList<>();
    int n = a.values().length;
    for (String text : exprs) {
      Ast.Node tree = Expressions.formula(text, "--panels");
      ArrayProgram prog = ArrayProgram.compile(tree, text, "--panels", new ArrayProgram.Resolver() {
        @Override
        public ArrayProgram.Leaf leaf(String name) {
          if (name.equals("a") || (name.equals("b") && b != null)) return new ArrayProgram.Leaf(name, List.of(), true);
          return null;
        }

        @Override
        public Set<String> known() {
          return b == null ? Set.of("a") : Set.of("a", "b");
        }
      }, ArrayProgram.Semantics.NUMPY);
      double[][] leaves = new double[prog.leaves().size()][];
      for (int i = 0; i < leaves.length; i++) leaves[i] = doubles(prog.leaves().get(i).name().equals("a") ? a : b);
      double[] r = prog.evaluate(leaves, n, prog.scratch());
      float[] v = new float[n];
      for (int i = 0; i < n; i++) v[i] = (float) r[i];
      String label = p.label(text);
      MapField src = tree instanceof Ast.Name x && x.name().equals("b") ? b : a;
      boolean plain = tree instanceof Ast.Name;
      MapField f = plain ? src : a.withValues(label, label, a.units(), v);
      p.fields.add(f);
      p.labels.add(plain ? (src == b ? bLabel : aLabel) : label);
      if (plain) {
        shared.add(p.styles.size());
        sharedValues.add(f.values());
        p.styles.add(null); // set below, once every shared field is known
      } else if (tree instanceof Ast.Binary d && d.op().equals("-")) {
        p.styles.add(PlotStyle.defaults().withCmap("RdBu_r").withCenter(0).withWidth(style.width()).withCoastlines(style.coastlines()));
      } else {
        p.styles.add(PlotStyle.defaults().withWidth(style.width()).withCoastlines(style.coastlines()));
      }
    }
    if (!shared.isEmpty()) {
      boolean anomaly = org.spangeo.jobs.plot.Labels.isAnomaly(a.name(), a.longName());
      ColourScale s = ColourScale.forData(style, anomaly, sharedValues.toArray(new float[0][]));
      PlotStyle one = style.withCmap(s.colormap().name()).withRange(s.getLowerBound(), s.getUpperBound()).withCenter(Double.NaN);
      for (int i : shared) p.styles.set(i, one);
    }
    return p;
  }

  private static double[] doubles(MapField f) {
    float[] v = f.values();
    double[] d = new double[v.length];
    for (int i = 0; i < v.length; i++) d[i] = v[i];
    return d;
  }

  /** "a-b" in the panels' own words: "prediction - observation" (labels that are not one word in parentheses). */
  private String label(String text) {
    String t = text.replaceAll("\\s*(\\*\\*|[-+*/])\\s*", " $1 ").trim();
    return t.replaceAll("\\ba\\b", java.util.regex.Matcher.quoteReplacement(word(aLabel)))
        .replaceAll("\\bb\\b", java.util.regex.Matcher.quoteReplacement(word(bLabel)));
  }

  private static String word(String s) {
    return s.matches("[\\w.]+") ? s : "(" + s + ")";
  }

  /** The figure's title when none is given: the --var field's, as a single map would have it. */
  String title() {
    String q = a.longName() != null && !a.longName().isBlank() ? a.longName() : a.name();
    return a.where().isEmpty() ? q : q + ", " + a.where();
  }

}
