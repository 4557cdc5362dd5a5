package org.spangeo.jobs.convert;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.spangeo.zarr.metadata.DType;

/**
 * Attribute values as Java objects, the same for NetCDF-3 and NetCDF-4: one number as a boxed
 * Number of its type (unsigned types widened to the next signed type, uint64 above 2^63-1 as
 * BigInteger), several (or zero) numbers as double[] (float types) or long[] (integer types,
 * uint64 as bit pattern), text as String with NUL characters removed (as netCDF4-python does).
 */
final class AttributeValues {
  private AttributeValues() {}

  /** {@code n} numbers of type (kind, size) from {@code buf}, read from its position in {@code order}. */
  static Object numbers(DType.Kind kind, int size, ByteBuffer buf, ByteOrder order, int n) {
    ByteBuffer b = buf.slice().order(order);
    if (n == 1) return one(kind, size, b, 0);
    if (kind == DType.Kind.FLOAT) {
      double[] r = new double[n];
      for (int i = 0; i < n; i++) r[i] = size == 4 ? b.getFloat(i * 4) : b.getDouble(i * 8);
      return r;
    }
    long[] r = new long[n];
    boolean unsigned = kind == DType.Kind.UINT;
    for (int i = 0; i < n; i++) r[i] = integer(b, i * size, size, unsigned);
    return r;
  }

  private static Number one(DType.Kind kind, int size, ByteBuffer b, int off) {
    if (kind == DType.Kind.FLOAT) return size == 4 ? (Number) b.getFloat(off) : (Number) b.getDouble(off);
    if (kind == DType.Kind.UINT) {
      switch (size) {
        case 1: return (short) (b.get(off) & 0xff);
        case 2: return b.getShort(off) & 0xffff;
        case 4: return b.getInt(off) & 0xffffffffL;
        default:
          long v = b.getLong(off);
          return v >= 0 ? (Number) v : new BigInteger(Long.toUnsignedString(v));
      }
    }
    switch (size) {
      case 1: return b.get(off);
      case 2: return b.getShort(off);
      case 4: return b.getInt(off);
      default: return b.getLong(off);
    }
  }

  private static long integer(ByteBuffer b, int off, int size, boolean unsigned) {
    switch (size) {
      case 1: return unsigned ? b.get(off) & 0xffL : b.get(off);
      case 2: return unsigned ? b.getShort(off) & 0xffffL : b.getShort(off);
      case 4: return unsigned ? b.getInt(off) & 0xffffffffL : b.getInt(off);
      default: return b.getLong(off);
    }
  }

  /** Text bytes as a String: UTF-8 (bad sequences replaced), NUL characters removed. */
  static String text(byte[] bytes) {
    try {
      String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(ByteBuffer.wrap(bytes)).toString();
      return stripNul(s);
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new IllegalStateException(e); // cannot happen with REPLACE
    }
  }

  static String stripNul(String s) {
    return s.indexOf('\0') < 0 ? s : s.replace("\0", "");
  }

  /** One element of {@code dtype} holding {@code value} (a Number), as stored bytes. */
  static byte[] element(DType dtype, Number value) {
    ByteBuffer b = ByteBuffer.allocate(dtype.size()).order(dtype.byteOrder());
    if (dtype.isFloat()) {
      if (dtype.size() == 4) b.putFloat(0, value.floatValue());
      else b.putDouble(0, value.doubleValue());
    } else {
      long v = value.longValue();
      switch (dtype.size()) {
        case 1: b.put(0, (byte) v); break;
        case 2: b.putShort(0, (short) v); break;
        case 4: b.putInt(0, (int) v); break;
        default: b.putLong(0, v);
      }
    }
    return b.array();
  }
}
