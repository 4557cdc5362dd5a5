package org.spangeo.zarr.array;

import java.nio.ByteBuffer;
import org.spangeo.zarr.metadata.DType;

/**
 * Decoded array values before any CF decoding: C order, the dtype's byte order, as bytes. This
 * is what the codec pipeline produces and the writer consumes; typed views are cheap wrappers.
 */
public final class RawChunk {
  private final DType dtype;
  private final int[] shape;
  private final byte[] bytes;

  public RawChunk(DType dtype, int[] shape, byte[] bytes) {
    long n = 1;
    for (int s : shape) n *= s;
    if (n * dtype.size() != bytes.length) {
      throw new IllegalArgumentException("chunk of shape " + java.util.Arrays.toString(shape) + " and dtype " + dtype
          + " needs " + n * dtype.size() + " bytes, got " + bytes.length);
    }
    this.dtype = dtype;
    this.shape = shape;
    this.bytes = bytes;
  }

  public DType dtype() {
    return dtype;
  }

  public int[] shape() {
    return shape;
  }

  public int size() {
    return bytes.length / dtype.size();
  }

  public byte[] bytes() {
    return bytes;
  }

  public ByteBuffer buffer() {
    return ByteBuffer.wrap(bytes).order(dtype.byteOrder());
  }

  /** Element i as double (any dtype; uint64 above 2^63 is converted as unsigned). */
  public double getDouble(int i) {
    ByteBuffer b = buffer();
    int o = i * dtype.size();
    switch (dtype.kind()) {
      case FLOAT: return dtype.size() == 4 ? b.getFloat(o) : dtype.size() == 8 ? b.getDouble(o) : halfToFloat(b.getShort(o));
      case UINT:
        if (dtype.size() == 8) {
          long v = b.getLong(o);
          return v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
        }
        return getLong(i);
      default: return getLong(i);
    }
  }

  /** IEEE 754 binary16 to float (Java 17 has no Float.float16ToFloat). */
  public static float halfToFloat(short h) {
    int bits = h & 0xffff;
    int sign = (bits & 0x8000) << 16;
    int exp = (bits >>> 10) & 0x1f;
    int mant = bits & 0x3ff;
    if (exp == 0x1f) return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13)); // inf, NaN
    if (exp == 0) {
      float v = mant * 0x1p-24f; // subnormal (or zero)
      return sign != 0 ? -v : v;
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }

  /** Element i as long (integers exactly; floats truncated; uint64 as its bit pattern). */
  public long getLong(int i) {
    if (dtype.isFloat() && dtype.size() == 2) return (long) getDouble(i);
    ByteBuffer b = buffer();
    int o = i * dtype.size();
    boolean u = dtype.kind() != DType.Kind.INT;
    switch (dtype.size()) {
      case 1: return u ? b.get(o) & 0xffL : b.get(o);
      case 2: return u ? b.getShort(o) & 0xffffL : b.getShort(o);
      case 4: return dtype.isFloat() ? (long) b.getFloat(o) : u ? b.getInt(o) & 0xffffffffL : b.getInt(o);
      default: return dtype.isFloat() ? (long) b.getDouble(o) : b.getLong(o);
    }
  }

  /** A chunk of the given shape with every element set to {@code fill}. */
  public static RawChunk filled(DType dtype, int[] shape, double fill, long fillLong) {
    long n = 1;
    for (int s : shape) n *= s;
    byte[] b = new byte[Math.toIntExact(n * dtype.size())];
    boolean zero = dtype.isFloat() ? Double.doubleToRawLongBits(fill) == 0L : fillLong == 0;
    if (!zero) {
      ByteBuffer bb = ByteBuffer.wrap(b).order(dtype.byteOrder());
      byte[] one = new byte[dtype.size()];
      ByteBuffer ob = ByteBuffer.wrap(one).order(dtype.byteOrder());
      if (dtype.isFloat()) {
        if (dtype.size() == 4) ob.putFloat(0, (float) fill);
        else ob.putDouble(0, fill);
      } else {
        switch (dtype.size()) {
          case 1: ob.put(0, (byte) fillLong); break;
          case 2: ob.putShort(0, (short) fillLong); break;
          case 4: ob.putInt(0, (int) fillLong); break;
          default: ob.putLong(0, fillLong);
        }
      }
      for (int i = 0; i < b.length; i += one.length) bb.put(i, one);
    }
    return new RawChunk(dtype, shape, b);
  }
}
