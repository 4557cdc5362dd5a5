package org.spangeo.ml.patches;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.CollectionAccumulator;
import org.spangeo.zarr.InvalidArgumentException;
import org.spangeo.zarr.UnsupportedException;
import org.spangeo.zarr.array.BoxCopy;
import org.spangeo.zarr.blocks.Block;
import org.spangeo.zarr.blocks.Blocks;
import org.spangeo.zarr.blocks.BlockKey;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.dataset.Names;
import org.spangeo.zarr.dataset.Selection;
import org.spangeo.zarr.metadata.DType;
import org.spangeo.zarr.metadata.MetadataParser;
import org.spangeo.zarr.store.HadoopConf;
import org.spangeo.zarr.store.HadoopStore;
import org.spangeo.zarr.write.Compressors;
import org.spangeo.zarr.write.DatasetSpec;
import org.spangeo.zarr.write.Specs;
import org.spangeo.zarr.write.TimeEncoding;
import org.spangeo.zarr.write.VariableSpec;
import org.spangeo.zarr.write.ZarrWriter;

/**
 * {@code spangeo patches}: cuts the selection into xbatcher's batches and writes them as a patch
 * store, the cache a training loop reads for many epochs without touching the archive:
 * <pre>
 *   features(batch, variable, time, latitude, longitude)  float32, normalised
 *   label(batch, time, latitude, longitude)               int8, variable * factor > threshold
 *   start_&lt;dim&gt;(batch)                                   int64 offset of the batch along each dim
 *   batch_&lt;dim&gt;(batch, &lt;dim&gt;)                            the batch's coordinate values
 *   source_batch(batch)                                   xbatcher's number of the batch
 * </pre>
 * Spark stages over the chunk-level view: (1) the normalisation statistics, (2) when
 * oversampling, the batches that hold an event, (3) each chunk block is cut into the pieces
 * it contributes to each batch, normalised or thresholded there, and the writer assembles the
 * patch store's chunks from the pieces (a shuffle keyed by output chunk). No per-cell objects.
 */
public final class Patches {
  private Patches() {}

  public static final String FEATURES = "features";
  public static final String LABEL = "label";
  public static final String STATS_FILE = "normalisation.json";
  public static final String ATTR = "spangeo_patches";

  /** What a run produced. */
  public record Result(BatchGrid grid, long batchesWritten, long eventBatches, Normalisation statistics) {}

  /** Checks the variables and dims and returns the batch grid of the selection. */
  public static BatchGrid grid(Dataset ds, Selection sel, PatchSpec spec) {
    if (spec.features == null || spec.features.isEmpty()) throw new InvalidArgumentException("no feature variables given (--features)");
    List<String> dims = null;
    List<String> all = new ArrayList<>(spec.features);
    all.add(spec.labelVariable);
    for (String v : all) {
      boolean isLabel = v.equals(spec.labelVariable) && !spec.features.contains(v);
      if (!ds.hasVariable(v) || ds.isCoordinate(v)) {
        throw new InvalidArgumentException((isLabel ? "label variable '" : "feature variable '") + v + "' is not in " + ds.sources().get(0)
            + (ds.sources().size() > 1 ? " ..." : "") + Names.suggest(v, ds.dataVariableNames()));
      }
      List<String> d = ds.variable(v).dims();
      if (dims == null) dims = d;
      else if (!dims.equals(d)) throw new InvalidArgumentException("variable '" + v + "' has dims " + d + " but '" + all.get(0) + "' has " + dims);
    }
    if (spec.oversampleEvents < 1) throw new InvalidArgumentException("--oversample-events " + spec.oversampleEvents + " must be 1 or more");
    long[] len = new long[dims.size()];
    for (int a = 0; a < len.length; a++) len[a] = sel.count(dims.get(a));
    return BatchGrid.of(dims, len, spec.inputDims, spec.overlap, spec.batchDims);
  }

