package org.spangeo.zarr.write;

import java.util.HashMap;
import java.util.Map;
import org.apache.spark.Partitioner;
import org.spangeo.zarr.blocks.BlockKey;

/**
 * Output chunks of each variable in C order, cut into groups of consecutive chunks of at most a
 * byte budget; a group is one shuffle partition, so each reduce task assembles one group. The
 * subclass adds its variables and says where a key's chunk lies in its variable's chunk grid.
 */
public abstract class ChunkGroupPartitioner extends Partitioner {
  private static final long serialVersionUID = 1L;
  private final Map<String, Integer> base = new HashMap<>(); // var -> first group id
  private final Map<String, Long> perGroup = new HashMap<>(); // var -> chunks a group
  private int total;

  /** Adds a variable of {@code chunks} chunks of {@code chunkBytes} each, after those added before. */
  protected final void add(String var, long chunks, long chunkBytes, long groupBytes) {
    long per = Math.max(1, groupBytes / Math.max(1, chunkBytes));
    base.put(var, total);
    perGroup.put(var, per);
    total += (int) Math.min(Integer.MAX_VALUE / 2, (chunks + per - 1) / per);
  }

  /** The C-order index of the key's chunk in its variable's chunk grid. */
  protected abstract long chunkIndex(BlockKey k);

  @Override
  public int numPartitions() {
    return Math.max(1, total);
  }

  @Override
  public int getPartition(Object key) {
    BlockKey k = (BlockKey) key;
    return base.get(k.variable()) + (int) (chunkIndex(k) / perGroup.get(k.variable()));
  }
}
