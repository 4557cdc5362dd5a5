package org.spangeo.zarr.codec;

import java.util.Map;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * numcodecs LZ4: a 4-byte little-endian uncompressed size, then one LZ4 block
 * (lz4's LZ4_compress_fast with numcodecs' "acceleration").
 */
public final class Lz4Codec implements Codec {
  private static final long serialVersionUID = 1L;
  private final int acceleration;

  public Lz4Codec(int acceleration) {
    this.acceleration = Math.max(1, acceleration);
  }

  @Override
  public String id() {
    return "lz4";
  }

  @Override
  public byte[] decode(byte[] encoded, int maxDecoded) {
    if (encoded.length < 4) throw new CodecException("lz4 chunk of " + encoded.length + " bytes has no size header (truncated?)");
    long n = BloscCodec.le32(encoded, 0);
    if (n > maxDecoded) throw new CodecException("lz4 chunk would decode to " + n + " bytes, more than the chunk's " + maxDecoded);
    byte[] out = new byte[(int) n];
    LZ4SafeDecompressor d = LZ4Factory.fastestInstance().safeDecompressor();
    try {
      int got = d.decompress(encoded, 4, encoded.length - 4, out, 0, out.length);
      if (got != n) throw new CodecException("lz4 chunk decoded to " + got + " bytes, its header says " + n + " (corrupt)");
    } catch (LZ4Exception e) {
      throw new CodecException("lz4 chunk is corrupt or truncated: " + e.getMessage(), e);
    }
    return out;
  }

  @Override
  public byte[] encode(byte[] raw) {
    LZ4Compressor c = LZ4Factory.fastestInstance().fastCompressor();
    byte[] out = new byte[4 + c.maxCompressedLength(raw.length)];
    out[0] = (byte) raw.length;
    out[1] = (byte) (raw.length >>> 8);
    out[2] = (byte) (raw.length >>> 16);
    out[3] = (byte) (raw.length >>> 24);
    int n = c.compress(raw, 0, raw.length, out, 4, out.length - 4);
    return java.util.Arrays.copyOf(out, 4 + n);
  }

  @Override
  public Map<String, Object> toV2Config() {
    return Codec.v2Config("lz4", "acceleration", acceleration);
  }
}