  /** Runs the stages and writes the patch store {@code out}. */
  public static Result run(JavaSparkContext jsc, HadoopConf conf, Dataset ds, Selection sel, PatchSpec spec, String out,
      ZarrWriter.Mode mode) {
    if (mode == ZarrWriter.Mode.APPEND) throw new UnsupportedException("a patch store cannot be appended to; write it with overwrite");
    Compressors.parse(spec.compressor, 4);
    BatchGrid grid = grid(ds, sel, spec);
    long n = grid.batches();
    if (n * spec.oversampleEvents > Integer.MAX_VALUE / 2) throw new InvalidArgumentException(n + " batches are too many for one patch store");
    Normalisation stats = spec.statistics != null ? spec.statistics
        : Normalisation.compute(jsc, ds, sel, spec.features).fittedOn(Years.describe(ds, sel));
    double[][] norm = stats.forFeatures(spec.features);

    // the order of the written batches: xbatcher's, events repeated, optionally shuffled
    long[] events = spec.oversampleEvents > 1 ? eventBatches(jsc, ds, sel, spec, grid) : new long[0];
    List<Integer> order = new ArrayList<>((int) n);
    for (int b = 0; b < n; b++) order.add(b);
    for (int r = 1; r < spec.oversampleEvents; r++) for (long b : events) order.add((int) b);
    if (spec.seed != null) Collections.shuffle(order, new Random(spec.seed));
    int m = order.size();
    int[] sourceOf = new int[m];
    int[] outStart = new int[(int) n + 1];
    for (int i = 0; i < m; i++) {
      sourceOf[i] = order.get(i);
      outStart[sourceOf[i] + 1]++;
    }
    for (int b = 0; b < n; b++) outStart[b + 1] += outStart[b];
    int[] outIdx = new int[m];
    int[] fillPos = Arrays.copyOf(outStart, (int) n);
    for (int i = 0; i < m; i++) outIdx[fillPos[sourceOf[i]]++] = i;

    DatasetSpec outSpec = outputSpec(ds, sel, spec, grid, stats, m, events.length);
    ZarrWriter w = ZarrWriter.begin(conf, out, outSpec, mode);
    long eventCount = events.length;
    try {
      Broadcast<int[][]> outputs = jsc.broadcast(new int[][] {outStart, outIdx});
      List<String> read = new ArrayList<>(spec.features);
      if (!read.contains(spec.labelVariable)) read.add(spec.labelVariable);
      // without oversampling nobody looked for events yet: the cut notes the batches whose label has one
      CollectionAccumulator<Long> found = spec.oversampleEvents > 1 ? null
          : jsc.sc().collectionAccumulator("patches: batches with events");
      jsc.setJobDescription("patches: " + m + " batches of " + Arrays.toString(grid.windowShape()) + " -> " + out);
      if (m == n && spec.seed == null && DirectCutter.fits(sel, grid, read)) {
        // batches in xbatcher's order: each task cuts its chunks' batches from the slabs it reads, no shuffle
        DirectCutter.write(jsc, ds, sel, spec, grid, norm, w, read, found);
      } else {
        JavaRDD<Block> pieces = Blocks.read(jsc, ds, sel, read, 0)
            .mapPartitions(it -> new PieceCutter(it, grid, spec, norm, outputs.value(), found));
        PatchChunks.write(pieces, w);
      }
      if (found != null) {
        eventCount = new HashSet<>(found.value()).size(); // a retried task adds its batches again
        ObjectNode attrs = outSpec.attributes();
        ((ObjectNode) attrs.get(ATTR)).put("event_batches", eventCount);
        w.attributes(attrs);
      }
      writeBatchArrays(w, ds, sel, grid, sourceOf);
      new HadoopStore(ZarrWriter.stagingOf(w.target()), conf).put(STATS_FILE, MetadataParser.JSON.writerWithDefaultPrettyPrinter()
          .writeValueAsString(stats.toJson()).getBytes(StandardCharsets.UTF_8));
      w.commit();
    } catch (Exception e) {
      w.abort();
      if (e instanceof RuntimeException) throw (RuntimeException) e;
      throw new IllegalStateException(e.getMessage(), e);
    }
    return new Result(grid, m, eventCount, stats);
  }

