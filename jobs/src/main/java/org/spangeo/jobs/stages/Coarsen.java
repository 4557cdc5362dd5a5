package org.spangeo.jobs.stages;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.spangeo.zarr.InvalidArgumentException;
import org.spangeo.zarr.blocks.Block;
import org.spangeo.zarr.blocks.BlockCombiner;
import org.spangeo.zarr.blocks.Blocks;
import org.spangeo.zarr.blocks.Combine;
import org.spangeo.zarr.blocks.BlockKey;
import org.spangeo.zarr.dataset.Names;
import org.spangeo.zarr.dataset.Variable;
import org.spangeo.zarr.metadata.DType;
import org.spangeo.zarr.write.Compressors;
import org.spangeo.zarr.write.DatasetSpec;
import org.spangeo.zarr.write.Specs;
import org.spangeo.zarr.write.TimeEncoding;
import org.spangeo.zarr.write.VariableSpec;

/**
 * {@code ds.coarsen(latitude=4, longitude=4, boundary=...).mean()}: non-overlapping windows of
 * {@code factor} cells along each named dim (in the selection's index space), reduced with a
 * {@link Stat} under xarray's NaN rules (skipna). The coarsened coordinate is the mean of each
 * window's coordinate values (xarray's coord_func="mean"; with boundary="pad" the mean of the
 * window's real values, as xarray's nanmean over the NaN padding gives; times: the mean instant).
 *
 * <p>Boundaries: {@code exact} (xarray's default) refuses a dim whose length is not a multiple of
 * its factor, {@code trim} drops the ragged end, {@code pad} keeps it as a partial window (NaN
 * padding, which the skipna reductions ignore).
 *
 * <p>Blockwise: windows straddle source chunks, so every source block adds to partial
 * {@link Accumulator}s, one per output chunk it feeds, keyed by that chunk (a
 * {@link BlockCombiner}: a task folds its blocks into one partial per key, the partials of a key
 * merge after the shuffle) and each key becomes one output chunk.
 * Output chunks hold {@code sourceChunk / factor} windows along a coarsened dim (at least one) and
 * the source's chunks along the others. Nothing is collected to the driver. Variables without any
 * coarsened dim pass through unchanged, as in xarray.
 */
public final class Coarsen {
  private Coarsen() {}

  public enum Boundary {
    EXACT, TRIM, PAD;

    public static Boundary parse(String s) {
      return Choices.parse(Boundary.class, "--boundary", s);
    }

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The number of windows along a dim of {@code n} cells. */
  static int windows(long n, int factor, Boundary b) {
    return (int) (b == Boundary.PAD ? (n + factor - 1) / factor : n / factor);
  }

