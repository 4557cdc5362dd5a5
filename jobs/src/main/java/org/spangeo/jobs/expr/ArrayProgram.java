package org.spangeo.jobs.expr;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.spangeo.zarr.dataset.Names;

/**
 * An {@link Ast} compiled once into a vectorised evaluator: each operator is a loop over whole
 * blocks of {@code double[]} (no per-cell objects, no interpretation per cell), numbers stay
 * scalars, constant sub-trees are folded, and every intermediate array is a scratch buffer
 * reused from block to block.
 *
 * <p>Compiling resolves every name to a leaf (a variable or coordinate with its dims), an
 * earlier result (inlined) or a constant ({@code nan}, {@code inf}, {@code pi}, {@code e}),
 * checks the functions and their arguments, and works out what numpy would give: the result's
 * dims (the ordered union of the operands' dims, as xarray broadcasts by name) and its type
 * (bool for comparisons, float64 when a float64 or integer input takes part, else float32;
 * Python numbers do not widen float32, as in numpy 1.x).
 *
 * <p>Two semantics: {@link Semantics#NUMPY} (NaN compares false, {@code &}, {@code |}, {@code ~}
 * need true/false operands, {@code where} takes NaN as true) and
 * {@link Semantics#MISSING_STAYS_MISSING} for scores, where a comparison or logical operation
 * on a missing value is missing (NaN), not "false".
 */
public final class ArrayProgram implements Serializable {
  private static final long serialVersionUID = 1L;

  public enum Semantics { NUMPY, MISSING_STAYS_MISSING }

  /** The numpy type of a result: bool, float32 or float64. */
  public enum Type { BOOL, FLOAT32, FLOAT64 }

  /** A variable or coordinate the program reads: its dims and whether it is float32. */
  public record Leaf(String name, List<String> dims, boolean float32) implements Serializable {
    public Leaf {
      dims = List.copyOf(dims);
    }
  }

  /** What names mean when compiling. */
  public interface Resolver {
    /** The leaf called {@code name}, or null. */
    Leaf leaf(String name);

    /** An earlier result called {@code name} (inlined), or null. */
    default Ast.Node earlier(String name) {
      return null;
    }

    /** Every name that would resolve, for suggestions. */
    Set<String> known();
  }

  private final String text;
  private final Op root;
  private final List<Leaf> leaves;
  private final List<String> dims;
  private final Type type;
  private final int slots;

  private ArrayProgram(String text, Op root, List<Leaf> leaves, List<String> dims, Type type, int slots) {
    this.text = text;
    this.root = root;
    this.leaves = List.copyOf(leaves);
    this.dims = List.copyOf(dims);
    this.type = type;
    this.slots = slots;
  }

  /** Compiles {@code tree} (parsed from {@code text}); {@code option} names the option in errors. */
  public static ArrayProgram compile(Ast.Node tree, String text, String option, Resolver resolver, Semantics semantics) {
    Compiler c = new Compiler(text, option, resolver, semantics);
    Op root = c.compile(tree, new java.util.HashSet<>());
    if (root instanceof Const) {
      throw new ExpressionException(option, text, -1, "uses no variable: the result would be one number everywhere");
    }
    List<String> dims = new ArrayList<>(root.dims);
    Type t = root.kind == Kind.BOOL ? Type.BOOL : root.kind == Kind.F64 || root.kind == Kind.WEAK ? Type.FLOAT64 : Type.FLOAT32;
    return new ArrayProgram(text, root, new ArrayList<>(c.leaves.values()), dims, t, c.slots);
  }

  public String text() {
    return text;
  }

  /** The leaves, in the order {@link #evaluate} takes their values. */
  public List<Leaf> leaves() {
    return leaves;
  }

  public List<String> leafNames() {
    List<String> out = new ArrayList<>();
    for (Leaf l : leaves) out.add(l.name());
    return out;
  }

  /** The result's dims: the ordered union of the leaves' dims, as xarray broadcasts. */
  public List<String> dims() {
    return dims;
  }

  public Type type() {
    return type;
  }