  /** xbatcher numbers of the batches whose label holds at least one event (a Spark stage over label blocks). */
  static long[] eventBatches(JavaSparkContext jsc, Dataset ds, Selection sel, PatchSpec spec, BatchGrid grid) {
    List<long[]> parts = Blocks.read(jsc, ds, sel, List.of(spec.labelVariable), 0).mapPartitions((Iterator<Block> it) -> {
      Set<Long> found = new HashSet<>();
      while (it.hasNext()) {
        Block b = it.next();
        forEachWindow(grid, b, (batch, lo, len) -> {
          if (found.contains(batch)) return;
          if (anyEvent(b, lo, len, spec)) found.add(batch);
        });
      }
      long[] a = new long[found.size()];
      int i = 0;
      for (long x : found) a[i++] = x;
      return List.of(a).iterator();
    }).collect();
    Set<Long> all = new java.util.TreeSet<>();
    for (long[] p : parts) for (long x : p) all.add(x);
    return all.stream().mapToLong(Long::longValue).toArray();
  }

  private static boolean anyEvent(Block b, long[] lo, int[] len, PatchSpec spec) {
    long[] off = b.key().offsets();
    int[] shape = b.shape();
    int[] src = boxIndex(shape, off, lo, len);
    for (int i : src) if (spec.label(b.get(i)) > 0) return true;
    return false;
  }

  interface WindowVisitor {
    void visit(long batch, long[] lo, int[] len);
  }

  /** Calls {@code v} for each batch window meeting the block, with the intersection box (global offsets). */
  static void forEachWindow(BatchGrid grid, Block b, WindowVisitor v) {
    int rank = grid.rank();
    long[] off = b.key().offsets();
    int[] shape = b.shape();
    long[][] range = new long[rank][];
    for (int a = 0; a < rank; a++) {
      range[a] = grid.windowsMeeting(a, off[a], shape[a]);
      if (range[a][0] > range[a][1]) return;
    }
    long[] idx = new long[rank];
    for (int a = 0; a < rank; a++) idx[a] = range[a][0];
    long[] lo = new long[rank];
    int[] len = new int[rank];
    while (true) {
      for (int a = 0; a < rank; a++) {
        long s = idx[a] * grid.stride(a);
        long from = Math.max(s, off[a]);
        long to = Math.min(s + grid.window(a), off[a] + shape[a]);
        lo[a] = from;
        len[a] = (int) (to - from);
      }
      v.visit(grid.batchOf(idx), lo, len);
      int a = rank - 1;
      while (a >= 0) {
        if (++idx[a] <= range[a][1]) break;
        idx[a] = range[a][0];
        a--;
      }
      if (a < 0) return;
    }
  }

  /** Positions in a block (shape, offsets) of the first cell of each run of box lo+len along the last dim, C order. */
  static int[] rowStarts(int[] shape, long[] off, long[] lo, int[] len) {
    int rank = shape.length;
    int[] one = len.clone();
    one[rank - 1] = 1;
    return boxIndex(shape, off, lo, one);
  }

  /** Positions in a block (shape, offsets) of the cells of box lo+len, C order. */
  static int[] boxIndex(int[] shape, long[] off, long[] lo, int[] len) {
    int rank = shape.length;
    int n = 1;
    for (int l : len) n *= l;
    int[] stride = BoxCopy.strides(shape);
    int[] out = new int[n];
    int[] pos = new int[rank];
    int last = rank - 1;
    int i = 0;
    while (i < n) {
      int base = 0;
      for (int a = 0; a < last; a++) base += (int) (lo[a] - off[a] + pos[a]) * stride[a];
      int start = base + (int) (lo[last] - off[last]);
      for (int j = 0; j < len[last]; j++) out[i++] = start + j;
      if (!BoxCopy.next(pos, len, last)) break;
    }
    return out;
  }

