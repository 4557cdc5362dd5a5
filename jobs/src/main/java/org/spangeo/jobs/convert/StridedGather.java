package org.spangeo.jobs.convert;

import java.io.IOException;

/**
 * Reads a C-order box of an array whose element {@code idx} lies at byte
 * {@code base + sum(idx[d] * strides[d])}: a contiguous array, or a NetCDF-3 record variable
 * (the record dimension's stride is the record size). The box is cut into runs of contiguous
 * bytes; runs close together in the file are read with one positioned read.
 */
final class StridedGather {
  /** Runs at most this far apart are read together (the gap is read and dropped). */
  static final int MAX_GAP = 64 << 10;
  /** A read that joins several runs is at most this long. */
  static final int MAX_JOINED = 8 << 20;

  private StridedGather() {}

  static void gather(PositionedReader in, long base, long[] strides, long[] shape, int elemSize, long[] start,
      int[] count, byte[] dst) throws IOException {
    int rank = count.length;
    if (Box.elements(count) == 0) return;
    if (rank == 0) {
      in.readFully(base, dst, 0, elemSize);
      return;
    }
    // The innermost run: the last dimension, joined with outer ones while the inner ones are full.
    int k = rank - 1;
    long runElems = count[k];
    boolean contiguousLast = strides[k] == elemSize;
    while (contiguousLast && k > 0 && count[k] == shape[k] && strides[k - 1] == strides[k] * shape[k]) {
      k--;
      runElems *= count[k];
    }
    if (!contiguousLast) {
      runElems = 1;
      k = rank;
    }
    long corner = base;
    for (int d = 0; d < rank; d++) corner += start[d] * strides[d];
    int runBytes = Math.toIntExact(runElems * elemSize);
    Joiner j = new Joiner(in, dst);
    int[] idx = new int[k];
    int dstOff = 0;
    while (true) {
      long off = corner;
      for (int d = 0; d < k; d++) off += idx[d] * strides[d];
      j.add(off, dstOff, runBytes);
      dstOff += runBytes;
      int d = k - 1;
      while (d >= 0 && ++idx[d] == count[d]) idx[d--] = 0;
      if (d < 0) break;
    }
    j.flush();
  }

  /** Joins runs into few positioned reads. */
  private static final class Joiner {
    private final PositionedReader in;
    private final byte[] dst;
    private long segStart = -1;
    private long segEnd;
    private long[] fileOff = new long[16];
    private int[] dstOff = new int[16];
    private int[] len = new int[16];
    private int n;
    private byte[] tmp;

    Joiner(PositionedReader in, byte[] dst) {
      this.in = in;
      this.dst = dst;
    }

    void add(long off, int to, int length) throws IOException {
      if (n > 0) {
        int last = n - 1;
        // Adjacent both in the file and in the box: one longer run.
        if (off == fileOff[last] + len[last] && to == dstOff[last] + len[last]
            && (n == 1 || off + length - segStart <= MAX_JOINED)) {
          len[last] += length;
          segEnd = off + length;
          return;
        }
        if (off >= segEnd && off - segEnd <= MAX_GAP && off + length - segStart <= MAX_JOINED) {
          push(off, to, length);
          segEnd = off + length;
          return;
        }
        flush();
      }
      segStart = off;
      segEnd = off + length;
      push(off, to, length);
    }

    private void push(long off, int to, int length) {
      if (n == len.length) {
        fileOff = java.util.Arrays.copyOf(fileOff, n * 2);
        dstOff = java.util.Arrays.copyOf(dstOff, n * 2);
        len = java.util.Arrays.copyOf(len, n * 2);
      }
      fileOff[n] = off;
      dstOff[n] = to;
      len[n] = length;
      n++;
    }

    void flush() throws IOException {
      if (n == 0) return;
      if (n == 1) {
        in.readFully(fileOff[0], dst, dstOff[0], len[0]);
      } else {
        int span = (int) (segEnd - segStart);
        if (tmp == null || tmp.length < span) tmp = new byte[Math.max(span, tmp == null ? 0 : tmp.length)];
        in.readFully(segStart, tmp, 0, span);
        for (int i = 0; i < n; i++) System.arraycopy(tmp, (int) (fileOff[i] - segStart), dst, dstOff[i], len[i]);
      }
      n = 0;
      segStart = -1;
    }
  }
}
