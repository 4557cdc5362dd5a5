package org.spangeo.zarr.write;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.spangeo.zarr.array.BoxCopy;
import org.spangeo.zarr.array.RawChunk;
import org.spangeo.zarr.metadata.DType;

/**
 * Values of one chunk (its valid part, C order) to the stored dtype at full chunk shape, the
 * edges padded with the fill value, as Zarr stores edge chunks.
 */
final class ChunkEncoder {
  private ChunkEncoder() {}

  static RawChunk encode(VariableSpec v, int[] valid, Object values) {
    DType t = v.dtype;
    int[] full = v.chunks;
    int n = 1;
    for (int c : full) n *= c;
    int m = 1;
    for (int c : valid) m *= c;
    int len = java.lang.reflect.Array.getLength(values);
    if (len != m) {
      throw new IllegalArgumentException("variable '" + v.name + "': " + len + " values for a chunk part of shape "
          + Arrays.toString(valid));
    }
    boolean padded = !Arrays.equals(full, valid);
    if (values instanceof String[] || values instanceof boolean[]) return encodeOther(v, full, valid, padded, values, n, m);
    // a fill value other than NaN stands for missing cells, as xarray's encoding writes them
    boolean nanFill = !v.fill.isPresent() || Double.isNaN(v.fill.asDouble());
    double fill = v.fill.isPresent() ? v.fill.asDouble() : (t.isFloat() ? Double.NaN : 0);
    // the common case: float values in the stored type and the platform's byte order, NaN fill,
    // copied in contiguous runs into the chunk (the edge chunk's padding stays the fill value)
    if (nanFill && t.isFloat() && t.byteOrder() == java.nio.ByteOrder.nativeOrder()
        && ((t.size() == 4 && values instanceof float[]) || (t.size() == 8 && values instanceof double[]))) {
      RawChunk r = padded ? RawChunk.filled(t, full, fill, v.fill.asLong()) : new RawChunk(t, full, new byte[n * t.size()]);
      int[] zero = new int[full.length];
      BoxCopy.copy(values, valid, zero, r.bytes(), full, zero, valid, t.size());
      return r;
    }
    RawChunk out = padded ? RawChunk.filled(t, full, fill, v.fill.asLong())
        : new RawChunk(t, full, new byte[n * t.size()]);
    ByteBuffer b = out.buffer();
    int[] map = padded ? placement(full, valid) : null;
    int es = t.size();
    // CF packing (scale_factor / add_offset on an integer dtype), as xarray encodes it
    com.fasterxml.jackson.databind.JsonNode sf = v.attrs.get("scale_factor");
    com.fasterxml.jackson.databind.JsonNode ao = v.attrs.get("add_offset");
    boolean packed = !t.isFloat() && v.time == null && ((sf != null && sf.isNumber()) || (ao != null && ao.isNumber()));
    double scale = sf != null && sf.isNumber() ? sf.doubleValue() : 1.0;
    double offset = ao != null && ao.isNumber() ? ao.doubleValue() : 0.0;
    for (int i = 0; i < m; i++) {
      int o = (map == null ? i : map[i]) * es;
      if (t.isFloat()) {
        double x = values instanceof float[] ? ((float[]) values)[i] : values instanceof double[] ? ((double[]) values)[i]
            : ((long[]) values)[i];
        if (!nanFill && Double.isNaN(x)) x = v.fill.asDouble();
        if (es == 4) b.putFloat(o, (float) x);
        else b.putDouble(o, x);
      } else {
        long x;
        if (values instanceof long[]) {
          long l = ((long[]) values)[i];
          // NaT is stored as the fill value, which xarray masks back to NaT
          x = v.time == null ? l : l == org.spangeo.zarr.dataset.CfTime.NAT ? v.fill.asLong() : v.time.encodeExact(l);
        } else {
          double d = values instanceof float[] ? ((float[]) values)[i] : ((double[]) values)[i];
          if (packed && !Double.isNaN(d)) d = (d - offset) / scale;
          if (es == 8 && Math.abs(d) > 9.007199254740992E15) {
            // blocks hold float64: above 2^53 an int64 would not come back as it was stored
            throw new IllegalArgumentException("variable '" + v.name + "': value " + d + " is beyond 2^53, where float64"
                + " blocks cannot carry " + t.name() + " exactly; write it with --dtype float64");
          }
          x = Double.isNaN(d) ? v.fill.asLong() : (long) Math.rint(d);
        }
        switch (es) {
          case 1: b.put(o, (byte) x); break;
          case 2: b.putShort(o, (short) x); break;
          case 4: b.putInt(o, (int) x); break;
          default: b.putLong(o, x);
        }
      }
    }
    return out;
  }

  /** Text (fixed &lt;U as UCS-4, |S as latin-1 bytes) and bools, from String[] and boolean[]. */
  private static RawChunk encodeOther(VariableSpec v, int[] full, int[] valid, boolean padded, Object values, int n, int m) {
    DType t = v.dtype;
    RawChunk out = new RawChunk(t, full, new byte[n * t.size()]);
    ByteBuffer b = out.buffer();
    int[] map = padded ? placement(full, valid) : null;
    int es = t.size();
    for (int i = 0; i < m; i++) {
      int o = (map == null ? i : map[i]) * es;
      if (values instanceof boolean[]) {
        b.put(o, (byte) (((boolean[]) values)[i] ? 1 : 0));
        continue;
      }
      String s = ((String[]) values)[i];
      if (t.kind() == DType.Kind.BYTES) {
        byte[] bytes = s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        if (bytes.length > es) throw new IllegalArgumentException("variable '" + v.name + "': '" + s + "' is longer than " + t);
        b.position(o);
        b.put(bytes);
      } else if (t.kind() == DType.Kind.STRING) {
        int k = 0;
        for (int c = 0; c < s.length(); ) {
          int cp = s.codePointAt(c);
          if (k >= es / 4) throw new IllegalArgumentException("variable '" + v.name + "': '" + s + "' is longer than " + t);
          b.putInt(o + 4 * k++, cp);
          c += Character.charCount(cp);
        }
      } else {
        throw new IllegalArgumentException("variable '" + v.name + "': text cannot be stored as " + t);
      }
    }
    return out;
  }

  /** For each element of the valid box (C order), its position in the full chunk. */
  private static int[] placement(int[] full, int[] valid) {
    int rank = full.length;
    int m = 1;
    for (int c : valid) m *= c;
    int[] map = new int[m];
    int[] stride = org.spangeo.zarr.array.BoxCopy.strides(full);
    int[] pos = new int[rank];
    for (int i = 0; i < m; i++) {
      int o = 0;
      for (int d = 0; d < rank; d++) o += pos[d] * stride[d];
      map[i] = o;
      BoxCopy.next(pos, valid);
    }
    return map;
  }
}