  public static StageResult compute(StageInput in, Map<String, Integer> factors, Boundary boundary, Stat stat,
      String compressor) {
    String comp = compressor == null ? Compressors.DEFAULT : compressor;
    if (factors.isEmpty()) throw new InvalidArgumentException("--factor names no dim (latitude=4,longitude=4)");
    List<String> used = new ArrayList<>();
    for (String v : in.vars) for (String d : in.ds.variable(v).dims()) if (!used.contains(d)) used.add(d);
    Map<String, Integer> windows = new LinkedHashMap<>();
    for (Map.Entry<String, Integer> e : factors.entrySet()) {
      String d = e.getKey();
      int f = e.getValue();
      if (!in.ds.dims().containsKey(d)) {
        throw new InvalidArgumentException("--factor: '" + d + "' is not a dim" + Names.suggest(d, in.ds.dims().keySet()));
      }
      if (!used.contains(d)) {
        throw new InvalidArgumentException("--factor: '" + d + "' is not a dim of " + String.join(", ", in.vars) + " (their dims: " + used + ")");
      }
      long n = in.sel.count(d);
      if (boundary == Boundary.EXACT && n % f != 0) {
        throw new InvalidArgumentException("--factor " + d + "=" + f + ": " + d + " has " + n + " values, not a multiple of " + f
            + "; give --boundary trim (drop the rest) or pad (a partial last window)");
      }
      int m = windows(n, f, boundary);
      if (m == 0) {
        throw new InvalidArgumentException("--factor " + d + "=" + f + " is more than the " + n + " values of " + d
            + ": --boundary trim leaves nothing (use pad)");
      }
      windows.put(d, m);
    }

    DatasetSpec spec = new DatasetSpec().attributes(in.ds.attributes());
    for (String d : in.ds.dims().keySet()) {
      if (!used.contains(d) || !in.ds.isCoordinate(d)) continue;
      if (!factors.containsKey(d)) {
        spec.coordinate(Specs.coordinate(in.ds, in.sel, d), Specs.coordinateValues(in.ds, in.sel, d));
        continue;
      }
      int f = factors.get(d);
      int m = windows.get(d);
      Variable cv = in.ds.variable(d);
      org.spangeo.zarr.dataset.Selection sel = in.sel;
      int[] idx = sel.indices(d);
      if (cv.isTime()) {
        long[] all = in.ds.timeValues(d);
        long[] out = new long[m];
        for (int w = 0; w < m; w++) {
          int a = w * f;
          int b = Math.min(idx.length, a + f);
          long first = all[idx[a]];
          double sum = 0;
          for (int i = a; i < b; i++) sum += all[idx[i]] - first;
          out[w] = first + Math.round(sum / (b - a));
        }
        VariableSpec c = VariableSpec.coordinate(d, m).times(TimeEncoding.choose(out))
            .attributes(Specs.cleanAttrs(cv.attributes())).build();
        spec.coordinate(c, out);
      } else {
        double[] all = in.ds.coordinateValues(d);
        double[] out = new double[m];
        for (int w = 0; w < m; w++) {
          int a = w * f;
          int b = Math.min(idx.length, a + f);
          double sum = 0;
          int n = 0;
          for (int i = a; i < b; i++) {
            double x = all[idx[i]];
            if (Double.isNaN(x)) continue;
            sum += x;
            n++;
          }
          out[w] = n == 0 ? Double.NaN : sum / n;
        }
        VariableSpec c = VariableSpec.coordinate(d, m).dtype(DType.FLOAT64)
            .attributes(Specs.cleanAttrs(cv.attributes())).build();
        spec.coordinate(c, out);
      }
    }

    List<String> coarsened = new ArrayList<>();
    List<String> passed = new ArrayList<>();
    Map<String, int[]> outChunks = new LinkedHashMap<>();
    Map<String, long[]> outShapes = new LinkedHashMap<>();
    Map<String, Boolean> floats = new LinkedHashMap<>();
    StringBuilder how = new StringBuilder();
    for (String d : factors.keySet()) how.append(d).append(": ");
    how.append(stat.label()).append(" (coarsen ");
    int k = 0;
    for (Map.Entry<String, Integer> e : factors.entrySet()) how.append(k++ > 0 ? ", " : "").append(e.getKey()).append('=').append(e.getValue());
    how.append(", boundary=").append(boundary.label()).append(')');
    for (String name : in.vars) {
      Variable v = in.ds.variable(name);
      VariableSpec s = Specs.dataVariable(in.ds, in.sel, name, comp);
      boolean any = false;
      for (String d : v.dims()) any |= factors.containsKey(d);
      if (!any) {
        passed.add(name);
        spec.variable(s);
        continue;
      }
      coarsened.add(name);
      long[] shape = s.shape();
      int[] ch = s.chunks();
      for (int a = 0; a < shape.length; a++) {
        String d = v.dims().get(a);
        if (!factors.containsKey(d)) continue;
        shape[a] = windows.get(d);
        ch[a] = (int) Math.max(1, Math.min(shape[a], ch[a] / factors.get(d)));
      }
      VariableSpec o = s.withDims(v.dims(), shape, ch).withAttributes(a -> a.put("cell_methods", how.toString()));
      spec.variable(o);
      outChunks.put(name, ch);
      outShapes.put(name, shape);
      floats.put(name, o.dtype().size() == 4);
    }

    List<JavaRDD<Block>> parts = new ArrayList<>();
    if (!coarsened.isEmpty()) {
      Windows w = new Windows(factors, outChunks, outShapes, floats, stat);
      JavaRDD<Block> blocks = Blocks.read(in.jsc, in.ds, in.sel, coarsened, 0, in.metrics);
      long partialBytes = 0;
      for (String v : coarsened) {
        long cells = 1;
        for (long x : outShapes.get(v)) cells *= x;
        partialBytes += cells * (stat == Stat.STD ? 20 : 12);
      }
      parts.add(Combine.perKey(blocks, w, Combine.partitionsFor(partialBytes, blocks.getNumPartitions())));
    }
    if (!passed.isEmpty()) parts.add(Blocks.read(in.jsc, in.ds, in.sel, passed, 0, in.metrics));
    JavaRDD<Block> out = parts.get(0);
    for (int i = 1; i < parts.size(); i++) out = out.union(parts.get(i));
    return new StageResult(spec, out, in.cells());
  }

  /** The window arithmetic as a combiner, shipped to the tasks (plain Java serialization, with the closure). */
  static final class Windows implements AccumulatorCombiner {
    private static final long serialVersionUID = 1L;
    final Map<String, Integer> factors;
    final Map<String, int[]> chunks;
    final Map<String, long[]> shapes;
    final Map<String, Boolean> floats;
    final Stat stat;

    Windows(Map<String, Integer> factors, Map<String, int[]> chunks, Map<String, long[]> shapes,
        Map<String, Boolean> floats, Stat stat) {
      this.factors = new LinkedHashMap<>(factors);
      this.chunks = new LinkedHashMap<>(chunks);
      this.shapes = new LinkedHashMap<>(shapes);
      this.floats = new LinkedHashMap<>(floats);
      this.stat = stat;
    }

