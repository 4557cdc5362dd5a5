package org.spangeo.zarr.dataset;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/** The text of {@link Dataset#summary()}: dims, coordinates, data variables, attributes. */
public final class DatasetSummary {
  private DatasetSummary() {}

  static String of(Dataset ds) {
    StringBuilder sb = new StringBuilder();
    sb.append("<spangeo.Dataset> ").append(ds.sources().size() == 1 ? ds.sources().get(0) : ds.sources().size() + " stores along '"
        + ds.concatDim() + "'").append('\n');
    sb.append("Dimensions:  (");
    int i = 0;
    for (Map.Entry<String, Long> e : ds.dims().entrySet()) {
      sb.append(i++ > 0 ? ", " : "").append(e.getKey()).append(": ").append(e.getValue());
    }
    sb.append(")\nCoordinates:\n");
    for (String c : ds.coordinateNames()) {
      Variable v = ds.variable(c);
      sb.append(String.format(Locale.ROOT, "  * %-22s (%s) %s ", c, c, decodedType(v)));
      long n = ds.dimSize(c);
      if (n == 0) {
        sb.append("(empty)");
      } else if (v.kind() == Variable.Kind.TEXT) {
        String[] l = ds.coordinateLabels(c);
        sb.append(shorten("'" + l[0] + "'", 40)).append(" ... ").append(shorten("'" + l[l.length - 1] + "'", 40));
      } else if (v.isTime()) {
        long[] t = ds.timeValues(c);
        sb.append(CfTime.format(t[0])).append(" ... ").append(CfTime.format(t[t.length - 1]));
      } else {
        double[] x = ds.coordinateValues(c);
        sb.append(fmt(x[0])).append(" ... ").append(fmt(x[x.length - 1]));
      }
      sb.append('\n');
    }
    for (String c : ds.auxiliaryCoordinateNames()) {
      Variable v = ds.variable(c);
      sb.append(String.format(Locale.ROOT, "    %-22s (%s) %s%n", c, String.join(", ", v.dims()), decodedType(v)));
    }
    sb.append("Data variables:\n");
    for (String n : ds.dataVariableNames()) {
      Variable v = ds.variable(n);
      sb.append(String.format(Locale.ROOT, "    %-22s (%s) %s  chunks=%s  %s", n, String.join(", ", v.dims()), decodedType(v),
          Arrays.toString(v.metadata().chunks()), v.metadata().pipeline().describe()));
      if (v.units() != null) sb.append("  [").append(shorten(v.units(), 40)).append(']');
      sb.append("  ").append(bytes(v.size() * v.dtype().size())).append(" uncompressed\n");
    }
    if (!ds.unreadable().isEmpty()) {
      sb.append("Not read:\n");
      for (Dataset.Unreadable u : ds.unreadable().values()) {
        sb.append(String.format(Locale.ROOT, "    %-22s (%s)  %s%n", u.name, String.join(", ", u.dims), u.message));
      }
    }
    if (ds.attributes() != null && ds.attributes().size() > 0) {
      sb.append("Attributes:\n");
      ds.attributes().fields().forEachRemaining(e -> sb.append("    ").append(e.getKey()).append(": ")
          .append(shorten(e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString(), ATTRIBUTE_CHARS))
          .append('\n'));
    }
    return sb.toString();
  }

  /** Attribute text longer than this is cut, as xarray's repr cuts it (a 200 kB history is not a summary). */
  static final int ATTRIBUTE_CHARS = 200;

  /** One line of at most {@code max} characters: line breaks shown as spaces, the rest counted. */
  static String shorten(String s, int max) {
    String one = s.replace("\r", " ").replace("\n", " ");
    if (one.length() <= max) return one;
    return one.substring(0, max - 3) + "... (" + String.format(Locale.ROOT, "%,d", s.length()) + " characters)";
  }

  static String decodedType(Variable v) {
    return v.decodedType();
  }

  static String fmt(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : String.format(Locale.ROOT, "%.6g", d);
  }

  /** A byte count in binary units, as "1.5 MiB". */
  public static String bytes(long b) {
    String[] u = {"B", "KiB", "MiB", "GiB", "TiB"};
    double x = b;
    int k = 0;
    while (x >= 1024 && k < u.length - 1) {
      x /= 1024;
      k++;
    }
    return String.format(Locale.ROOT, k == 0 ? "%.0f %s" : "%.1f %s", x, u[k]);
  }
}
