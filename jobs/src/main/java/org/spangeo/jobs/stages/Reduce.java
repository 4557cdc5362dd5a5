package org.spangeo.jobs.stages;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.spangeo.zarr.blocks.Block;
import org.spangeo.zarr.blocks.BlockCombiner;
import org.spangeo.zarr.blocks.BlockKey;
import org.spangeo.zarr.blocks.Combine;
import scala.Tuple2;

/**
 * Reduces blocks over any set of dims with any {@link Statistic}, in the keyed-combine shape:
 * a key function (the block's key without the reduced dims; with {@code groupOf}, one reduced
 * dim becomes a group dim whose offset is the group), {@link #partial} of one block, an
 * associative {@link #merge} and {@link #finish} into the output block: a {@link BlockCombiner}
 * run by {@link Combine} (each task folds its blocks into one partial per key before the
 * shuffle), so any split of the data gives the same result.
 *
 * <p>Moments (mean, sum, min, max, std, count) are {@link Accumulator}s in float64: a few
 * numbers per output cell. Quantiles need every value of a cell: their partial keeps the
 * values (float32, as stored), merged by concatenation and sorted once in {@link #finish};
 * output blocks are cut into tiles of rows so that one key holds at most {@code tileBytes}
 * whatever the length of the reduced dims.
 */
public final class Reduce implements BlockCombiner<Object> {
  private static final long serialVersionUID = 1L;

  private final Set<String> reduced;
  private final String groupDim;
  private final String outDim;
  private final Broadcast<int[]> groupOf;
  private final Statistic stat;
  private final long samples;
  private final long tileBytes;

  /**
   * {@code groupDim} (one of {@code reduced}, or null) is grouped by {@code groupOf} (per
   * selected index, -1 drops it) into {@code outDim}; {@code samples} bounds the values a cell
   * receives (for quantile tiles).
   */
  public Reduce(Set<String> reduced, String groupDim, String outDim, Broadcast<int[]> groupOf, Statistic stat, long samples,
      long tileBytes) {
    this.reduced = Set.copyOf(reduced);
    this.groupDim = groupDim;
    this.outDim = outDim;
    this.groupOf = groupOf;
    this.stat = stat;
    this.samples = Math.max(1, samples);
    this.tileBytes = tileBytes;
  }

  public JavaRDD<Block> apply(JavaRDD<Block> blocks, int partitions) {
    return Combine.perKey(blocks, this, partitions);
  }

  @Override
  public void add(Block b, Partials<Object> partials) {
    for (Tuple2<BlockKey, Object> t : partial(b)) {
      Object have = partials.get(t._1());
      partials.put(t._1(), have == null ? t._2() : merge(have, t._2()));
    }
  }

  @Override
  public long bytes(Object partial) {
    if (partial instanceof Accumulator a) return a.bytes();
    long n = 64;
    for (float[] s : ((Quantiles) partial).slabs) n += 16 + 4L * s.length;
    return n;
  }

  /** The values of a quantile partial: slabs of (samples x cells), cell fastest. */
  public static final class Quantiles implements Serializable {
    private static final long serialVersionUID = 1L;
    final int cells;
    final int[] shape;
    float[][] slabs;

    Quantiles(int cells, int[] shape, float[][] slabs) {
      this.cells = cells;
      this.shape = shape;
      this.slabs = slabs;
    }
  }

