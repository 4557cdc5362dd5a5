package org.spangeo.ml.scores;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.spangeo.jobs.expr.ArrayProgram;
import org.spangeo.jobs.expr.Ast;
import org.spangeo.jobs.expr.Expressions;

/**
 * An expression over a store's variables, evaluated a whole block at a time:
 * {@code total_precipitation*1000 > 5}, {@code (cape > 500) & (tp > 0.001)},
 * {@code abs(t2m - 273.15)}. The language of {@code spangeo compute} (the same ANTLR grammar and
 * compiled loops, {@link ArrayProgram}), with one difference that scores need: NaN in gives NaN
 * out, comparisons and &, |, ~ included, so a missing observation is missing, not "no event"
 * (xarray's {@code tp*1000 > 5} would say False there). Every name is a variable of the store
 * (except nan, inf and pi).
 */
public final class FieldExpression implements Serializable {
  private static final long serialVersionUID = 1L;

  private static final Set<String> CONSTANTS = Set.of("nan", "NaN", "inf", "pi");

  private final String text;
  private final ArrayProgram program;

  private FieldExpression(String text, ArrayProgram program) {
    this.text = text;
    this.program = program;
  }

  /** Parses {@code text}; {@code option} names the command-line option in errors. */
  public static FieldExpression parse(String text, String option) {
    return compile(Expressions.formula(text, option), text, option);
  }

  /** Just one variable (no expression; any name). */
  public static FieldExpression variable(String name) {
    return compile(new Ast.Name(name, 0), name, "variable");
  }

  private static FieldExpression compile(Ast.Node tree, String text, String option) {
    Set<String> names = new LinkedHashSet<>();
    Ast.names(tree, names);
    ArrayProgram p = ArrayProgram.compile(tree, text, option, new ArrayProgram.Resolver() {
      @Override
      public ArrayProgram.Leaf leaf(String name) {
        return CONSTANTS.contains(name) ? null : new ArrayProgram.Leaf(name, List.of(), false);
      }

      @Override
      public Set<String> known() {
        return names;
      }
    }, ArrayProgram.Semantics.MISSING_STAYS_MISSING);
    return new FieldExpression(text, p);
  }

  public String text() {
    return text;
  }

  /** The variables the expression reads, in order of first use. */
  public List<String> variables() {
    return new ArrayList<>(program.leafNames());
  }

  /**
   * Evaluates over blocks of {@code n} values: {@code values} holds each variable's block. A
   * bare variable gives its block itself (callers do not modify it); anything else a new array.
   */
  public double[] evaluate(Map<String, double[]> values, int n) {
    List<String> names = program.leafNames();
    double[][] v = new double[names.size()][];
    for (int i = 0; i < v.length; i++) {
      v[i] = values.get(names.get(i));
      if (v[i] == null) throw new IllegalStateException("variable '" + names.get(i) + "' was not read");
    }
    return program.evaluate(v, n, program.scratch()); // a fresh scratch: the result is the caller's
  }

  @Override
  public String toString() {
    return text;
  }
}
