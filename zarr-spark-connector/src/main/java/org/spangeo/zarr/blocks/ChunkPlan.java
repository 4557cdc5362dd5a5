package org.spangeo.zarr.blocks;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.spangeo.zarr.ZarrException;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.dataset.Selection;
import org.spangeo.zarr.dataset.ValueType;
import org.spangeo.zarr.dataset.Variable;

/**
 * The one chunk planner: which stored chunks of which variables a selection reads, and where
 * each lands in the selection's index space. Held per dim, not per chunk (the kept chunk
 * intervals along each dim and the selected indices inside them), so a plan of a million chunks
 * is a few arrays on the driver and in each task; chunk {@code i} (C order of the kept grid,
 * variable after variable) is made on demand by {@link #task}. Partitions are ranges of
 * consecutive chunks ({@link #ranges}).
 */
public final class ChunkPlan implements Iterable<BlockTask>, Serializable {
  private static final long serialVersionUID = 1L;

  /** One variable's kept grid. */
  static final class Part implements Serializable {
    private static final long serialVersionUID = 1L;
    final String name;
    final List<String> dims;
    final long[][] lo;       // per dim, per kept interval: first index in the dataset
    final int[][] count;     // per dim, per kept interval: its length
    final int[][][] local;   // per dim, per kept interval: selected indices relative to lo (null: all)
    final long[][] outOff;   // per dim, per kept interval: offset in the selection's index space
    final int[][] outLen;    // per dim, per kept interval: selected cells
    final long chunks;
    final long first;        // linear index of this part's first chunk in the plan
    final int valueBytes;    // 4 for float32 blocks, 8 for float64
    final long bytes;        // decoded bytes of the selected cells

    Part(String name, List<String> dims, long[][] lo, int[][] count, int[][][] local, long[][] outOff, int[][] outLen,
        long first, int valueBytes) {
      this.name = name;
      this.dims = List.copyOf(dims);
      this.lo = lo;
      this.count = count;
      this.local = local;
      this.outOff = outOff;
      this.outLen = outLen;
      this.first = first;
      this.valueBytes = valueBytes;
      long n = 1;
      long cells = 1;
      for (int d = 0; d < lo.length; d++) {
        n *= lo[d].length;
        long s = 0;
        for (int x : outLen[d]) s += x;
        cells *= s;
      }
      this.chunks = n;
      this.bytes = cells * valueBytes;
    }
  }

  private final Part[] parts;
  private final long size;

  private ChunkPlan(Part[] parts) {
    this.parts = parts;
    long n = 0;
    for (Part p : parts) n += p.chunks;
    this.size = n;
  }

