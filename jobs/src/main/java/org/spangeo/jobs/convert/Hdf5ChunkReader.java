package org.spangeo.jobs.convert;

import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.exceptions.HdfException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads boxes of a chunked (possibly deflate/shuffle compressed) HDF5 dataset: each HDF5
 * chunk the box overlaps is decoded by jHDF once ({@code getDecompressedChunk}) and its part
 * copied out row by row. Missing chunks are left as the caller's fill. A small LRU cache
 * keeps recently decoded chunks for neighbouring boxes. jHDF's own slice read
 * ({@code getData(long[], int[])}) is not used: in 0.9.4 it looks chunks up by chunk index
 * where its table is keyed by element offset (boxes away from the first chunk read as zeros),
 * copies element by element, and fills missing chunks with zeros, not the fill value.
 */
final class Hdf5ChunkReader {
  private static final long CACHE_BYTES = 32L << 20;

  private final ChunkedDataset ds;
  private final int[] chunkDims;
  private final int elemSize;
  private final int chunkBytes;
  private final boolean fletcher32;
  private final LinkedHashMap<List<Integer>, byte[]> cache = new LinkedHashMap<>(16, 0.75f, true);
  private long cached;

  Hdf5ChunkReader(ChunkedDataset ds, int elemSize) {
    this.ds = ds;
    int rank = ds.getDimensions().length;
    this.chunkDims = Arrays.copyOf(ds.getChunkDimensions(), rank);
    this.elemSize = elemSize;
    long b = elemSize;
    for (int c : chunkDims) {
      if (c <= 0) throw new IllegalArgumentException("chunk shape " + Arrays.toString(chunkDims) + " is invalid");
      b *= c;
    }
    if (b > Box.MAX_BYTES) throw new IllegalArgumentException("HDF5 chunks of " + b + " bytes are over 2 GiB");
    this.chunkBytes = (int) b;
    this.fletcher32 = ds.getFilters().stream().anyMatch(f -> f.getId() == 3);
  }

  /** Copies the box (inside the dataset's extent) into {@code dst}, prefilled by the caller. */
  synchronized void read(long[] start, int[] count, byte[] dst) {
    int rank = count.length;
    if (Box.elements(count) == 0) return;
    int[] first = new int[rank];
    int[] last = new int[rank];
    for (int d = 0; d < rank; d++) {
      first[d] = (int) (start[d] / chunkDims[d]);
      last[d] = (int) ((start[d] + count[d] - 1) / chunkDims[d]);
    }
    int[] c = first.clone();
    int[] origin = new int[rank];
    int[] inChunk = new int[rank];
    int[] inBox = new int[rank];
    int[] n = new int[rank];
    while (true) {
      for (int d = 0; d < rank; d++) {
        origin[d] = c[d] * chunkDims[d];
        long lo = Math.max(start[d], origin[d]);
        long hi = Math.min(start[d] + count[d], (long) origin[d] + chunkDims[d]);
        inChunk[d] = (int) (lo - origin[d]);
        inBox[d] = (int) (lo - start[d]);
        n[d] = (int) (hi - lo);
      }
      byte[] data = chunk(origin);
      if (data != null) BoxCopy.copy(data, chunkDims, inChunk, dst, count, inBox, n, elemSize);
      int d = rank - 1;
      while (d >= 0 && ++c[d] > last[d]) c[d] = first[d--];
      if (d < 0) break;
    }
  }

  /** The decoded chunk at this origin (element offsets), or null when it was never written. */
  private byte[] chunk(int[] origin) {
    List<Integer> key = Arrays.stream(origin).boxed().toList();
    byte[] b = cache.get(key);
    if (b != null) return b;
    try {
      b = ds.getDecompressedChunk(origin.clone());
    } catch (HdfException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("No chunk with offset")) return null;
      throw e;
    }
    if (fletcher32 && b.length == chunkBytes + 4) {
      if (!Fletcher32.matches(b, chunkBytes)) {
        throw new IllegalArgumentException("HDF5 chunk at " + Arrays.toString(origin) + " fails its fletcher32 checksum");
      }
      b = Arrays.copyOf(b, chunkBytes);
    }
    if (b.length != chunkBytes) {
      throw new IllegalArgumentException("HDF5 chunk at " + Arrays.toString(origin) + " decodes to " + b.length
          + " bytes, not the " + chunkBytes + " of a " + Arrays.toString(chunkDims) + " chunk");
    }
    if (chunkBytes <= CACHE_BYTES / 4) {
      cache.put(key, b);
      cached += chunkBytes;
      var it = cache.entrySet().iterator();
      while (cached > CACHE_BYTES && it.hasNext()) {
        Map.Entry<List<Integer>, byte[]> e = it.next();
        cached -= e.getValue().length;
        it.remove();
      }
    }
    return b;
  }
}
