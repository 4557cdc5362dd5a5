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
    int len = values instanceof float[] ? ((float[]) values).length : values instanceof double[] ? ((double[]) values).length
        : ((long[]) values).length;
    if (len != m) {
      throw new IllegalArgumentException("variable '" + v.name + "': " + len + " values for a chunk part of shape "
          + Arrays.toString(valid));
    }
    boolean padded = !Arrays.equals(full, valid);
    double fill = v.fill.isPresent() ? v.fill.asDouble() : (t.isFloat() ? Double.NaN : 0);
    // the common case: float values in the stored type and the platform's byte order, copied in
    // contiguous runs into the chunk (the edge chunk's padding stays the fill value)
    if (t.isFloat() && t.byteOrder() == java.nio.ByteOrder.nativeOrder()
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
        if (es == 4) b.putFloat(o, (float) x);
        else b.putDouble(o, x);
      } else {
        long x;
        if (values instanceof long[]) {
          x = v.time != null ? v.time.encodeExact(((long[]) values)[i]) : ((long[]) values)[i];
        } else {
          double d = values instanceof float[] ? ((float[]) values)[i] : ((double[]) values)[i];
          if (packed && !Double.isNaN(d)) d = (d - offset) / scale;
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

  /** For each element of the valid box (C order), its position in the full chunk. */
  private static int[] placement(int[] full, int[] valid) {
    int rank = full.length;
    int m = 1;
    for (int c : valid) m *= c;
    int[] map = new int[m];
    int[] stride = new int[rank];
    int s = 1;
    for (int d = rank - 1; d >= 0; d--) {
      stride[d] = s;
      s *= full[d];
    }
    int[] pos = new int[rank];
    for (int i = 0; i < m; i++) {
      int o = 0;
      for (int d = 0; d < rank; d++) o += pos[d] * stride[d];
      map[i] = o;
      for (int d = rank - 1; d >= 0; d--) {
        if (++pos[d] < valid[d]) break;
        pos[d] = 0;
      }
    }
    return map;
  }
}
