package org.spangeo.zarr.metadata;

import java.io.Serializable;
import org.spangeo.zarr.array.RawChunk;

/**
 * Stored chunk bytes to values and back. A v2 pipeline is filters + compressor + order; a v3
 * pipeline is its codec chain. Decoding always yields C order in the dtype's byte order.
 */
public interface ChunkPipeline extends Serializable {

  RawChunk decode(byte[] stored, int[] chunkShape, DType dtype, ChunkReader reader);

  byte[] encode(RawChunk chunk);

  /** A one-line description for summaries ("blosc(zstd, 3, bitshuffle)"). */
  String describe();

  /** Lets a pipeline (sharding) read byte ranges of the stored object instead of all of it. */
  interface ChunkReader {
    byte[] range(long offset, int length);
  }
}
