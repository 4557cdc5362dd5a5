package org.spangeo.jobs.convert;

import java.io.IOException;

/** Reads bytes at a position; the reads that {@link StridedGather} coalesces. */
interface PositionedReader {
  /** Fills {@code dst[off, off + len)} from position {@code pos}; EOFException past the end. */
  void readFully(long pos, byte[] dst, int off, int len) throws IOException;
}
