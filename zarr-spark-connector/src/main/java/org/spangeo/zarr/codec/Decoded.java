package org.spangeo.zarr.codec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A chunk's bytes as a stream codec decodes them, refused as soon as they pass the chunk's size:
 * a corrupt or hostile stream must not fill the heap before the size check.
 */
final class Decoded extends ByteArrayOutputStream {
  interface Opener {
    InputStream open() throws IOException;
  }

  private final int max;
  private final String what;

  Decoded(int initial, int max, String what) {
    super(initial);
    this.max = max;
    this.what = what;
  }

  void add(byte[] buf, int n) {
    if ((long) count + n > max) throw new CodecException(what + " stream decodes to more than the chunk's " + max + " bytes");
    write(buf, 0, n);
  }

  /** The whole of a decoding stream, at most {@code max} bytes. */
  static byte[] readBounded(Opener opener, int max, String what) {
    try (InputStream in = opener.open()) {
      Decoded out = new Decoded(Math.min(max, 1 << 20), max, what);
      byte[] buf = new byte[64 * 1024];
      int n;
      while ((n = in.read(buf)) > 0) out.add(buf, n);
      return out.toByteArray();
    } catch (IOException e) {
      throw new CodecException(what + " stream is corrupt or truncated: " + e.getMessage(), e);
    }
  }
}
