package org.spangeo.jobs.expr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The parser and the compiled evaluator without Spark: precedence as Python's, numpy's NaN and
 * type rules, broadcasting dims, and every error with its column. (The values against numpy on
 * real stores: ComputeVsXarrayTest.)
 */
class ArrayProgramTest {
  static final Map<String, ArrayProgram.Leaf> LEAVES = new LinkedHashMap<>();
  static {
    LEAVES.put("u10", new ArrayProgram.Leaf("u10", List.of("time", "latitude", "longitude"), true));
    LEAVES.put("v10", new ArrayProgram.Leaf("v10", List.of("time", "latitude", "longitude"), true));
    LEAVES.put("t", new ArrayProgram.Leaf("t", List.of("time", "level", "latitude", "longitude"), true));
    LEAVES.put("2m_temperature", new ArrayProgram.Leaf("2m_temperature", List.of("time", "latitude", "longitude"), false));
    LEAVES.put("latitude", new ArrayProgram.Leaf("latitude", List.of("latitude"), true));
  }

  static final ArrayProgram.Resolver R = new ArrayProgram.Resolver() {
    @Override
    public ArrayProgram.Leaf leaf(String name) {
      return LEAVES.get(name);
    }

    @Override
    public Set<String> known() {
      return LEAVES.keySet();
    }
  };

  static ArrayProgram compile(String text, ArrayProgram.Semantics s) {
    return ArrayProgram.compile(Expressions.formula(text, "--expr"), text, "--expr", R, s);
  }

  /** Evaluates with each leaf given as a full array of n values (already broadcast). */
  static double[] eval(String text, ArrayProgram.Semantics s, Map<String, double[]> values, int n) {
    ArrayProgram p = compile(text, s);
    double[][] v = new double[p.leaves().size()][];
    for (int i = 0; i < v.length; i++) v[i] = values.get(p.leaves().get(i).name());
    return p.evaluate(v, n, p.scratch()).clone();
  }

  static double[] eval(String text, Map<String, double[]> values, int n) {
    return eval(text, ArrayProgram.Semantics.NUMPY, values, n);
  }

  @Test
  void precedenceIsPythons() {
    Map<String, double[]> v = Map.of("u10", new double[] {3, -2}, "v10", new double[] {4, 5});
    assertArrayEquals(new double[] {5, Math.sqrt(29)}, eval("sqrt(u10**2 + v10**2)", v, 2), 1e-4);
    assertArrayEquals(new double[] {-9, -4}, eval("-u10**2", v, 2), 1e-4);                // -(u10**2)
    assertArrayEquals(new double[] {512 * 3, 512 * -2}, eval("u10 * 2**3**2", v, 2), 1e-4); // ** is right-associative
    assertArrayEquals(new double[] {3 - 4 - 1, -2 - 5 - 1}, eval("u10 - v10 - 1", v, 2), 1e-4);
    assertArrayEquals(new double[] {Math.pow(2, -3) * 2, Math.pow(2, 2) * 2}, eval("2**-u10*2", v, 2), 1e-4);
    assertArrayEquals(new double[] {3.0 / 4 / 2, -2.0 / 5 / 2}, eval("u10 / v10 / 2", v, 2), 1e-4);
    assertArrayEquals(new double[] {1, 0}, eval("u10 > 0 & v10 > 0", v, 2), 1e-4);          // & looser than >
    assertArrayEquals(new double[] {1, 0}, eval("(u10 > 0) | not (v10 > 4.5)", v, 2), 1e-4);
    assertArrayEquals(new double[] {2.5, 2.5}, eval("np.minimum(u10, 2.5) * 0 + 2.5", v, 2), 1e-4);
    assertArrayEquals(new double[] {1 - 273.15, 1 - 273.15}, eval("`2m_temperature` - 273.15",
        Map.of("2m_temperature", new double[] {1, 1}), 2), 1e-12);
    assertArrayEquals(new double[] {1e-3, 1.5}, eval("where(u10 > 0, 1e-3, .5 * 3)", v, 2), 1e-4);
  }

  @Test
  void nanRulesFollowNumpyOrStayMissingForScores() {
    Map<String, double[]> v = Map.of("u10", new double[] {Double.NaN, 1, 7}, "v10", new double[] {2, Double.NaN, 0});
    assertArrayEquals(new double[] {0, 0, 1}, eval("u10 > 2", v, 3));
    assertArrayEquals(new double[] {1, 1, 1}, eval("u10 != v10", v, 3));
    assertArrayEquals(new double[] {1, 0, 0}, eval("isnan(u10)", v, 3));
    assertArrayEquals(new double[] {9, 9, 7}, eval("where(u10, 9, 8) + where(u10 > 6, -2, 0) + where(isnan(u10), 0, 0)", v, 3));
    assertArrayEquals(new double[] {Double.NaN, Double.NaN, 0}, eval("minimum(u10, v10)", v, 3));
    assertArrayEquals(new double[] {2, 1, 0}, eval("fmin(u10, v10)", v, 3));
    assertArrayEquals(new double[] {Double.NaN, 1, 1}, eval("clip(u10, 1, 5) - clip(u10, 1, 5) + 1", v, 3));
    ArrayProgram.Semantics m = ArrayProgram.Semantics.MISSING_STAYS_MISSING;
    assertArrayEquals(new double[] {Double.NaN, 0, 1}, eval("u10 > 2", m, v, 3));
    assertArrayEquals(new double[] {Double.NaN, Double.NaN, 0}, eval("(u10 > 2) & (v10 > 1)", m, v, 3));
    assertArrayEquals(new double[] {Double.NaN, 1, 0}, eval("~(u10 > 2)", m, v, 3));
    assertArrayEquals(new double[] {Double.NaN, 1, 1}, eval("u10 and 3", m, v, 3));
  }

