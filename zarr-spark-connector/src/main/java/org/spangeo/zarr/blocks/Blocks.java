package org.spangeo.zarr.blocks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.spangeo.zarr.ZarrException;
import org.spangeo.zarr.array.RawChunk;
import org.spangeo.zarr.array.ReadStats;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.dataset.Selection;
import org.spangeo.zarr.dataset.ValueType;
import org.spangeo.zarr.dataset.Values;
import org.spangeo.zarr.dataset.Variable;

/**
 * The chunk-level view of a dataset: the selected cells of each variable as dense blocks, one
 * per stored chunk that holds any, keyed by offsets in the selection's index space (so
 * {@code ds.isel(time=summer)} gives blocks whose time offsets count summer steps). Planning is
 * metadata only, on the driver; reading happens in tasks.
 */
public final class Blocks {
  private Blocks() {}

  /** The blocks to read, in C order of each variable's chunk grid. */
  public static List<BlockTask> plan(Dataset ds, Selection sel, List<String> variables) {
    List<BlockTask> tasks = new ArrayList<>();
    for (String name : variables) {
      Variable v = ds.variable(name);
      int rank = v.rank();
      if (!v.isNumeric()) {
        throw new ZarrException("variable '" + name + "' holds " + v.describeKind() + "; blocks hold numbers and bools");
      }
      long[][] bounds = new long[rank][];
      List<List<Integer>> kept = new ArrayList<>();
      int[][] selIdx = new int[rank][];
      for (int a = 0; a < rank; a++) {
        String dim = v.dims().get(a);
        bounds[a] = v.chunkBoundaries(a);
        selIdx[a] = sel.indices(dim);
        List<Integer> k = new ArrayList<>();
        for (int i = 0; i + 1 < bounds[a].length; i++) if (sel.intersects(dim, bounds[a][i], bounds[a][i + 1])) k.add(i);
        kept.add(k);
      }
      if (kept.stream().anyMatch(List::isEmpty)) continue;
      int[] pos = new int[rank];
      while (true) {
        long[] lo = new long[rank];
        int[] count = new int[rank];
        int[][] local = new int[rank][];
        long[] outOff = new long[rank];
        int[] outShape = new int[rank];
        for (int a = 0; a < rank; a++) {
          String dim = v.dims().get(a);
          int iv = kept.get(a).get(pos[a]);
          lo[a] = bounds[a][iv];
          count[a] = (int) (bounds[a][iv + 1] - lo[a]);
          local[a] = sel.localIndices(dim, lo[a], lo[a] + count[a]);
          int first = Arrays.binarySearch(selIdx[a], (int) lo[a]);
          outOff[a] = first >= 0 ? first : -first - 1;
          outShape[a] = local[a] == null ? count[a] : local[a].length;
        }
        tasks.add(new BlockTask(name, v.dims(), lo, count, local, outOff, outShape));
        int a = rank - 1;
        while (a >= 0) {
          if (++pos[a] < kept.get(a).size()) break;
          pos[a] = 0;
          a--;
        }
        if (a < 0) break;
      }
    }
    return tasks;
  }

  /** Reads one planned block (in a task, or on the driver for small data and tests). */
  public static Block read(Dataset ds, BlockTask t, ReadStats stats) {
    Variable v = ds.variable(t.variable);
    RawChunk raw = v.read(t.lo, t.count, stats);
    ChunkKey key = t.key();
    boolean all = true;
    for (int[] s : t.sel) all &= s == null;
    if (ValueType.of(v) == ValueType.FLOAT) {
      float[] f = (float[]) Values.decode(raw, v);
      return Block.ofFloats(key, t.outShape, all ? f : gather(f, t));
    }
    double[] d = Values.decodeDouble(raw, v);
    return Block.ofDoubles(key, t.outShape, all ? d : gather(d, t));
  }

