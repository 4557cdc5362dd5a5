package org.spangeo.jobs.convert;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.Map;
import org.spangeo.zarr.array.RawChunk;
import org.spangeo.zarr.dataset.CfDecoding;
import org.spangeo.zarr.dataset.CfTime;
import org.spangeo.zarr.metadata.ArrayMetadata;
import org.spangeo.zarr.metadata.DType;
import org.spangeo.zarr.metadata.FillValue;

/**
 * How one variable of one file decodes, as xarray's decode_cf_variable does on a NetCDF file:
 * {@code _Unsigned} (integers reinterpreted as unsigned, _FillValue with them), then mask
 * (_FillValue, missing_value) and scale (scale_factor, add_offset) by {@link CfDecoding}, with
 * its types and rounding. Time-valued data variables are kept as numbers in the units of the
 * output (re-counted when this file's units differ), so readers decode them again.
 */
final class Decoder implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The stored type, as the file holds it (kind UINT when {@code _Unsigned = "true"}). */
  final DType stored;
  final CfDecoding cf;
  /** Set for time-valued data variables whose units differ from the output's: counts are re-counted from -> to. */
  CfTime from;
  CfTime to;

  private Decoder(DType stored, CfDecoding cf) {
    this.stored = stored;
    this.cf = cf;
  }

  /** The decoding of a variable with stored type {@code dtype} and these attributes; {@code maskAndScale} false: none. */
  static Decoder of(DType dtype, Map<String, Object> attrs, boolean maskAndScale) {
    DType t = dtype;
    ObjectNode json = AttrJson.of(attrs);
    String unsigned = AttrJson.text(attrs, "_Unsigned");
    if (maskAndScale && unsigned != null) {
      if (t.kind() == DType.Kind.INT && unsigned.equals("true")) {
        t = new DType(DType.Kind.UINT, t.size(), t.bigEndian());
        Object fv = attrs.get("_FillValue");
        if (fv instanceof Number) {
          long mask = t.size() == 8 ? -1L : (1L << (8 * t.size())) - 1;
          long u = ((Number) fv).longValue() & mask;
          json.set("_FillValue", u >= 0 ? json.numberNode(u)
              : json.numberNode(new java.math.BigInteger(Long.toUnsignedString(u))));
        }
      } else if (t.kind() == DType.Kind.UINT && unsigned.equals("false")) {
        t = new DType(DType.Kind.INT, t.size(), t.bigEndian());
      }
    }
    if (!maskAndScale) return new Decoder(t, CfDecoding.none(t));
    int[] ones = new int[0];
    ArrayMetadata meta = new ArrayMetadata(2, new long[0], ones, t, FillValue.NONE, null, null, null, json);
    return new Decoder(t, CfDecoding.of(meta, true));
  }

  /** The type values have after decoding: float32, float64, or the stored integer type (little-endian). */
  DType decodedType() {
    switch (cf.kind()) {
      case FLOAT32: return DType.FLOAT32;
      case FLOAT64: return DType.FLOAT64;
      default: return stored.size() == 1 ? new DType(stored.kind(), 1, false) : stored.withBigEndian(false);
    }
  }

  boolean raw() {
    return cf.kind() == CfDecoding.Kind.RAW;
  }

  /** Decoded values as float64 (for float64 and integer outputs). */
  double[] doubles(RawChunk chunk, String where) {
    double[] v = rawValues(chunk, where);
    switch (cf.kind()) {
      case FLOAT32:
        for (int i = 0; i < v.length; i++) v[i] = cf.decodeFloat((float) v[i]);
        break;
      case FLOAT64:
        if (!cf.isIdentity()) for (int i = 0; i < v.length; i++) v[i] = cf.decode(v[i]);
        break;
      default:
    }
    if (from != null) recount(v);
    return v;
  }

  /** Decoded values as float32 (for float32 outputs: every file decodes to float32 or small integers). */
  float[] floats(RawChunk chunk, String where) {
    double[] v = rawValues(chunk, where);
    float[] f = new float[v.length];
    if (cf.kind() == CfDecoding.Kind.FLOAT32) {
      for (int i = 0; i < v.length; i++) f[i] = cf.decodeFloat((float) v[i]);
    } else {
      for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
    }
    return f;
  }

  private void recount(double[] v) {
    for (int i = 0; i < v.length; i++) {
      if (Double.isNaN(v[i]) || Double.isInfinite(v[i])) continue;
      v[i] = to.encode(from.decode(v[i]));
    }
  }

  /** The stored values as doubles (exact for every integer a double holds; others refused when kept as integers). */
  double[] rawValues(RawChunk chunk, String where) {
    byte[] bytes = chunk.bytes();
    DType t = stored;
    int size = t.size();
    int n = bytes.length / size;
    ByteBuffer b = ByteBuffer.wrap(bytes).order(t.byteOrder());
    double[] out = new double[n];
    boolean exact = raw();
    switch (t.kind()) {
      case FLOAT:
        if (size == 4) for (int i = 0; i < n; i++) out[i] = b.getFloat(i * 4);
        else for (int i = 0; i < n; i++) out[i] = b.getDouble(i * 8);
        break;
      case BOOL:
        for (int i = 0; i < n; i++) out[i] = b.get(i) != 0 ? 1 : 0;
        break;
      case INT:
        switch (size) {
          case 1: for (int i = 0; i < n; i++) out[i] = b.get(i); break;
          case 2: for (int i = 0; i < n; i++) out[i] = b.getShort(i * 2); break;
          case 4: for (int i = 0; i < n; i++) out[i] = b.getInt(i * 4); break;
          default:
            for (int i = 0; i < n; i++) {
              long x = b.getLong(i * 8);
              out[i] = x;
              if (exact && (long) out[i] != x) throw inexact(where, Long.toString(x));
            }
        }
        break;
      default: // UINT
        switch (size) {
          case 1: for (int i = 0; i < n; i++) out[i] = b.get(i) & 0xff; break;
          case 2: for (int i = 0; i < n; i++) out[i] = b.getShort(i * 2) & 0xffff; break;
          case 4: for (int i = 0; i < n; i++) out[i] = b.getInt(i * 4) & 0xffffffffL; break;
          default:
            for (int i = 0; i < n; i++) {
              long x = b.getLong(i * 8);
              out[i] = x >= 0 ? x : (double) (x >>> 1) * 2.0 + (x & 1);
              if (exact && (x < 0 || (long) out[i] != x)) throw inexact(where, Long.toUnsignedString(x));
            }
        }
    }
    return out;
  }

  private static IllegalArgumentException inexact(String where, String value) {
    return new IllegalArgumentException(where + " holds the 64-bit integer " + value
        + ", which the converter cannot carry exactly (it moves values as float64); leave the variable out with --drop");
  }
}