  /** Scratch buffers for one thread: reused from block to block. */
  public Scratch scratch() {
    return new Scratch(slots);
  }

  /**
   * Evaluates over blocks of {@code n} values: {@code values[i]} holds leaf i's values,
   * broadcast to the block (length n). Returns a buffer of length n that the next call reuses
   * (or, for a bare leaf, that leaf's own array): copy what you keep. Bool results are 1 and 0.
   */
  public double[] evaluate(double[][] values, int n, Scratch s) {
    if (values.length != leaves.size()) {
      throw new IllegalArgumentException(leaves.size() + " leaves, " + values.length + " arrays");
    }
    return root.eval(values, n, s);
  }

  @Override
  public String toString() {
    return text;
  }

  /** Per-thread intermediate arrays, one per operator. */
  public static final class Scratch {
    private final double[][] buffers;

    Scratch(int slots) {
      buffers = new double[slots][];
    }

    double[] get(int slot, int n) {
      double[] b = buffers[slot];
      if (b == null || b.length != n) {
        b = new double[n];
        buffers[slot] = b;
      }
      return b;
    }
  }

  // ------------------------------------------------------------------ compiling

  /** numpy's kinds: bool, a Python number (weak: does not widen float32), float32, float64. */
  enum Kind { BOOL, WEAK, F32, F64 }

  static Kind widen(Kind a, Kind b) {
    if (a == Kind.F64 || b == Kind.F64) return Kind.F64;
    if (a == Kind.F32 || b == Kind.F32) return Kind.F32;
    if (a == Kind.WEAK || b == Kind.WEAK) return a == Kind.BOOL || b == Kind.BOOL ? Kind.F64 : Kind.WEAK;
    return Kind.BOOL;
  }

  static List<String> union(List<String> a, List<String> b) {
    if (b.isEmpty()) return a;
    List<String> out = new ArrayList<>(a);
    for (String d : b) if (!out.contains(d)) out.add(d);
    return out;
  }

  /** Function names and their argument counts. */
  static final Map<String, Integer> FUNCTIONS = new LinkedHashMap<>();
  static {
    for (String f : new String[] {"sqrt", "abs", "absolute", "exp", "log", "log10", "log2", "sin", "cos", "tan", "arcsin",
        "arccos", "arctan", "deg2rad", "rad2deg", "floor", "ceil", "isnan", "isfinite"}) {
      FUNCTIONS.put(f, 1);
    }
    for (String f : new String[] {"minimum", "maximum", "fmin", "fmax", "arctan2", "power"}) FUNCTIONS.put(f, 2);
    FUNCTIONS.put("where", 3);
    FUNCTIONS.put("clip", 3);
  }

  static final Map<String, Double> CONSTANTS = Map.of("nan", Double.NaN, "inf", Double.POSITIVE_INFINITY,
      "pi", Math.PI, "e", Math.E, "NaN", Double.NaN);

  private static final class Compiler {
    final String text;
    final String option;
    final Resolver resolver;
    final Semantics semantics;
    final LinkedHashMap<String, Leaf> leaves = new LinkedHashMap<>();
    int slots;

    Compiler(String text, String option, Resolver resolver, Semantics semantics) {
      this.text = text;
      this.option = option;
      this.resolver = resolver;
      this.semantics = semantics;
    }

    ExpressionException error(int at, String what) {
      return new ExpressionException(option, text, at, what);
    }