  /** All blocks of a selection, read on the calling thread. */
  public static List<Block> readLocal(Dataset ds, Selection sel, List<String> variables) {
    List<Block> out = new ArrayList<>();
    for (BlockTask t : plan(ds, sel, variables)) out.add(read(ds, t, null));
    return out;
  }

  /** Decoded bytes a task should read when the caller does not choose a partition count. */
  public static final long PARTITION_BYTES = 64L << 20;

  /**
   * The selection's blocks as an RDD, in about {@code partitions} partitions (0: one per
   * {@link #PARTITION_BYTES} of decoded data, at least Spark's default parallelism). Blocks are
   * read lazily, one at a time, inside the tasks.
   */
  public static JavaRDD<Block> read(JavaSparkContext jsc, Dataset ds, Selection sel, List<String> variables, int partitions) {
    return read(jsc, ds, sel, variables, partitions, null);
  }

  /** {@link #read(JavaSparkContext, Dataset, Selection, List, int)} counting into {@code metrics} (may be null). */
  public static JavaRDD<Block> read(JavaSparkContext jsc, Dataset ds, Selection sel, List<String> variables, int partitions,
      ReadMetrics metrics) {
    List<BlockTask> tasks = plan(ds, sel, variables);
    long bytes = 0;
    for (BlockTask t : tasks) bytes += t.cells() * 8;
    int n = partitions > 0 ? partitions : (int) Math.max(jsc.defaultParallelism(), (bytes + PARTITION_BYTES - 1) / PARTITION_BYTES);
    n = Math.max(1, Math.min(n, Math.max(1, tasks.size())));
    return jsc.parallelize(tasks, n).mapPartitions(it -> new Iterator<Block>() {
      private final ReadStats stats = new ReadStats();
      private long cells;

      @Override
      public boolean hasNext() {
        boolean more = it.hasNext();
        if (!more && (stats.chunksRead > 0 || metrics != null)) {
          if (metrics != null) metrics.add(stats, cells);
          else ReadMetrics.input(stats.storedBytes, cells);
          stats.chunksRead = stats.chunksMissing = stats.storedBytes = stats.decodedBytes = stats.decodeNanos = 0;
          cells = 0;
        }
        return more;
      }

      @Override
      public Block next() {
        Block b = read(ds, it.next(), stats);
        cells += b.size();
        return b;
      }
    });
  }

  private static int[] sourceIndex(BlockTask t) {
    int rank = t.count.length;
    int[] stride = new int[rank];
    int s = 1;
    for (int a = rank - 1; a >= 0; a--) {
      stride[a] = s;
      s *= t.count[a];
    }
    int n = 1;
    for (int x : t.outShape) n *= x;
    int[] map = new int[n];
    if (rank == 0) return map;
    int[][] idx = new int[rank][];
    for (int a = 0; a < rank; a++) {
      idx[a] = t.sel[a];
      if (idx[a] == null) {
        idx[a] = new int[t.count[a]];
        for (int j = 0; j < idx[a].length; j++) idx[a][j] = j;
      }
    }
    int[] pos = new int[rank];
    int last = rank - 1;
    int r = 0;
    while (r < n) {
      int base = 0;
      for (int a = 0; a < last; a++) base += idx[a][pos[a]] * stride[a];
      for (int j : idx[last]) map[r++] = base + j * stride[last];
      int a = last - 1;
      while (a >= 0) {
        if (++pos[a] < idx[a].length) break;
        pos[a] = 0;
        a--;
      }
      if (a < 0) break;
    }
    return map;
  }

  private static float[] gather(float[] src, BlockTask t) {
    int[] map = sourceIndex(t);
    float[] out = new float[map.length];
    for (int i = 0; i < map.length; i++) out[i] = src[map[i]];
    return out;
  }

  private static double[] gather(double[] src, BlockTask t) {
    int[] map = sourceIndex(t);
    double[] out = new double[map.length];
    for (int i = 0; i < map.length; i++) out[i] = src[map[i]];
    return out;
  }
}
