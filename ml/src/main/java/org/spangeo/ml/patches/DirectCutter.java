package org.spangeo.ml.patches;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.CollectionAccumulator;
import org.spangeo.zarr.array.BoxCopy;
import org.spangeo.zarr.blocks.Block;
import org.spangeo.zarr.blocks.BlockTask;
import org.spangeo.zarr.blocks.Blocks;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.dataset.Selection;
import org.spangeo.zarr.write.ZarrWriter;

/**
 * The patch store without a shuffle, when its batches are in xbatcher's order (no shuffling, no
 * oversampling): a task owns a range of the store's chunks along batch, reads the slabs their
 * batches lie in (the window along the slowest batch dim, the whole selection along the others;
 * consecutive batches share a slab), and cuts, normalises and thresholds each batch straight
 * into the chunk's array, which it writes. Each input chunk is decoded once per task (a chunk
 * that neighbouring slabs share is kept from one slab to the next), nothing crosses the network,
 * and a task holds one slab of the variables, the input chunks it meets, and one output chunk.
 */
final class DirectCutter implements Serializable {
  private static final long serialVersionUID = 1L;

  /** A slab larger than this (all variables) takes the shuffle path instead. */
  static final long SLAB_BYTES = 256L << 20;
  /** Output bytes a task writes, about. */
  static final long TASK_BYTES = 64L << 20;

  private final Dataset ds;
  private final Selection sel;
  private final PatchSpec spec;
  private final BatchGrid grid;
  private final double[][] norm;
  private final ZarrWriter w;
  private final List<String> read;

  private DirectCutter(Dataset ds, Selection sel, PatchSpec spec, BatchGrid grid, double[][] norm, ZarrWriter w,
      List<String> read) {
    this.ds = ds;
    this.sel = sel;
    this.spec = spec;
    this.grid = grid;
    this.norm = norm;
    this.w = w;
    this.read = read;
  }

  /** Shape of a slab: the window along the slowest axis, the selection along the others. */
  static int[] slabShape(Selection sel, BatchGrid grid) {
    int rank = grid.rank();
    int[] s = new int[rank];
    for (int a = 0; a < rank; a++) s[a] = (int) sel.count(grid.dims().get(a));
    s[grid.slowestAxis()] = grid.window(grid.slowestAxis());
    return s;
  }

  static boolean fits(Selection sel, BatchGrid grid, List<String> read) {
    long cells = 1;
    for (int x : slabShape(sel, grid)) cells *= x;
    return cells * 4 * read.size() <= SLAB_BYTES;
  }

  static void write(JavaSparkContext jsc, Dataset ds, Selection sel, PatchSpec spec, BatchGrid grid, double[][] norm,
      ZarrWriter w, List<String> read, CollectionAccumulator<Long> found) {
    long m = grid.batches();
    int bpc = w.spec().variable(Patches.FEATURES).chunks()[0];
    int chunks = (int) ((m + bpc - 1) / bpc);
    long chunkBytes = w.spec().variable(Patches.FEATURES).chunkBytes() + w.spec().variable(Patches.LABEL).chunkBytes();
    int slots = Math.max(1, jsc.defaultParallelism());
    long byBytes = Math.min(chunks, chunks * chunkBytes / TASK_BYTES);
    // whole rounds of the task slots: 5 tasks on 2 cores leave one core idle while the last runs
    int tasks = (int) Math.max(slots, (byBytes + slots - 1) / slots * slots);
    tasks = Math.max(1, Math.min(tasks, chunks));
    List<int[]> ranges = new ArrayList<>();
    for (int t = 0; t < tasks; t++) ranges.add(new int[] {(int) ((long) chunks * t / tasks), (int) ((long) chunks * (t + 1) / tasks)});
    DirectCutter c = new DirectCutter(ds, sel, spec, grid, norm, w, read);
    c.found = found;
    jsc.parallelize(ranges, ranges.size()).foreach(r -> c.run(r[0], r[1]));
  }

  // the slab held by a task: per variable of read, origin along the slowest axis (transient
  // fields arrive as null/0 in the task, so "no slab yet" is slab == null)
  /** Without oversampling: the batches whose label has an event (null: counted already). */
  private CollectionAccumulator<Long> found;
  private transient float[][] slab;
  private transient long slabStart;
  private transient boolean loaded;
  private transient boolean[] nanFree; // per variable of read: its slab holds no NaN
  private transient List<List<BlockTask>> plans; // per variable of read: the selection's blocks
  private transient List<Map<Integer, Block>> held; // per variable: the blocks the slab uses, by plan index

