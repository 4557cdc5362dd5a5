package org.spangeo.zarr.blocks;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.spangeo.zarr.array.BoxCopy;
import org.spangeo.zarr.array.RawChunk;
import org.spangeo.zarr.array.ReadStats;
import org.spangeo.zarr.array.ZarrArray;
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

  /** The blocks to read, in C order of each variable's chunk grid ({@link ChunkPlan}: metadata only). */
  public static ChunkPlan plan(Dataset ds, Selection sel, List<String> variables) {
    return ChunkPlan.of(ds, sel, variables);
  }

  /**
   * Reads one planned block (in a task, or on the driver for small data and tests): the stored
   * chunk is read whole and decoded once, and the block's cells are copied out of it in contiguous
   * runs ({@link BoxCopy}); little-endian float32 without CF decoding goes from the decoded bytes
   * straight into the block's float[].
   */
  public static Block read(Dataset ds, BlockTask t, ReadStats stats) {
    Variable v = ds.variable(t.variable);
    int rank = t.lo.length;
    long[] index = new long[rank];
    long[] origin = new long[rank];
    ZarrArray array = v.chunkAt(t.lo, index, origin);
    RawChunk raw = array.readChunk(index, stats);
    int[] cs = raw.shape();
    int[][] idx = new int[rank][];
    boolean whole = true;
    for (int d = 0; d < rank; d++) {
      int off = Math.toIntExact(t.lo[d] - origin[d]);
      int[] s = t.sel[d];
      if (s == null && off == 0 && t.count[d] == cs[d]) continue;
      int n = s == null ? t.count[d] : s.length;
      idx[d] = new int[n];
      for (int j = 0; j < n; j++) idx[d][j] = off + (s == null ? j : s[j]);
      whole = false;
    }
    BlockKey key = t.key();
    int[] zero = new int[rank];
    if (ValueType.of(v) == ValueType.FLOAT) {
      if (raw.dtype().isFloat() && raw.dtype().size() == 4 && v.decoding().isIdentity()
          && raw.dtype().byteOrder() == java.nio.ByteOrder.nativeOrder()) {
        float[] out = new float[BoxCopy.size(t.outShape)];
        BoxCopy.select(raw.bytes(), cs, idx, out, t.outShape, zero, 4);
        return Block.ofFloats(key, t.outShape, out);
      }
      float[] f = (float[]) Values.decode(raw, v);
      if (whole) return Block.ofFloats(key, t.outShape, f);
      float[] out = new float[BoxCopy.size(t.outShape)];
      BoxCopy.select(f, cs, idx, out, t.outShape, zero, 4);
      return Block.ofFloats(key, t.outShape, out);
    }
    double[] d = Values.decodeDouble(raw, v);
    if (whole) return Block.ofDoubles(key, t.outShape, d);
    double[] out = new double[BoxCopy.size(t.outShape)];
    BoxCopy.select(d, cs, idx, out, t.outShape, zero, 8);
    return Block.ofDoubles(key, t.outShape, out);
  }

  /** All blocks of a selection, read on the calling thread. */
  public static List<Block> readLocal(Dataset ds, Selection sel, List<String> variables) {
    List<Block> out = new ArrayList<>();
    for (BlockTask t : plan(ds, sel, variables)) out.add(read(ds, t, null));
    return out;
  }

  /** Decoded bytes a task reads when the caller does not choose a partition count: tens of MB, not a few chunks. */
  public static final long PARTITION_BYTES = 64L << 20;

  /**
   * The selection's blocks as an RDD, in about {@code partitions} partitions (0: one per
   * {@link #PARTITION_BYTES} of decoded data, at least Spark's default parallelism), each a range
   * of consecutive chunks of the plan. Blocks are read lazily, one at a time, inside the tasks;
   * the dataset travels once per executor (a broadcast), the plan as a few arrays.
   */
  public static JavaRDD<Block> read(JavaSparkContext jsc, Dataset ds, Selection sel, List<String> variables, int partitions) {
    return read(jsc, ds, sel, variables, partitions, null);
  }

  /** {@link #read(JavaSparkContext, Dataset, Selection, List, int)} counting into {@code metrics} (may be null). */
  public static JavaRDD<Block> read(JavaSparkContext jsc, Dataset ds, Selection sel, List<String> variables, int partitions,
      ReadMetrics metrics) {
    return read(jsc, ds, plan(ds, sel, variables), partitions, metrics);
  }

  /** The same for a plan the caller already made (to size its tasks from it: planning walks every chunk). */
  public static JavaRDD<Block> read(JavaSparkContext jsc, Dataset ds, ChunkPlan plan, int partitions, ReadMetrics metrics) {
    int n = partitions > 0 ? partitions : partitionsFor(jsc, plan.bytes());
    List<long[]> ranges = plan.ranges(n);
    Broadcast<Dataset> bds = jsc.broadcast(ds);
    return jsc.parallelize(ranges, Math.max(1, ranges.size())).mapPartitions(it -> new Iterator<Block>() {
      private final Dataset d = bds.value();
      private final ReadStats stats = new ReadStats();
      private Iterator<BlockTask> chunks = java.util.Collections.emptyIterator();
      private long cells;

      @Override
      public boolean hasNext() {
        while (!chunks.hasNext() && it.hasNext()) {
          long[] r = it.next();
          chunks = plan.iterator(r[0], r[1]);
        }
        boolean more = chunks.hasNext();
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
        if (!hasNext()) throw new java.util.NoSuchElementException();
        Block b = read(d, chunks.next(), stats);
        cells += b.size();
        return b;
      }
    });
  }

  /** Partitions for {@code bytes} of decoded data: one per {@link #PARTITION_BYTES}, at least the default parallelism. */
  public static int partitionsFor(JavaSparkContext jsc, long bytes) {
    return (int) Math.max(jsc.defaultParallelism(), Math.min(Integer.MAX_VALUE / 2, (bytes + PARTITION_BYTES - 1) / PARTITION_BYTES));
  }
}
