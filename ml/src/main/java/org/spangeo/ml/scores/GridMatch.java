package org.spangeo.ml.scores;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.spangeo.zarr.InvalidArgumentException;
import org.spangeo.zarr.dataset.CfTime;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.dataset.Names;

/**
 * Puts the observations on the forecast's grid, by label: every selected forecast time must be
 * an observed time, every latitude/longitude an observed one (to 1e-6 of the grid spacing).
 * The observed store may cover more (other years, a wider box) and may run the other way
 * (ascending vs descending latitude); a forecast cell it does not have is an error that says
 * which coordinate and where.
 */
final class GridMatch {
  private GridMatch() {}

  /** The variables an expression reads must be data variables of {@code ds} on {@code dims}. */
  static void checkVariables(Dataset ds, FieldExpression e, List<String> dims, String option, String role) {
    for (String v : e.variables()) {
      if (!ds.hasVariable(v) || ds.isCoordinate(v)) {
        throw new InvalidArgumentException(option + ": '" + v + "' is not a data variable of the " + role + " store " + ds.sources().get(0)
            + Names.suggest(v, ds.dataVariableNames()) + " (variables: " + String.join(", ", ds.dataVariableNames()) + ")");
      }
      List<String> vd = ds.variable(v).dims();
      if (dims != null && !vd.equals(dims)) {
        throw new InvalidArgumentException(option + ": '" + v + "' of the " + role + " store has dims " + vd + ", the forecast has " + dims);
      }
    }
  }

  /** For each dim of the forecast, the observed store's index of each selected forecast cell. */
  static int[][] match(Dataset fc, int[][] fIdx, List<String> dims, Dataset obs) {
    int[][] out = new int[dims.size()][];
    for (int d = 0; d < dims.size(); d++) {
      String dim = dims.get(d);
      if (!obs.dims().containsKey(dim)) {
        throw new InvalidArgumentException("the observed store " + obs.sources().get(0) + " has no '" + dim + "' dim (dims: "
            + obs.dims().keySet() + ")");
      }
      boolean fTime = fc.hasVariable(dim) && fc.variable(dim).isTime();
      boolean oTime = obs.hasVariable(dim) && obs.variable(dim).isTime();
      if (fTime != oTime) throw new InvalidArgumentException("'" + dim + "' holds times in one store and not in the other");
      out[d] = fTime ? matchTimes(fc, fIdx[d], dim, obs) : matchValues(fc, fIdx[d], dim, obs);
    }
    return out;
  }

  private static int[] matchTimes(Dataset fc, int[] idx, String dim, Dataset obs) {
    long[] f = fc.timeValues(dim);
    long[] o = obs.timeValues(dim);
    Map<Long, Integer> where = new HashMap<>();
    for (int i = 0; i < o.length; i++) where.putIfAbsent(o[i], i);
    int[] out = new int[idx.length];
    for (int i = 0; i < idx.length; i++) {
      Integer j = where.get(f[idx[i]]);
      if (j == null) {
        throw new InvalidArgumentException("the grids differ: " + dim + " " + CfTime.format(f[idx[i]]) + " of the forecast (index " + idx[i]
            + ") is not in the observed store " + obs.sources().get(0) + " (it has " + o.length + " steps, "
            + CfTime.format(o[0]) + " to " + CfTime.format(o[o.length - 1]) + ")");
      }
      out[i] = j;
    }
    return out;
  }

  private static int[] matchValues(Dataset fc, int[] idx, String dim, Dataset obs) {
    double[] f = fc.hasVariable(dim) ? fc.coordinateValues(dim) : indices(fc.dimSize(dim));
    double[] o = obs.hasVariable(dim) ? obs.coordinateValues(dim) : indices(obs.dimSize(dim));
    double spacing = Double.POSITIVE_INFINITY;
    for (int i = 1; i < o.length; i++) spacing = Math.min(spacing, Math.abs(o[i] - o[i - 1]));
    double tol = Double.isInfinite(spacing) || spacing == 0 ? 1e-9 : spacing * 1e-6;
    int[] out = new int[idx.length];
    for (int i = 0; i < idx.length; i++) {
      double x = f[idx[i]];
      int best = -1;
      for (int j = 0; j < o.length; j++) if (best < 0 || Math.abs(o[j] - x) < Math.abs(o[best] - x)) best = j;
      if (best < 0 || !(Math.abs(o[best] - x) <= tol)) {
        throw new InvalidArgumentException(String.format(Locale.ROOT,
            "the grids differ: %s %s of the forecast (index %d) is not on the observed grid of %s (nearest %s, index %d)",
            dim, fmt(x), idx[i], obs.sources().get(0), best < 0 ? "none" : fmt(o[best]), best));
      }
      out[i] = best;
    }
    return out;
  }

  private static double[] indices(long n) {
    double[] d = new double[(int) n];
    for (int i = 0; i < d.length; i++) d[i] = i;
    return d;
  }

  static String fmt(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }
}
