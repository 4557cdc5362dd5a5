package org.spangeo.jobs.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The coalescing box reader on arrays large enough for its limits (64 KiB gaps, 8 MiB joined
 * reads), against an element-by-element slice; and record layouts with a record stride.
 */
class StridedGatherTest {
  /** An in-memory file that counts reads and refuses reads past its end. */
  static final class Mem implements PositionedReader {
    final byte[] data;
    int reads;
    long bytesRead;

    Mem(byte[] data) {
      this.data = data;
    }

    @Override
    public void readFully(long pos, byte[] dst, int off, int len) throws EOFException {
      if (pos < 0 || pos + len > data.length) throw new EOFException("read past the end");
      System.arraycopy(data, (int) pos, dst, off, len);
      reads++;
      bytesRead += len;
    }
  }

  @Test
  void randomBoxesOfALargeArray() throws Exception {
    long[] shape = {6, 300, 5000};
    int size = 2;
    byte[] data = new byte[6 * 300 * 5000 * size];
    new Random(1).nextBytes(data);
    Mem mem = new Mem(data);
    long[] strides = {300 * 5000 * size, 5000 * size, size};
    Random rnd = new Random(2);
    for (int k = 0; k < 60; k++) {
      long[] start = new long[3];
      long[] count = new long[3];
      for (int d = 0; d < 3; d++) {
        start[d] = rnd.nextInt((int) shape[d]);
        count[d] = 1 + rnd.nextInt((int) (shape[d] - start[d]));
        if (k % 5 == 0 && d > 0) {
          start[d] = 0;
          count[d] = shape[d]; // full rows and planes: joined runs
        }
      }
      byte[] out = new byte[(int) (count[0] * count[1] * count[2] * size)];
      StridedGather.gather(mem, 0, strides, shape, size, start, Box.toInt(count), out);
      assertArrayEquals(Expected.slice(data, shape, size, start, count), out, "box " + k);
    }
    // The whole array: one read straight into the output.
    mem.reads = 0;
    byte[] all = new byte[data.length];
    StridedGather.gather(mem, 0, strides, shape, size, new long[3], Box.toInt(shape), all);
    assertArrayEquals(data, all);
    assertEquals(1, mem.reads);
    // One column: 1800 runs of 2 bytes, 10 KB apart, joined into reads of at most 8 MiB.
    mem.reads = 0;
    mem.bytesRead = 0;
    byte[] col = new byte[6 * 300 * size];
    StridedGather.gather(mem, 0, strides, shape, size, new long[] {0, 0, 7}, new int[] {6, 300, 1}, col);
    assertArrayEquals(Expected.slice(data, shape, size, new long[] {0, 0, 7}, new long[] {6, 300, 1}), col);
    assertTrue(mem.reads >= 2 && mem.reads <= 4, "reads " + mem.reads);
    // Two elements 2 planes apart (6 MB): two reads, not one joined read of the gap.
    mem.reads = 0;
    byte[] two = new byte[2 * size];
    StridedGather.gather(mem, 0, strides, shape, size, new long[] {1, 5, 5}, new int[] {2, 1, 1}, two);
    assertEquals(2, mem.reads);
  }

  @Test
  void recordLayoutsReadOnlyTheirRecords() throws Exception {
    // 7 records of 40 bytes; a variable of 3 x 4 bytes at offset 12 in each record.
    int recsize = 40;
    byte[] file = new byte[100 + 7 * recsize];
    new Random(3).nextBytes(file);
    Mem mem = new Mem(file);
    long begin = 112;
    long[] shape = {7, 3};
    long[] strides = {recsize, 4};
    byte[] out = new byte[2 * 2 * 4];
    StridedGather.gather(mem, begin, strides, shape, 4, new long[] {3, 1}, new int[] {2, 2}, out);
    byte[] expected = new byte[16];
    System.arraycopy(file, (int) (begin + 3 * recsize + 4), expected, 0, 8);
    System.arraycopy(file, (int) (begin + 4 * recsize + 4), expected, 8, 8);
    assertArrayEquals(expected, out);
    assertEquals(1, mem.reads, "two runs 32 bytes apart: one read");
    assertEquals(recsize + 8, mem.bytesRead);
  }
}