  /** Cuts each block into its pieces of each batch (one per written copy), keyed in the patch store's index space. */
  static final class PieceCutter implements Iterator<Block> {
    private final Iterator<Block> in;
    private final BatchGrid grid;
    private final PatchSpec spec;
    private final double[][] norm;
    private final int[] outStart;
    private final int[] outIdx;
    private final List<String> featureDims;
    private final List<String> labelDims;
    private final ArrayList<Block> pending = new ArrayList<>();
    private final CollectionAccumulator<Long> eventBatches; // null: the events are known already
    private final Set<Long> seenEvents = new HashSet<>();
    private int next;

    PieceCutter(Iterator<Block> in, BatchGrid grid, PatchSpec spec, double[][] norm, int[][] outputs,
        CollectionAccumulator<Long> eventBatches) {
      this.in = in;
      this.eventBatches = eventBatches;
      this.grid = grid;
      this.spec = spec;
      this.norm = norm;
      this.outStart = outputs[0];
      this.outIdx = outputs[1];
      List<String> f = new ArrayList<>(List.of("batch", "variable"));
      f.addAll(grid.dims());
      featureDims = f;
      List<String> l = new ArrayList<>(List.of("batch"));
      l.addAll(grid.dims());
      labelDims = l;
    }

    @Override
    public boolean hasNext() {
      while (next >= pending.size() && in.hasNext()) {
        pending.clear();
        next = 0;
        cut(in.next());
      }
      return next < pending.size();
    }

    @Override
    public Block next() {
      if (!hasNext()) throw new java.util.NoSuchElementException();
      return pending.get(next++);
    }

    private void cut(Block b) {
      String var = b.key().variable();
      int channel = spec.features.indexOf(var);
      boolean isLabel = var.equals(spec.labelVariable);
      long[] off = b.key().offsets();
      int[] shape = b.shape();
      int rank = grid.rank();
      forEachWindow(grid, b, (batch, lo, len) -> {
        int[] src = rowStarts(shape, off, lo, len);
        int run = len[rank - 1];
        int n = src.length * run;
        long[] starts = grid.starts(batch);
        long[] within = new long[rank];
        for (int a = 0; a < rank; a++) within[a] = lo[a] - starts[a];
        if (channel >= 0) {
          float[] x = new float[n];
          double mean = norm[0][channel];
          double inv = norm[1][channel];
          boolean raw = spec.raw;
          float[] f = b.floats();
          for (int r = 0, i = 0; r < src.length; r++) {
            int s0 = src[r];
            for (int j = 0; j < run; j++, i++) {
              double v = f != null ? f[s0 + j] : b.get(s0 + j);
              x[i] = raw ? (float) v : v != v ? 0f : (float) ((v - mean) * inv);
            }
          }
          int[] pshape = new int[rank + 2];
          pshape[0] = 1;
          pshape[1] = 1;
          System.arraycopy(len, 0, pshape, 2, rank);
          for (int k = outStart[(int) batch]; k < outStart[(int) batch + 1]; k++) {
            long[] o = new long[rank + 2];
            o[0] = outIdx[k];
            o[1] = channel;
            System.arraycopy(within, 0, o, 2, rank);
            pending.add(Block.ofFloats(new BlockKey(FEATURES, featureDims, o), pshape, x));
          }
        }
        if (isLabel) {
          float[] y = new float[n];
          for (int r = 0, i = 0; r < src.length; r++) {
            for (int j = 0; j < run; j++, i++) y[i] = spec.label(b.get(src[r] + j));
          }
          if (eventBatches != null && !seenEvents.contains(batch)) {
            for (float e : y) {
              if (e > 0) {
                seenEvents.add(batch);
                eventBatches.add(batch);
                break;
              }
            }
          }
          int[] pshape = new int[rank + 1];
          pshape[0] = 1;
          System.arraycopy(len, 0, pshape, 1, rank);
          for (int k = outStart[(int) batch]; k < outStart[(int) batch + 1]; k++) {
            long[] o = new long[rank + 1];
            o[0] = outIdx[k];
            System.arraycopy(within, 0, o, 1, rank);
            pending.add(Block.ofFloats(new BlockKey(LABEL, labelDims, o), pshape, y));
          }
        }
      });
    }
  }

