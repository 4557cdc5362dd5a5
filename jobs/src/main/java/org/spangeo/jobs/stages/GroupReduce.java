package org.spangeo.jobs.stages;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import scala.Tuple2;
import org.spangeo.zarr.blocks.Block;
import org.spangeo.zarr.blocks.ChunkKey;

/**
 * Reduces one dim (time) into groups: each selected index maps to a group (a month, a day, a
 * 6-hour period; -1 drops it). Blocks become partial {@link Accumulator}s keyed by the block's
 * other offsets and the group they feed; Spark merges partials per key (reduceByKey, a map-side
 * combine), and each key becomes an output block of one group, which the writer assembles into
 * output chunks of any size. The output dim takes the reduced dim's place and name
 * {@code outDim}. Memory per key: the cells of one spatial chunk x 2-3 numbers.
 */
public final class GroupReduce implements Serializable {
  private static final long serialVersionUID = 1L;

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
    JavaPairRDD<ChunkKey, Accumulator> partials = blocks.flatMapToPair(b -> partial(b).iterator());
    return partials.reduceByKey(Accumulator::merge, Math.max(1, partitions)).map(t -> finish(t._1(), t._2()));
  }

  /**
   * One block's partials: one per group its time steps fall in, each over the block's other
   * cells only (a daily chunk feeds one month: one small partial, not twelve).
   */
  List<Tuple2<ChunkKey, Accumulator>> partial(Block b) {
    List<String> dims = b.key().dims();
    int axis = dims.indexOf(dim);
    if (axis < 0) throw new IllegalArgumentException("block " + b.key() + " has no dim '" + dim + "'");
    int[] shape = b.shape();
    int before = 1;
    for (int d = 0; d < axis; d++) before *= shape[d];
    int after = 1;
    for (int d = axis + 1; d < shape.length; d++) after *= shape[d];
    int cells = before * after;
    int[] map = groupOf.value();
    long t0 = b.key().offset(dim);
    List<Tuple2<ChunkKey, Accumulator>> out = new ArrayList<>();
    java.util.Map<Integer, Accumulator> byGroup = new java.util.HashMap<>();
    int len = shape[axis];
    int[] outShape = shape.clone();
    outShape[axis] = 1;
    // float sums take the untested SIMD loop; a partial whose sums show a NaN is redone tested
    boolean fast = b.isFloat() && Accumulator.sumsOnly(stat);
    java.util.Map<Integer, int[]> steps = new java.util.HashMap<>();
    for (int t = 0; t < len; t++) {
      int g = map[(int) (t0 + t)];
      if (g < 0) continue;
      Accumulator acc = byGroup.get(g);
      if (acc == null) {
        acc = new Accumulator(stat, 1, cells, outShape);
        byGroup.put(g, acc);
        steps.put(g, new int[1]);
        ChunkKey k = new ChunkKey(b.key().variable(), rename(dims), b.key().offsets()).withOffset(outDim, g);
        out.add(new Tuple2<>(k, acc));
      }
      steps.get(g)[0]++;
      add(acc, b, before, len, after, t, fast);
    }
    if (fast) {
      for (java.util.Map.Entry<Integer, Accumulator> e : byGroup.entrySet()) {
        Accumulator acc = e.getValue();
        if (acc.sealUnchecked(steps.get(e.getKey())[0])) continue;
        for (int t = 0; t < len; t++) if (map[(int) (t0 + t)] == e.getKey()) add(acc, b, before, len, after, t, false);
      }
    }
    return out;
  }

  /** Adds time step t of the block (C order (before, t, after)) to the accumulator (before x after). */
  private static void add(Accumulator acc, Block b, int before, int len, int after, int t, boolean unchecked) {
    for (int i = 0; i < before; i++) {
      int src = (i * len + t) * after;
      if (unchecked) acc.addRunUnchecked(i * after, b.floats(), src, after);
      else if (b.isFloat()) acc.addRun(i * after, b.floats(), src, after);
      else acc.addRun(i * after, b.doubles(), src, after);
    }
  }

  private List<String> rename(List<String> dims) {
    List<String> d = new ArrayList<>(dims);
    d.set(d.indexOf(dim), outDim);
    return d;
  }

  /** The output block of one key: (.., group, ..) in the original dim order, float32. */
  Block finish(ChunkKey key, Accumulator acc) {
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
