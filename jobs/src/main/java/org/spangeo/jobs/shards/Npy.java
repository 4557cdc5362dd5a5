package org.spangeo.jobs.shards;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * numpy's {@code .npy} format, version 1.0 (NEP 1): the magic string, a little-endian header
 * length, a Python dict literal ({@code {'descr': '<f4', 'fortran_order': False, 'shape': (160,
 * 4128), }}) padded with spaces to a multiple of 64 bytes, then the values in C order. Written
 * here because the one Java library for it on Maven Central (org.jetbrains.bio:npy) writes only
 * to local paths and brings Kotlin's runtime, while shards go to any Hadoop file system.
 */
public final class Npy {
  private Npy() {}

  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};

  /** The header for an array of {@code descr} ('<f4', '<f8', '<i8') and {@code shape}. */
  public static byte[] header(String descr, long[] shape) {
    StringBuilder s = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) s.append(i > 0 ? ", " : "").append(shape[i]);
    if (shape.length == 1) s.append(',');
    s.append(')');
    String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + s + ", }";
    int total = MAGIC.length + 2 + dict.length() + 1;
    int pad = (64 - total % 64) % 64;
    String text = dict + " ".repeat(pad) + "\n";
    byte[] h = text.getBytes(StandardCharsets.US_ASCII);
    ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 2 + h.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put(MAGIC).putShort((short) h.length).put(h);
    return b.array();
  }

  /** Writes a float32 array of {@code shape} (C order). */
  public static void write(OutputStream out, float[] values, long[] shape) throws IOException {
    write(out, "<f4", 4, values.length, shape, (b, i, n) -> b.asFloatBuffer().put(values, i, n));
  }

  /** Writes a float64 array of {@code shape}. */
  public static void write(OutputStream out, double[] values, long[] shape) throws IOException {
    write(out, "<f8", 8, values.length, shape, (b, i, n) -> b.asDoubleBuffer().put(values, i, n));
  }

  /** Writes an int64 array of {@code shape}. */
  public static void write(OutputStream out, long[] values, long[] shape) throws IOException {
    write(out, "<i8", 8, values.length, shape, (b, i, n) -> b.asLongBuffer().put(values, i, n));
  }

  /** Puts values {@code i .. i+n-1} of an array into a buffer, little-endian. */
  private interface Put {
    void put(ByteBuffer b, int i, int n);
  }

  /** The header, then the values through one 64 KiB buffer (no copy of the whole array). */
  private static void write(OutputStream out, String descr, int size, int count, long[] shape, Put put) throws IOException {
    check(count, shape);
    out.write(header(descr, shape));
    ByteBuffer b = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < count; ) {
      b.clear();
      int n = Math.min(count - i, b.capacity() / size);
      put.put(b, i, n);
      out.write(b.array(), 0, n * size);
      i += n;
    }
  }

  private static void check(long n, long[] shape) {
    long m = 1;
    for (long s : shape) m *= s;
    if (m != n) throw new IllegalArgumentException(n + " values for a .npy array of shape " + Arrays.toString(shape));
  }
}
