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
}
