package org.spangeo.zarr.dataset;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/** The text of {@link Dataset#summary()}: dims, coordinates, data variables, attributes. */
final class DatasetSummary {
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
      if (v.isTime()) {
        long[] t = ds.timeValues(c);
        sb.append(CfTime.format(t[0])).append(" ... ").append(CfTime.format(t[t.length - 1]));
      } else {
        double[] x = ds.coordinateValues(c);
        sb.append(fmt(x[0])).append(" ... ").append(fmt(x[x.length - 1]));
      }
      sb.append('\n');
    }
    sb.append("Data variables:\n");
    for (String n : ds.dataVariableNames()) {
      Variable v = ds.variable(n);
      long stored = 1;
      sb.append(String.format(Locale.ROOT, "    %-22s (%s) %s  chunks=%s  %s", n, String.join(", ", v.dims()), decodedType(v),
          Arrays.toString(v.metadata().chunks()), v.metadata().pipeline().describe()));
      if (v.units() != null) sb.append("  [").append(v.units()).append(']');
      sb.append("  ").append(bytes(v.size() * v.dtype().size())).append(" uncompressed\n");
      stored += 0;
    }
    if (ds.attributes() != null && ds.attributes().size() > 0) {
      sb.append("Attributes:\n");
      ds.attributes().fields().forEachRemaining(e -> sb.append("    ").append(e.getKey()).append(": ")
          .append(e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()).append('\n'));
    }
    return sb.toString();
  }

  static String decodedType(Variable v) {
    if (v.isTime()) return "datetime64[us]";
    switch (v.decoding().kind()) {
      case FLOAT32: return "float32";
      case FLOAT64: return "float64";
      default: return v.dtype().name();
    }
  }

  static String fmt(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : String.format(Locale.ROOT, "%.6g", d);
  }

  static String bytes(long b) {
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
