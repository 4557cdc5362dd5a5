package org.spangeo.jobs.convert;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.TaskCompletionListener;
import org.spangeo.zarr.array.RawChunk;
import org.spangeo.zarr.blocks.Block;
import org.spangeo.zarr.blocks.BlockKey;
import org.spangeo.zarr.store.HadoopConf;

/**
 * Task side of {@link NetCdfToZarr#blocks}: for each output chunk of the task's runs, reads the
 * chunk's box from every file it spans (pieces along the concatenation dim), decodes it and
 * returns it as one block. Files are opened on first use and kept open (a few at a time) until
 * the task ends.
 */
final class ChunkReader implements Iterator<Block> {
  private static final int MAX_OPEN = 4;

  private final NetCdfToZarr plan;
  private final HadoopConf conf;
  private final Iterator<long[]> ranges;
  private final LongAccumulator boxes;
  private final LongAccumulator bytes;
  private final LinkedHashMap<Integer, GriddedFile> open = new LinkedHashMap<>(8, 0.75f, true);
  private long next;
  private long end;
  private boolean closed;

  ChunkReader(NetCdfToZarr plan, HadoopConf conf, Iterator<long[]> ranges, LongAccumulator boxes, LongAccumulator bytes) {
    this.plan = plan;
    this.conf = conf;
    this.ranges = ranges;
    this.boxes = boxes;
    this.bytes = bytes;
    TaskContext ctx = TaskContext.get();
    if (ctx != null) {
      ctx.addTaskCompletionListener(new TaskCompletionListener() {
        @Override
        public void onTaskCompletion(TaskContext context) {
          close();
        }
      });
    }
  }

  @Override
  public boolean hasNext() {
    while (next >= end && ranges.hasNext()) {
      long[] r = ranges.next();
      next = r[0];
      end = r[1];
    }
    if (next < end) return true;
    close();
    return false;
  }

  @Override
  public Block next() {
    if (!hasNext()) throw new NoSuchElementException();
    long item = next++;
    for (NetCdfToZarr.Var v : plan.vars) {
      if (item < v.chunkCount()) return read(v, item);
      item -= v.chunkCount();
    }
    throw new IllegalStateException("output chunk " + item + " is past the plan");
  }

  /** The output chunk number {@code linear} (C order over the chunk grid) of {@code v}. */
  Block read(NetCdfToZarr.Var v, long linear) {
    int rank = v.shape().length;
    long[] start = new long[rank];
    int[] count = new int[rank];
    long rest = linear;
    for (int d = rank - 1; d >= 0; d--) {
      long idx = rest % v.grid()[d];
      rest /= v.grid()[d];
      start[d] = idx * v.chunks()[d];
      count[d] = (int) Math.min(v.chunks()[d], v.shape()[d] - start[d]);
    }
    int n = 1;
    for (int c : count) n *= c;
    float[] f = v.float32() ? new float[n] : null;
    double[] dbl = v.float32() ? null : new double[n];
    int a = v.concatAxis();
    if (a < 0) {
      Object vals = piece(v, 0, start, count);
      if (f != null) System.arraycopy((float[]) vals, 0, f, 0, n);
      else System.arraycopy((double[]) vals, 0, dbl, 0, n);
    } else {
      long lo = start[a];
      long hi = start[a] + count[a];
      for (int k = 0; k < plan.files.size(); k++) {
        long off = plan.offsets[k];
        long len = plan.lengths[k];
        if (off >= hi || off + len <= lo) continue;
        long plo = Math.max(lo, off);
        long phi = Math.min(hi, off + len);
        long[] ls = start.clone();
        ls[a] = plo - off;
        int[] lc = count.clone();
        lc[a] = (int) (phi - plo);
        Object vals = piece(v, k, ls, lc);
        int[] at = new int[rank];
        at[a] = (int) (plo - lo);
        // the piece into its place in the chunk (the zarr box kernel; this package's BoxCopy is the byte-level file reader)
        org.spangeo.zarr.array.BoxCopy.copy(vals, lc, new int[rank], f != null ? f : dbl, count, at, lc);
      }
    }
    BlockKey key = new BlockKey(v.name(), v.dims(), start);
    return f != null ? Block.ofFloats(key, count, f) : Block.ofDoubles(key, count, dbl);
  }

  /** The decoded values of a box of file {@code k}: float[] or double[]. */
  private Object piece(NetCdfToZarr.Var v, int k, long[] start, int[] count) {
    GriddedFile g = file(k);
    FileVariable fv = g.variable(v.name());
    if (fv == null) throw new IllegalArgumentException(g.location() + ": variable '" + v.name() + "' is gone");
    String where = g.location() + ": variable " + FormatDetector.quote(v.name());
    if (plan.stacked) { // the file has no stacked axis: its box is the rest
      start = java.util.Arrays.copyOfRange(start, 1, start.length);
      count = java.util.Arrays.copyOfRange(count, 1, count.length);
    }
    RawChunk raw = fv.read(start, count);
    if (boxes != null) boxes.add(1);
    if (bytes != null) bytes.add(raw.bytes().length);
    long cells = 1;
    for (int c : count) cells *= c;
    org.spangeo.zarr.blocks.ReadMetrics.input(raw.bytes().length, cells); // Spark's task input: the values read from the file
    Decoder d = v.decoders()[v.concatAxis() < 0 ? 0 : k];
    return v.float32() ? d.floats(raw, where) : d.doubles(raw, where);
  }

  private GriddedFile file(int k) {
    GriddedFile g = open.get(k);
    if (g != null) return g;
    if (open.size() >= MAX_OPEN) {
      Map.Entry<Integer, GriddedFile> eldest = open.entrySet().iterator().next();
      open.remove(eldest.getKey());
      FormatDetector.closeQuietly(eldest.getValue());
    }
    g = GriddedFile.open(plan.files.get(k), conf == null ? null : conf.get());
    open.put(k, g);
    return g;
  }

  private void close() {
    if (closed) return;
    closed = true;
    for (GriddedFile g : open.values()) FormatDetector.closeQuietly(g);
    open.clear();
  }
}
