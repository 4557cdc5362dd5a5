package org.spangeo.jobs.convert;

import java.util.Arrays;

/** Checks of a read box (start, count) against a variable's shape. */
final class Box {
  /** The largest box a RawChunk can hold. */
  static final long MAX_BYTES = Integer.MAX_VALUE - 8;

  private Box() {}

  /** Validates the box and returns its size in bytes. */
  static int bytes(String where, long[] shape, long[] start, int[] count, int elemSize) {
    if (start == null || count == null) throw new IllegalArgumentException(where + ": start and count are required");
    if (start.length != shape.length || count.length != shape.length) {
      throw new IllegalArgumentException(where + ": box start " + Arrays.toString(start) + " count "
          + Arrays.toString(count) + " does not match the variable's rank " + shape.length);
    }
    long n = elemSize;
    for (int d = 0; d < shape.length; d++) {
      if (start[d] < 0 || count[d] < 0 || start[d] + count[d] > shape[d]) {
        throw new IllegalArgumentException(where + ": box start " + Arrays.toString(start) + " count "
            + Arrays.toString(count) + " is outside the shape " + Arrays.toString(shape));
      }
      n = n > 0 && count[d] > MAX_BYTES / n ? MAX_BYTES + 1 : n * count[d];
    }
    if (n > MAX_BYTES) {
      throw new IllegalArgumentException(where + ": box count " + Arrays.toString(count)
          + " is over 2 GiB; read smaller boxes");
    }
    return (int) n;
  }

  static int[] toInt(long[] a) {
    int[] r = new int[a.length];
    for (int i = 0; i < a.length; i++) r[i] = Math.toIntExact(a[i]);
    return r;
  }

  static long elements(int[] count) {
    long n = 1;
    for (int c : count) n *= c;
    return n;
  }
}
