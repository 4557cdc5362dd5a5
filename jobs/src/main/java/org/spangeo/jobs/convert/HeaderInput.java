package org.spangeo.jobs.convert;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * A big-endian cursor over a NetCDF-3 header, read in blocks with positioned reads. Reading
 * past the end of the file is a one-line "truncated header" error naming the file.
 */
final class HeaderInput {
  private static final int BLOCK = 64 << 10;

  private final ByteSource src;
  private final long size;
  private long pos;
  private byte[] buf = new byte[0];
  private long bufStart;

  HeaderInput(ByteSource src) {
    this.src = src;
    this.size = src.size();
  }

  long position() {
    return pos;
  }

  long remaining() {
    return size - pos;
  }

  long fileSize() {
    return size;
  }

  String location() {
    return src.location();
  }

  IllegalArgumentException error(String msg) {
    return new IllegalArgumentException(src.location() + ": bad NetCDF-3 header: " + msg);
  }

  private void need(long n, String what) {
    if (n > size - pos) {
      throw new IllegalArgumentException(src.location() + ": truncated NetCDF-3 header: the file ends at byte " + size
          + " while reading " + what + " (" + n + " bytes at offset " + pos + ")");
    }
  }

  private ByteBuffer at(int n, String what) {
    need(n, what);
    if (pos < bufStart || pos + n > bufStart + buf.length) {
      int len = (int) Math.min(Math.max(BLOCK, n), size - pos);
      byte[] b = new byte[len];
      try {
        src.readFully(pos, b, 0, len);
      } catch (IOException e) {
        throw new UncheckedIOException(FormatDetector.oneLine(e, src.location()), e);
      }
      buf = b;
      bufStart = pos;
    }
    ByteBuffer bb = ByteBuffer.wrap(buf, (int) (pos - bufStart), n);
    pos += n;
    return bb;
  }

  int readInt(String what) {
    return at(4, what).getInt();
  }

  long readLong(String what) {
    return at(8, what).getLong();
  }

  /** A non-negative count: 4 bytes, unsigned (CDF-1, CDF-2) or 8 bytes (CDF-5). */
  long readNonNeg(boolean wide, String what) {
    long v = wide ? readLong(what) : readInt(what) & 0xffffffffL;
    if (v < 0) throw error(what + " is negative (" + v + ")");
    return v;
  }

  byte[] readBytes(long n, String what) {
    need(n, what);
    byte[] out = new byte[(int) n];
    ByteBuffer b = at((int) n, what);
    b.get(out);
    return out;
  }

  /** Skips the padding after {@code n} bytes of data, up to a multiple of 4. */
  void skipPadding(long n, String what) {
    int pad = (int) ((4 - (n & 3)) & 3);
    if (pad > 0) at(pad, "padding after " + what);
  }
}
