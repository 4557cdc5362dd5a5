package org.spangeo.jobs.convert;

/** Copies boxes between C-order arrays held in memory, and fills arrays with one value. */
final class BoxCopy {
  private BoxCopy() {}

  /**
   * Copies the box {@code count} at {@code srcStart} of {@code src} (shape {@code srcShape})
   * to {@code dstStart} of {@code dst} (shape {@code dstShape}).
   */
  static void copy(byte[] src, int[] srcShape, int[] srcStart, byte[] dst, int[] dstShape, int[] dstStart,
      int[] count, int elemSize) {
    int rank = count.length;
    if (Box.elements(count) == 0) return;
    if (rank == 0) {
      System.arraycopy(src, 0, dst, 0, elemSize);
      return;
    }
    long[] ss = strides(srcShape, elemSize);
    long[] ds = strides(dstShape, elemSize);
    int rowBytes = count[rank - 1] * elemSize;
    int outer = rank - 1;
    int[] idx = new int[outer];
    while (true) {
      long so = 0;
      long doff = 0;
      for (int d = 0; d < rank; d++) {
        int i = d < outer ? idx[d] : 0;
        so += (srcStart[d] + i) * ss[d];
        doff += (dstStart[d] + i) * ds[d];
      }
      System.arraycopy(src, (int) so, dst, (int) doff, rowBytes);
      int d = outer - 1;
      while (d >= 0 && ++idx[d] == count[d]) idx[d--] = 0;
      if (d < 0) break;
    }
  }

  static long[] strides(int[] shape, int elemSize) {
    long[] s = new long[shape.length];
    long acc = elemSize;
    for (int d = shape.length - 1; d >= 0; d--) {
      s[d] = acc;
      acc *= shape[d];
    }
    return s;
  }

  /** Sets every element of {@code dst} to {@code value} (one element's bytes). */
  static void fill(byte[] dst, byte[] value) {
    boolean zero = true;
    for (byte b : value) zero &= b == 0;
    if (zero) {
      java.util.Arrays.fill(dst, (byte) 0);
      return;
    }
    int n = Math.min(value.length, dst.length);
    System.arraycopy(value, 0, dst, 0, n);
    // Doubling copies: log2(size) arraycopy calls.
    while (n < dst.length) {
      int c = Math.min(n, dst.length - n);
      System.arraycopy(dst, 0, dst, n, c);
      n += c;
    }
  }

  static boolean isZero(byte[] value) {
    for (byte b : value) {
      if (b != 0) return false;
    }
    return true;
  }
}