    Op compile(Ast.Node n, java.util.Set<String> inlining) {
      if (n instanceof Ast.Num x) return new Const(x.value());
      if (n instanceof Ast.Name x) return name(x, inlining);
      if (n instanceof Ast.Unary u) {
        Op a = compile(u.operand(), inlining);
        if (u.op().equals("-")) return fold(new Unary(Fn.NEG, a, slots++, a.kind == Kind.BOOL ? Kind.F32 : a.kind));
        needBool(a, u.at(), "'~' (not)");
        return fold(new Unary(Fn.NOT, a, slots++, semantics == Semantics.NUMPY ? Kind.BOOL : Kind.F64));
      }
      if (n instanceof Ast.Binary b) {
        Op x = compile(b.left(), inlining);
        Op y = compile(b.right(), inlining);
        Bin op = Bin.of(b.op());
        if (op == Bin.AND || op == Bin.OR) {
          needBool(x, b.at(), "'" + b.op() + "'");
          needBool(y, b.at(), "'" + b.op() + "'");
        }
        Kind k = op.logical() ? (semantics == Semantics.NUMPY ? Kind.BOOL : Kind.F64) : arithmetic(x.kind, y.kind);
        return fold(new Binary(op, x, y, slots++, k));
      }
      Ast.Call c = (Ast.Call) n;
      Integer arity = FUNCTIONS.get(c.function());
      if (arity == null) {
        throw error(c.at(), "unknown function '" + c.function() + "'" + Names.suggest(c.function(), FUNCTIONS.keySet()));
      }
      if (c.args().size() != arity) {
        throw error(c.at(), c.function() + " takes " + arity + " argument" + (arity == 1 ? "" : "s") + ", not " + c.args().size());
      }
      List<Op> a = new ArrayList<>();
      for (Ast.Node x : c.args()) a.add(compile(x, inlining));
      switch (c.function()) {
        case "where": {
          Kind k = a.get(1).kind == Kind.BOOL && a.get(2).kind == Kind.BOOL ? Kind.BOOL : arithmetic(a.get(1).kind, a.get(2).kind);
          return fold(new Where(a.get(0), a.get(1), a.get(2), slots++, k, semantics));
        }
        case "clip": { // numpy: minimum(maximum(x, lo), hi)
          Op lo = fold(new Binary(Bin.MAX, a.get(0), a.get(1), slots++, arithmetic(a.get(0).kind, a.get(1).kind)));
          return fold(new Binary(Bin.MIN, lo, a.get(2), slots++, arithmetic(lo.kind, a.get(2).kind)));
        }
        case "minimum": case "maximum": case "fmin": case "fmax": case "arctan2": case "power":
          return fold(new Binary(Bin.of(c.function()), a.get(0), a.get(1), slots++, arithmetic(a.get(0).kind, a.get(1).kind)));
        case "isnan": case "isfinite":
          return fold(new Unary(Fn.of(c.function()), a.get(0), slots++, Kind.BOOL));
        default:
          return fold(new Unary(Fn.of(c.function()), a.get(0), slots++, a.get(0).kind == Kind.BOOL ? Kind.F32 : a.get(0).kind));
      }
    }

    static Kind arithmetic(Kind a, Kind b) {
      Kind k = widen(a, b);
      return k == Kind.BOOL ? Kind.F64 : k;
    }

    void needBool(Op x, int at, String what) {
      if (semantics == Semantics.NUMPY && x.kind != Kind.BOOL) {
        throw error(at, what + " needs true/false operands such as comparisons: write (t2m > 300) & (tp > 0)");
      }
    }

    Op name(Ast.Name x, java.util.Set<String> inlining) {
      String name = x.name();
      Leaf l = leaves.get(name);
      if (l != null) return new LeafOp(indexOf(name), l);
      Ast.Node earlier = resolver.earlier(name);
      if (earlier != null) {
        if (!inlining.add(name)) throw error(x.at(), "'" + name + "' refers to itself");
        Op o = compile(earlier, inlining);
        inlining.remove(name);
        return o;
      }
      try {
        l = resolver.leaf(name);
      } catch (ExpressionException e) {
        throw e;
      } catch (org.spangeo.zarr.InvalidArgumentException | IllegalArgumentException e) {
        throw error(x.at(), e.getMessage());
      }
      if (l != null) {
        leaves.put(name, l);
        return new LeafOp(leaves.size() - 1, l);
      }
      Double c = CONSTANTS.get(name);
      if (c != null) return new Const(c);
      throw error(x.at(), "unknown variable '" + name + "'" + Names.suggest(name, resolver.known()));
    }

    int indexOf(String name) {
      int i = 0;
      for (String k : leaves.keySet()) {
        if (k.equals(name)) return i;
        i++;
      }
      throw new IllegalStateException(name);
    }

