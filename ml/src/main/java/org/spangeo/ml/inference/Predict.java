package org.spangeo.ml.inference;

import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.LongAccumulator;
import org.spangeo.ml.patches.BatchGrid;
import org.spangeo.ml.patches.Normalisation;
import org.spangeo.ml.train.Calibration;
import org.spangeo.ml.train.ModelConfig;
import org.spangeo.ml.train.ModelDirectory;
import org.spangeo.ml.train.TimeMode;
import org.spangeo.zarr.InvalidArgumentException;
import org.spangeo.zarr.blocks.Block;
import org.spangeo.zarr.blocks.BlockTask;
import org.spangeo.zarr.blocks.Blocks;
import org.spangeo.zarr.blocks.BlockKey;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.dataset.Names;
import org.spangeo.zarr.dataset.Selection;
import org.spangeo.zarr.metadata.DType;
import org.spangeo.zarr.metadata.FillValue;
import org.spangeo.zarr.metadata.MetadataParser;
import org.spangeo.zarr.store.HadoopConf;
import org.spangeo.zarr.write.DatasetSpec;
import org.spangeo.zarr.write.SparkBlockWriter;
import org.spangeo.zarr.write.Specs;
import org.spangeo.zarr.write.VariableSpec;
import org.spangeo.zarr.write.ZarrWriter;

/**
 * {@code spangeo predict}: the model over every cell of the selection, back on the grid. Windows
 * follow the model's patches (xbatcher's starts, plus one window aligned to the far edge where
 * xbatcher would drop the ragged edge), so every cell is covered; where windows overlap their
 * outputs are averaged. Tasks are tiles of time steps over the whole selected area
 * (mapPartitions over the tiles): each reads its chunk blocks, normalises with the model's
 * statistics, runs batched forward passes through a Predictor made for the partition from the
 * executor's cached model ({@link ModelCache}), stitches, and hands one block to the Zarr writer.
 */
public final class Predict {
  private Predict() {}

  /** What a run did, and where: for the summary and the tests. */
  public static final class Result {
    public int partitions;
    public long tasks;
    public long tasksInExecutors;
    public long windows;
    public long cells;
    public String variable;
    /** The calibration applied ("none" for raw probabilities or logits). */
    public String calibration;
    /** The model has no calibration.json (trained before calibration). */
    public boolean uncalibratedModel;
  }

