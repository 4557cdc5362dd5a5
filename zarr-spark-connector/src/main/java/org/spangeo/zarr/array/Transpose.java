package org.spangeo.zarr.array;

/** Reorders the axes of a C-ordered array of fixed-size elements held as bytes. */
public final class Transpose {
  private Transpose() {}

  /**
   * The C-ordered array {@code dst} with dst[j] = src[i] where i_k = j_{order[k]}; {@code srcShape}
   * is the shape of {@code src}, so dst's shape has dstShape[order[k]] = srcShape[k]. This is the
   * decode of Zarr v3's transpose codec with that order, and order F is order = [n-1 .. 0].
   */
  public static byte[] permute(byte[] src, int[] srcShape, int[] order, int elementSize) {
    int n = srcShape.length;
    int[] dstShape = new int[n];
    for (int k = 0; k < n; k++) dstShape[order[k]] = srcShape[k];
    long[] srcStride = new long[n];
    long s = elementSize;
    for (int k = n - 1; k >= 0; k--) {
      srcStride[k] = s;
      s *= srcShape[k];
    }
    // stride in src bytes for a step along each dst axis
    long[] step = new long[n];
    for (int k = 0; k < n; k++) step[order[k]] = srcStride[k];
    byte[] dst = new byte[src.length];
    if (n == 0 || src.length == 0) {
      System.arraycopy(src, 0, dst, 0, src.length);
      return dst;
    }
    int[] idx = new int[n];
    long srcOff = 0;
    int total = src.length / elementSize;
    int last = n - 1;
    for (int e = 0, dOff = 0; e < total; e++, dOff += elementSize) {
      System.arraycopy(src, (int) srcOff, dst, dOff, elementSize);
      // odometer over dst indices, keeping srcOff in step
      int d = last;
      idx[d]++;
      srcOff += step[d];
      while (d > 0 && idx[d] == dstShape[d]) {
        srcOff -= step[d] * idx[d];
        idx[d] = 0;
        d--;
        idx[d]++;
        srcOff += step[d];
      }
    }
    return dst;
  }

  /** Bytes of an order-F chunk of C shape {@code shape}, rearranged into C order. */
  public static byte[] fortranToC(byte[] src, int[] shape, int elementSize) {
    int n = shape.length;
    int[] srcShape = new int[n];
    int[] order = new int[n];
    for (int k = 0; k < n; k++) {
      srcShape[k] = shape[n - 1 - k];
      order[k] = n - 1 - k;
    }
    return permute(src, srcShape, order, elementSize);
  }

  /** The inverse of {@link #fortranToC}: C-ordered bytes to order F. */
  public static byte[] cToFortran(byte[] src, int[] shape, int elementSize) {
    int n = shape.length;
    int[] order = new int[n];
    for (int k = 0; k < n; k++) order[k] = n - 1 - k;
    return permute(src, shape, order, elementSize);
  }
}
