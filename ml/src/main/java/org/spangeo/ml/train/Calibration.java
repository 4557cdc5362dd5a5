package org.spangeo.ml.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Locale;
import org.spangeo.zarr.InvalidArgumentException;
import org.spangeo.zarr.metadata.MetadataParser;

/**
 * A map from the model's logit z to a calibrated probability, fitted on the validation year:
 * <ul>
 *   <li>Platt scaling: p = σ(a·z + b), a and b by maximum likelihood (Newton's method on the
 *       log-loss, no target smoothing);</li>
 *   <li>isotonic regression: the non-decreasing step function of z with the least squared error
 *       (pool adjacent violators over the sorted logits, equal logits pooled first), evaluated
 *       between its knots by linear interpolation and clipped outside them, as scikit-learn's
 *       {@code IsotonicRegression(out_of_bounds="clip")};</li>
 *   <li>none: σ(z), the raw output (a model trained before calibration, or {@code predict --raw}).</li>
 * </ul>
 * The class weight of the training loss (pos_weight) shifts the logits; either map undoes it, so
 * it does not leak into the probabilities.
 */
public final class Calibration implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final String FILE = "calibration.json";
  public static final String PLATT = "platt";
  public static final String ISOTONIC = "isotonic";
  public static final String NONE = "none";

  public final String method;
  /** Yes where the calibrated probability ≥ this (best validation CSI); NaN when not recorded. */
  public double decisionThreshold = Double.NaN;
  public final double a;
  public final double b;
  /** Isotonic knots: logits (increasing) and probabilities (non-decreasing). */
  final double[] x;
  final double[] y;

  private Calibration(String method, double a, double b, double[] x, double[] y) {
    this.method = method;
    this.a = a;
    this.b = b;
    this.x = x;
    this.y = y;
  }

  public static final Calibration RAW = new Calibration(NONE, 1, 0, null, null);

  /** The calibrated probability of logit z. */
  public double apply(double z) {
    switch (method) {
      case PLATT:
        return sigmoid(a * z + b);
      case ISOTONIC: {
        if (z <= x[0]) return y[0];
        int n = x.length;
        if (z >= x[n - 1]) return y[n - 1];
        int i = Arrays.binarySearch(x, z);
        if (i >= 0) return y[i];
        int hi = -i - 1;
        int lo = hi - 1;
        return y[lo] + (y[hi] - y[lo]) * (z - x[lo]) / (x[hi] - x[lo]);
      }
      default:
        return sigmoid(z);
    }
  }

  public static double sigmoid(double z) {
    return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
  }

  /** log(1 + e^t) without overflow. */
  static double softplus(double t) {
    return t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t));
  }

  /** Platt scaling on {@code n} logits and 0/1 outcomes; {@code use[i]} false leaves a point out (null: all). */
  public static Calibration platt(float[] z, byte[] o, int n, boolean[] use) {
    double a = 1;
    double b = 0;
    double loss = plattLoss(z, o, n, use, a, b);
    for (int iter = 0; iter < 100; iter++) {
      double ga = 0;
      double gb = 0;
      double haa = 0;
      double hab = 0;
      double hbb = 0;
      for (int i = 0; i < n; i++) {
        if (use != null && !use[i]) continue;
        double zi = z[i];
        double p = sigmoid(a * zi + b);
        double r = p - o[i];
        double v = p * (1 - p);
        ga += r * zi;
        gb += r;
        haa += v * zi * zi;
        hab += v * zi;
        hbb += v;
      }
      double det = haa * hbb - hab * hab;
      if (!(det > 0)) break;
      double da = (hbb * ga - hab * gb) / det;
      double db = (haa * gb - hab * ga) / det;
      // backtracking: Newton's step is exact near the optimum, halved while it does not help
      double step = 1;
      double na = a - da;
      double nb = b - db;
      double nl = plattLoss(z, o, n, use, na, nb);
      while (nl > loss && step > 1e-8) {
        step /= 2;
        na = a - step * da;
        nb = b - step * db;
        nl = plattLoss(z, o, n, use, na, nb);
      }
      if (nl > loss) break;
      boolean done = Math.abs(na - a) < 1e-12 * (1 + Math.abs(a)) && Math.abs(nb - b) < 1e-12 * (1 + Math.abs(b));
      a = na;
      b = nb;
      loss = nl;
      if (done) break;
    }
    return new Calibration(PLATT, a, b, null, null);
  }

  static double plattLoss(float[] z, byte[] o, int n, boolean[] use, double a, double b) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      if (use != null && !use[i]) continue;
      double t = a * z[i] + b;
      s += o[i] == 1 ? softplus(-t) : softplus(t);
    }
    return s;
  }

  /** Isotonic regression of the outcomes on the logits (pool adjacent violators), knots kept as scikit-learn keeps them. */
  public static Calibration isotonic(float[] z, byte[] o, int n, boolean[] use) {
    // sort by logit: the sortable bits of the float in the high word, the index below
    int m = 0;
    long[] key = new long[n];
    for (int i = 0; i < n; i++) {
      if (use != null && !use[i]) continue;
      int bits = Float.floatToIntBits(z[i] == 0f ? 0f : z[i]); // -0 and 0 are the same logit
      bits ^= (bits >> 31) & 0x7fffffff;
      key[m++] = ((long) bits << 32) | i;
    }
    key = Arrays.copyOf(key, m);
    Arrays.sort(key);
    // equal logits pooled first (weights = counts), then PAV over the distinct ones
    double[] bx = new double[m];
    double[] by = new double[m];
    double[] bw = new double[m];
    int u = 0;
    for (int k = 0; k < m; ) {
      int i = (int) key[k];
      float zk = z[i] == 0f ? 0f : z[i];
      double sum = 0;
      int cnt = 0;
      while (k < m && (z[(int) key[k]] == 0f ? 0f : z[(int) key[k]]) == zk) {
        sum += o[(int) key[k]];
        cnt++;
        k++;
      }
      bx[u] = zk;
      by[u] = sum / cnt;
      bw[u] = cnt;
      u++;
    }
    // PAV with a stack of blocks: value, weight, and the first distinct point of each block
    double[] val = new double[u];
    double[] wt = new double[u];
    int[] start = new int[u];
    int top = 0;
    for (int i = 0; i < u; i++) {
      val[top] = by[i];
      wt[top] = bw[i];
      start[top] = i;
      top++;
      while (top > 1 && val[top - 2] >= val[top - 1]) {
        double w = wt[top - 2] + wt[top - 1];
        val[top - 2] = (val[top - 2] * wt[top - 2] + val[top - 1] * wt[top - 1]) / w;
        wt[top - 2] = w;
        top--;
      }
    }
    // knots: the first and last distinct logit of each block (a block of one point: once)
    double[] kx = new double[2 * top];
    double[] ky = new double[2 * top];
    int nk = 0;
    for (int j = 0; j < top; j++) {
      int first = start[j];
      int last = j + 1 < top ? start[j + 1] - 1 : u - 1;
      kx[nk] = bx[first];
      ky[nk++] = val[j];
      if (last != first) {
        kx[nk] = bx[last];
        ky[nk++] = val[j];
      }
    }
    if (nk == 0) throw new InvalidArgumentException("isotonic calibration: no validation point");
    return new Calibration(ISOTONIC, Double.NaN, Double.NaN, Arrays.copyOf(kx, nk), Arrays.copyOf(ky, nk));
  }

  /** Number of knots (isotonic), for the summary. */
  public int knots() {
    return x == null ? 0 : x.length;
  }

  public ObjectNode toJson() {
    ObjectNode j = MetadataParser.JSON.createObjectNode();
    j.put("method", method);
    if (PLATT.equals(method)) {
      j.put("a", a);
      j.put("b", b);
    } else if (ISOTONIC.equals(method)) {
      ArrayNode xs = j.putArray("logits");
      ArrayNode ys = j.putArray("probabilities");
      for (int i = 0; i < x.length; i++) {
        xs.add(x[i]);
        ys.add(y[i]);
      }
    }
    return j;
  }

  public static Calibration fromJson(JsonNode j, String where) {
    Calibration c = parse(j, where);
    if (j.path("decision_threshold").isNumber()) c.decisionThreshold = j.get("decision_threshold").asDouble();
    return c;
  }

  private static Calibration parse(JsonNode j, String where) {
    String m = j.path("method").asText("");
    switch (m) {
      case PLATT: {
        if (!j.path("a").isNumber() || !j.path("b").isNumber()) throw new InvalidArgumentException(where + ": platt calibration without a and b");
        return new Calibration(PLATT, j.get("a").asDouble(), j.get("b").asDouble(), null, null);
      }
      case ISOTONIC: {
        JsonNode xs = j.path("logits");
        JsonNode ys = j.path("probabilities");
        if (!xs.isArray() || xs.size() == 0 || xs.size() != ys.size()) {
          throw new InvalidArgumentException(where + ": isotonic calibration needs logits and probabilities of the same length");
        }
        double[] x = new double[xs.size()];
        double[] y = new double[ys.size()];
        for (int i = 0; i < x.length; i++) {
          x[i] = xs.get(i).asDouble();
          y[i] = ys.get(i).asDouble();
          if (i > 0 && (x[i] < x[i - 1] || y[i] < y[i - 1]) || y[i] < 0 || y[i] > 1) {
            throw new InvalidArgumentException(where + ": isotonic calibration knots are not increasing probabilities at " + i);
          }
        }
        return new Calibration(ISOTONIC, Double.NaN, Double.NaN, x, y);
      }
      case NONE:
        return new Calibration(NONE, 1, 0, null, null);
      default:
        throw new InvalidArgumentException(where + ": calibration method '" + m + "' is not platt, isotonic or none");
    }
  }

  @Override
  public String toString() {
    if (PLATT.equals(method)) return String.format(Locale.ROOT, "platt (p = sigmoid(%.4f z %+.4f))", a, b);
    if (ISOTONIC.equals(method)) return "isotonic (" + x.length + " knots)";
    return "none";
  }
}