  public static Result run(JavaSparkContext jsc, HadoopConf conf, Dataset ds, Selection sel, PredictConfig pc, ZarrWriter.Mode mode) {
    if (pc.model == null) throw new InvalidArgumentException("no model directory given (--model)");
    if (pc.out == null) throw new InvalidArgumentException("no output store given (--out)");
    if (pc.batchSize < 1) throw new InvalidArgumentException("--batch-size must be positive");
    boolean torchScript = TorchScriptModel.is(pc.model);
    if (!torchScript && (pc.features != null || pc.normalisation != null || pc.inputDims != null)) {
      throw new InvalidArgumentException("--features, --normalisation and --input-dims are for --model torchscript:PATH (a model"
          + " directory names its own)");
    }
    if (torchScript && pc.raw) throw new InvalidArgumentException("--raw: a TorchScript model has no calibration to leave out");
    ModelConfig mc;
    if (torchScript) {
      List<String> fdims = pc.features == null || pc.features.isEmpty() || !ds.hasVariable(pc.features.get(0)) ? List.of()
          : ds.variable(pc.features.get(0)).dims();
      mc = TorchScriptModel.config(pc, fdims);
    } else {
      mc = ModelDirectory.readConfig(conf, pc.model);
    }
    Normalisation stats = torchScript ? pc.normalisation : ModelDirectory.readStatistics(conf, pc.model);
    Calibration stored = torchScript ? null : ModelDirectory.readCalibration(conf, pc.model);
    Calibration calibration = pc.raw || stored == null ? Calibration.RAW : stored;
    double[][] norm = torchScript ? TorchScriptModel.statistics(stats, mc.features, pc.normalisationSource) : stats.forFeatures(mc.features);
    List<String> dims = null;
    for (String f : mc.features) {
      if (!ds.hasVariable(f) || ds.isCoordinate(f)) {
        throw new InvalidArgumentException("the input lacks feature '" + f + "', which model '" + pc.model + "' was trained on"
            + Names.suggest(f, ds.dataVariableNames()));
      }
      List<String> d = ds.variable(f).dims();
      if (dims == null) dims = d;
      else if (!d.equals(dims)) throw new InvalidArgumentException("feature '" + f + "' has dims " + d + " but '" + mc.features.get(0) + "' has " + dims);
    }
    if (!dims.equals(mc.dims)) {
      throw new InvalidArgumentException("the input's features have dims " + dims + " but model '" + pc.model + "' was trained on " + mc.dims);
    }
    int rank = dims.size();
    if (rank != 2 && rank != 3) throw new InvalidArgumentException("the model takes (time, y, x) or (y, x) data, not " + dims);
    int ya = rank - 2;
    int xa = rank - 1;
    long[] len = new long[rank];
    for (int a = 0; a < rank; a++) len[a] = sel.count(dims.get(a));
    java.util.LinkedHashMap<String, Integer> batchDims = new java.util.LinkedHashMap<>(mc.batchDims);
    if (mc.timeMode == TimeMode.STEP) batchDims.clear(); // each step is predicted on its own
    BatchGrid grid = BatchGrid.of(dims, len, mc.inputDims, mc.overlap, batchDims);
    if (!grid.isInputDim(ya) || !grid.isInputDim(xa)) {
      throw new InvalidArgumentException("the model's windows " + mc.inputDims + " must cover the last two dims " + dims.subList(ya, rank));
    }
    long[] ys = grid.coveringStarts(ya);
    long[] xs = grid.coveringStarts(xa);
    int wy = grid.window(ya);
    int wx = grid.window(xa);
    int h = (int) len[ya];
    int w = (int) len[xa];
    // a module from elsewhere is tried on the driver (cached there, as in an executor) before any work
    if (torchScript) TorchScriptModel.check(ModelCache.get(conf, pc.model), pc.model, mc.features.size(), wy, wx, mc.features);

    // time windows and the tiles that group them
    long nt = rank == 3 ? len[0] : 1;
    long[] tStarts;
    int tLen;
    if (rank == 2 || mc.timeMode == TimeMode.STEP) {
      tStarts = new long[(int) nt];
      for (int t = 0; t < nt; t++) tStarts[t] = t;
      tLen = 1;
    } else {
      tStarts = grid.coveringStarts(0);
      tLen = grid.window(0);
    }
    Iterable<BlockTask> plan = Blocks.plan(ds, sel, mc.features);
    int c = mc.features.size();
    long stepBytes = 4L * c * h * w;
    long maxSteps = Math.max(tLen, pc.tileBytes / Math.max(1, stepBytes));
    List<Tile> tiles = new ArrayList<>();
    int i = 0;
    while (i < tStarts.length) {
      int j = i + 1;
      // group windows while the tile stays within budget; never split windows that overlap
      while (j < tStarts.length && (tStarts[j] < tStarts[j - 1] + tLen || tStarts[j] + tLen - tStarts[i] <= maxSteps)) j++;
      long t0 = tStarts[i];
      long t1 = tStarts[j - 1] + tLen;
      long[] starts = java.util.Arrays.copyOfRange(tStarts, i, j);
      List<BlockTask> blocks = new ArrayList<>();
      for (BlockTask b : plan) {
        long o = rank == 3 ? b.key().offsets()[0] : 0;
        long s = rank == 3 ? b.outShape()[0] : 1;
        if (o < t1 && o + s > t0) blocks.add(b);
      }
      tiles.add(new Tile(t0, t1, starts, tLen, blocks.toArray(new BlockTask[0])));
      i = j;
    }

    DatasetSpec spec = new DatasetSpec().attributes(ds.attributes());
    for (String d : dims) if (ds.isCoordinate(d)) spec.coordinate(Specs.coordinate(ds, sel, d), Specs.coordinateValues(ds, sel, d));
    ObjectNode attrs = MetadataParser.JSON.createObjectNode();
    attrs.put("long_name", torchScript ? "probability from the TorchScript model"
        : "probability of " + mc.labelVariable + " * " + num(mc.labelFactor) + " > " + num(mc.labelThreshold));
    attrs.put("units", "1");
    attrs.put("model", pc.model);
    if (torchScript) attrs.put("calibration", TorchScriptModel.LOGIT.equals(pc.torchScriptOutput) ? "none (sigmoid of the module's logit)"
        : "none (the module's own probabilities)");
    else if ("logit".equals(mc.output)) attrs.put("long_name", "model output (logit)");
    else attrs.put("calibration", pc.raw ? "none (--raw)" : stored == null ? "none (the model has no calibration)" : calibration.toString());
    if (!pc.raw && stored != null && !Double.isNaN(stored.decisionThreshold)) {
      // score takes it as its default --threshold: chosen on the validation year, never on the scored data
      attrs.put("decision_threshold", stored.decisionThreshold);
    }
    VariableSpec v = Specs.dataVariable(ds, sel, mc.features.get(0), pc.compressor).withName(pc.variableName)
        .withDType(DType.FLOAT32, FillValue.ofDouble(Double.NaN)).withAttributes(attrs);
    spec.variable(v);

    LongAccumulator tasks = jsc.sc().longAccumulator("predict tasks");
    LongAccumulator inExecutors = jsc.sc().longAccumulator("predict tasks in executor threads");
    LongAccumulator windows = jsc.sc().longAccumulator("predicted windows");
    String modelPath = pc.model;
    String name = pc.variableName;
    int batch = pc.batchSize;
    boolean probability = !"logit".equals(mc.output);
    boolean checkRange = torchScript && !probability; // a module's own "probabilities" must be ones
    TimeMode timeMode = mc.timeMode;
    List<String> features = mc.features;
    List<String> outDims = dims;
    JavaRDD<Block> out = jsc.parallelize(tiles, tiles.size()).mapPartitions((Iterator<Tile> it) -> {
      tasks.add(1);
      TaskContext tc = TaskContext.get();
      if (tc != null && Thread.currentThread().getName().startsWith("Executor task launch worker")) inExecutors.add(1);
      ModelDirectory.Loaded model = ModelCache.get(conf, modelPath);
      List<Block> blocks = new ArrayList<>();
      try (Predictor<WindowTranslator.Batch, float[]> predictor = model.model().newPredictor(new WindowTranslator(calibration,
          probability, checkRange ? modelPath : null))) {
        while (it.hasNext()) {
          Tile tile = it.next();
          float[] in = readTile(ds, tile, features, norm, rank, h, w);
          float[] p = stitch(predictor, in, tile, c, h, w, ys, xs, wy, wx, batch, windows);
          long[] off = rank == 3 ? new long[] {tile.t0(), 0, 0} : new long[] {0, 0};
          int[] shape = rank == 3 ? new int[] {(int) (tile.t1() - tile.t0()), h, w} : new int[] {h, w};
          blocks.add(Block.ofFloats(new BlockKey(name, outDims, off), shape, p));
        }
      }
      return blocks.iterator();
    });
    jsc.setJobDescription("predict: " + tiles.size() + " tiles with model " + pc.model + " -> " + pc.out);
    ZarrWriter writer = ZarrWriter.begin(conf, pc.out, spec, mode);
    SparkBlockWriter.write(out, writer);
    Result r = new Result();
    r.partitions = tiles.size();
    r.tasks = tasks.value();
    r.tasksInExecutors = inExecutors.value();
    r.windows = windows.value();
    r.cells = nt * h * w;
    r.variable = pc.variableName;
    r.calibration = probability ? calibration.toString() : "none (logits)";
    r.uncalibratedModel = stored == null;
    return r;
  }

