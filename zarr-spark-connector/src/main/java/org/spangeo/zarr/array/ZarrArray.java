package org.spangeo.zarr.array;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.spangeo.zarr.ZarrException;
import org.spangeo.zarr.codec.CodecException;
import org.spangeo.zarr.metadata.ArrayMetadata;
import org.spangeo.zarr.metadata.DType;
import org.spangeo.zarr.metadata.MetadataParser;
import org.spangeo.zarr.store.Store;

/**
 * One Zarr array in a store: its metadata and chunk I/O. Chunks are read whole (the unit of
 * storage and of parallelism); {@link #read} assembles any box from them. Every failure names
 * the store, the array and the chunk key.
 */
public record ZarrArray(Store store, String path, ArrayMetadata metadata) implements Serializable {

  /** Opens the array at {@code path} ("" for a store that is one array), v2 or v3. */
  public static ZarrArray open(Store store, String path) {
    String prefix = path.isEmpty() ? "" : path + "/";
    byte[] zarray;
    try {
      zarray = store.get(prefix + ".zarray");
    } catch (IllegalArgumentException e) {
      throw ZarrException.at(store.location(), path, null, e.getMessage());
    } catch (UncheckedIOException e) { // a failing store read is this array's error too
      throw ZarrException.at(store.location(), path, null, "cannot read metadata: " + ioMessage(e), e);
    }
    try {
      if (zarray != null) {
        byte[] zattrs = store.get(prefix + ".zattrs");
        JsonNode attrs = zattrs == null ? null : MetadataParser.readJson(zattrs, ".zattrs");
        return new ZarrArray(store, path, MetadataParser.parseV2(MetadataParser.readJson(zarray, ".zarray"), attrs));
      }
      byte[] zj = store.get(prefix + "zarr.json");
      if (zj != null) return new ZarrArray(store, path, MetadataParser.parseV3(MetadataParser.readJson(zj, "zarr.json")));
    } catch (IllegalArgumentException e) {
      throw ZarrException.at(store.location(), path, null, "bad metadata: " + e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw ZarrException.at(store.location(), path, null, "cannot read metadata: " + ioMessage(e), e);
    }
    throw ZarrException.at(store.location(), path, null, "no Zarr array here (neither .zarray nor zarr.json)");
  }

  private static String ioMessage(UncheckedIOException e) {
    String m = e.getMessage();
    String cause = e.getCause() == null ? null : e.getCause().getMessage();
    return cause == null || (m != null && m.contains(cause)) ? m : m + ": " + cause;
  }

  public String chunkKey(long[] index) {
    String k = metadata.chunkKey(index);
    return path.isEmpty() ? k : path + "/" + k;
  }

  private void checkIndex(long[] index) {
    long[] grid = metadata.chunkGridShape();
    if (index.length != grid.length) {
      throw ZarrException.at(store.location(), path, Arrays.toString(index), "chunk index has " + index.length
          + " dims, the array " + grid.length);
    }
    for (int i = 0; i < grid.length; i++) {
      if (index[i] < 0 || index[i] >= grid[i]) {
        throw ZarrException.at(store.location(), path, metadata.chunkKey(index), "chunk index is outside the chunk grid "
            + Arrays.toString(grid));
      }
    }
  }

  /** Stored bytes of a chunk, or null when the chunk is absent (it then reads as the fill value). */
  public byte[] readStored(long[] index) {
    checkIndex(index);
    String key = chunkKey(index);
    try {
      return store.get(key);
    } catch (UncheckedIOException e) {
      throw ZarrException.at(store.location(), path, metadata.chunkKey(index), "cannot read: " + e.getCause().getMessage(), e);
    }
  }

  /** The whole chunk (edge chunks at full chunk shape, as stored), decoded to C order. */
  public RawChunk readChunk(long[] index) {
    return decode(index, readStored(index));
  }

  /** {@link #readChunk} that records what it did in {@code stats} (may be null). */
  public RawChunk readChunk(long[] index, ReadStats stats) {
    if (stats == null) return readChunk(index);
    long t0 = System.nanoTime();
    byte[] stored = readStored(index);
    long t1 = System.nanoTime();
    RawChunk c = decode(index, stored);
    stats.readNanos += t1 - t0;
    stats.decodeNanos += System.nanoTime() - t1;
    stats.chunksRead++;
    if (stored == null) stats.chunksMissing++;
    else stats.storedBytes += stored.length;
    stats.decodedBytes += c.bytes().length;
    return c;
  }

  /** Decodes stored bytes of chunk {@code index}; null bytes give the fill value. */
  public RawChunk decode(long[] index, byte[] stored) {
    int[] shape = metadata.chunks();
    if (stored == null) return fill(shape);
    try {
      return metadata.pipeline().decode(stored, shape, metadata.dtype(), null);
    } catch (CodecException | IllegalArgumentException e) {
      throw ZarrException.at(store.location(), path, metadata.chunkKey(index), e.getMessage(), e);
    } catch (RuntimeException e) {
      throw ZarrException.at(store.location(), path, metadata.chunkKey(index), "cannot decode ("
          + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
    }
  }

  /** A block of the fill value (NaN for floats and 0 otherwise when the array has none). */
  public RawChunk fill(int[] shape) {
    DType t = metadata.dtype();
    boolean has = metadata.fillValue().isPresent();
    return RawChunk.filled(t, shape, has ? metadata.fillValue().asDouble() : (t.isFloat() ? Double.NaN : 0),
        has ? metadata.fillValue().asLong() : 0);
  }

  /** Encodes and stores one chunk (whole chunk shape), atomically per object. */
  public void writeChunk(long[] index, RawChunk chunk) {
    checkIndex(index);
    if (!Arrays.equals(chunk.shape(), metadata.chunks()) || !chunk.dtype().equals(metadata.dtype())) {
      throw ZarrException.at(store.location(), path, metadata.chunkKey(index), "block of shape "
          + Arrays.toString(chunk.shape()) + " " + chunk.dtype() + " does not match the chunks "
          + Arrays.toString(metadata.chunks()) + " " + metadata.dtype());
    }
    store.put(chunkKey(index), metadata.pipeline().encode(chunk));
  }

  /**
   * The box [start, start + shape) of the array, C order, assembled from the chunks it
   * touches. When the box is exactly one chunk, the decoded chunk is returned without a copy.
   */
  public RawChunk read(long[] start, int[] shape) {
    return read(start, shape, null);
  }

  /** {@link #read(long[], int[])} recording chunk reads in {@code stats} (may be null). */
  public RawChunk read(long[] start, int[] shape, ReadStats stats) {
    int rank = metadata.rank();
    long[] arrShape = metadata.shape();
    int[] cs = metadata.chunks();
    for (int d = 0; d < rank; d++) {
      if (start[d] < 0 || shape[d] < 0 || start[d] + shape[d] > arrShape[d]) {
        throw ZarrException.at(store.location(), path, null, "box " + Arrays.toString(start) + " + "
            + Arrays.toString(shape) + " is outside the shape " + Arrays.toString(arrShape));
      }
    }
    boolean single = true;
    long[] first = new long[rank];
    long[] last = new long[rank];
    for (int d = 0; d < rank; d++) {
      first[d] = start[d] / cs[d];
      last[d] = shape[d] == 0 ? first[d] - 1 : (start[d] + shape[d] - 1) / cs[d];
      single &= start[d] % cs[d] == 0 && shape[d] == cs[d];
    }
    if (single) return readChunk(first, stats);
    DType t = metadata.dtype();
    int es = t.size();
    long n = 1;
    for (int s : shape) n *= s;
    if (n == 0) return new RawChunk(t, shape, new byte[0]);
    byte[] out = new byte[Math.toIntExact(n * es)];
    long[] idx = first.clone();
    while (true) {
      RawChunk c = readChunk(idx, stats);
      copyIntersection(c.bytes(), idx, cs, out, start, shape, es);
      if (!BoxCopy.next(idx, first, last)) break;
    }
    return new RawChunk(t, shape, out);
  }

  /** Copies the part of chunk {@code ci} inside the box into the box buffer, in contiguous runs. */
  static void copyIntersection(byte[] chunk, long[] ci, int[] cs, byte[] out, long[] start, int[] shape, int es) {
    int rank = cs.length;
    int[] from = new int[rank];
    int[] to = new int[rank];
    int[] count = new int[rank];
    for (int d = 0; d < rank; d++) {
      long c0 = ci[d] * cs[d];
      long lo = Math.max(c0, start[d]);
      long hi = Math.min(c0 + cs[d], start[d] + shape[d]);
      if (hi <= lo) return;
      from[d] = (int) (lo - c0);
      to[d] = (int) (lo - start[d]);
      count[d] = (int) (hi - lo);
    }
    BoxCopy.copy(chunk, cs, from, out, shape, to, count, es);
  }

  @Override
  public String toString() {
    return "ZarrArray(" + store.location() + (path.isEmpty() ? "" : "/" + path) + ")";
  }
}
