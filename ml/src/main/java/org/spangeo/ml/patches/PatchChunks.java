package org.spangeo.ml.patches;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.spangeo.zarr.array.BoxCopy;
import org.spangeo.zarr.blocks.Block;
import org.spangeo.zarr.blocks.BlockKey;
import org.spangeo.zarr.write.ChunkGroupPartitioner;
import org.spangeo.zarr.write.VariableSpec;
import org.spangeo.zarr.write.ZarrWriter;
import scala.Tuple2;

/**
 * The combine step of the patch stage: pieces of batches are keyed by the patch-store chunk they
 * fall in (chunks split only the batch dim: a chunk is whole along every other dim), shuffled so
 * that a reduce task gets a group of consecutive chunks (about 64 MB), and laid into each chunk
 * row by row ({@code System.arraycopy} along the last dim) before it goes to the Zarr writer.
 * The generic block writer does the same cell by cell for any chunking; patches always fit this
 * simpler shape, and it is the stage's hot loop.
 */
final class PatchChunks {
  private PatchChunks() {}

  static final long GROUP_BYTES = 64L << 20;

  static void write(JavaRDD<Block> pieces, ZarrWriter w) {
    Groups groups = new Groups(w, GROUP_BYTES);
    pieces.mapToPair(p -> new Tuple2<>(chunkOf(w, p), p)).partitionBy(groups).foreachPartition(it -> assemble(w, it));
  }

  /** The key of the chunk holding a piece: its variable and chunk index along batch (0 along the rest). */
  static BlockKey chunkOf(ZarrWriter w, Block p) {
    VariableSpec v = w.spec().variable(p.key().variable());
    long[] o = new long[v.dims().size()];
    o[0] = p.key().offsets()[0] / v.chunks()[0];
    return new BlockKey(v.name(), v.dims(), o);
  }

  /** The features' and labels' chunks, grouped by {@link ChunkGroupPartitioner}. */
  static final class Groups extends ChunkGroupPartitioner {
    private static final long serialVersionUID = 1L;

    Groups(ZarrWriter w, long bytes) {
      for (String name : new String[] {Patches.FEATURES, Patches.LABEL}) {
        VariableSpec v = w.spec().variable(name);
        add(name, (v.shape()[0] + v.chunks()[0] - 1) / v.chunks()[0], v.chunkBytes(), bytes);
      }
    }

    /** Keys hold the chunk's index along batch (see chunkOf; the other dims are one chunk). */
    @Override
    protected long chunkIndex(BlockKey k) {
      return k.offsets()[0];
    }
  }

  private static final class Open {
    final float[] values;
    final int[] valid;
    long filled;

    Open(float[] values, int[] valid) {
      this.values = values;
      this.valid = valid;
    }
  }

  /** Lays the pieces of a group's chunks in place; a chunk is written as soon as all its cells came. */
  static void assemble(ZarrWriter w, Iterator<Tuple2<BlockKey, Block>> it) {
    Map<BlockKey, Open> open = new HashMap<>();
    while (it.hasNext()) {
      Tuple2<BlockKey, Block> t = it.next();
      BlockKey k = t._1();
      Block p = t._2();
      VariableSpec v = w.spec().variable(k.variable());
      Open c = open.get(k);
      int rank = v.dims().size();
      long[] shape = v.shape();
      int[] chunks = v.chunks();
      if (c == null) {
        int[] valid = new int[rank];
        long first = k.offsets()[0] * chunks[0];
        valid[0] = (int) Math.min(chunks[0], shape[0] - first);
        int n = valid[0];
        for (int d = 1; d < rank; d++) {
          valid[d] = (int) shape[d];
          n *= valid[d];
        }
        c = new Open(new float[n], valid);
        open.put(k, c);
      }
      place(p, c, k.offsets()[0] * chunks[0]);
      if (c.filled == c.values.length) {
        w.writeChunk(k.variable(), k.offsets(), c.valid, c.values);
        open.remove(k);
      }
    }
    for (Map.Entry<BlockKey, Open> e : open.entrySet()) {
      // cannot happen when every batch got all its pieces; written anyway (unfilled cells 0) rather than lost
      w.writeChunk(e.getKey().variable(), e.getKey().offsets(), e.getValue().valid, e.getValue().values);
    }
  }

  /** Copies a piece (C order, its offsets in the store) into its chunk. */
  private static void place(Block p, Open c, long chunkStart) {
    long[] o = p.key().offsets();
    int[] s = p.shape();
    int[] at = new int[s.length];
    for (int d = 0; d < s.length; d++) at[d] = (int) o[d];
    at[0] = (int) (o[0] - chunkStart);
    BoxCopy.copy(p.floats(), s, new int[s.length], c.values, c.valid, at, s);
    c.filled += p.size();
  }
}
