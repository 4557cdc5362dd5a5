package org.spangeo.jobs.plot;

/**
 * A one-dimensional result to draw as a line: values over time ({@code times}, epoch
 * microseconds, UTC, as the Zarr layer decodes them) or over any other dim ({@code x}, the
 * dim's coordinate values, with the dim's name in {@code dim}). Exactly one of {@code times}
 * and {@code x} is set. NaN values leave gaps.
 */
public record Series(String name, String longName, String units, String dim, long[] times, double[] x, double[] values,
    String where) {

  public Series {
    if ((times == null) == (x == null)) throw new IllegalArgumentException("series '" + name + "' needs either times or x");
    int n = times != null ? times.length : x.length;
    if (n != values.length) {
      throw new IllegalArgumentException("series '" + name + "' has " + values.length + " values for " + n + " " + dim + " steps");
    }
    where = where == null ? "" : where;
  }

  /** Values over time (epoch microseconds, UTC). */
  public static Series overTime(String name, long[] timeMicros, double[] values) {
    return new Series(name, null, null, "time", timeMicros, null, values, "");
  }

  /** Values over another dim ("month", "point", "level", ...) with its coordinate values. */
  public static Series over(String dim, double[] x, String name, double[] values) {
    return new Series(name, null, null, dim, null, x, values, "");
  }

  public boolean isTimeSeries() {
    return times != null;
  }

  public int length() {
    return values.length;
  }

  public Series withLongName(String s) {
    return new Series(name, s, units, dim, times, x, values, where);
  }

  public Series withUnits(String s) {
    return new Series(name, longName, s, dim, times, x, values, where);
  }

  public Series withWhere(String s) {
    return new Series(name, longName, units, dim, times, x, values, s);
  }

  /** Values times {@code factor}, labelled with {@code newUnits} (null: keep). */
  public Series scaled(double factor, String newUnits) {
    double[] v = values;
    if (factor != 1) {
      v = new double[values.length];
      for (int i = 0; i < v.length; i++) v[i] = values[i] * factor;
    }
    return new Series(name, longName, newUnits != null ? newUnits : units, dim, times, x, v, where);
  }

  /** "long name [units]", for the y axis. */
  public String label() {
    return Labels.quantity(name, longName, units);
  }
}