    /** Evaluates operators whose operands are all numbers, once. */
    Op fold(Op o) {
      for (Op c : o.children()) if (!(c instanceof Const)) return o;
      double[] r = o.eval(new double[0][], 1, new Scratch(slots));
      return new Const(r[0]);
    }
  }

  // ------------------------------------------------------------------ evaluating

  abstract static class Op implements Serializable {
    private static final long serialVersionUID = 1L;
    final Kind kind;
    final List<String> dims;

    Op(Kind kind, List<String> dims) {
      this.kind = kind;
      this.dims = dims;
    }

    abstract double[] eval(double[][] v, int n, Scratch s);

    List<Op> children() {
      return List.of();
    }
  }

  static final class Const extends Op {
    private static final long serialVersionUID = 1L;
    final double value;

    Const(double value) {
      super(Kind.WEAK, List.of());
      this.value = value;
    }

    @Override
    double[] eval(double[][] v, int n, Scratch s) {
      double[] r = new double[n];
      java.util.Arrays.fill(r, value);
      return r;
    }
  }

  static final class LeafOp extends Op {
    private static final long serialVersionUID = 1L;
    final int index;

    LeafOp(int index, Leaf leaf) {
      super(leaf.float32() ? Kind.F32 : Kind.F64, leaf.dims());
      this.index = index;
    }

    @Override
    double[] eval(double[][] v, int n, Scratch s) {
      return v[index];
    }
  }

  enum Fn {
    NEG, NOT, SQRT, ABS, EXP, LOG, LOG10, LOG2, SIN, COS, TAN, ARCSIN, ARCCOS, ARCTAN, DEG2RAD, RAD2DEG, FLOOR, CEIL,
    ISNAN, ISFINITE;

    static Fn of(String f) {
      return f.equals("absolute") ? ABS : valueOf(f.toUpperCase(java.util.Locale.ROOT));
    }
  }

  static final class Unary extends Op {
    private static final long serialVersionUID = 1L;
    final Fn fn;
    final Op a;
    final int slot;
    final boolean missingStays;

    Unary(Fn fn, Op a, int slot, Kind kind) {
      super(kind, a.dims);
      this.fn = fn;
      this.a = a;
      this.slot = slot;
      this.missingStays = kind == Kind.F64 && fn == Fn.NOT;
    }

    @Override
    List<Op> children() {
      return List.of(a);
    }

    @Override
    double[] eval(double[][] v, int n, Scratch s) {
      double[] x = a instanceof Const c ? constant(c.value, n) : a.eval(v, n, s);
      double[] r = s.get(slot, n);
      switch (fn) {
        case NEG: for (int i = 0; i < n; i++) r[i] = -x[i]; break;
        case NOT:
          if (missingStays) for (int i = 0; i < n; i++) r[i] = x[i] != x[i] ? Double.NaN : x[i] == 0 ? 1 : 0;
          else for (int i = 0; i < n; i++) r[i] = x[i] == 0 ? 1 : 0;
          break;
        case SQRT: for (int i = 0; i < n; i++) r[i] = Math.sqrt(x[i]); break;
        case ABS: for (int i = 0; i < n; i++) r[i] = Math.abs(x[i]); break;
        case EXP: for (int i = 0; i < n; i++) r[i] = Math.exp(x[i]); break;
        case LOG: for (int i = 0; i < n; i++) r[i] = Math.log(x[i]); break;
        case LOG10: for (int i = 0; i < n; i++) r[i] = Math.log10(x[i]); break;
        case LOG2: for (int i = 0; i < n; i++) r[i] = Math.log(x[i]) / Math.log(2); break;
        case SIN: for (int i = 0; i < n; i++) r[i] = Math.sin(x[i]); break;
        case COS: for (int i = 0; i < n; i++) r[i] = Math.cos(x[i]); break;
        case TAN: for (int i = 0; i < n; i++) r[i] = Math.tan(x[i]); break;
        case ARCSIN: for (int i = 0; i < n; i++) r[i] = Math.asin(x[i]); break;
        case ARCCOS: for (int i = 0; i < n; i++) r[i] = Math.acos(x[i]); break;
        case ARCTAN: for (int i = 0; i < n; i++) r[i] = Math.atan(x[i]); break;
        case DEG2RAD: for (int i = 0; i < n; i++) r[i] = x[i] * (Math.PI / 180); break;
        case RAD2DEG: for (int i = 0; i < n; i++) r[i] = x[i] * (180 / Math.PI); break;
        case FLOOR: for (int i = 0; i < n; i++) r[i] = Math.floor(x[i]); break;
        case CEIL: for (int i = 0; i < n; i++) r[i] = Math.ceil(x[i]); break;
        case ISNAN: for (int i = 0; i < n; i++) r[i] = x[i] != x[i] ? 1 : 0; break;
        default: for (int i = 0; i < n; i++) r[i] = Double.isFinite(x[i]) ? 1 : 0; // ISFINITE
      }
      if (kind == Kind.F32) toFloat32(r, n);
      return r;
    }
  }

