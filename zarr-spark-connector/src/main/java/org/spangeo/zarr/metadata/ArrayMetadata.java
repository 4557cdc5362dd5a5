package org.spangeo.zarr.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * One array's metadata, parsed from a v2 ".zarray" (+ ".zattrs") or a v3 "zarr.json" into the
 * same model: shape, chunk shape, dtype, fill value, the pipeline that turns stored chunk bytes
 * into C-ordered values, how chunk keys are spelled, dimension names and attributes.
 */
public record ArrayMetadata(int zarrFormat, long[] shape, int[] chunks, DType dtype, FillValue fillValue,
    ChunkPipeline pipeline, ChunkKeyEncoding keyEncoding, List<String> dimensionNames, ObjectNode attributes)
    implements Serializable {
  /** {@code dimensionNames} is null when unknown. */
  public ArrayMetadata {
    if (shape.length != chunks.length) {
      throw new IllegalArgumentException("shape has " + shape.length + " dims but chunks has " + chunks.length);
    }
    for (int i = 0; i < shape.length; i++) {
      if (shape[i] < 0) throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has a negative size");
      if (chunks[i] <= 0) throw new IllegalArgumentException("chunks " + Arrays.toString(chunks) + " must be positive");
    }
    long chunkBytes = (long) dtype.size();
    for (int c : chunks) chunkBytes *= c;
    if (chunkBytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("chunks " + Arrays.toString(chunks) + " of " + dtype + " are " + chunkBytes
          + " bytes, over the 2 GiB a chunk may have");
    }
    if (dimensionNames != null && dimensionNames.size() != shape.length) {
      throw new IllegalArgumentException("dimension names " + dimensionNames + " do not match " + shape.length + " dims");
    }
  }

  /** A copy: the record's arrays are not handed out. */
  public long[] shape() {
    return shape.clone();
  }

  public int rank() {
    return shape.length;
  }

  public int[] chunks() {
    return chunks.clone();
  }

  public JsonNode attribute(String name) {
    return attributes == null ? null : attributes.get(name);
  }

  /** Number of chunks along each dim (ceil(shape / chunks)). */
  public long[] chunkGridShape() {
    long[] g = new long[shape.length];
    for (int i = 0; i < shape.length; i++) g[i] = (shape[i] + chunks[i] - 1) / chunks[i];
    return g;
  }

  public long chunkCount() {
    long n = 1;
    for (long g : chunkGridShape()) n *= g;
    return n;
  }

  public int chunkElements() {
    int n = 1;
    for (int c : chunks) n *= c;
    return n;
  }

  public long elements() {
    long n = 1;
    for (long s : shape) n *= s;
    return n;
  }

  public String chunkKey(long[] index) {
    return keyEncoding.key(index);
  }
}