  static String num(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  /** The tile's normalised features (channel, step, y, x); NaN becomes 0, as in training. */
  static float[] readTile(Dataset ds, Tile tile, List<String> features, double[][] norm, int rank, int h, int w) {
    int t = (int) (tile.t1() - tile.t0());
    int hw = h * w;
    float[] in = new float[features.size() * t * hw];
    org.spangeo.zarr.array.ReadStats stats = new org.spangeo.zarr.array.ReadStats();
    long cells = 0;
    for (BlockTask task : tile.blocks()) {
      Block b = Blocks.read(ds, task, stats);
      cells += b.size();
      int ch = features.indexOf(b.key().variable());
      long[] o = b.key().offsets();
      int[] s = b.shape();
      long bt0 = rank == 3 ? o[0] : 0;
      int bt = rank == 3 ? s[0] : 1;
      int oy = (int) o[rank - 2];
      int ox = (int) o[rank - 1];
      int sy = s[rank - 2];
      int sx = s[rank - 1];
      double mean = norm[0][ch];
      double inv = norm[1][ch];
      long from = Math.max(bt0, tile.t0());
      long to = Math.min(bt0 + bt, tile.t1());
      for (long tt = from; tt < to; tt++) {
        int src = (int) (tt - bt0) * sy * sx;
        int dst = (ch * t + (int) (tt - tile.t0())) * hw;
        for (int y = 0; y < sy; y++) {
          for (int x = 0; x < sx; x++) {
            double v = b.get(src + y * sx + x);
            in[dst + (oy + y) * w + ox + x] = Double.isNaN(v) ? 0f : (float) ((v - mean) * inv);
          }
        }
      }
    }
    org.spangeo.zarr.blocks.ReadMetrics.input(stats.storedBytes, cells); // Spark's input metrics of the task
    return in;
  }

  /** Runs every window of the tile through the predictor in batches; overlapping outputs averaged. */
  static float[] stitch(Predictor<WindowTranslator.Batch, float[]> predictor, float[] in, Tile tile, int c, int h, int w,
      long[] ys, long[] xs, int wy, int wx, int batch, LongAccumulator windows) throws TranslateException {
    int t = (int) (tile.t1() - tile.t0());
    int hw = h * w;
    int win = wy * wx;
    double[] sum = new double[t * hw];
    int[] count = new int[t * hw];
    float[] xb = new float[batch * c * win];
    int[][] where = new int[batch][];
    int n = 0;
    for (long ts : tile.windowStarts()) {
      int t0 = (int) (ts - tile.t0());
      for (long y0 : ys) {
        for (long x0 : xs) {
          int base = n * c * win;
          for (int ch = 0; ch < c; ch++) {
            for (int dy = 0; dy < wy; dy++) {
              int dst = base + (ch * wy + dy) * wx;
              for (int s = 0; s < tile.windowLength(); s++) {
                int src = (ch * t + t0 + s) * hw + (int) (y0 + dy) * w + (int) x0;
                if (s == 0) System.arraycopy(in, src, xb, dst, wx);
                else for (int dx = 0; dx < wx; dx++) xb[dst + dx] += in[src + dx];
              }
              if (tile.windowLength() > 1) for (int dx = 0; dx < wx; dx++) xb[dst + dx] /= tile.windowLength();
            }
          }
          where[n] = new int[] {t0, (int) y0, (int) x0};
          if (++n == batch) {
            accumulate(predictor.predict(new WindowTranslator.Batch(xb, n, c, wy, wx)), where, n, tile.windowLength(), sum, count, h,
                w, wy, wx);
            windows.add(n);
            n = 0;
          }
        }
      }
    }
    if (n > 0) {
      accumulate(predictor.predict(new WindowTranslator.Batch(xb, n, c, wy, wx)), where, n, tile.windowLength(), sum, count, h, w,
          wy, wx);
      windows.add(n);
    }
    float[] out = new float[t * hw];
    for (int i = 0; i < out.length; i++) out[i] = count[i] == 0 ? Float.NaN : (float) (sum[i] / count[i]);
    return out;
  }

  private static void accumulate(float[] p, int[][] where, int n, int steps, double[] sum, int[] count, int h, int w, int wy, int wx) {
    int hw = h * w;
    for (int k = 0; k < n; k++) {
      int t0 = where[k][0];
      int y0 = where[k][1];
      int x0 = where[k][2];
      for (int s = 0; s < steps; s++) {
        for (int dy = 0; dy < wy; dy++) {
          int row = (t0 + s) * hw + (y0 + dy) * w + x0;
          int src = (k * wy + dy) * wx;
          for (int dx = 0; dx < wx; dx++) {
            sum[row + dx] += p[src + dx];
            count[row + dx]++;
          }
        }
      }
    }
  }
}
