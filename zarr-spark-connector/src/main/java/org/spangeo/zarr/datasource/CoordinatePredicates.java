package org.spangeo.zarr.datasource;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Locale;
import org.apache.spark.sql.connector.expressions.Cast;
import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.Extract;
import org.apache.spark.sql.connector.expressions.Literal;
import org.apache.spark.sql.connector.expressions.NamedReference;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.DateType;
import org.spangeo.zarr.dataset.Dataset;

/**
 * Evaluates a pushed Spark predicate that refers to one dimension column only, over that dim's
 * coordinate values, giving the mask of indices that can satisfy it. Handled: comparisons
 * (= &lt;=&gt; &lt;&gt; &lt; &lt;= &gt; &gt;=), IN, AND, OR, NOT, IS [NOT] NULL, casts to
 * double/float/date, and EXTRACT(YEAR|MONTH|DAY|HOUR|DAY_OF_YEAR|QUARTER) of a time, which is how
 * Spark hands down {@code month(time) IN (6,7,8,9)}. The mask is exact (the same answer Spark
 * would give for each row), so handled predicates need no re-evaluation; anything else returns
 * null and stays with Spark.
 */
record CoordinatePredicates(Dataset ds, TableLayout layout, ZoneId zone) {
  /** The dim a predicate is about, or null if it touches anything but one dim column. */
  String dimOf(Predicate p) {
    String found = null;
    for (NamedReference r : p.references()) {
      String[] f = r.fieldNames();
      if (f.length != 1 || !layout.isDim(f[0])) return null;
      if (found != null && !found.equals(f[0])) return null;
      found = f[0];
    }
    return found;
  }

  /** Mask over the dim's indices, or null when the predicate cannot be evaluated here. */
  boolean[] mask(Predicate p, String dim) {
    // a dim of names is a string column; its index values must never stand in for the labels
    if (ds.coordinateLabelsKnown(dim)) return null;
    int n = (int) ds.dimSize(dim);
    Values vals = new Values(dim);
    boolean[] out = new boolean[n];
    for (int i = 0; i < n; i++) {
      Boolean b = eval(p, vals, i);
      if (b == null) return null;
      out[i] = b;
    }
    return out;
  }

  /** The values one row of the dim column has: numbers as double, times as micros, index as int. */
  private final class Values {
    final boolean time;
    final double[] num;
    final long[] micros;

    Values(String dim) {
      time = ds.isCoordinate(dim) && ds.variable(dim).isTime();
      micros = time ? ds.timeValues(dim) : null;
      num = time ? null : ds.coordinateValues(dim);
    }
  }

  /** A value: Double for numbers, Long for timestamps (micros), Integer for dates (days). */
  private Object value(Expression e, Values v, int i) {
    if (e instanceof NamedReference) return v.time ? (Object) v.micros[i] : (Object) v.num[i];
    if (e instanceof Literal) return literal((Literal<?>) e);
    if (e instanceof Cast) {
      Cast c = (Cast) e;
      Object x = value(c.expression(), v, i);
      if (x == null) return null;
      DataType to = c.dataType();
      if (to instanceof DoubleType && x instanceof Double) return x;
      if (to instanceof FloatType && x instanceof Double) return (double) (float) (double) (Double) x;
      if (to instanceof DateType && x instanceof Long && v.time) {
        return (int) Instant.ofEpochSecond(Math.floorDiv((Long) x, 1_000_000L)).atZone(zone).toLocalDate().toEpochDay();
      }
      return null;
    }
    if (e instanceof Extract && v.time) {
      Extract x = (Extract) e;
      Object src = value(x.source(), v, i);
      ZonedDateTime t;
      if (src instanceof Long) {
        long m = (Long) src;
        t = Instant.ofEpochSecond(Math.floorDiv(m, 1_000_000L)).atZone(zone);
      } else if (src instanceof Integer) {
        t = LocalDate.ofEpochDay((Integer) src).atStartOfDay(zone);
      } else {
        return null;
      }
      switch (x.field().toUpperCase(Locale.ROOT)) {
        case "YEAR": return (double) t.getYear();
        case "MONTH": return (double) t.getMonthValue();
        case "DAY": return (double) t.getDayOfMonth();
        case "HOUR": return src instanceof Long ? (double) t.getHour() : null;
        case "DAY_OF_YEAR": return (double) t.getDayOfYear();
        case "QUARTER": return (double) ((t.getMonthValue() - 1) / 3 + 1);
        default: return null;
      }
    }
    return null;
  }

  private static Object literal(Literal<?> l) {
    Object v = l.value();
    if (v == null) return null;
    DataType t = l.dataType();
    if (t.equals(DataTypes.TimestampType) || t.equals(DataTypes.TimestampNTZType)) {
      return t.equals(DataTypes.TimestampType) ? (Object) ((Number) v).longValue() : null;
    }
    if (t.equals(DataTypes.DateType)) return ((Number) v).intValue();
    if (v instanceof Decimal) return ((Decimal) v).toDouble();
    if (v instanceof Float) return (double) (Float) v; // float literal vs float column: exact in double
    if (v instanceof Number) return ((Number) v).doubleValue();
    return null;
  }

  /** Spark's ordering: NaN equals NaN and is above everything; -0.0 equals 0.0. */
  private static Integer compare(Object a, Object b) {
    if (a == null || b == null) return null;
    if (a instanceof Double && b instanceof Double) {
      double x = (Double) a;
      double y = (Double) b;
      if (Double.isNaN(x)) return Double.isNaN(y) ? 0 : 1;
      if (Double.isNaN(y)) return -1;
      return x < y ? -1 : x > y ? 1 : 0;
    }
    if (a instanceof Long && b instanceof Long) return Long.compare((Long) a, (Long) b);
    if (a instanceof Integer && b instanceof Integer) return Integer.compare((Integer) a, (Integer) b);
    return null; // mixed kinds: leave it to Spark
  }

  private Boolean eval(Predicate p, Values v, int i) {
    String name = p.name();
    Expression[] c = p.children();
    switch (name) {
      case "ALWAYS_TRUE": return true;
      case "ALWAYS_FALSE": return false;
      case "IS_NULL": return value(c[0], v, i) == null ? null : false;
      case "IS_NOT_NULL": return value(c[0], v, i) == null ? null : true;
      case "AND": {
        Boolean a = eval((Predicate) c[0], v, i);
        Boolean b = eval((Predicate) c[1], v, i);
        return a == null || b == null ? null : a && b;
      }
      case "OR": {
        Boolean a = eval((Predicate) c[0], v, i);
        Boolean b = eval((Predicate) c[1], v, i);
        return a == null || b == null ? null : a || b;
      }
      case "NOT": {
        Boolean a = eval((Predicate) c[0], v, i);
        return a == null ? null : !a;
      }
      case "IN": {
        Object x = value(c[0], v, i);
        for (int k = 1; k < c.length; k++) {
          Integer r = compare(x, value(c[k], v, i));
          if (r == null) return null;
          if (r == 0) return true;
        }
        return false;
      }
      case "=": case "<=>": case "<>": case "<": case "<=": case ">": case ">=": {
        Integer r = compare(value(c[0], v, i), value(c[1], v, i));
        if (r == null) return null;
        switch (name) {
          case "=": case "<=>": return r == 0;
          case "<>": return r != 0;
          case "<": return r < 0;
          case "<=": return r <= 0;
          case ">": return r > 0;
          default: return r >= 0;
        }
      }
      default:
        return null;
    }
  }
}
