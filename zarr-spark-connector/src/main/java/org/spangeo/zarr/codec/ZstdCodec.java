package org.spangeo.zarr.codec;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;

/** numcodecs Zstd / Zarr v3 "zstd": one zstd frame per chunk, through zstd-jni. */
public final class ZstdCodec extends LevelCodec {
  private static final long serialVersionUID = 1L;

  public ZstdCodec(int level) {
    super("zstd", level, -131072, 22);
  }

  @Override
  public byte[] decode(byte[] encoded, int maxDecoded) {
    long declared = Zstd.decompressedSize(encoded);
    if (declared > maxDecoded) {
      throw new CodecException("zstd frame would decode to " + declared + " bytes, more than the chunk's " + maxDecoded);
    }
    if (declared > 0) {
      byte[] out = new byte[(int) declared];
      long n = Zstd.decompressByteArray(out, 0, out.length, encoded, 0, encoded.length);
      if (Zstd.isError(n)) throw new CodecException("zstd frame is corrupt: " + Zstd.getErrorName(n));
      if (n != declared) throw new CodecException("zstd frame decoded to " + n + " bytes, it declares " + declared);
      return out;
    }
    // Frames without a content size (streamed): decode with a bound.
    return Decoded.readBounded(() -> new ZstdInputStream(new ByteArrayInputStream(encoded)), maxDecoded, "zstd");
  }

  @Override
  public byte[] encode(byte[] raw) {
    return Zstd.compress(raw, level);
  }
}