  /** A per-batch array: dims (batch, lead..., the window's dims), {@code bpc} batches a chunk, whole along the rest. */
  private static VariableSpec.Builder perBatch(String name, List<String> lead, int[] leadSizes, BatchGrid grid, long m, int bpc) {
    List<String> dims = new ArrayList<>(List.of("batch"));
    dims.addAll(lead);
    dims.addAll(grid.dims());
    int[] chunks = new int[dims.size()];
    chunks[0] = bpc;
    System.arraycopy(leadSizes, 0, chunks, 1, leadSizes.length);
    System.arraycopy(grid.windowShape(), 0, chunks, 1 + leadSizes.length, grid.rank());
    long[] shape = new long[chunks.length];
    for (int i = 0; i < shape.length; i++) shape[i] = chunks[i];
    shape[0] = m;
    return VariableSpec.builder(name, dims, shape).chunks(chunks);
  }

  static DatasetSpec outputSpec(Dataset ds, Selection sel, PatchSpec spec, BatchGrid grid, Normalisation stats, int m,
      long events) {
    int rank = grid.rank();
    int c = spec.features.size();
    int[] w = grid.windowShape();
    long cells = 1;
    for (int x : w) cells *= x;
    int bpc = spec.batchesPerChunk > 0 ? spec.batchesPerChunk : (int) Math.max(1, (4L << 20) / (4L * c * cells));
    bpc = Math.min(bpc, m);
    ObjectNode fa = MetadataParser.JSON.createObjectNode();
    fa.put("long_name", spec.raw ? "features as read (patches --raw: not normalised, NaN kept)"
        : "normalised features (x - mean) / std, NaN set to 0");
    ArrayNode names = fa.putArray("variables");
    for (String f : spec.features) names.add(f);
    DatasetSpec out = new DatasetSpec();
    out.variable(perBatch(FEATURES, List.of("variable"), new int[] {c}, grid, m, bpc).dtype(DType.FLOAT32)
        .compressor(spec.compressor).attributes(fa).build());
    ObjectNode la = MetadataParser.JSON.createObjectNode();
    la.put("long_name", spec.labelVariable + " * " + num(spec.labelFactor) + " > " + num(spec.labelThreshold));
    out.variable(perBatch(LABEL, List.of(), new int[0], grid, m, bpc).dtype(DType.INT8).compressor(spec.compressor)
        .attributes(la).build());
    int mc = Math.min(m, 1 << 16);
    out.variable(VariableSpec.builder("source_batch", List.of("batch"), new long[] {m}).chunks(mc).dtype(DType.INT64)
        .compressor(spec.compressor).attributes(attrs("the batch's number in xbatcher's order")).build());
    for (int a = 0; a < rank; a++) {
      String d = grid.dims().get(a);
      out.variable(VariableSpec.builder("start_" + d, List.of("batch"), new long[] {m}).chunks(mc).dtype(DType.INT64)
          .compressor(spec.compressor).attributes(attrs("index of the batch's first " + d + " in the selection")).build());
      if (!ds.isCoordinate(d)) continue;
      int rc = (int) Math.max(1, Math.min(m, (1 << 20) / Math.max(1, w[a])));
      boolean time = ds.variable(d).isTime();
      VariableSpec cv = time
          ? VariableSpec.builder("batch_" + d, List.of("batch", d), new long[] {m, w[a]}).chunks(rc, w[a])
              .times(TimeEncoding.choose((long[]) Specs.coordinateValues(ds, sel, d))).compressor(spec.compressor)
              .attributes(attrs(d + " of each batch")).build()
          : VariableSpec.builder("batch_" + d, List.of("batch", d), new long[] {m, w[a]}).chunks(rc, w[a]).dtype(DType.FLOAT64)
              .compressor(spec.compressor).attributes(attrs(d + " of each batch")).build();
      out.variable(cv);
    }
    ObjectNode root = MetadataParser.JSON.createObjectNode();
    ObjectNode p = root.putObject(ATTR);
    ArrayNode feats = p.putArray("features");
    for (String f : spec.features) feats.add(f);
    ObjectNode lab = p.putObject("label");
    lab.put("variable", spec.labelVariable);
    lab.put("factor", spec.labelFactor);
    lab.put("threshold", spec.labelThreshold);
    ArrayNode dims = p.putArray("dims");
    for (String d : grid.dims()) dims.add(d);
    p.set("input_dims", MetadataParser.JSON.valueToTree(spec.inputDims));
    p.set("input_overlap", MetadataParser.JSON.valueToTree(spec.overlap));
    p.set("batch_dims", MetadataParser.JSON.valueToTree(spec.batchDims));
    p.put("xbatcher_batches", grid.batches());
    p.put("batches", m);
    p.put("event_batches", events);
    if (spec.seed != null) p.put("seed", spec.seed);
    p.put("oversample_events", spec.oversampleEvents);
    p.put("source", String.join(",", ds.sources()));
    p.set("selection", Years.describe(ds, sel));
    p.put("normalised", !spec.raw);
    root.set("normalisation", stats.toJson());
    out.attributes(root);
    return out;
  }

