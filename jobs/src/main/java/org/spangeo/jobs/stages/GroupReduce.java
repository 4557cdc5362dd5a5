package org.spangeo.jobs.stages;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.spangeo.zarr.blocks.Block;
import org.spangeo.zarr.blocks.BlockCombiner;
import org.spangeo.zarr.blocks.BlockKey;
import org.spangeo.zarr.blocks.Combine;

/**
 * Reduces one dim (time) into groups: each selected index maps to a group (a month, a day, a
 * 6-hour period; -1 drops it). A combiner ({@link BlockCombiner}): a block's steps feed the
 * partial {@link Accumulator} of their group at the block's other offsets, a task folds all its
 * blocks into one partial per key before the shuffle, and each key becomes an output block of one
 * group, which the writer assembles into output chunks of any size. The output dim takes the
 * reduced dim's place and name {@code outDim}. Memory per key: the cells of one spatial chunk x
 * 2-3 numbers.
 */
public final class GroupReduce implements AccumulatorCombiner {
  private static final long serialVersionUID = 2L;

  private final String dim;
  private final String outDim;
  private final Broadcast<int[]> groupOf;
  private final Stat stat;

  public GroupReduce(String dim, String outDim, Broadcast<int[]> groupOf, Stat stat) {
    this.dim = dim;
    this.outDim = outDim;
    this.groupOf = groupOf;
    this.stat = stat;
  }

  public JavaRDD<Block> apply(JavaRDD<Block> blocks, int partitions) {
    return Combine.perKey(blocks, this, partitions);
  }

  /**
   * A block's steps, run by run of consecutive steps in one group (a daily chunk feeds one month:
   * one run), each added to the partial of its group over the block's other cells.
   */
  @Override
  public void add(Block b, Partials<Accumulator> partials) {
    List<String> dims = b.key().dims();
    int axis = dims.indexOf(dim);
    if (axis < 0) throw new IllegalArgumentException("block " + b.key() + " has no dim '" + dim + "'");
    int[] shape = b.shape();
    int before = 1;
    for (int d = 0; d < axis; d++) before *= shape[d];
    int after = 1;
    for (int d = axis + 1; d < shape.length; d++) after *= shape[d];
    int[] map = groupOf.value();
    long t0 = b.key().offset(dim);
    int len = shape[axis];
    List<String> outDims = null;
    for (int t = 0; t < len; ) {
      int g = map[(int) (t0 + t)];
      int t1 = t + 1;
      while (t1 < len && map[(int) (t0 + t1)] == g) t1++;
      if (g >= 0) {
        if (outDims == null) outDims = rename(dims);
        long[] o = b.key().offsets();
        o[axis] = g;
        BlockKey k = new BlockKey(b.key().variable(), outDims, o);
        Accumulator acc = partials.get(k);
        if (acc == null) {
          int[] outShape = shape.clone();
          outShape[axis] = 1;
          acc = new Accumulator(stat, 1, before * after, outShape);
          partials.put(k, acc);
        }
        acc.addSteps(b, before, len, after, t, t1);
      }
      t = t1;
    }
  }

  private List<String> rename(List<String> dims) {
    List<String> d = new ArrayList<>(dims);
    d.set(d.indexOf(dim), outDim);
    return d;
  }

  /** The output block of one key: (.., group, ..) in the original dim order, float32. */
  @Override
  public Block finish(BlockKey key, Accumulator acc) {
    List<String> dims = key.dims();
    int axis = dims.indexOf(outDim);
    int[] shape = acc.shape;
    int before = 1;
    for (int d = 0; d < axis; d++) before *= shape[d];
    int after = acc.cells / Math.max(1, before);
    float[] out = new float[acc.groups * acc.cells];
    for (int g = 0; g < acc.groups; g++) {
      for (int i = 0; i < before; i++) {
        for (int j = 0; j < after; j++) {
          out[(i * acc.groups + g) * after + j] = (float) acc.result(g * acc.cells + i * after + j);
        }
      }
    }
    return Block.ofFloats(key, shape, out);
  }
}
