package org.spangeo.zarr.codec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** numcodecs GZip / Zarr v3 "gzip": a gzip (RFC 1952) member per chunk. */
public final class GzipCodec extends LevelCodec {
  private static final long serialVersionUID = 1L;

  public GzipCodec(int level) {
    super("gzip", level, 0, 9);
  }

  @Override
  public byte[] decode(byte[] encoded, int maxDecoded) {
    return Decoded.readBounded(() -> new GZIPInputStream(new ByteArrayInputStream(encoded)), maxDecoded, "gzip");
  }

  @Override
  public byte[] encode(byte[] raw) {
    ByteArrayOutputStream bos = new ByteArrayOutputStream(raw.length / 2 + 64);
    try (GZIPOutputStream out = new GZIPOutputStream(bos) {
        {
          def.setLevel(level);
        }
      }) {
      out.write(raw);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bos.toByteArray();
  }
}