  private void run(int firstChunk, int endChunk) {
    long m = grid.batches();
    int bpc = w.spec().variable(Patches.FEATURES).chunks()[0];
    int rank = grid.rank();
    int[] win = grid.windowShape();
    int cells = BoxCopy.size(win);
    int channels = spec.features.size();
    int labelVar = read.indexOf(spec.labelVariable);
    int[] shape = slabShape(sel, grid);
    int[] stride = BoxCopy.strides(shape);
    int a0 = grid.slowestAxis();
    int last = rank - 1;
    int run = win[last];
    int rows = cells / Math.max(1, run);
    boolean raw = spec.raw; // patches --raw: values as read, NaN kept (as PieceCutter)
    for (int c = firstChunk; c < endChunk; c++) {
      int b0 = c * bpc;
      int nb = (int) Math.min(bpc, m - b0);
      float[] x = new float[nb * channels * cells];
      float[] y = new float[nb * cells];
      for (int i = 0; i < nb; i++) {
        long[] starts = grid.starts(b0 + i);
        if (!loaded || starts[a0] != slabStart) load(starts[a0], shape);
        int[] pos = new int[rank];
        for (int r = 0; r < rows; r++) {
          int src = 0;
          for (int a = 0; a < rank; a++) src += (int) ((a == a0 ? 0 : starts[a]) + pos[a]) * stride[a];
          int dst = r * run;
          for (int ch = 0; ch < channels; ch++) {
            float[] v = slab[ch];
            double mean = norm[0][ch];
            double inv = norm[1][ch];
            int o = (i * channels + ch) * cells + dst;
            // three loops instead of one with two tests per value: the launcher's C1 compiles the
            // tests into every iteration; a slab without NaN (most) needs no test at all
            if (raw) {
              for (int j = 0; j < run; j++) x[o + j] = v[src + j];
            } else if (nanFree[ch]) {
              for (int j = 0; j < run; j++) x[o + j] = (float) ((v[src + j] - mean) * inv);
            } else {
              for (int j = 0; j < run; j++) {
                double z = v[src + j];
                x[o + j] = z != z ? 0f : (float) ((z - mean) * inv);
              }
            }
          }
          float[] l = slab[labelVar];
          int o = i * cells + dst;
          for (int j = 0; j < run; j++) y[o + j] = spec.label(l[src + j]);
          BoxCopy.next(pos, win, last);
        }
      }
      if (found != null) {
        for (int i = 0; i < nb; i++) {
          for (int j = i * cells; j < (i + 1) * cells; j++) {
            if (y[j] > 0) {
              found.add((long) (b0 + i));
              break;
            }
          }
        }
      }
      int[] fv = new int[rank + 2];
      fv[0] = nb;
      fv[1] = channels;
      System.arraycopy(win, 0, fv, 2, rank);
      int[] lv = new int[rank + 1];
      lv[0] = nb;
      System.arraycopy(win, 0, lv, 1, rank);
      long[] fi = new long[rank + 2];
      fi[0] = c;
      long[] li = new long[rank + 1];
      li[0] = c;
      w.writeChunk(Patches.FEATURES, fi, fv, x);
      w.writeChunk(Patches.LABEL, li, lv, y);
    }
  }

  /**
   * Reads the slab starting at {@code start} along the slowest axis (selection index space). The
   * blocks are those of the whole selection's plan that meet the slab; a block the previous slab
   * used is kept and not read again (a slab of 32 steps over chunks of 24 shares a chunk with its
   * neighbour: without this each of those chunks was fetched and decoded twice).
   */
  private void load(long start, int[] shape) {
    int a0 = grid.slowestAxis();
    long end = start + shape[a0];
    int rank = shape.length;
    if (slab == null) slab = new float[read.size()][BoxCopy.size(shape)];
    if (plans == null) {
      plans = new ArrayList<>();
      held = new ArrayList<>();
      for (String v : read) {
        List<BlockTask> p = new ArrayList<>();
        for (BlockTask t : Blocks.plan(ds, sel, List.of(v))) p.add(t);
        plans.add(p);
        held.add(new HashMap<>());
      }
    }
    for (int k = 0; k < read.size(); k++) {
      List<BlockTask> p = plans.get(k);
      Map<Integer, Block> was = held.get(k);
      Map<Integer, Block> now = new HashMap<>();
      for (int i = 0; i < p.size(); i++) {
        BlockTask t = p.get(i);
        long lo = t.key().offsets()[a0];
        long hi = lo + t.outShape()[a0];
        if (a0 == 0 && lo >= end) break; // the plan is in C order: nothing further meets the slab
        if (hi <= start || lo >= end) continue;
        Block b = was.get(i);
        if (b == null) b = floats(Blocks.read(ds, t, null));
        now.put(i, b);
        long[] o = b.key().offsets();
        int[] srcLo = new int[rank];
        int[] dstLo = new int[rank];
        int[] count = b.shape().clone();
        for (int a = 0; a < rank; a++) dstLo[a] = (int) o[a];
        long from = Math.max(lo, start);
        srcLo[a0] = (int) (from - lo);
        dstLo[a0] = (int) (from - start);
        count[a0] = (int) (Math.min(hi, end) - from);
        BoxCopy.copy(b.floats(), b.shape(), srcLo, slab[k], shape, dstLo, count);
      }
      held.set(k, now);
    }
    if (nanFree == null) nanFree = new boolean[read.size()];
    for (int k = 0; k < read.size(); k++) {
      boolean free = true;
      for (float f : slab[k]) {
        if (f != f) {
          free = false;
          break;
        }
      }
      nanFree[k] = free;
    }
    slabStart = start;
    loaded = true;
  }

  private static Block floats(Block b) {
    if (b.floats() != null) return b;
    double[] d = b.doubles();
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
    return Block.ofFloats(b.key(), b.shape(), f);
  }
}
