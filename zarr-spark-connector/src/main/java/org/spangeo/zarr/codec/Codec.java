package org.spangeo.zarr.codec;

import java.io.Serializable;

/**
 * A bytes-to-bytes stage of a chunk pipeline: a compressor or a filter. Decoding is bounded:
 * {@code maxDecoded} is the largest output the chunk can legally have, and a stream that claims
 * or produces more is rejected (no zip bombs, no OutOfMemoryError from a lying header).
 */
public interface Codec extends Serializable {

  /** The numcodecs / Zarr v3 id, for messages and for writing metadata. */
  String id();

  byte[] decode(byte[] encoded, int maxDecoded);

  byte[] encode(byte[] raw);

  /** The codec's configuration as Zarr v2 writes it in "compressor"/"filters". */
  java.util.Map<String, Object> toV2Config();

  /** A v2 configuration: "id", then the given key/value pairs, in order (a map the caller may add to). */
  static java.util.Map<String, Object> v2Config(String id, Object... keysAndValues) {
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("id", id);
    for (int i = 0; i < keysAndValues.length; i += 2) m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    return m;
  }
}
