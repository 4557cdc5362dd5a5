package org.spangeo.zarr.blocks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.HashPartitioner;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * Runs a {@link BlockCombiner} (or any {@link Combiner}) on Spark: each task folds its inputs
 * into one partial per key (the map-side combine, done in the task's own loop rather than by
 * Spark's hash map), hands them to the shuffle, and the partials of a key are merged and finished after it. A task keeps
 * at most {@link #TASK_BYTES} of partials: past that it hands them on early (they merge later
 * anyway), so memory stays bounded whatever the keys.
 */
public final class Combine {
  private Combine() {}

  /** Partials one task holds before handing them to the shuffle. */
  public static final long TASK_BYTES = 128L << 20;

  /** Output bytes per reduce task when sizing the shuffle to the output. */
  public static final long REDUCE_BYTES = 32L << 20;

  /** Combines {@code blocks} per key into {@code partitions} reduce tasks; one output block per key. */
  public static <I, P> JavaRDD<Block> perKey(JavaRDD<I> blocks, Combiner<I, P> c, int partitions) {
    return perKey(blocks, c, new HashPartitioner(Math.max(1, partitions)));
  }

  /** {@link #perKey(JavaRDD, Combiner, int)} with a partitioner of the keys. */
  public static <I, P> JavaRDD<Block> perKey(JavaRDD<I> blocks, Combiner<I, P> c, Partitioner partitioner) {
    return blocks.mapPartitionsToPair(it -> new TaskPartials<>(it, c, TASK_BYTES))
        .combineByKey(p -> p, c::merge, c::merge, partitioner, false, null)
        .map(t -> c.finish(t._1(), t._2()));
  }

  /**
   * The merged partials of every key in {@code partitions} reduce tasks, not finished: for results
   * the driver assembles from the partials themselves (score tables placed into a grid).
   */
  public static <I, P> JavaPairRDD<BlockKey, P> partials(JavaRDD<I> inputs, Combiner<I, P> c, int partitions) {
    return inputs.mapPartitionsToPair(it -> new TaskPartials<>(it, c, TASK_BYTES))
        .combineByKey(p -> p, c::merge, c::merge, new HashPartitioner(Math.max(1, partitions)), false, null);
  }

  /**
   * The merged partials of every key, on the driver: for small results (statistics of a few
   * variables, score tables). Tasks combine their blocks; the driver merges one map per task.
   */
  public static <I, P> Map<BlockKey, P> toDriver(JavaRDD<I> blocks, Combiner<I, P> c) {
    List<Tuple2<BlockKey, P>> parts = blocks.mapPartitionsToPair(it -> new TaskPartials<>(it, c, TASK_BYTES)).collect();
    Map<BlockKey, P> out = new LinkedHashMap<>();
    for (Tuple2<BlockKey, P> t : parts) out.merge(t._1(), t._2(), c::merge);
    return out;
  }

  /** Partials of blocks added on the calling thread (tests, small driver-side data). */
  public static <I, P> Map<BlockKey, P> local(Combiner<I, P> c, Iterable<I> blocks) {
    Map<BlockKey, P> m = new LinkedHashMap<>();
    new TaskPartials<>(blocks.iterator(), c, Long.MAX_VALUE).forEachRemaining(t -> m.put(t._1(), t._2()));
    return m;
  }

  /** Reduce partitions for an output of {@code bytes}: one per {@link #REDUCE_BYTES}, within [1, max]. */
  public static int partitionsFor(long bytes, int max) {
    return (int) Math.max(1, Math.min(Math.max(1, max), (bytes + REDUCE_BYTES - 1) / REDUCE_BYTES));
  }

  /** Decoded input a read task folds per byte of its partials, at least (see {@link #readPartitions}). */
  public static final int INPUT_PER_PARTIAL = 16;

  /**
   * Read tasks for a combine over {@code inputBytes} of decoded input whose partials take up to
   * {@code partialBytes}: {@code defaultTasks} (one per {@link Blocks#PARTITION_BYTES}), but no
   * more than leaves each task {@link #INPUT_PER_PARTIAL} times its partials' bytes of input,
   * rounded up to a multiple of {@code parallelism} so that the last round of tasks is full. A
   * task's partials cost the same whatever its input (allocated, serialised, shuffled, then
   * merged one by one in a reduce task): when a partial is as large as a whole 721 x 1440 grid
   * (one-step chunks, a monthly climatology of 1 GiB: 17 tasks of 64 MB, 12 MB partials each),
   * the reduce task's serial merge of 17 partials and their serialisation were a quarter of the
   * stage; many-small-chunk stores have partials thousands of times smaller than their input
   * and keep the default.
   */
  public static int readPartitions(int defaultTasks, int parallelism, long inputBytes, long partialBytes) {
    int par = Math.max(1, parallelism);
    long cap = partialBytes <= 0 ? Long.MAX_VALUE : inputBytes / (INPUT_PER_PARTIAL * partialBytes);
    if (cap >= defaultTasks) return defaultTasks;
    long n = Math.max(par, (cap + par - 1) / par * par);
    return (int) Math.min(defaultTasks, n);
  }

  /** One task's partials: blocks folded in until the input ends or the partials reach the budget. */
  static final class TaskPartials<I, P> implements Iterator<Tuple2<BlockKey, P>>, Combiner.Partials<P> {
    private final Iterator<I> in;
    private final Combiner<I, P> c;
    private final long budget;
    private final Map<BlockKey, P> open = new HashMap<>();
    private long bytes;
    private Iterator<Tuple2<BlockKey, P>> out = Collections.emptyIterator();

    TaskPartials(Iterator<I> in, Combiner<I, P> c, long budget) {
      this.in = in;
      this.c = c;
      this.budget = budget;
    }

    @Override
    public P get(BlockKey key) {
      return open.get(key);
    }

    @Override
    public void put(BlockKey key, P partial) {
      open.put(key, partial);
      bytes += c.bytes(partial);
    }

    @Override
    public boolean hasNext() {
      while (!out.hasNext()) {
        if (!in.hasNext()) return false;
        while (in.hasNext() && bytes < budget) c.add(in.next(), this);
        List<Tuple2<BlockKey, P>> ready = new ArrayList<>(open.size());
        for (Map.Entry<BlockKey, P> e : open.entrySet()) ready.add(new Tuple2<>(e.getKey(), e.getValue()));
        open.clear();
        bytes = 0;
        out = ready.iterator();
      }
      return true;
    }

    @Override
    public Tuple2<BlockKey, P> next() {
      if (!hasNext()) throw new NoSuchElementException();
      return out.next();
    }
  }
}
