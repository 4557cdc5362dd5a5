package org.spangeo.zarr.write;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;
import org.spangeo.zarr.array.Box;
import org.spangeo.zarr.array.BoxCopy;
import org.spangeo.zarr.blocks.Block;
import org.spangeo.zarr.blocks.BlockKey;

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
  public static void write(JavaRDD<Block> blocks, ZarrWriter writer) {
    write(blocks, writer, DEFAULT_GROUP_BYTES);
  }

  /** {@link #write(JavaRDD, ZarrWriter)} with at most {@code groupBytes} of output assembled per task. */
  public static void write(JavaRDD<Block> blocks, ZarrWriter writer, long groupBytes) {
    try {
      writeChunks(blocks, writer, groupBytes);
      writer.commit();
    } catch (Exception e) { // a failed job throws SparkException, checked but undeclared from Scala
      writer.abort();
      throw e;
    }
  }

  /** Output bytes one reduce task assembles at most, when the caller sets no budget. */
  public static final long DEFAULT_GROUP_BYTES = 64L << 20;

  /**
   * Writes all blocks without committing; a reduce task holds at most one write group of
   * {@code groupBytes} of output chunks (rechunker's "consolidated writes").
   */
  public static void writeChunks(JavaRDD<Block> blocks, ZarrWriter writer, long groupBytes) {
    writeChunks(blocks, writer, groupBytes, false);
  }

  /**
   * {@code sparse}: blocks are partial pictures of their box, NaN meaning "no value here" (rows
   * of a table); pieces of one chunk may overlap, so chunks are written when their group ends,
   * and NaN never overwrites a value another piece brought.
   */
  public static void writeChunks(JavaRDD<Block> blocks, ZarrWriter writer, long groupBytes, boolean sparse) {
    ChunkGroups groups = new ChunkGroups(writer.spec(), groupBytes);
    JavaPairRDD<BlockKey, Block> pieces;
    // the pieces are cut in the stage that makes the blocks: the Spark UI names that stage after
    // the call site of the last RDD, so this one takes the blocks' own (what the stage does)
    org.apache.spark.SparkContext sc = blocks.context();
    String[] keys = {"callSite.short", "callSite.long"};
    String[] old = {sc.getLocalProperty(keys[0]), sc.getLocalProperty(keys[1])};
    sc.setLocalProperty(keys[0], blocks.rdd().creationSite().shortForm());
    sc.setLocalProperty(keys[1], blocks.rdd().creationSite().longForm());
    try {
      pieces = blocks.mapPartitionsToPair(it -> new PieceIterator(writer, it, sparse));
    } finally {
      sc.setLocalProperty(keys[0], old[0]);
      sc.setLocalProperty(keys[1], old[1]);
    }
    pieces.partitionBy(groups).foreachPartition(it -> assembleGroup(writer, it, sparse));
  }

  /** Every data variable's chunks, grouped by {@link ChunkGroupPartitioner}; keys hold element offsets. */
  static final class ChunkGroups extends ChunkGroupPartitioner {
    private static final long serialVersionUID = 1L;
    private final java.util.Map<String, long[]> grids = new java.util.HashMap<>(); // var -> chunk grid shape
    private final java.util.Map<String, int[]> chunkShapes = new java.util.HashMap<>(); // var -> chunk shape

    ChunkGroups(DatasetSpec spec, long groupBytes) {
      for (VariableSpec v : spec.variables.values()) {
        if (spec.isCoordinate(v.name)) continue;
        long[] grid = v.metadata().chunkGridShape();
        long chunks = 1;
        for (long g : grid) chunks *= g;
        grids.put(v.name, grid);
        chunkShapes.put(v.name, v.chunks.clone());
        add(v.name, chunks, v.chunkBytes(), groupBytes);
      }
    }

    @Override
    protected long chunkIndex(BlockKey k) {
      long[] grid = grids.get(k.variable());
      int[] chunks = chunkShapes.get(k.variable());
      long[] o = k.offsets();
      long linear = 0;
      for (int d = 0; d < grid.length; d++) linear = linear * grid[d] + o[d] / chunks[d];
      return linear;
    }
  }

  /** Map side: aligned blocks are written at once; others become pieces keyed by chunk index. */
  static final class PieceIterator implements Iterator<Tuple2<BlockKey, Block>> {
    private final ZarrWriter w;
    private final Iterator<Block> in;
    private final boolean sparse;
    private Iterator<Block> pieces = java.util.Collections.emptyIterator();

    PieceIterator(ZarrWriter w, Iterator<Block> in, boolean sparse) {
      this.w = w;
      this.in = in;
      this.sparse = sparse;
    }

    @Override
    public boolean hasNext() {
      while (!pieces.hasNext() && in.hasNext()) {
        Block b = in.next();
        if (!sparse && isOneChunk(w, b)) w.writeBlock(b);
        else pieces = split(w, b).iterator();
      }
      return pieces.hasNext();
    }

    @Override
    public Tuple2<BlockKey, Block> next() {
      if (!hasNext()) throw new java.util.NoSuchElementException();
      Block p = pieces.next();
      return new Tuple2<>(chunkOf(w, p), p);
    }
  }

  /** The output chunk a piece (global offsets) lies in, keyed by the block position of the chunk's first cell. */
  static BlockKey chunkOf(ZarrWriter w, Block piece) {
    VariableSpec v = w.spec().variable(piece.key().variable());
    long[] o = piece.key().offsets();
    for (int d = 0; d < o.length; d++) o[d] = o[d] / v.chunks[d] * v.chunks[d];
    return new BlockKey(v.name, v.dims, o);
  }

  /** One chunk being assembled: its buffer and how many of its cells have arrived. */
  private static final class Pending {
    final int[] valid;
    final long[] start;
    final float[] f;
    final double[] d;
    long filled;
    final long size;

    Pending(int[] valid, long[] start, float[] f, double[] d) {
      this.valid = valid;
      this.start = start;
      this.f = f;
      this.d = d;
      long n = 1;
      for (int v : valid) n *= v;
      this.size = n;
    }
  }

  /**
   * Reduce side: pieces of one write group arrive in any order; each chunk is written as soon
   * as all its cells have arrived, the rest (chunks with gaps, left as fill) at the end.
   */
  static void assembleGroup(ZarrWriter w, Iterator<Tuple2<BlockKey, Block>> it, boolean sparse) {
    java.util.Map<BlockKey, Pending> open = new java.util.HashMap<>();
    while (it.hasNext()) {
      Tuple2<BlockKey, Block> t = it.next();
      BlockKey k = t._1();
      Pending p = open.get(k);
      if (p == null) {
        VariableSpec v = w.spec().variable(k.variable());
        long[] start = k.offsets();
        int[] valid = new int[start.length];
        int n = 1;
        for (int d = 0; d < start.length; d++) {
          valid[d] = (int) Math.min(v.chunks[d], v.shape[d] - start[d]);
          n *= valid[d];
        }
        // only an append's straddling chunk starts from stored values; others start as fill
        double[] existing = w.appendsInto(start, v) ? w.existingChunkPart(new BlockKey(v.name, v.dims, start), valid, n) : null;
        if (v.dtype.isFloat() && v.dtype.size() == 4) {
          float[] f = new float[n];
          if (existing == null) java.util.Arrays.fill(f, Float.NaN);
          else for (int i = 0; i < n; i++) f[i] = (float) existing[i];
          p = new Pending(valid, start, f, null);
        } else {
          if (existing == null) {
            existing = new double[n];
            java.util.Arrays.fill(existing, Double.NaN);
          }
          p = new Pending(valid, start, null, existing);
        }
        open.put(k, p);
      }
      p.filled += place(t._2(), p, sparse);
      if (!sparse && p.filled >= p.size) {
        w.writeChunk(k.variable(), chunkIndex(w, k), p.valid, p.f != null ? p.f : p.d);
        open.remove(k);
      }
    }
    for (java.util.Map.Entry<BlockKey, Pending> e : open.entrySet()) {
      Pending p = e.getValue();
      w.writeChunk(e.getKey().variable(), chunkIndex(w, e.getKey()), p.valid, p.f != null ? p.f : p.d);
    }
  }

  /** The grid index of the chunk whose first cell is at {@code k}'s offsets. */
  private static long[] chunkIndex(ZarrWriter w, BlockKey k) {
    int[] c = w.spec().variable(k.variable()).chunks;
    long[] o = k.offsets();
    for (int d = 0; d < o.length; d++) o[d] /= c[d];
    return o;
  }

  private static int place(Block piece, Pending p, boolean sparse) {
    long[] o = piece.key().offsets();
    int[] s = piece.shape();
    int rank = o.length;
    if (!sparse && piece.isFloat() == (p.f != null)) {
      int[] at = new int[rank];
      for (int d = 0; d < rank; d++) at[d] = (int) (o[d] - p.start[d]);
      BoxCopy.copy(piece.isFloat() ? piece.floats() : piece.doubles(), s, new int[rank], p.f != null ? p.f : p.d, p.valid,
          at, s);
      return piece.size();
    }
    // a sparse piece (NaN is no value) or another type than the chunk's: cell by cell
    int[] stride = BoxCopy.strides(p.valid);
    int[] pos = new int[rank];
    int n = piece.size();
    for (int i = 0; i < n; i++) {
      int off = 0;
      for (int d = 0; d < rank; d++) off += (int) (o[d] - p.start[d] + pos[d]) * stride[d];
      double x = piece.get(i);
      if (!(sparse && Double.isNaN(x))) {
        if (p.f != null) p.f[off] = (float) x;
        else p.d[off] = x;
      }
      BoxCopy.next(pos, s);
    }
    return n;
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


  /** Cuts a block at the output's chunk boundaries; pieces keep global offsets in their keys. */
  static List<Block> split(ZarrWriter w, Block b) {
    VariableSpec v = w.spec().variable(b.key().variable());
    long[] o = globalOffsets(w, b);
    int[] s = b.shape();
    int rank = o.length;
    Box block = Box.at(o, s);
    long[] first = new long[rank];
    long[] last = new long[rank];
    for (int d = 0; d < rank; d++) {
      first[d] = o[d] / v.chunks[d];
      last[d] = (o[d] + s[d] - 1) / v.chunks[d];
      if (s[d] == 0) return List.of();
    }
    List<Block> out = new ArrayList<>();
    long[] idx = first.clone();
    while (true) {
      long[] lo = new long[rank];
      for (int d = 0; d < rank; d++) lo[d] = idx[d] * v.chunks[d];
      Box piece = block.intersect(Box.at(lo, v.chunks));
      int[] shape = piece.shape();
      BlockKey key = new BlockKey(v.name, v.dims, piece.start());
      int[] from = piece.offsetFrom(o);
      if (b.isFloat()) {
        float[] f = new float[BoxCopy.size(shape)];
        BoxCopy.copy(b.floats(), s, from, f, shape, new int[rank], shape);
        out.add(Block.ofFloats(key, shape, f));
      } else {
        double[] f = new double[BoxCopy.size(shape)];
        BoxCopy.copy(b.doubles(), s, from, f, shape, new int[rank], shape);
        out.add(Block.ofDoubles(key, shape, f));
      }
      if (!BoxCopy.next(idx, first, last)) break;
    }
    return out;
  }
}
