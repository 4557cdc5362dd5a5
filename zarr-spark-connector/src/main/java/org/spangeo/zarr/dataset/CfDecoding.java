package org.spangeo.zarr.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.spangeo.zarr.metadata.ArrayMetadata;
import org.spangeo.zarr.metadata.DType;

/**
 * xarray's CF decoding of one variable (decode_cf_variable in xarray 2023.01 on a Zarr store),
 * step for step so that types and rounding agree:
 * <ol>
 *   <li>mask: the Zarr fill_value and the _FillValue / missing_value attributes become NaN. The
 *       data is first promoted (xarray's maybe_promote): integers of 1-2 bytes to float32,
 *       larger ones to float64; floats keep their type. Comparisons happen in that type.</li>
 *   <li>scale: value * scale_factor + add_offset in the type of _choose_float_dtype: float32
 *       stays float32, 1-2 byte integers become float32 unless there is an add_offset, the rest
 *       float64.</li>
 * </ol>
 * Integers with none of these attributes keep their integer type; bool is never masked.
 */
public record CfDecoding(DType stored, Kind kind, double[] maskValues, boolean hasScale, boolean hasOffset, double scale,
    double offset) implements Serializable {

  /** The type values have after decoding. */
  public enum Kind { FLOAT32, FLOAT64, RAW }

  /** No decoding: values as stored (floats keep their width, integers stay integers). */
  public static CfDecoding none(DType t) {
    return new CfDecoding(t, floatKind(t), new double[0], false, false, 1, 0);
  }

  public static CfDecoding of(ArrayMetadata meta, boolean maskAndScale) {
    DType t = meta.dtype();
    if (!maskAndScale || t.kind() == DType.Kind.BOOL || t.isText()) return none(t);
    List<Double> masks = new ArrayList<>();
    // Zarr v2: xarray takes the array's fill_value as _FillValue. Zarr v3: the fill_value is only
    // what unwritten chunks hold; the mask is the _FillValue attribute (floats base64-encoded
    // little-endian float64, as xarray's FillValueCoder writes them)
    boolean v3 = meta.zarrFormat() == 3;
    boolean zarrFill = !v3 && meta.fillValue().isPresent();
    if (zarrFill) masks.add(meta.fillValue().asDouble());
    JsonNode fv = meta.attribute("_FillValue");
    if (v3 && fv != null && fv.isTextual() && t.isFloat() && !fv.textValue().matches("-?Infinity|NaN")) {
      masks.add(base64Double(fv.textValue()));
    } else {
      addMasks(masks, fv);
    }
    addMasks(masks, meta.attribute("missing_value"));
    // NaN == NaN is false in numpy, so a NaN fill value masks nothing: drop it.
    masks.removeIf(m -> Double.isNaN(m));
    JsonNode sf = meta.attribute("scale_factor");
    JsonNode ao = meta.attribute("add_offset");
    boolean hasScale = sf != null && sf.isNumber();
    boolean hasOffset = ao != null && ao.isNumber();

    Kind kind = floatKind(t);
    boolean masked = !masks.isEmpty() || (zarrFill && t.isInteger());
    if (masked && t.isInteger()) kind = t.size() <= 2 ? Kind.FLOAT32 : Kind.FLOAT64;
    if (hasScale || hasOffset) {
      if (kind == Kind.FLOAT32) kind = Kind.FLOAT32;
      else if (kind == Kind.RAW) kind = t.size() <= 2 && !hasOffset ? Kind.FLOAT32 : Kind.FLOAT64;
      else kind = Kind.FLOAT64;
    }
    double[] m = new double[masks.size()];
    for (int i = 0; i < m.length; i++) m[i] = kind == Kind.FLOAT32 ? (float) (double) masks.get(i) : masks.get(i);
    return new CfDecoding(t, kind, m, hasScale, hasOffset, hasScale ? sf.doubleValue() : 1.0,
        hasOffset ? ao.doubleValue() : 0.0);
  }

  /** xarray's v3 float _FillValue: base64 of the value packed as little-endian float64. */
  static double base64Double(String s) {
    byte[] b;
    try {
      b = java.util.Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("_FillValue '" + s + "' is not a number nor base64", e);
    }
    if (b.length != 8) throw new IllegalArgumentException("_FillValue '" + s + "' is not 8 bytes of base64");
    return java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).getDouble();
  }

  /** The text of a float _FillValue attribute for Zarr v3, as xarray's FillValueCoder writes it. */
  public static String base64Double(double d) {
    byte[] b = java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putDouble(d).array();
    return java.util.Base64.getEncoder().encodeToString(b);
  }

  private static Kind floatKind(DType t) {
    if (t.isFloat()) return t.size() <= 4 ? Kind.FLOAT32 : Kind.FLOAT64; // float16 is held as float32
    return Kind.RAW;
  }

  /** True when both turn the same stored numbers into the same values. */
  public boolean sameAs(CfDecoding o) {
    return o != null && stored.equals(o.stored) && kind == o.kind && java.util.Arrays.equals(maskValues, o.maskValues)
        && hasScale == o.hasScale && hasOffset == o.hasOffset && Double.compare(scale, o.scale) == 0
        && Double.compare(offset, o.offset) == 0;
  }

  /** True when stored value {@code v} is one of the missing-value markers. */
  public boolean isMissing(double v) {
    for (double m : maskValues) {
      if (v == m) return true;
    }
    return false;
  }

  private static void addMasks(List<Double> masks, JsonNode v) {
    if (v == null || v.isNull()) return;
    if (v.isArray()) {
      for (JsonNode e : v) addMasks(masks, e);
    } else if (v.isNumber()) {
      masks.add(v.doubleValue());
    } else if (v.isTextual()) {
      switch (v.textValue()) {
        case "Infinity": masks.add(Double.POSITIVE_INFINITY); break;
        case "-Infinity": masks.add(Double.NEGATIVE_INFINITY); break;
        default: // NaN or not a number: masks nothing
      }
    }
  }

  public boolean isIdentity() {
    return maskValues.length == 0 && !hasScale && !hasOffset;
  }

  public boolean hasMask() {
    return maskValues.length > 0;
  }

  public boolean isScaled() {
    return hasScale || hasOffset;
  }

  public double[] maskValues() {
    return maskValues.clone();
  }

  /** The float64 decoded value of stored value {@code v} (for kind FLOAT64). */
  public double decode(double v) {
    for (double m : maskValues) {
      if (v == m) return Double.NaN;
    }
    if (hasScale) v *= scale;
    if (hasOffset) v += offset;
    return v;
  }

  /** The float32 decoded value (kind FLOAT32): compared and scaled in float32 as numpy does. */
  public float decodeFloat(float v) {
    for (double m : maskValues) {
      if (v == (float) m) return Float.NaN;
    }
    if (hasScale) v *= (float) scale;
    if (hasOffset) v += (float) offset;
    return v;
  }
}
