package org.spangeo.zarr.write;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;
import org.spangeo.zarr.blocks.Block;
import org.spangeo.zarr.blocks.ChunkKey;

/**
 * Writes an RDD of blocks through a {@link ZarrWriter}. Blocks that are exactly one output
 * chunk are written where they are; the others are cut into pieces at the output's chunk
 * boundaries, re-keyed by output chunk, sorted so each chunk's pieces arrive together, and
 * assembled one chunk at a time: memory per task is one chunk plus Spark's (spillable) sort
 * buffer, never a whole variable. This is the combine-per-key step of xarray-beam.
 */
public final class SparkBlockWriter {
  private SparkBlockWriter() {}

  /** Writes all blocks and commits; aborts the write if the job fails. */
  public static void write(JavaRDD<Block> blocks, ZarrWriter writer, int partitions) {
    try {
      writeChunks(blocks, writer, partitions);
      writer.commit();
    } catch (RuntimeException e) {
      writer.abort();
      throw e;
    }
  }

  /** Writes all blocks without committing (several RDDs can feed one write). */
  public static void writeChunks(JavaRDD<Block> blocks, ZarrWriter writer, int partitions) {
    int parts = partitions > 0 ? partitions : defaultPartitions(writer, blocks.context().defaultParallelism());
    JavaPairRDD<ChunkKey, Block> pieces = blocks.mapPartitionsToPair(it -> {
      List<Tuple2<ChunkKey, Block>> out = new ArrayList<>();
      while (it.hasNext()) {
        Block b = it.next();
        if (isOneChunk(writer, b)) writer.writeBlock(b);
        else for (Block p : split(writer, b)) out.add(new Tuple2<>(chunkKeyOf(writer, p), p));
      }
      return out.iterator();
    });
    pieces.repartitionAndSortWithinPartitions(new HashPartitioner(parts), new KeyOrder())
        .foreachPartition(it -> assembleAll(writer, it));
  }

  /** One partition per 64 MB of output, at least the default parallelism. */
  static int defaultPartitions(ZarrWriter w, int parallelism) {
    long bytes = 0;
    for (VariableSpec v : w.spec().variables.values()) {
      long n = 8;
      for (long s : v.shape) n *= s;
      bytes += n;
    }
    return (int) Math.max(parallelism, Math.min(100_000, (bytes + (64L << 20) - 1) / (64L << 20)));
  }

