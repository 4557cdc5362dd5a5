package org.spangeo.zarr.codec;

import java.util.Map;

/** A compressor whose one setting is its level (zlib, gzip, zstd): the id, the level's range check and the v2 config. */
abstract class LevelCodec implements Codec {
  private static final long serialVersionUID = 1L;
  private final String id;
  final int level;

  LevelCodec(String id, int level, int min, int max) {
    if (level < min || level > max) throw new IllegalArgumentException(id + " level " + level + " is not in " + min + ".." + max);
    this.id = id;
    this.level = level;
  }

  @Override
  public Map<String, Object> toV2Config() {
    return Codec.v2Config(id, "level", level);
  }

  @Override
  public String id() {
    return id;
  }
}
