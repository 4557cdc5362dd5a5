package org.spangeo.zarr.codec;

import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/** numcodecs Zlib: a zlib (RFC 1950) stream per chunk. */
public final class ZlibCodec extends LevelCodec {
  private static final long serialVersionUID = 1L;

  public ZlibCodec(int level) {
    super("zlib", level, 0, 9);
  }

  @Override
  public byte[] decode(byte[] encoded, int maxDecoded) {
    return inflate(encoded, maxDecoded, false, "zlib");
  }

  static byte[] inflate(byte[] encoded, int max, boolean nowrap, String what) {
    Inflater inf = new Inflater(nowrap);
    try {
      inf.setInput(encoded);
      Decoded out = new Decoded(Math.min(max, Math.max(64, encoded.length * 4)), max, what);
      byte[] buf = new byte[64 * 1024];
      while (!inf.finished()) {
        int n = inf.inflate(buf);
        // needsInput() is also true once a stream has been read to its end (an empty stream
        // ends in the very call that returns 0 bytes): only a stream that is not finished is cut
        if (n == 0 && !inf.finished()) {
          if (inf.needsInput() || inf.needsDictionary()) {
            throw new CodecException(what + " stream ends early (truncated?)");
          }
        }
        out.add(buf, n);
      }
      return out.toByteArray();
    } catch (DataFormatException e) {
      throw new CodecException(what + " stream is corrupt: " + e.getMessage(), e);
    } finally {
      inf.end();
    }
  }

  @Override
  public byte[] encode(byte[] raw) {
    Deflater d = new Deflater(level);
    try {
      d.setInput(raw);
      d.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 2 + 64);
      byte[] buf = new byte[64 * 1024];
      while (!d.finished()) out.write(buf, 0, d.deflate(buf));
      return out.toByteArray();
    } finally {
      d.end();
    }
  }
}
