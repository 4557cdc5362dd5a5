package org.spangeo.zarr.dataset;

import java.util.LinkedHashMap;
import org.spangeo.zarr.InvalidArgumentException;

/**
 * The one parser of {@code DIM=N[,DIM=N]} lists ("latitude=4,longitude=4"): strides, coarsen
 * factors, chunk sizes, patch windows. Order is kept; a dim named twice is refused rather than
 * silently overwritten.
 */
public final class DimSizes {
  private DimSizes() {}

  /**
   * The list as an ordered map, empty for null or blank. {@code what} names the option in the
   * message ("--stride"), {@code min} is the smallest N allowed (1 or 0) and {@code example} is
   * shown when the list is malformed.
   */
  public static LinkedHashMap<String, Integer> parse(String spec, String what, int min, String example) {
    LinkedHashMap<String, Integer> out = new LinkedHashMap<>();
    if (spec == null || spec.isBlank()) return out;
    for (String part : spec.split(",")) {
      String[] kv = part.split("=");
      int n;
      try {
        if (kv.length != 2 || kv[0].isBlank()) throw new NumberFormatException();
        n = Integer.parseInt(kv[1].trim());
        if (n < min) throw new NumberFormatException();
      } catch (NumberFormatException e) {
        throw new InvalidArgumentException(what + " '" + spec + "' is not DIM=N[,DIM=N] with "
            + (min > 0 ? "positive" : "non-negative") + " N (" + example + ")");
      }
      if (out.put(kv[0].trim(), n) != null) throw new InvalidArgumentException(what + " '" + spec + "' names " + kv[0].trim() + " twice");
    }
    return out;
  }
}