  enum Bin {
    ADD, SUB, MUL, DIV, POW, LT, LE, GT, GE, EQ, NE, AND, OR, MIN, MAX, FMIN, FMAX, ATAN2;

    static Bin of(String op) {
      switch (op) {
        case "+": return ADD;
        case "-": return SUB;
        case "*": return MUL;
        case "/": return DIV;
        case "**": case "^": case "power": return POW;
        case "<": return LT;
        case "<=": return LE;
        case ">": return GT;
        case ">=": return GE;
        case "==": return EQ;
        case "!=": return NE;
        case "&": return AND;
        case "|": return OR;
        case "minimum": return MIN;
        case "maximum": return MAX;
        case "fmin": return FMIN;
        case "fmax": return FMAX;
        case "arctan2": return ATAN2;
        default: throw new IllegalArgumentException(op);
      }
    }

    boolean logical() {
      return ordinal() >= LT.ordinal() && ordinal() <= OR.ordinal();
    }

    /** The operator with its operands swapped (x op y == y swapped x); null when there is none. */
    Bin swapped() {
      switch (this) {
        case ADD: case MUL: case EQ: case NE: case AND: case OR: case MIN: case MAX: case FMIN: case FMAX: return this;
        case LT: return GT;
        case LE: return GE;
        case GT: return LT;
        case GE: return LE;
        default: return null;
      }
    }
  }

  static final class Binary extends Op {
    private static final long serialVersionUID = 1L;
    final Bin op;
    final Op a;
    final Op b;
    final int slot;
    /** Comparisons and logic under MISSING_STAYS_MISSING: NaN in, NaN out. */
    final boolean missingStays;

    Binary(Bin op, Op a, Op b, int slot, Kind kind) {
      super(kind, union(a.dims, b.dims));
      this.op = op;
      this.a = a;
      this.b = b;
      this.slot = slot;
      this.missingStays = op.logical() && kind == Kind.F64;
    }

    @Override
    List<Op> children() {
      return List.of(a, b);
    }

    @Override
    double[] eval(double[][] v, int n, Scratch s) {
      double[] r = s.get(slot, n);
      // numpy computes a float32 operation in float32, a Python number cast to float32 first
      boolean f32 = kind == Kind.F32 || (op.logical() && (a.kind == Kind.F32 || b.kind == Kind.F32) && !has(Kind.F64));
      if (a instanceof Const c && !(b instanceof Const)) {
        double k = f32 ? (float) c.value : c.value;
        double[] y = b.eval(v, n, s);
        Bin sw = op.swapped();
        if (sw != null) arrayScalar(sw, y, k, r, n);
        else scalarArray(op, k, y, r, n);
        if (missingStays) missing(y, k, r, n);
      } else if (b instanceof Const c) {
        double k = f32 ? (float) c.value : c.value;
        double[] x = a.eval(v, n, s);
        arrayScalar(op, x, k, r, n);
        if (missingStays) missing(x, k, r, n);
      } else {
        double[] x = a.eval(v, n, s);
        double[] y = b.eval(v, n, s);
        arrays(op, x, y, r, n);
        if (missingStays) missing(x, y, r, n);
      }
      if (kind == Kind.F32) toFloat32(r, n);
      return r;
    }