  private static ObjectNode attrs(String longName) {
    ObjectNode a = MetadataParser.JSON.createObjectNode();
    a.put("long_name", longName);
    return a;
  }

  static String num(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  /** The per-batch arrays (small: one number or one window of coordinates a batch), written by the driver. */
  static void writeBatchArrays(ZarrWriter w, Dataset ds, Selection sel, BatchGrid grid, int[] sourceOf) {
    int m = sourceOf.length;
    int rank = grid.rank();
    long[][] starts = new long[m][];
    for (int i = 0; i < m; i++) starts[i] = grid.starts(sourceOf[i]);
    int mc = (int) w.spec().variable("source_batch").chunks()[0];
    for (int lo = 0, k = 0; lo < m; lo += mc, k++) {
      int n = Math.min(mc, m - lo);
      long[] src = new long[n];
      for (int i = 0; i < n; i++) src[i] = sourceOf[lo + i];
      w.writeChunk("source_batch", new long[] {k}, new int[] {n}, src);
      for (int a = 0; a < rank; a++) {
        long[] s = new long[n];
        for (int i = 0; i < n; i++) s[i] = starts[lo + i][a];
        w.writeChunk("start_" + grid.dims().get(a), new long[] {k}, new int[] {n}, s);
      }
    }
    for (int a = 0; a < rank; a++) {
      String d = grid.dims().get(a);
      if (!ds.isCoordinate(d)) continue;
      Object coord = Specs.coordinateValues(ds, sel, d);
      int win = grid.window(a);
      int rc = w.spec().variable("batch_" + d).chunks()[0];
      for (int lo = 0, k = 0; lo < m; lo += rc, k++) {
        int n = Math.min(rc, m - lo);
        if (coord instanceof long[]) {
          long[] v = new long[n * win];
          for (int i = 0; i < n; i++) System.arraycopy((long[]) coord, (int) starts[lo + i][a], v, i * win, win);
          w.writeChunk("batch_" + d, new long[] {k, 0}, new int[] {n, win}, v);
        } else {
          double[] v = new double[n * win];
          for (int i = 0; i < n; i++) System.arraycopy((double[]) coord, (int) starts[lo + i][a], v, i * win, win);
          w.writeChunk("batch_" + d, new long[] {k, 0}, new int[] {n, win}, v);
        }
      }
    }
  }
}
