package org.spangeo.zarr.codec;

import java.nio.ByteBuffer;
import org.spangeo.zarr.metadata.DType;

/** Element access on raw chunk bytes for the (rare, not hot) filters that change dtypes. */
final class Elements {
  private Elements() {}

  static ByteBuffer wrap(byte[] b, DType t) {
    return ByteBuffer.wrap(b).order(t.byteOrder());
  }

  static double getDouble(ByteBuffer b, DType t, int i) {
    int o = i * t.size();
    switch (t.kind()) {
      case FLOAT: return t.size() == 4 ? b.getFloat(o) : b.getDouble(o);
      case UINT:
        if (t.size() == 8) {
          long v = b.getLong(o);
          return v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
        }
        return getLong(b, t, i);
      default: return getLong(b, t, i);
    }
  }

  static long getLong(ByteBuffer b, DType t, int i) {
    int o = i * t.size();
    boolean u = t.kind() == DType.Kind.UINT || t.kind() == DType.Kind.BOOL;
    switch (t.size()) {
      case 1: return u ? b.get(o) & 0xffL : b.get(o);
      case 2: return u ? b.getShort(o) & 0xffffL : b.getShort(o);
      case 4:
        if (t.isFloat()) return (long) b.getFloat(o);
        return u ? b.getInt(o) & 0xffffffffL : b.getInt(o);
      default:
        if (t.isFloat()) return (long) b.getDouble(o);
        return b.getLong(o);
    }
  }

  static void putDouble(ByteBuffer b, DType t, int i, double v) {
    int o = i * t.size();
    if (t.isFloat()) {
      if (t.size() == 4) b.putFloat(o, (float) v);
      else b.putDouble(o, v);
    } else {
      putLong(b, t, i, (long) v);
    }
  }

  static void putLong(ByteBuffer b, DType t, int i, long v) {
    int o = i * t.size();
    switch (t.size()) {
      case 1: b.put(o, (byte) v); break;
      case 2: b.putShort(o, (short) v); break;
      case 4:
        if (t.isFloat()) b.putFloat(o, v);
        else b.putInt(o, (int) v);
        break;
      default:
        if (t.isFloat()) b.putDouble(o, v);
        else b.putLong(o, v);
    }
  }
}