  static final class KeyOrder implements Comparator<ChunkKey>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public int compare(ChunkKey a, ChunkKey b) {
      return a.compareTo(b);
    }
  }

  /** Offsets in the output array (the append offset added along the growing dim). */
  static long[] globalOffsets(ZarrWriter w, Block b) {
    long[] o = b.key().offsets();
    List<String> dims = b.key().dims();
    for (int d = 0; d < o.length; d++) if (dims.get(d).equals(w.appendDim())) o[d] += w.appendOffset();
    return o;
  }

  static boolean isOneChunk(ZarrWriter w, Block b) {
    VariableSpec v = w.spec().variable(b.key().variable());
    long[] o = globalOffsets(w, b);
    int[] s = b.shape();
    for (int d = 0; d < o.length; d++) {
      if (o[d] % v.chunks[d] != 0 || s[d] != Math.min(v.chunks[d], v.shape[d] - o[d])) return false;
    }
    return true;
  }

  /** The output chunk a piece (global offsets, from {@link #split}) lies in, keyed by that chunk's start. */
  static ChunkKey chunkKeyOf(ZarrWriter w, Block piece) {
    VariableSpec v = w.spec().variable(piece.key().variable());
    long[] o = piece.key().offsets();
    for (int d = 0; d < o.length; d++) o[d] = o[d] / v.chunks[d] * v.chunks[d];
    return new ChunkKey(v.name, v.dims, o);
  }

  /** Cuts a block at the output's chunk boundaries; pieces keep global offsets in their keys. */
  static List<Block> split(ZarrWriter w, Block b) {
    VariableSpec v = w.spec().variable(b.key().variable());
    long[] o = globalOffsets(w, b);
    int[] s = b.shape();
    int rank = o.length;
    List<long[]> cuts = new ArrayList<>();
    for (int d = 0; d < rank; d++) {
      List<Long> c = new ArrayList<>();
      c.add(o[d]);
      long next = (o[d] / v.chunks[d] + 1) * v.chunks[d];
      while (next < o[d] + s[d]) {
        c.add(next);
        next += v.chunks[d];
      }
      c.add(o[d] + s[d]);
      cuts.add(c.stream().mapToLong(Long::longValue).toArray());
    }
    List<Block> out = new ArrayList<>();
    int[] pos = new int[rank];
    while (true) {
      long[] lo = new long[rank];
      int[] len = new int[rank];
      for (int d = 0; d < rank; d++) {
        lo[d] = cuts.get(d)[pos[d]];
        len[d] = (int) (cuts.get(d)[pos[d] + 1] - lo[d]);
      }
      out.add(copyBox(b, o, lo, len, new ChunkKey(v.name, v.dims, lo)));
      int d = rank - 1;
      while (d >= 0) {
        if (++pos[d] < cuts.get(d).length - 1) break;
        pos[d] = 0;
        d--;
      }
      if (d < 0) break;
    }
    return out;
  }

  private static Block copyBox(Block b, long[] bOff, long[] lo, int[] len, ChunkKey key) {
    int rank = lo.length;
    int[] s = b.shape();
    int n = 1;
    for (int l : len) n *= l;
    int[] src = new int[n];
    int[] stride = new int[rank];
    int st = 1;
    for (int d = rank - 1; d >= 0; d--) {
      stride[d] = st;
      st *= s[d];
    }
    int[] pos = new int[rank];
    for (int i = 0; i < n; i++) {
      int off = 0;
      for (int d = 0; d < rank; d++) off += (int) (lo[d] - bOff[d] + pos[d]) * stride[d];
      src[i] = off;
      for (int d = rank - 1; d >= 0; d--) {
        if (++pos[d] < len[d]) break;
        pos[d] = 0;
      }
    }
    if (b.isFloat()) {
      float[] f = new float[n];
      float[] a = b.floats();
      for (int i = 0; i < n; i++) f[i] = a[src[i]];
      return Block.ofFloats(key, len, f);
    }
    double[] f = new double[n];
    double[] a = b.doubles();
    for (int i = 0; i < n; i++) f[i] = a[src[i]];
    return Block.ofDoubles(key, len, f);
  }

  /** Consecutive pieces of one chunk (sorted input) are laid into one buffer and written. */
  static void assembleAll(ZarrWriter w, Iterator<Tuple2<ChunkKey, Block>> it) {
    ChunkKey current = null;
    double[] buf = null;
    int[] valid = null;
    while (it.hasNext()) {
      Tuple2<ChunkKey, Block> t = it.next();
      if (!t._1().equals(current)) {
        if (current != null) flush(w, current, valid, buf);
        current = t._1();
        VariableSpec v = w.spec().variable(current.variable());
        long[] o = current.offsets();
        valid = new int[o.length];
        int n = 1;
        for (int d = 0; d < o.length; d++) {
          valid[d] = (int) Math.min(v.chunks[d], v.shape[d] - o[d]);
          n *= valid[d];
        }
        buf = w.existingChunkPart(current, valid, n);
      }
      place(t._2(), current.offsets(), valid, buf);
    }
    if (current != null) flush(w, current, valid, buf);
  }

  private static void place(Block p, long[] chunkStart, int[] valid, double[] buf) {
    long[] o = p.key().offsets();
    int[] s = p.shape();
    int rank = o.length;
    int[] stride = new int[rank];
    int st = 1;
    for (int d = rank - 1; d >= 0; d--) {
      stride[d] = st;
      st *= valid[d];
    }
    int[] pos = new int[rank];
    for (int i = 0; i < p.size(); i++) {
      int off = 0;
      for (int d = 0; d < rank; d++) off += (int) (o[d] - chunkStart[d] + pos[d]) * stride[d];
      buf[off] = p.get(i);
      for (int d = rank - 1; d >= 0; d--) {
        if (++pos[d] < s[d]) break;
        pos[d] = 0;
      }
    }
  }

  private static void flush(ZarrWriter w, ChunkKey k, int[] valid, double[] buf) {
    VariableSpec v = w.spec().variable(k.variable());
    long[] idx = k.offsets();
    for (int d = 0; d < idx.length; d++) idx[d] /= v.chunks[d];
    w.writeChunk(k.variable(), idx, valid, buf);
  }

}