    private boolean has(Kind k) {
      return a.kind == k || b.kind == k;
    }

    static void missing(double[] x, double k, double[] r, int n) {
      if (k != k) java.util.Arrays.fill(r, 0, n, Double.NaN);
      else for (int i = 0; i < n; i++) if (x[i] != x[i]) r[i] = Double.NaN;
    }

    static void missing(double[] x, double[] y, double[] r, int n) {
      for (int i = 0; i < n; i++) if (x[i] != x[i] || y[i] != y[i]) r[i] = Double.NaN;
    }

    static void arrays(Bin op, double[] x, double[] y, double[] r, int n) {
      switch (op) {
        case ADD: for (int i = 0; i < n; i++) r[i] = x[i] + y[i]; break;
        case SUB: for (int i = 0; i < n; i++) r[i] = x[i] - y[i]; break;
        case MUL: for (int i = 0; i < n; i++) r[i] = x[i] * y[i]; break;
        case DIV: for (int i = 0; i < n; i++) r[i] = x[i] / y[i]; break;
        case POW: for (int i = 0; i < n; i++) r[i] = Math.pow(x[i], y[i]); break;
        case LT: for (int i = 0; i < n; i++) r[i] = x[i] < y[i] ? 1 : 0; break;
        case LE: for (int i = 0; i < n; i++) r[i] = x[i] <= y[i] ? 1 : 0; break;
        case GT: for (int i = 0; i < n; i++) r[i] = x[i] > y[i] ? 1 : 0; break;
        case GE: for (int i = 0; i < n; i++) r[i] = x[i] >= y[i] ? 1 : 0; break;
        case EQ: for (int i = 0; i < n; i++) r[i] = x[i] == y[i] ? 1 : 0; break;
        case NE: for (int i = 0; i < n; i++) r[i] = x[i] != y[i] ? 1 : 0; break;
        case AND: for (int i = 0; i < n; i++) r[i] = x[i] != 0 && y[i] != 0 ? 1 : 0; break;
        case OR: for (int i = 0; i < n; i++) r[i] = x[i] != 0 || y[i] != 0 ? 1 : 0; break;
        case MIN: for (int i = 0; i < n; i++) r[i] = Math.min(x[i], y[i]); break;
        case MAX: for (int i = 0; i < n; i++) r[i] = Math.max(x[i], y[i]); break;
        case FMIN: for (int i = 0; i < n; i++) r[i] = x[i] != x[i] ? y[i] : y[i] != y[i] ? x[i] : Math.min(x[i], y[i]); break;
        case FMAX: for (int i = 0; i < n; i++) r[i] = x[i] != x[i] ? y[i] : y[i] != y[i] ? x[i] : Math.max(x[i], y[i]); break;
        default: for (int i = 0; i < n; i++) r[i] = Math.atan2(x[i], y[i]); // ATAN2
      }
    }

