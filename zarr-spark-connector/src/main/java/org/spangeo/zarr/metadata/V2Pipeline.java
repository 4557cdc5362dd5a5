package org.spangeo.zarr.metadata;

import java.util.ArrayList;
import java.util.List;
import org.spangeo.zarr.array.RawChunk;
import org.spangeo.zarr.array.Transpose;
import org.spangeo.zarr.codec.Codec;
import org.spangeo.zarr.codec.CodecException;

/**
 * Zarr v2: filters (applied in order when writing), then the compressor (null: stored raw); order C
 * or F.
 */
public record V2Pipeline(Codec compressor, List<Codec> filters, boolean fortranOrder) implements ChunkPipeline {
  public V2Pipeline {
    filters = filters == null ? List.of() : List.copyOf(filters);
  }

  @Override
  public RawChunk decode(byte[] stored, int[] chunkShape, DType dtype, ChunkReader reader) {
    long n = 1;
    for (int s : chunkShape) n *= s;
    long expected = n * dtype.size();
    // Filters may widen (u1 -> f8), so intermediate stages are bounded by 8 bytes an element.
    int bound = (int) Math.min(Integer.MAX_VALUE - 8, n * Math.max(8, dtype.size()));
    byte[] b = compressor == null ? stored : compressor.decode(stored, bound);
    for (int i = filters.size() - 1; i >= 0; i--) b = filters.get(i).decode(b, bound);
    if (b.length != expected) {
      throw new CodecException("chunk decodes to " + b.length + " bytes but its shape "
          + java.util.Arrays.toString(chunkShape) + " of " + dtype + " needs " + expected
          + (b.length < expected ? " (truncated?)" : ""));
    }
    if (fortranOrder && chunkShape.length > 1) b = Transpose.fortranToC(b, chunkShape, dtype.size());
    return new RawChunk(dtype, chunkShape, b);
  }

  /**
   * The bytes of an object (vlen-utf8) chunk after the compressor and the other filters: the
   * vlen-utf8 layout itself, which {@link org.spangeo.zarr.array.StringChunks} parses.
   */
  public byte[] decodeVlen(byte[] stored, int items) {
    // text has no fixed size: allow 1 KiB an item (at least 16 MiB), never more than 1 GiB
    int bound = (int) Math.min(1L << 30, Math.max(16L << 20, items * 1024L));
    byte[] b = compressor == null ? stored : compressor.decode(stored, bound);
    for (int i = filters.size() - 1; i >= 0; i--) b = filters.get(i).decode(b, bound);
    return b;
  }

  @Override
  public byte[] encode(RawChunk chunk) {
    byte[] b = chunk.bytes();
    if (fortranOrder && chunk.shape().length > 1) b = Transpose.cToFortran(b, chunk.shape(), chunk.dtype().size());
    for (Codec f : filters) b = f.encode(b);
    return compressor == null ? b : compressor.encode(b);
  }

  @Override
  public String describe() {
    List<String> parts = new ArrayList<>();
    for (Codec f : filters) parts.add(f.id());
    parts.add(compressor == null ? "raw" : describe(compressor));
    return String.join(" + ", parts) + (fortranOrder ? " (order F)" : "");
  }

  static String describe(Codec c) {
    if (c instanceof org.spangeo.zarr.codec.BloscCodec) {
      org.spangeo.zarr.codec.BloscCodec b = (org.spangeo.zarr.codec.BloscCodec) c;
      String s = b.shuffle() == 2 ? "bitshuffle" : b.shuffle() == 1 ? "shuffle" : "noshuffle";
      return "blosc(" + b.cname() + ", " + b.clevel() + ", " + s + ")";
    }
    Object level = c.toV2Config().get("level");
    return level == null ? c.id() : c.id() + "(" + level + ")";
  }
}