  /** One block's partials: one per group (and per tile of rows, for quantiles) it feeds. */
  List<Tuple2<BlockKey, Object>> partial(Block b) {
    BlockKey key = b.key();
    List<String> dims = key.dims();
    int rank = dims.size();
    int[] shape = b.shape();
    int groupAxis = groupDim == null ? -1 : dims.indexOf(groupDim);
    boolean[] red = new boolean[rank];
    for (int d = 0; d < rank; d++) red[d] = reduced.contains(dims.get(d));
    // output dims: the kept ones, and the group dim in the grouped dim's place
    List<String> outDims = new ArrayList<>();
    List<Long> outOff = new ArrayList<>();
    long[] off = key.offsets();
    int keptFirst = -1;
    for (int d = 0; d < rank; d++) {
      if (d == groupAxis) {
        outDims.add(outDim);
        outOff.add(0L);
      } else if (!red[d]) {
        if (keptFirst < 0) keptFirst = d;
        outDims.add(dims.get(d));
        outOff.add(off[d]);
      }
    }
    // quantiles: rows of the first kept dim per tile, so a key holds at most tileBytes
    int rows = keptFirst < 0 ? 1 : shape[keptFirst];
    if (stat.kind() == Statistic.Kind.QUANTILE && keptFirst >= 0) {
      long perRow = 4L * samples;
      for (int d = keptFirst + 1; d < rank; d++) if (!red[d]) perRow *= shape[d];
      rows = (int) Math.max(1, Math.min(rows, tileBytes / Math.max(1, perRow)));
    }
    int[] map = groupOf == null ? null : groupOf.value();
    Map<Long, Object> parts = new HashMap<>();
    List<Tuple2<BlockKey, Object>> out = new ArrayList<>();
    int tiles = keptFirst < 0 ? 1 : (shape[keptFirst] + rows - 1) / rows;
    for (int tile = 0; tile < tiles; tile++) {
      int[] lo = new int[rank];
      int[] hi = shape.clone();
      if (keptFirst >= 0) {
        lo[keptFirst] = tile * rows;
        hi[keptFirst] = Math.min(shape[keptFirst], lo[keptFirst] + rows);
      }
      int[] outShape = new int[outDims.size()];
      int cells = 1;
      for (int d = 0, k = 0; d < rank; d++) {
        if (d == groupAxis) outShape[k++] = 1;
        else if (!red[d]) {
          outShape[k++] = hi[d] - lo[d];
          cells *= hi[d] - lo[d];
        }
      }
      // samples per cell from this block, per group
      Map<Integer, int[]> steps = new HashMap<>(); // group -> {count along the group axis}
      int otherSamples = 1;
      for (int d = 0; d < rank; d++) if (red[d] && d != groupAxis) otherSamples *= shape[d];
      if (groupAxis >= 0) {
        for (int t = 0; t < shape[groupAxis]; t++) {
          int g = map[(int) (off[groupAxis] + t)];
          if (g >= 0) steps.computeIfAbsent(g, x -> new int[1])[0]++;
        }
      } else {
        steps.put(0, new int[] {1});
      }
      Map<Integer, Object> byGroup = new HashMap<>();
      for (Map.Entry<Integer, int[]> e : steps.entrySet()) {
        int g = e.getKey();
        Object p;
        if (stat.kind() == Statistic.Kind.QUANTILE) {
          int m = otherSamples * (groupAxis >= 0 ? e.getValue()[0] : 1);
          p = new Quantiles(cells, outShape, new float[][] {new float[Math.multiplyExact(m, cells)]});
        } else {
          p = new Accumulator(stat.moments(), 1, cells, outShape);
        }
        byGroup.put(g, p);
        long[] o = new long[outDims.size()];
        for (int k = 0; k < o.length; k++) o[k] = outOff.get(k);
        if (keptFirst >= 0) o[outDims.indexOf(dims.get(keptFirst))] += lo[keptFirst];
        if (groupAxis >= 0) o[outDims.indexOf(outDim)] = g;
        out.add(new Tuple2<>(new BlockKey(key.variable(), outDims, o), p));
      }
      add(b, shape, red, groupAxis, map, off, lo, hi, byGroup);
    }
    return out;
  }