  @Test
  void typesAndDimsAreNumpysAndXarrays() {
    ArrayProgram p = compile("sqrt(u10**2 + v10**2)", ArrayProgram.Semantics.NUMPY);
    assertEquals(ArrayProgram.Type.FLOAT32, p.type());
    assertEquals(List.of("time", "latitude", "longitude"), p.dims());
    assertEquals(List.of("u10", "v10"), p.leafNames());
    // a level variable with a surface one: dims in order of first appearance, as xarray broadcasts
    assertEquals(List.of("time", "latitude", "longitude", "level"), compile("u10 + t", ArrayProgram.Semantics.NUMPY).dims());
    assertEquals(List.of("time", "level", "latitude", "longitude"), compile("t - u10", ArrayProgram.Semantics.NUMPY).dims());
    assertEquals(ArrayProgram.Type.FLOAT64, compile("`2m_temperature` - 273.15 + u10", ArrayProgram.Semantics.NUMPY).type());
    assertEquals(ArrayProgram.Type.BOOL, compile("(u10 > 1) | isnan(v10)", ArrayProgram.Semantics.NUMPY).type());
    assertEquals(ArrayProgram.Type.FLOAT64, compile("(u10 > 1) * 2.5", ArrayProgram.Semantics.NUMPY).type());
    assertEquals(ArrayProgram.Type.FLOAT32, compile("where(u10 > 1, u10, nan)", ArrayProgram.Semantics.NUMPY).type());
    assertEquals(List.of("latitude"), compile("cos(deg2rad(latitude)) * (2 + pi)", ArrayProgram.Semantics.NUMPY).dims());
  }

  @Test
  void constantsAreFoldedOnce() { // (u10 is float32: numpy rounds each step, to 1e-7)
    Map<String, double[]> v = Map.of("u10", new double[] {1, 2});
    assertArrayEquals(new double[] {1 + 2 * Math.PI, 2 + 2 * Math.PI}, eval("u10 + 2 * pi", v, 2), 1e-4);
    assertArrayEquals(new double[] {Math.exp(1) * 1, Math.exp(1) * 2}, eval("exp(1) * u10", v, 2), 1e-4);
  }

  static ExpressionException error(String text) {
    return assertThrows(ExpressionException.class, () -> {
      Expressions.Assignment a = Expressions.assignment(text, "--expr");
      ArrayProgram.compile(a.expression(), text, "--expr", R, ArrayProgram.Semantics.NUMPY);
    });
  }

  static void has(String text, String part) {
    String m = error(text).getMessage();
    assertTrue(m.contains(part), m);
  }

  @Test
  void errorsNameWhatAndWhere() {
    ExpressionException e = error("ws = sqrt(u10**2 + )");
    assertEquals("--expr 'ws = sqrt(u10**2 + )': unexpected ')' at column 20", e.getMessage());
    assertEquals("  ws = sqrt(u10**2 + )\n                     ^\n", e.caret().replace(System.lineSeparator(), "\n"));
    e = error("ws = sqrt(u1O**2 + v10**2)");
    assertTrue(e.getMessage().contains("unknown variable 'u1O' (did you mean 'u10'"), e.getMessage());
    assertTrue(e.getMessage().endsWith("at column 11"), e.getMessage());
    assertTrue(error("ws = sqrt(u10**2").getMessage().endsWith("missing ')' at the end at column 17"), "missing )");
    has("ws = sqr(u10)", "unknown function 'sqr' (did you mean 'sqrt'");
    has("ws = minimum(u10)", "minimum takes 2 arguments, not 1 at column 6");
    has("ws = 0 < u10 < 5", "chained comparisons are ambiguous here");
    has("ws = u10 & v10", "'&' needs true/false operands");
    has("sqrt(u10**2 + v10**2)", "names no result: write NAME = EXPRESSION");
    has("ws = u10 $ 2", "unexpected character '$' at column 10");
    has("ws = `2m_temperature - 1", "backtick-quoted name is not closed");
    has("ws = 1 + 2", "uses no variable");
    has("ws = xr.sqrt(u10)", "'xr.sqrt' is not a name");
    has("   ", "the expression is empty");
    assertEquals("ws", Expressions.assignment("ws = np.sqrt(u10 ** 2)", "--expr").target());
    assertEquals("wind speed", Expressions.assignment("`wind speed` = u10 == 1", "--expr").target());
  }
}
