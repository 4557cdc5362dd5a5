package org.spangeo.zarr.write;

import java.util.Locale;
import org.spangeo.zarr.codec.BloscCodec;
import org.spangeo.zarr.codec.Codec;
import org.spangeo.zarr.codec.GzipCodec;
import org.spangeo.zarr.codec.Lz4Codec;
import org.spangeo.zarr.codec.ZlibCodec;
import org.spangeo.zarr.codec.ZstdCodec;

/**
 * Compressor specs as users write them: {@code blosc:zstd:3:bitshuffle} (the default, what the
 * course writes with {@code Blosc('zstd', 3, shuffle=2)}), {@code zstd:3}, {@code zlib:5},
 * {@code gzip:5}, {@code lz4}, {@code none}.
 */
public final class Compressors {
  public static final String DEFAULT = "blosc:zstd:3:bitshuffle";

  private Compressors() {}

  /** The codec, or null for "none". {@code typesize} is the element size (for Blosc's shuffle). */
  public static Codec parse(String spec, int typesize) {
    String[] p = spec.trim().toLowerCase(Locale.ROOT).split(":");
    try {
      switch (p[0]) {
        case "none":
        case "raw":
          return null;
        case "blosc": {
          String cname = p.length > 1 ? p[1] : "zstd";
          int level = p.length > 2 ? Integer.parseInt(p[2]) : 3;
          int shuffle = p.length > 3 ? shuffle(p[3]) : BloscCodec.BITSHUFFLE;
          return new BloscCodec(cname, level, shuffle, 0, typesize);
        }
        case "zstd":
          return new ZstdCodec(p.length > 1 ? Integer.parseInt(p[1]) : 3);
        case "zlib":
          return new ZlibCodec(p.length > 1 ? Integer.parseInt(p[1]) : 5);
        case "gzip":
          return new GzipCodec(p.length > 1 ? Integer.parseInt(p[1]) : 5);
        case "lz4":
          return new Lz4Codec(p.length > 1 ? Integer.parseInt(p[1]) : 1);
        default:
          throw new IllegalArgumentException("compressor '" + spec + "' is not one of blosc:<cname>:<level>:<shuffle>,"
              + " zstd:<level>, zlib:<level>, gzip:<level>, lz4, none");
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("compressor '" + spec + "' has a level that is not a number", e);
    }
  }

  private static int shuffle(String s) {
    switch (s) {
      case "noshuffle": case "0": return BloscCodec.NOSHUFFLE;
      case "shuffle": case "byte": case "1": return BloscCodec.SHUFFLE;
      case "bitshuffle": case "bit": case "2": return BloscCodec.BITSHUFFLE;
      default: throw new IllegalArgumentException("blosc shuffle '" + s + "' is not noshuffle, shuffle or bitshuffle");
    }
  }
}
