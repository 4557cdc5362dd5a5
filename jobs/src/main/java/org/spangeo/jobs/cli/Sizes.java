package org.spangeo.jobs.cli;

import java.util.Locale;
import org.spangeo.zarr.InvalidArgumentException;

/** "256MB", "1g", "64m" as bytes (decimal MB/GB as users write them; k/m/g as binary multiples). */
public final class Sizes {
  private Sizes() {}

  public static long parse(String s, String opt) {
    String t = s.trim().toLowerCase(Locale.ROOT);
    long mult = 1;
    String[][] units = {{"kib", "1024"}, {"mib", "1048576"}, {"gib", "1073741824"}, {"kb", "1000"}, {"mb", "1000000"},
        {"gb", "1000000000"}, {"k", "1024"}, {"m", "1048576"}, {"g", "1073741824"}, {"b", "1"}};
    for (String[] u : units) {
      if (t.endsWith(u[0])) {
        mult = Long.parseLong(u[1]);
        t = t.substring(0, t.length() - u[0].length()).trim();
        break;
      }
    }
    try {
      double v = Double.parseDouble(t);
      if (v <= 0) throw new NumberFormatException();
      return (long) (v * mult);
    } catch (NumberFormatException e) {
      throw new InvalidArgumentException(opt + " '" + s + "' is not a size (256MB, 1GB)");
    }
  }
}