    static void arrayScalar(Bin op, double[] x, double k, double[] r, int n) {
      switch (op) {
        case ADD: for (int i = 0; i < n; i++) r[i] = x[i] + k; break;
        case SUB: for (int i = 0; i < n; i++) r[i] = x[i] - k; break;
        case MUL: for (int i = 0; i < n; i++) r[i] = x[i] * k; break;
        case DIV: for (int i = 0; i < n; i++) r[i] = x[i] / k; break;
        case POW:
          if (k == 2) for (int i = 0; i < n; i++) r[i] = x[i] * x[i];
          else for (int i = 0; i < n; i++) r[i] = Math.pow(x[i], k);
          break;
        case LT: for (int i = 0; i < n; i++) r[i] = x[i] < k ? 1 : 0; break;
        case LE: for (int i = 0; i < n; i++) r[i] = x[i] <= k ? 1 : 0; break;
        case GT: for (int i = 0; i < n; i++) r[i] = x[i] > k ? 1 : 0; break;
        case GE: for (int i = 0; i < n; i++) r[i] = x[i] >= k ? 1 : 0; break;
        case EQ: for (int i = 0; i < n; i++) r[i] = x[i] == k ? 1 : 0; break;
        case NE: for (int i = 0; i < n; i++) r[i] = x[i] != k ? 1 : 0; break;
        case AND: for (int i = 0; i < n; i++) r[i] = x[i] != 0 && k != 0 ? 1 : 0; break;
        case OR: for (int i = 0; i < n; i++) r[i] = x[i] != 0 || k != 0 ? 1 : 0; break;
        case MIN: for (int i = 0; i < n; i++) r[i] = Math.min(x[i], k); break;
        case MAX: for (int i = 0; i < n; i++) r[i] = Math.max(x[i], k); break;
        case FMIN: for (int i = 0; i < n; i++) r[i] = x[i] != x[i] ? k : k != k ? x[i] : Math.min(x[i], k); break;
        case FMAX: for (int i = 0; i < n; i++) r[i] = x[i] != x[i] ? k : k != k ? x[i] : Math.max(x[i], k); break;
        default: for (int i = 0; i < n; i++) r[i] = Math.atan2(x[i], k); // ATAN2
      }
    }

    /** Number on the left of an operator without a swapped form (- / ** arctan2). */
    static void scalarArray(Bin op, double k, double[] y, double[] r, int n) {
      switch (op) {
        case SUB: for (int i = 0; i < n; i++) r[i] = k - y[i]; break;
        case DIV: for (int i = 0; i < n; i++) r[i] = k / y[i]; break;
        case POW: for (int i = 0; i < n; i++) r[i] = Math.pow(k, y[i]); break;
        default: for (int i = 0; i < n; i++) r[i] = Math.atan2(k, y[i]); // ATAN2
      }
    }
  }

  static final class Where extends Op {
    private static final long serialVersionUID = 1L;
    final Op c;
    final Op a;
    final Op b;
    final int slot;
    final boolean missingStays;

    Where(Op c, Op a, Op b, int slot, Kind kind, Semantics s) {
      super(kind, union(union(c.dims, a.dims), b.dims));
      this.c = c;
      this.a = a;
      this.b = b;
      this.slot = slot;
      this.missingStays = s == Semantics.MISSING_STAYS_MISSING;
    }

    @Override
    List<Op> children() {
      return List.of(c, a, b);
    }

    @Override
    double[] eval(double[][] v, int n, Scratch s) {
      double[] cond = c instanceof Const k ? constant(k.value, n) : c.eval(v, n, s);
      double[] x = a instanceof Const k ? null : a.eval(v, n, s);
      double[] y = b instanceof Const k ? null : b.eval(v, n, s);
      double kx = a instanceof Const k ? k.value : 0;
      double ky = b instanceof Const k ? k.value : 0;
      double[] r = s.get(slot, n);
      // numpy's truth: anything but 0, NaN included
      if (x != null && y != null) for (int i = 0; i < n; i++) r[i] = cond[i] != 0 ? x[i] : y[i];
      else if (x != null) for (int i = 0; i < n; i++) r[i] = cond[i] != 0 ? x[i] : ky;
      else if (y != null) for (int i = 0; i < n; i++) r[i] = cond[i] != 0 ? kx : y[i];
      else for (int i = 0; i < n; i++) r[i] = cond[i] != 0 ? kx : ky;
      if (missingStays) for (int i = 0; i < n; i++) if (cond[i] != cond[i]) r[i] = Double.NaN;
      if (kind == Kind.F32) toFloat32(r, n);
      return r;
    }
  }

  /** Rounds to float32, as numpy's float32 operations do after each step. */
  static void toFloat32(double[] r, int n) {
    for (int i = 0; i < n; i++) r[i] = (float) r[i];
  }

  static double[] constant(double k, int n) {
    double[] r = new double[n];
    java.util.Arrays.fill(r, k);
    return r;
  }
}
