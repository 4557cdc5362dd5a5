package org.spangeo.zarr.codec;

import com.scalableminds.bloscjava.Blosc;
import java.util.Locale;
import java.util.Map;

/**
 * numcodecs' Blosc (c-blosc 1.x frames) through blosc-java's bundled native library. The 16-byte
 * frame header is checked before the native call, so a corrupt or lying header is an error
 * here, not a crash or an oversized allocation in native code.
 */
public record BloscCodec(String cname, int clevel, int shuffle, int blocksize, int typesize) implements Codec {
  public static final int NOSHUFFLE = 0;
  public static final int SHUFFLE = 1;
  public static final int BITSHUFFLE = 2;
  private static final int HEADER = 16;

  public BloscCodec {
    String c = cname.toLowerCase(Locale.ROOT);
    if (!c.equals("lz4") && !c.equals("lz4hc") && !c.equals("blosclz") && !c.equals("zstd") && !c.equals("zlib")) {
      throw new IllegalArgumentException("blosc cname '" + cname + "' is not one of lz4, lz4hc, blosclz, zstd, zlib");
    }
    if (clevel < 0 || clevel > 9) throw new IllegalArgumentException("blosc clevel " + clevel + " is not in 0..9");
    if (shuffle < -1 || shuffle > 2) throw new IllegalArgumentException("blosc shuffle " + shuffle + " is not -1, 0, 1 or 2");
    cname = c;
    typesize = Math.max(1, typesize);
  }

  @Override
  public String id() {
    return "blosc";
  }

  /** The uncompressed size a frame declares, after checking the header is consistent. */
  static int frameSize(byte[] in, int maxDecoded) {
    if (in.length < HEADER) {
      throw new CodecException("blosc frame of " + in.length + " bytes is shorter than its 16-byte header (truncated?)");
    }
    int version = in[0] & 0xff;
    if (version < 1 || version > 4) throw new CodecException("blosc frame has unknown format version " + version);
    long nbytes = le32(in, 4);
    long cbytes = le32(in, 12);
    if (cbytes != in.length) {
      throw new CodecException("blosc frame says it is " + cbytes + " bytes but " + in.length
          + " were stored (truncated or corrupt)");
    }
    if (nbytes > maxDecoded) {
      throw new CodecException("blosc frame would decode to " + nbytes + " bytes, more than the chunk's "
          + maxDecoded);
    }
    return (int) nbytes;
  }

  static long le32(byte[] b, int off) {
    return (b[off] & 0xffL) | (b[off + 1] & 0xffL) << 8 | (b[off + 2] & 0xffL) << 16 | (b[off + 3] & 0xffL) << 24;
  }

  @Override
  public byte[] decode(byte[] encoded, int maxDecoded) {
    int n = frameSize(encoded, maxDecoded);
    if (n == 0) return new byte[0];
    byte[] out;
    try {
      out = Blosc.decompress(encoded, 1);
    } catch (RuntimeException e) {
      throw new CodecException("blosc frame cannot be decompressed: " + e.getMessage(), e);
    }
    if (out == null || out.length != n) {
      throw new CodecException("blosc frame decompressed to " + (out == null ? 0 : out.length)
          + " bytes, its header says " + n + " (corrupt)");
    }
    return out;
  }

  @Override
  public byte[] encode(byte[] raw) {
    Blosc.Shuffle s = shuffle == BITSHUFFLE ? Blosc.Shuffle.BIT_SHUFFLE
        : shuffle == NOSHUFFLE ? Blosc.Shuffle.NO_SHUFFLE : Blosc.Shuffle.BYTE_SHUFFLE;
    // blocksize 0 = automatic, as numcodecs' default; 1 thread: Spark owns the parallelism.
    return Blosc.compress(raw, typesize, Blosc.Compressor.fromString(cname), clevel, s, blocksize, 1);
  }

  @Override
  public Map<String, Object> toV2Config() {
    // No "typesize" key: numcodecs 0.11's Blosc(**config) rejects it.
    return Codec.v2Config("blosc", "cname", cname, "clevel", clevel, "shuffle", shuffle, "blocksize", blocksize);
  }
}