  /** The chunks of {@code variables} that hold any cell of the selection. */
  public static ChunkPlan of(Dataset ds, Selection sel, List<String> variables) {
    List<Part> parts = new ArrayList<>();
    long first = 0;
    for (String name : variables) {
      Variable v = ds.variable(name);
      ValueType vt = ValueType.of(v);
      if (!v.isNumeric()) {
        throw new ZarrException("variable '" + name + "' holds " + v.describeKind() + "; blocks hold numbers and bools");
      }
      int rank = v.rank();
      long[][] lo = new long[rank][];
      int[][] count = new int[rank][];
      int[][][] local = new int[rank][][];
      long[][] outOff = new long[rank][];
      int[][] outLen = new int[rank][];
      boolean empty = false;
      for (int a = 0; a < rank; a++) {
        String dim = v.dims().get(a);
        long[] b = v.chunkBoundaries(a);
        int[] selIdx = sel.isAll(dim) ? null : sel.indices(dim);
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i + 1 < b.length; i++) if (sel.intersects(dim, b[i], b[i + 1])) kept.add(i);
        int k = kept.size();
        empty |= k == 0;
        lo[a] = new long[k];
        count[a] = new int[k];
        local[a] = new int[k][];
        outOff[a] = new long[k];
        outLen[a] = new int[k];
        for (int j = 0; j < k; j++) {
          int iv = kept.get(j);
          lo[a][j] = b[iv];
          count[a][j] = (int) (b[iv + 1] - b[iv]);
          local[a][j] = sel.localIndices(dim, b[iv], b[iv + 1]);
          if (selIdx == null) {
            outOff[a][j] = b[iv];
          } else {
            int p = Arrays.binarySearch(selIdx, (int) b[iv]);
            outOff[a][j] = p >= 0 ? p : -p - 1;
          }
          outLen[a][j] = local[a][j] == null ? count[a][j] : local[a][j].length;
        }
      }
      if (empty) continue;
      Part p = new Part(name, v.dims(), lo, count, local, outOff, outLen, first, vt == ValueType.FLOAT ? 4 : 8);
      parts.add(p);
      first += p.chunks;
    }
    return new ChunkPlan(parts.toArray(new Part[0]));
  }

  /** Number of chunks (blocks) planned. */
  public long size() {
    return size;
  }

  /** Decoded bytes of all planned blocks (4 a value for float32 variables, 8 otherwise). */
  public long bytes() {
    long b = 0;
    for (Part p : parts) b += p.bytes;
    return b;
  }

  private Part partOf(long i) {
    if (i < 0 || i >= size) throw new IndexOutOfBoundsException("chunk " + i + " of a plan of " + size);
    for (int k = parts.length - 1; k >= 0; k--) if (i >= parts[k].first) return parts[k];
    throw new IllegalStateException();
  }

  /** Chunk {@code i} of the plan: what to read and where it lands. */
  public BlockTask task(long i) {
    Part p = partOf(i);
    int rank = p.lo.length;
    long r = i - p.first;
    long[] lo = new long[rank];
    int[] count = new int[rank];
    int[][] sel = new int[rank][];
    long[] outOff = new long[rank];
    int[] outShape = new int[rank];
    for (int a = rank - 1; a >= 0; a--) {
      int n = p.lo[a].length;
      int j = (int) (r % n);
      r /= n;
      lo[a] = p.lo[a][j];
      count[a] = p.count[a][j];
      sel[a] = p.local[a][j];
      outOff[a] = p.outOff[a][j];
      outShape[a] = p.outLen[a][j];
    }
    return new BlockTask(p.name, p.dims, lo, count, sel, outOff, outShape);
  }

  /** The chunks [from, to) in order. */
  public Iterator<BlockTask> iterator(long from, long to) {
    return new Iterator<>() {
      long next = from;

      @Override
      public boolean hasNext() {
        return next < to;
      }

      @Override
      public BlockTask next() {
        if (next >= to) throw new NoSuchElementException();
        return task(next++);
      }
    };
  }

  @Override
  public Iterator<BlockTask> iterator() {
    return iterator(0, size);
  }

  /**
   * About {@code n} ranges [from, to) of consecutive chunks with about equal decoded bytes (at
   * most one per chunk, at least one): the partitions of a read. Consecutive chunks are
   * neighbours in the grid, so a task's blocks feed few keys of a later combine.
   */
  public List<long[]> ranges(int n) {
    List<long[]> out = new ArrayList<>();
    if (size == 0) return out;
    n = (int) Math.max(1, Math.min(n, size));
    double per = (double) bytes() / n;
    long start = 0;
    double acc = 0;
    for (Part p : parts) {
      double chunkBytes = (double) p.bytes / p.chunks;
      long i = p.first;
      long end = p.first + p.chunks;
      while (i < end) {
        // chunks of this part still fitting in the current range
        long fit = (long) Math.ceil((per * (out.size() + 1) - acc) / chunkBytes);
        long take = Math.max(1, Math.min(end - i, fit));
        i += take;
        acc += take * chunkBytes;
        if (acc >= per * (out.size() + 1) - 1e-6 * per && out.size() < n - 1) {
          out.add(new long[] {start, i});
          start = i;
        }
      }
    }
    if (start < size) out.add(new long[] {start, size});
    return out;
  }
}
