package org.spangeo.zarr.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serializable;

/**
 * A chunk fill value, kept both as double (float kinds, and for masking) and as long (integer
 * kinds, exactly). Absent (JSON null) means "no fill value": zarr-python 2 leaves memory
 * uninitialised there; Spangeo reads missing chunks as NaN (floats) or 0 (ints, bool) instead.
 */
public record FillValue(boolean isPresent, double asDouble, long asLong, String text) implements Serializable {
  private FillValue(boolean present, double d, long l) {
    this(present, d, l, null);
  }

  /** The fill of a string array ({@code text}, null: empty); it never masks (xarray does not mask Zarr strings). */
  public String text() {
    return text == null ? "" : text;
  }

  public static final FillValue NONE = new FillValue(false, Double.NaN, 0);

  public static FillValue ofDouble(double d) {
    return new FillValue(true, d, (long) d);
  }

  public static FillValue ofLong(long l) {
    return new FillValue(true, (double) l, l);
  }

  /** Parses v2 and v3 JSON forms: numbers, "NaN", "Infinity", "-Infinity", booleans, v3 hex "0x7fc00000". */
  public static FillValue parse(JsonNode node, DType dtype) {
    if (node == null || node.isNull() || node.isMissingNode()) return NONE;
    if (dtype.isText()) {
      // zarr-python 2 writes a <U fill as the text and an |S fill base64-encoded; neither masks
      String t = node.isTextual() ? node.textValue() : "";
      if (dtype.kind() == DType.Kind.BYTES && !t.isEmpty()) {
        try {
          t = new String(java.util.Base64.getDecoder().decode(t), java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("fill_value '" + t + "' of " + dtype + " is not base64", e);
        }
      }
      return new FillValue(false, Double.NaN, 0, t);
    }
    if (node.isBoolean()) return ofLong(node.booleanValue() ? 1 : 0);
    if (node.isTextual()) {
      String s = node.textValue();
      switch (s) {
        case "NaN": return ofDouble(Double.NaN);
        case "Infinity": return ofDouble(Double.POSITIVE_INFINITY);
        case "-Infinity": return ofDouble(Double.NEGATIVE_INFINITY);
        default:
          if (s.startsWith("0x") && dtype.isFloat()) {
            long bits = Long.parseUnsignedLong(s.substring(2), 16);
            return ofDouble(dtype.size() == 4 ? Float.intBitsToFloat((int) bits) : Double.longBitsToDouble(bits));
          }
          throw new IllegalArgumentException("fill_value '" + s + "' is not a number, NaN or Infinity");
      }
    }
    if (node.isNumber()) {
      if (dtype.isFloat()) return ofDouble(node.doubleValue());
      if (node.isIntegralNumber()) {
        if (dtype.kind() == DType.Kind.UINT && dtype.size() == 8 && node.isBigInteger()) {
          return ofLong(node.bigIntegerValue().longValue());
        }
        return ofLong(node.longValue());
      }
      double d = node.doubleValue();
      if (d != Math.rint(d)) throw new IllegalArgumentException("fill_value " + d + " is not an integer for " + dtype);
      return ofLong((long) d);
    }
    throw new IllegalArgumentException("fill_value " + node + " cannot be read");
  }

  @Override
  public String toString() {
    return isPresent ? (Double.isNaN(asDouble) ? "NaN" : asDouble == asLong ? Long.toString(asLong)
        : Double.toString(asDouble)) : "null";
  }
}
