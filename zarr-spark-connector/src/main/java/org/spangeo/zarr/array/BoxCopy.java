package org.spangeo.zarr.array;

import org.apache.spark.unsafe.Platform;

/**
 * The n-d box kernel: copies between C-ordered primitive arrays that move whole contiguous runs
 * at once ({@code System.arraycopy}-speed memory copies; trailing dims that both arrays hold
 * whole merge into one run). Arrays are float[], double[], long[], int[], short[] or byte[]; a
 * byte[] may hold elements of any size (raw chunk bytes), and bytes copy straight into a typed
 * array when their byte order is the platform's. Loops that walk an n-d box step with
 * {@link #next} and {@link #strides}; the ones still written out by hand carry per-cell work of
 * their own (the stages' kernels, the column reader's row order) or walk String[] chunks.
 */
public final class BoxCopy {
  private BoxCopy() {}

  /** Bytes per element of a primitive array class (byte[]: 1). */
  public static int elementBytes(Object array) {
    if (array instanceof float[] || array instanceof int[]) return 4;
    if (array instanceof double[] || array instanceof long[]) return 8;
    if (array instanceof short[]) return 2;
    if (array instanceof byte[]) return 1;
    throw new IllegalArgumentException("not a primitive number array: " + (array == null ? null : array.getClass()));
  }

  static long base(Object array) {
    if (array instanceof float[]) return Platform.FLOAT_ARRAY_OFFSET;
    if (array instanceof double[]) return Platform.DOUBLE_ARRAY_OFFSET;
    if (array instanceof byte[]) return Platform.BYTE_ARRAY_OFFSET;
    if (array instanceof int[]) return Platform.INT_ARRAY_OFFSET;
    if (array instanceof long[]) return Platform.LONG_ARRAY_OFFSET;
    if (array instanceof short[]) return Platform.SHORT_ARRAY_OFFSET;
    throw new IllegalArgumentException("not a primitive number array: " + (array == null ? null : array.getClass()));
  }

  /** Number of cells of a shape. */
  public static int size(int[] shape) {
    long n = 1;
    for (int s : shape) n *= s;
    return Math.toIntExact(n);
  }

  /** Steps {@code idx} to the next index of the box first..last (inclusive) in C order; false after the last. */
  public static boolean next(long[] idx, long[] first, long[] last) {
    for (int d = idx.length - 1; d >= 0; d--) {
      if (++idx[d] <= last[d]) return true;
      idx[d] = first[d];
    }
    return false;
  }

  /** Steps {@code pos} to the next index below {@code size} (from 0) in C order; false after the last. */
  public static boolean next(int[] pos, int[] size) {
    return next(pos, size, pos.length);
  }

  /**
   * {@link #next(int[], int[])} over the first {@code dims} dims only: for loops that handle the
   * dims after them at once (a run of the last dim, a 2-d field).
   */
  public static boolean next(int[] pos, int[] size, int dims) {
    for (int d = dims - 1; d >= 0; d--) {
      if (++pos[d] < size[d]) return true;
      pos[d] = 0;
    }
    return false;
  }

  /** C-order strides (in elements) of a shape. */
  public static int[] strides(int[] shape) {
    int[] st = new int[shape.length];
    int s = 1;
    for (int d = shape.length - 1; d >= 0; d--) {
      st[d] = s;
      s *= shape[d];
    }
    return st;
  }

  /**
   * C-order strides of the array made of the {@code kept} dims of a shape (a reduction's output,
   * or the spatial grid without time); the other dims get stride 0.
   */
  public static int[] strides(int[] shape, boolean[] kept) {
    int[] st = new int[shape.length];
    int s = 1;
    for (int d = shape.length - 1; d >= 0; d--) {
      if (!kept[d]) continue;
      st[d] = s;
      s *= shape[d];
    }
    return st;
  }

