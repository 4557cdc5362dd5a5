package org.spangeo.zarr.codec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** numcodecs GZip / Zarr v3 "gzip": a gzip (RFC 1952) member per chunk. */
public final class GzipCodec implements Codec {
  private static final long serialVersionUID = 1L;
  private final int level;

  public GzipCodec(int level) {
    if (level < 0 || level > 9) throw new IllegalArgumentException("gzip level " + level + " is not in 0..9");
    this.level = level;
  }

  @Override
  public String id() {
    return "gzip";
  }

  @Override
  public byte[] decode(byte[] encoded, int maxDecoded) {
    return ZstdCodec.Streams.readBounded(() -> new GZIPInputStream(new ByteArrayInputStream(encoded)), maxDecoded, "gzip");
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

  @Override
  public Map<String, Object> toV2Config() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", "gzip");
    m.put("level", level);
    return m;
  }
}
