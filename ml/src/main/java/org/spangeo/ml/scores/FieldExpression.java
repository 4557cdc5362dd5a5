package org.spangeo.ml.scores;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.spangeo.zarr.InvalidArgumentException;

/**
 * A small expression over a store's variables, evaluated a whole block at a time:
 * {@code total_precipitation*1000 > 5}, {@code (cape > 500) & (tp > 0.001)},
 * {@code abs(t2m - 273.15)}. Numbers, variable names, + - * / **, unary -, comparisons
 * (> >= < <= == !=, giving 1 or 0), & | ~ (also and, or, not), parentheses, and the functions
 * abs, sqrt, exp, log. NaN in gives NaN out, comparisons included: a missing observation is
 * missing, not "no event" (xarray's {@code tp*1000 > 5} would say False there).
 *
 * <p>Written here rather than taken from a library: the evaluation is a loop over a block's
 * double[] per operator (no per-cell interpreter), and the errors name the expression and the
 * place in it.
 */
public final class FieldExpression implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String text;
  private final Node root;
  private final List<String> variables;

  private FieldExpression(String text, Node root, List<String> variables) {
    this.text = text;
    this.root = root;
    this.variables = variables;
  }

  /** Parses {@code text}; {@code option} names the command-line option in errors. */
  public static FieldExpression parse(String text, String option) {
    Parser p = new Parser(text, option);
    Node n = p.or();
    p.skipSpace();
    if (p.pos < text.length()) throw p.error("unexpected '" + text.charAt(p.pos) + "'");
    return new FieldExpression(text, n, new ArrayList<>(p.names));
  }

  /** Just one variable (no expression). */
  public static FieldExpression variable(String name) {
    return new FieldExpression(name, new Var(name), List.of(name));
  }

  public String text() {
    return text;
  }

  /** The variables the expression reads, in order of first use. */
  public List<String> variables() {
    return variables;
  }

  /** Evaluates over blocks of {@code n} values: {@code values} holds each variable's block. */
  public double[] evaluate(Map<String, double[]> values, int n) {
    return root.eval(values, n); // a bare variable: its block itself (callers do not modify it)
  }

  @Override
  public String toString() {
    return text;
  }

  private interface Node extends Serializable {
    double[] eval(Map<String, double[]> v, int n);
  }

  private record Num(double x) implements Node {
    public double[] eval(Map<String, double[]> v, int n) {
      double[] r = new double[n];
      java.util.Arrays.fill(r, x);
      return r;
    }
  }

  private record Var(String name) implements Node {
    public double[] eval(Map<String, double[]> v, int n) {
      double[] r = v.get(name);
      if (r == null) throw new IllegalStateException("variable '" + name + "' was not read");
      return r;
    }
  }

  private record Unary(String op, Node a) implements Node {
    public double[] eval(Map<String, double[]> v, int n) {
      double[] x = a.eval(v, n);
      double[] r = new double[n];
      switch (op) {
        case "-" -> { for (int i = 0; i < n; i++) r[i] = -x[i]; }
        case "~" -> { for (int i = 0; i < n; i++) r[i] = Double.isNaN(x[i]) ? Double.NaN : (x[i] != 0 ? 0 : 1); }
        case "abs" -> { for (int i = 0; i < n; i++) r[i] = Math.abs(x[i]); }
        case "sqrt" -> { for (int i = 0; i < n; i++) r[i] = Math.sqrt(x[i]); }
        case "exp" -> { for (int i = 0; i < n; i++) r[i] = Math.exp(x[i]); }
        case "log" -> { for (int i = 0; i < n; i++) r[i] = Math.log(x[i]); }
        default -> throw new IllegalStateException(op);
      }
      return r;
    }
  }

  private record Binary(String op, Node a, Node b) implements Node {
    public double[] eval(Map<String, double[]> v, int n) {
      // a number operand stays a number: no block-sized array of a constant
      boolean cx = a instanceof Num;
      boolean cy = b instanceof Num;
      double[] x = cx ? null : a.eval(v, n);
      double[] y = cy ? null : b.eval(v, n);
      double ky = cy ? ((Num) b).x() : 0;
      double[] r = new double[n];
      if (cy && !cx) {
        switch (op) {
          case "+" -> { for (int i = 0; i < n; i++) r[i] = x[i] + ky; return r; }
          case "-" -> { for (int i = 0; i < n; i++) r[i] = x[i] - ky; return r; }
          case "*" -> { for (int i = 0; i < n; i++) r[i] = x[i] * ky; return r; }
          case "/" -> { for (int i = 0; i < n; i++) r[i] = x[i] / ky; return r; }
          case ">" -> { for (int i = 0; i < n; i++) r[i] = Double.isNaN(x[i]) ? Double.NaN : x[i] > ky ? 1 : 0; return r; }
          case ">=" -> { for (int i = 0; i < n; i++) r[i] = Double.isNaN(x[i]) ? Double.NaN : x[i] >= ky ? 1 : 0; return r; }
          case "<" -> { for (int i = 0; i < n; i++) r[i] = Double.isNaN(x[i]) ? Double.NaN : x[i] < ky ? 1 : 0; return r; }
          case "<=" -> { for (int i = 0; i < n; i++) r[i] = Double.isNaN(x[i]) ? Double.NaN : x[i] <= ky ? 1 : 0; return r; }
          default -> { }
        }
      }
      if (x == null) x = a.eval(v, n);
      if (y == null) y = b.eval(v, n);
      switch (op) {
        case "+" -> { for (int i = 0; i < n; i++) r[i] = x[i] + y[i]; }
        case "-" -> { for (int i = 0; i < n; i++) r[i] = x[i] - y[i]; }
        case "*" -> { for (int i = 0; i < n; i++) r[i] = x[i] * y[i]; }
        case "/" -> { for (int i = 0; i < n; i++) r[i] = x[i] / y[i]; }
        case "**" -> { for (int i = 0; i < n; i++) r[i] = Math.pow(x[i], y[i]); }
        default -> {
          for (int i = 0; i < n; i++) {
            double p = x[i];
            double q = y[i];
            if (Double.isNaN(p) || Double.isNaN(q)) {
              r[i] = Double.NaN;
              continue;
            }
            boolean t = switch (op) {
              case ">" -> p > q;
              case ">=" -> p >= q;
              case "<" -> p < q;
              case "<=" -> p <= q;
              case "==" -> p == q;
              case "!=" -> p != q;
              case "&" -> p != 0 && q != 0;
              case "|" -> p != 0 || q != 0;
              default -> throw new IllegalStateException(op);
            };
            r[i] = t ? 1 : 0;
          }
        }
      }
      return r;
    }
  }

  private static final class Parser {
    final String s;
    final String option;
    int pos;
    final Set<String> names = new LinkedHashSet<>();

    Parser(String s, String option) {
      this.s = s;
      this.option = option;
    }

    InvalidArgumentException error(String what) {
      return new InvalidArgumentException(option + " '" + s + "': " + what + " at position " + (pos + 1));
    }

    void skipSpace() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) pos++;
    }

    boolean eat(String tok) {
      skipSpace();
      if (s.startsWith(tok, pos)) {
        boolean word = Character.isLetter(tok.charAt(0));
        int end = pos + tok.length();
        if (word && end < s.length() && isNameChar(s.charAt(end))) return false;
        pos = end;
        return true;
      }
      return false;
    }

    Node or() {
      Node n = and();
      while (true) {
        if (eat("|") || eat("or")) n = new Binary("|", n, and());
        else return n;
      }
    }

    Node and() {
      Node n = not();
      while (true) {
        if (eat("&") || eat("and")) n = new Binary("&", n, not());
        else return n;
      }
    }

    Node not() {
      if (eat("~") || eat("not")) return new Unary("~", not());
      return cmp();
    }

    Node cmp() {
      Node n = add();
      for (String op : new String[] {">=", "<=", "==", "!=", ">", "<"}) {
        if (eat(op)) return new Binary(op, n, add());
      }
      return n;
    }

    Node add() {
      Node n = mul();
      while (true) {
        if (eat("+")) n = new Binary("+", n, mul());
        else if (eat("-")) n = new Binary("-", n, mul());
        else return n;
      }
    }

    Node mul() {
      Node n = unary();
      while (true) {
        skipSpace();
        if (s.startsWith("**", pos)) return n; // handled by pow
        if (eat("*")) n = new Binary("*", n, unary());
        else if (eat("/")) n = new Binary("/", n, unary());
        else return n;
      }
    }

    Node unary() {
      if (eat("-")) return new Unary("-", unary());
      if (eat("+")) return unary();
      return pow();
    }

    Node pow() {
      Node n = atom();
      if (eat("**") || eat("^")) return new Binary("**", n, unary());
      return n;
    }

    Node atom() {
      skipSpace();
      if (pos >= s.length()) throw error("the expression ends too early");
      char c = s.charAt(pos);
      if (c == '(') {
        pos++;
        Node n = or();
        if (!eat(")")) throw error("missing ')'");
        return n;
      }
      if (Character.isDigit(c) || c == '.') {
        int start = pos;
        while (pos < s.length() && (Character.isDigit(s.charAt(pos)) || s.charAt(pos) == '.')) pos++;
        if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
          int save = pos++;
          if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) pos++;
          if (pos < s.length() && Character.isDigit(s.charAt(pos))) {
            while (pos < s.length() && Character.isDigit(s.charAt(pos))) pos++;
          } else {
            pos = save;
          }
        }
        try {
          return new Num(Double.parseDouble(s.substring(start, pos)));
        } catch (NumberFormatException e) {
          pos = start;
          throw error("'" + s.substring(start, Math.min(s.length(), start + 12)) + "' is not a number");
        }
      }
      if (Character.isLetter(c) || c == '_') {
        int start = pos;
        while (pos < s.length() && isNameChar(s.charAt(pos))) pos++;
        String name = s.substring(start, pos);
        skipSpace();
        if (pos < s.length() && s.charAt(pos) == '(') {
          if (!List.of("abs", "sqrt", "exp", "log").contains(name)) {
            pos = start;
            throw error("unknown function '" + name + "' (known: abs, sqrt, exp, log)");
          }
          pos++;
          Node arg = or();
          if (!eat(")")) throw error("missing ')'");
          return new Unary(name, arg);
        }
        names.add(name);
        return new Var(name);
      }
      throw error("unexpected '" + c + "'");
    }

    static boolean isNameChar(char c) {
      return Character.isLetterOrDigit(c) || c == '_';
    }
  }
}