  /**
   * Copies the dense box of {@code count} cells at {@code srcLo} in {@code src} (shape
   * {@code srcShape}) to {@code dstLo} in {@code dst} (shape {@code dstShape}). {@code es}: bytes
   * per element (the same on both sides; a typed array's own size unless it is byte[]).
   */
  public static void copy(Object src, int[] srcShape, int[] srcLo, Object dst, int[] dstShape, int[] dstLo, int[] count,
      int es) {
    int rank = count.length;
    for (int c : count) if (c <= 0) return;
    long sb = base(src);
    long db = base(dst);
    if (rank == 0) {
      Platform.copyMemory(src, sb, dst, db, es);
      return;
    }
    int[] ss = strides(srcShape);
    int[] ds = strides(dstShape);
    // the run: the last dim, extended over the dims before it while both sides hold the dims after whole
    int m = rank - 1;
    long run = count[m];
    while (m > 0 && count[m] == srcShape[m] && count[m] == dstShape[m]) {
      m--;
      run *= count[m];
    }
    long so = 0;
    long doff = 0;
    for (int d = 0; d < rank; d++) {
      so += (long) srcLo[d] * ss[d];
      doff += (long) dstLo[d] * ds[d];
    }
    long bytes = run * es;
    if (m == 0) {
      Platform.copyMemory(src, sb + so * es, dst, db + doff * es, bytes);
      return;
    }
    // odometer over dims 0..m-1
    int[] pos = new int[m];
    long rows = 1;
    for (int d = 0; d < m; d++) rows *= count[d];
    for (long r = 0; r < rows; r++) {
      Platform.copyMemory(src, sb + so * es, dst, db + doff * es, bytes);
      int d = m - 1;
      while (d >= 0) {
        so += ss[d];
        doff += ds[d];
        if (++pos[d] < count[d]) break;
        so -= (long) ss[d] * count[d];
        doff -= (long) ds[d] * count[d];
        pos[d] = 0;
        d--;
      }
    }
  }

  /** {@link #copy(Object, int[], int[], Object, int[], int[], int[], int)} between arrays of one type. */
  public static void copy(Object src, int[] srcShape, int[] srcLo, Object dst, int[] dstShape, int[] dstLo, int[] count) {
    copy(src, srcShape, srcLo, dst, dstShape, dstLo, count, elementBytes(dst));
  }

  /**
   * A selection: {@code dst[dstLo + (i0, i1, ...)] = src[idx0[i0], idx1[i1], ...]} for every
   * combination of the selected indices ({@code idx[d]} null: all of dim d). Runs of consecutive
   * indices along the last dim are copied at once.
   */
  public static void select(Object src, int[] srcShape, int[][] idx, Object dst, int[] dstShape, int[] dstLo, int es) {
    int rank = srcShape.length;
    boolean dense = true;
    int[] lo = new int[rank];
    int[] count = new int[rank];
    for (int d = 0; d < rank; d++) {
      int[] x = idx[d];
      if (x == null) {
        count[d] = srcShape[d];
        continue;
      }
      count[d] = x.length;
      if (x.length == 0) return;
      lo[d] = x[0];
      for (int i = 1; i < x.length && dense; i++) dense = x[i] == x[i - 1] + 1;
    }
    if (dense) {
      copy(src, srcShape, lo, dst, dstShape, dstLo, count, es);
      return;
    }
    // runs along the last dim: (source start, destination start, length)
    int last = rank - 1;
    int[] li = idx[last];
    int[] runSrc = new int[count[last]];
    int[] runDst = new int[count[last]];
    int[] runLen = new int[count[last]];
    int runs = 0;
    for (int i = 0; i < count[last]; ) {
      int s = li == null ? i : li[i];
      int j = i + 1;
      while (j < count[last] && (li == null ? j : li[j]) == s + (j - i)) j++;
      runSrc[runs] = s;
      runDst[runs] = i;
      runLen[runs++] = j - i;
      i = j;
    }
    long sb = base(src);
    long db = base(dst);
    int[] ss = strides(srcShape);
    int[] ds = strides(dstShape);
    int[] pos = new int[rank];
    long rows = 1;
    for (int d = 0; d < last; d++) rows *= count[d];
    for (long r = 0; r < rows; r++) {
      long so = 0;
      long doff = 0;
      for (int d = 0; d < last; d++) {
        so += (long) (idx[d] == null ? pos[d] : idx[d][pos[d]]) * ss[d];
        doff += (long) (dstLo[d] + pos[d]) * ds[d];
      }
      doff += dstLo[last];
      for (int k = 0; k < runs; k++) {
        Platform.copyMemory(src, sb + (so + runSrc[k]) * es, dst, db + (doff + runDst[k]) * es, (long) runLen[k] * es);
      }
      for (int d = last - 1; d >= 0; d--) {
        if (++pos[d] < count[d]) break;
        pos[d] = 0;
      }
    }
  }
}