    /**
     * One block's contributions: to the accumulator of each output chunk it feeds, of that chunk's
     * shape along the coarsened dims and the block's own extent along the others.
     */
    @Override
    public void add(Block b, Partials<Accumulator> partials) {
      BlockKey key = b.key();
      String var = key.variable();
      List<String> dims = key.dims();
      int rank = dims.size();
      int[] s = b.shape();
      long[] o = key.offsets();
      int[] oc = chunks.get(var);
      long[] os = shapes.get(var);
      // per axis: for each position in the block, the touched-chunk ordinal and the local window (-1: dropped)
      int[][] ordinal = new int[rank][];
      int[][] local = new int[rank][];
      int[] nChunks = new int[rank];
      long[][] chunkStart = new long[rank][];
      int[][] chunkLen = new int[rank][];
      for (int a = 0; a < rank; a++) {
        Integer f = factors.get(dims.get(a));
        ordinal[a] = new int[s[a]];
        local[a] = new int[s[a]];
        if (f == null) {
          nChunks[a] = 1;
          chunkStart[a] = new long[] {o[a]};
          chunkLen[a] = new int[] {s[a]};
          for (int i = 0; i < s[a]; i++) local[a][i] = i;
          continue;
        }
        long first = -1;
        List<Long> starts = new ArrayList<>();
        for (int i = 0; i < s[a]; i++) {
          long w = (o[a] + i) / f;
          if (w >= os[a]) {
            local[a][i] = -1;
            continue;
          }
          long c = w / oc[a];
          if (first < 0) first = c;
          ordinal[a][i] = (int) (c - first);
          if (starts.size() <= c - first) starts.add(c * oc[a]);
          local[a][i] = (int) (w - c * oc[a]);
        }
        nChunks[a] = starts.size();
        chunkStart[a] = new long[starts.size()];
        chunkLen[a] = new int[starts.size()];
        for (int j = 0; j < starts.size(); j++) {
          chunkStart[a][j] = starts.get(j);
          chunkLen[a][j] = (int) Math.min(oc[a], os[a] - starts.get(j));
        }
      }
      int total = 1;
      for (int n : nChunks) total *= n;
      if (total == 0) return; // the block lies wholly in the trimmed end
      Accumulator[] accs = new Accumulator[total];
      int[][] accStride = new int[total][];
      int[] sel = new int[rank];
      for (int c = 0; c < total; c++) {
        int r = c;
        for (int a = rank - 1; a >= 0; a--) {
          sel[a] = r % nChunks[a];
          r /= nChunks[a];
        }
        int[] shape = new int[rank];
        long[] off = new long[rank];
        int n = 1;
        for (int a = 0; a < rank; a++) {
          shape[a] = chunkLen[a][sel[a]];
          off[a] = chunkStart[a][sel[a]];
          n *= shape[a];
        }
        int[] st = new int[rank];
        int m = 1;
        for (int a = rank - 1; a >= 0; a--) {
          st[a] = m;
          m *= shape[a];
        }
        BlockKey k = new BlockKey(var, dims, off);
        accs[c] = partials.get(k);
        if (accs[c] == null) {
          accs[c] = new Accumulator(stat, 1, n, shape);
          partials.put(k, accs[c]);
        }
        accStride[c] = st;
      }
      int[] accRadix = new int[rank];
      int m = 1;
      for (int a = rank - 1; a >= 0; a--) {
        accRadix[a] = m;
        m *= nChunks[a];
      }
      // C-order walk over the block; the last axis in an inner loop
      int last = rank - 1;
      int len = s[last];
      int[] pos = new int[rank];
      int outer = b.size() / Math.max(1, len);
      float[] fv = b.isFloat() ? b.floats() : null;
      double[] dv = b.isFloat() ? null : b.doubles();
      for (int r = 0, src = 0; r < outer; r++, src += len) {
        boolean skip = false;
        int acc = 0;
        for (int a = 0; a < last; a++) {
          if (local[a][pos[a]] < 0) {
            skip = true;
            break;
          }
          acc += ordinal[a][pos[a]] * accRadix[a];
        }
        if (!skip) {
          for (int i = 0; i < len; i++) {
            int li = local[last][i];
            if (li < 0) continue;
            int c = acc + ordinal[last][i] * accRadix[last];
            int[] st = accStride[c];
            int cell = li * st[last];
            for (int a = 0; a < last; a++) cell += local[a][pos[a]] * st[a];
            accs[c].add(cell, fv != null ? fv[src + i] : dv[src + i]);
          }
        }
        for (int a = last - 1; a >= 0; a--) {
          if (++pos[a] < s[a]) break;
          pos[a] = 0;
        }
      }
    }

    @Override
    public Block finish(BlockKey key, Accumulator acc) {
      int n = acc.cells;
      if (floats.get(key.variable())) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) f[i] = (float) acc.result(i);
        return Block.ofFloats(key, acc.shape, f);
      }
      double[] d = new double[n];
      for (int i = 0; i < n; i++) d[i] = acc.result(i);
      return Block.ofDoubles(key, acc.shape, d);
    }
  }
}