  /**
   * Adds the block's sub-box [lo, hi) to the partials, a contiguous run of the last dim at a
   * time. A value's output cell counts over the kept dims of the box; its sample (quantiles)
   * over the reduced dims, the grouped one counted within its group.
   */
  private void add(Block b, int[] shape, boolean[] red, int groupAxis, int[] map, long[] off, int[] lo, int[] hi,
      Map<Integer, Object> byGroup) {
    int rank = shape.length;
    float[] fv = b.isFloat() ? b.floats() : null;
    double[] dv = b.isFloat() ? null : b.doubles();
    if (rank == 0) {
      Object p = byGroup.get(0);
      if (p instanceof Accumulator a) a.add(0, b.get(0));
      else ((Quantiles) p).slabs[0][0] = (float) b.get(0);
      return;
    }
    int[] stride = new int[rank];
    int[] cellStride = new int[rank]; // 0 along reduced dims
    int[] sampleStride = new int[rank]; // 0 along kept dims and the grouped one
    int s = 1;
    int cs = 1;
    int ss = 1;
    for (int d = rank - 1; d >= 0; d--) {
      stride[d] = s;
      s *= shape[d];
      if (!red[d]) {
        cellStride[d] = cs;
        cs *= hi[d] - lo[d];
      } else if (d != groupAxis) {
        sampleStride[d] = ss;
        ss *= shape[d];
      }
    }
    int cells = cs;
    int others = ss;
    // along the grouped dim: each step's group and its number within the group
    int[] stepGroup = null;
    int[] stepIndex = null;
    if (groupAxis >= 0) {
      stepGroup = new int[shape[groupAxis]];
      stepIndex = new int[shape[groupAxis]];
      Map<Integer, Integer> seen = new HashMap<>();
      for (int t = 0; t < stepGroup.length; t++) {
        int g = map[(int) (off[groupAxis] + t)];
        stepGroup[t] = g;
        if (g >= 0) {
          int k = seen.getOrDefault(g, 0);
          stepIndex[t] = k;
          seen.put(g, k + 1);
        }
      }
    }
    boolean quantile = stat.kind() == Statistic.Kind.QUANTILE;
    int last = rank - 1;
    int len = hi[last] - lo[last];
    int[] pos = lo.clone();
    while (true) {
      int src = lo[last] * stride[last];
      int cell = 0;
      int sample = 0;
      for (int d = 0; d < last; d++) {
        src += pos[d] * stride[d];
        cell += (pos[d] - lo[d]) * cellStride[d];
        sample += pos[d] * sampleStride[d];
      }
      int g = 0;
      if (groupAxis >= 0 && groupAxis < last) {
        g = stepGroup[pos[groupAxis]];
        sample += stepIndex[pos[groupAxis]] * others;
      }
      if (g >= 0) {
        if (!red[last] && !quantile) {
          Accumulator a = (Accumulator) byGroup.get(g);
          if (fv != null) a.addRun(cell, fv, src, len);
          else a.addRun(cell, dv, src, len);
        } else if (!red[last]) {
          float[] slab = ((Quantiles) byGroup.get(g)).slabs[0];
          int at = sample * cells + cell;
          for (int j = 0; j < len; j++) slab[at + j] = fv != null ? fv[src + j] : (float) dv[src + j];
        } else {
          for (int j = 0; j < len; j++) {
            int gg = g;
            int smp = sample;
            if (groupAxis == last) {
              gg = stepGroup[lo[last] + j];
              if (gg < 0) continue;
              smp += stepIndex[lo[last] + j] * others;
            } else {
              smp += (lo[last] + j) * sampleStride[last];
            }
            double x = fv != null ? fv[src + j] : dv[src + j];
            Object p = byGroup.get(gg);
            if (p instanceof Accumulator a) a.add(cell, x);
            else ((Quantiles) p).slabs[0][smp * cells + cell] = (float) x;
          }
        }
      }
      int d = last - 1;
      while (d >= 0) {
        if (++pos[d] < hi[d]) break;
        pos[d] = lo[d];
        d--;
      }
      if (d < 0) break;
    }
  }

  /** Partials of one key merged (the same cells): sums and counts added, or the values concatenated. */
  @Override
  public Object merge(Object a, Object b) {
    if (a instanceof Accumulator x) return x.merge((Accumulator) b);
    Quantiles p = (Quantiles) a;
    Quantiles q = (Quantiles) b;
    float[][] s = Arrays.copyOf(p.slabs, p.slabs.length + q.slabs.length);
    System.arraycopy(q.slabs, 0, s, p.slabs.length, q.slabs.length);
    p.slabs = s;
    return p;
  }

  /** The output block of a key: float32 (float64 counts, written as int64). */
  @Override
  public Block finish(BlockKey key, Object partial) {
    if (partial instanceof Accumulator a) {
      int n = a.cells;
      if (stat.kind() == Statistic.Kind.COUNT) {
        double[] c = new double[n];
        for (int i = 0; i < n; i++) c[i] = a.count[i];
        return Block.ofDoubles(key, a.shape, c);
      }
      float[] out = new float[n];
      for (int i = 0; i < n; i++) out[i] = (float) a.result(i);
      return Block.ofFloats(key, a.shape, out);
    }
    Quantiles q = (Quantiles) partial;
    int total = 0;
    for (float[] s : q.slabs) total += s.length / Math.max(1, q.cells);
    double[] buf = new double[total];
    float[] out = new float[q.cells];
    for (int c = 0; c < q.cells; c++) {
      int n = 0;
      for (float[] s : q.slabs) {
        for (int j = c; j < s.length; j += q.cells) {
          float x = s[j];
          if (x == x) buf[n++] = x;
        }
      }
      Arrays.sort(buf, 0, n);
      out[c] = (float) Statistic.quantileOfSorted(buf, n, stat.q());
    }
    return Block.ofFloats(key, q.shape, out);
  }
}
