package org.spangeo.bench;

import java.util.ArrayList;
import java.util.List;
import org.spangeo.zarr.ZarrException;
import org.spangeo.zarr.array.ZarrArray;
import org.spangeo.zarr.store.HadoopStore;

/**
 * The stored chunks of one array, read into memory once, so that decoding them can be timed
 * without any I/O: the input of the bare decode rate and of the JMH decode benchmark.
 */
public final class BenchChunks {
  public final ZarrArray array;
  public final List<long[]> indices = new ArrayList<>();
  public final List<byte[]> stored = new ArrayList<>();
  public final long storedBytes;
  public final long chunkBytes; // decoded bytes of one (whole) chunk

  private BenchChunks(ZarrArray array, long maxChunks) {
    this.array = array;
    long[] grid = array.metadata().chunkGridShape();
    long total = 1;
    for (long g : grid) total *= g;
    long n = Math.min(total, maxChunks);
    long[] idx = new long[grid.length];
    long sb = 0;
    for (long k = 0; k < n; k++) {
      byte[] b = array.readStored(idx);
      if (b == null) throw new ZarrException(array + ": chunk " + array.chunkKey(idx) + " is missing; regenerate the store");
      indices.add(idx.clone());
      stored.add(b);
      sb += b.length;
      for (int d = grid.length - 1; d >= 0; d--) {
        if (++idx[d] < grid[d]) break;
        idx[d] = 0;
      }
    }
    storedBytes = sb;
    long cb = array.metadata().dtype().size();
    for (int c : array.metadata().chunks()) cb *= c;
    chunkBytes = cb;
  }

  /** Opens {@code variable} of the store at {@code store} (a path or URI) and reads its chunks. */
  public static BenchChunks load(String store, String variable) {
    return load(store, variable, Long.MAX_VALUE);
  }

  /** The first {@code maxChunks} chunks only (C order of the chunk grid). */
  public static BenchChunks load(String store, String variable, long maxChunks) {
    return new BenchChunks(ZarrArray.open(HadoopStore.open(store), variable), maxChunks);
  }

  public int size() {
    return stored.size();
  }

  /** Decoded bytes of all loaded chunks. */
  public long decodedBytes() {
    return chunkBytes * stored.size();
  }
}
