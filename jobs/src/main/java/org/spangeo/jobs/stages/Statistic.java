package org.spangeo.jobs.stages;

import java.io.Serializable;
import java.util.Locale;

/**
 * A reduction as the command line names it: {@code mean}, {@code std}, {@code min},
 * {@code max}, {@code sum}, {@code count} or {@code quantile:Q} (0 <= Q <= 1, numpy's default
 * linear method), with xarray's skipna rules (see {@link Stat}; count counts the values that are
 * not NaN; the quantile of no valid value is NaN).
 */
public record Statistic(Kind kind, double q) implements Serializable {
  public enum Kind { MEAN, SUM, MIN, MAX, STD, COUNT, QUANTILE }

  /** {@code q} is the quantile for QUANTILE, NaN for the others. */
  public Statistic {
    if (kind == Kind.QUANTILE && !(q >= 0 && q <= 1)) {
      throw new org.spangeo.zarr.InvalidArgumentException("quantile " + q + " is outside [0, 1]");
    }
    if (kind != Kind.QUANTILE && !Double.isNaN(q)) throw new IllegalArgumentException(kind + " takes no quantile");
  }

  public static Statistic of(Stat s) {
    return new Statistic(Kind.valueOf(s.name()), Double.NaN);
  }

  public static Statistic quantile(double q) {
    return new Statistic(Kind.QUANTILE, q);
  }

  /** Parses {@code --stat}; {@code allowed} lists the kinds the command takes (all when empty). */
  public static Statistic parse(String s, String option, Kind... allowed) {
    String t = s.trim().toLowerCase(Locale.ROOT);
    Statistic out;
    if (t.startsWith("quantile:") || t.startsWith("q:")) {
      String v = t.substring(t.indexOf(':') + 1).trim();
      double q;
      try {
        q = Double.parseDouble(v);
      } catch (NumberFormatException e) {
        throw new org.spangeo.zarr.InvalidArgumentException(option + " '" + s + "': '" + v + "' is not a number (quantile:0.9)");
      }
      if (!(q >= 0 && q <= 1)) {
        throw new org.spangeo.zarr.InvalidArgumentException(option + " '" + s + "': the quantile " + v + " is outside [0, 1] (the 90th percentile is quantile:0.9)");
      }
      out = new Statistic(Kind.QUANTILE, q);
    } else {
      Kind k = null;
      for (Kind x : Kind.values()) if (x != Kind.QUANTILE && x.name().toLowerCase(Locale.ROOT).equals(t)) k = x;
      if (k == null) throw new org.spangeo.zarr.InvalidArgumentException(option + " '" + s + "' is not one of " + names(allowed));
      out = new Statistic(k, Double.NaN);
    }
    if (allowed.length > 0 && !java.util.Arrays.asList(allowed).contains(out.kind)) {
      throw new org.spangeo.zarr.InvalidArgumentException(option + " '" + s + "' is not one of " + names(allowed));
    }
    return out;
  }

  private static String names(Kind... allowed) {
    Kind[] ks = allowed.length > 0 ? allowed : Kind.values();
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < ks.length; i++) {
      b.append(i == 0 ? "" : i == ks.length - 1 ? " or " : ", ");
      b.append(ks[i] == Kind.QUANTILE ? "quantile:Q" : ks[i].name().toLowerCase(Locale.ROOT));
    }
    return b.toString();
  }

  /** The moment statistic of the {@link Accumulator}s (count comes from MEAN's counts); null for quantiles. */
  public Stat moments() {
    switch (kind) {
      case QUANTILE: return null;
      case COUNT: return Stat.MEAN;
      default: return Stat.valueOf(kind.name());
    }
  }

  /** "mean", "quantile 0.9" (for cell_methods and summaries). */
  public String label() {
    return kind == Kind.QUANTILE ? "quantile " + trim(q) : kind.name().toLowerCase(Locale.ROOT);
  }

  static String trim(double q) {
    String s = Double.toString(q);
    return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
  }

  /**
   * numpy's default (linear) quantile of {@code n} sorted values: position q (n - 1) between
   * two neighbours, interpolated as numpy's {@code _lerp} does (from the nearer end for t >= 0.5).
   */
  public static double quantileOfSorted(double[] sorted, int n, double q) {
    if (n == 0) return Double.NaN;
    double pos = q * (n - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, n - 1);
    double t = pos - lo;
    double a = sorted[lo];
    double b = sorted[hi];
    double diff = b - a;
    return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
  }

  @Override
  public String toString() {
    return label();
  }
}
