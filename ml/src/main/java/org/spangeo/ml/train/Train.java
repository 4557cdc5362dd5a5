package org.spangeo.ml.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.spangeo.ml.patches.PatchStore;
import org.spangeo.zarr.AlreadyExistsException;
import org.spangeo.zarr.InvalidArgumentException;
import org.spangeo.zarr.SpangeoException;
import org.spangeo.zarr.metadata.MetadataParser;
import org.spangeo.zarr.store.HadoopConf;

/**
 * {@code spangeo train}: the PyTorch training loop on DJL's PyTorch engine, offline. Samples come
 * from the patch store through Spark (partition by partition, bounded memory); each epoch is
 * {@code for x, y in loader: loss = criterion(model(x), y); loss.backward(); optimizer.step()}
 * with Adam and a weighted BCE; validation loss, CSI, POD and FAR at probability 0.5 are printed
 * and logged each epoch; the model directory gets the parameters, the normalisation statistics,
 * the config and the log.
 */
public final class Train {
  private Train() {}

  /** One epoch's figures. */
  public static final class Epoch {
    public int epoch;
    public double trainLoss;
    public long trainSamples;
    public double seconds;
    public double samplesPerSecond;
    /** Seconds inside the trainer's forward/backward/update steps (the rest: waiting for and copying samples). */
    public double stepSeconds;
    /** Seconds the trainer waited for Spark's next partition (with prefetching: for a batch not yet assembled). */
    public double waitSeconds;
    /** Whether batches were assembled ahead by {@link BatchPrefetcher}. */
    public boolean prefetch;
    public double validationLoss = Double.NaN;
    public Contingency validation;

    public ObjectNode toJson() {
      ObjectNode o = MetadataParser.JSON.createObjectNode();
      o.put("epoch", epoch);
      o.put("train_loss", trainLoss);
      o.put("train_samples", trainSamples);
      o.put("seconds", seconds);
      o.put("samples_per_second", samplesPerSecond);
      // throughput against the forward/backward limit measured in the same run: the trainer's busy share
      o.put("step_seconds", stepSeconds);
      o.put("step_samples_per_second", trainSamples / Math.max(1e-9, stepSeconds));
      o.put("trainer_busy", stepSeconds / Math.max(1e-9, seconds));
      o.put("wait_seconds", waitSeconds);
      o.put("prefetch", prefetch);
      if (validation != null) {
        o.put("valid_loss", validationLoss);
        o.put("valid_csi", validation.csi());
        o.put("valid_pod", validation.pod());
        o.put("valid_far", validation.far());
        o.put("valid_hits", validation.hits);
        o.put("valid_misses", validation.misses);
        o.put("valid_false_alarms", validation.falseAlarms);
        o.put("valid_correct_negatives", validation.correctNegatives);
      }
      return o;
    }
  }

  /** The result: the epochs' figures and the config written to the model directory. */
  public static final class Result {
    public final List<Epoch> epochs;
    public final ModelConfig model;
    public final float posWeight;
    /** The calibration fitted on the validation patches (null without them). */
    public final CalibrationFit.Result calibration;

    Result(List<Epoch> epochs, ModelConfig model, float posWeight, CalibrationFit.Result calibration) {
      this.epochs = epochs;
      this.model = model;
      this.posWeight = posWeight;
      this.calibration = calibration;
    }
  }

  /** Trains and saves the model; progress lines go to {@code log} (may be null). */
  public static Result run(JavaSparkContext jsc, HadoopConf conf, TrainConfig cfg, PrintStream log) {
    if (cfg.patches == null) throw new InvalidArgumentException("no training patch store given (--patches)");
    if (cfg.out == null) throw new InvalidArgumentException("no model directory given (--out)");
    if (cfg.epochs < 1 || cfg.batchSize < 1) throw new InvalidArgumentException("--epochs and --batch-size must be positive");
    if (!(cfg.learningRate > 0)) throw new InvalidArgumentException("--learning-rate must be positive");
    checkOut(conf, cfg);
    PatchStore train = PatchStore.open(conf, cfg.patches);
    PatchStore valid = cfg.validation == null ? null : PatchStore.open(conf, cfg.validation);
    for (PatchStore ps : valid == null ? List.of(train) : List.of(train, valid)) {
      if (!ps.normalised()) {
        throw new InvalidArgumentException("patch store '" + ps.path() + "' holds raw features (patches --raw): train needs normalised patches");
      }
    }
    int[] l = PatchStream.layout(train);
    if (valid != null) {
      if (!valid.features().equals(train.features())) {
        throw new InvalidArgumentException("validation patches have features " + valid.features() + " but the training patches " + train.features());
      }
      if (!Arrays.equals(PatchStream.layout(valid), l)) {
        throw new InvalidArgumentException("validation patches are " + Arrays.toString(valid.patchShape()) + " but training patches "
            + Arrays.toString(train.patchShape()));
      }
    }
    int c = l[0];
    int h = l[2];
    int w = l[3];
    boolean perPatch = ConvNet.perPatch(cfg.architecture);
    float posWeight = cfg.posWeight != null ? cfg.posWeight.floatValue() : autoPosWeight(jsc, train, cfg);
    if (!(posWeight > 0)) throw new InvalidArgumentException("--pos-weight must be positive");

    ModelConfig mc = new ModelConfig();
    mc.architecture = cfg.architecture;
    mc.hidden = cfg.hidden;
    mc.layers = cfg.layers;
    mc.timeMode = cfg.timeMode;
    mc.features = new ArrayList<>(train.features());
    mc.dims = new ArrayList<>(train.dims());
    mc.inputDims = train.inputDims();
    mc.overlap = train.overlap();
    mc.batchDims = train.batchDims();
    mc.labelVariable = train.attributes().path("label").path("variable").asText(mc.labelVariable);
    mc.labelFactor = train.attributes().path("label").path("factor").asDouble(mc.labelFactor);
    mc.labelThreshold = train.attributes().path("label").path("threshold").asDouble(mc.labelThreshold);
    ObjectNode t = mc.training;
    t.put("patches", cfg.patches);
    if (cfg.validation != null) t.put("validation", cfg.validation);
    t.put("epochs", cfg.epochs);
    t.put("batch_size", cfg.batchSize);
    t.put("learning_rate", cfg.learningRate);
    t.put("seed", cfg.seed);
    t.put("pos_weight", posWeight);
    t.put("optimizer", "adam");
    t.put("loss", "bce_with_logits(pos_weight)");
    // which data fed which step, so that no test data can have leaked in (the demo prints it)
    ObjectNode use = t.putObject("data_use");
    if (train.selection() != null) use.set("training", train.selection());
    if (train.statistics().fittedOn() != null) use.set("normalisation", train.statistics().fittedOn());
    if (valid != null && valid.selection() != null) use.set("validation_and_calibration", valid.selection());
    if (log != null) {
      log.println("data: training " + org.spangeo.ml.patches.Years.span(train.selection()) + "; normalisation statistics from "
          + org.spangeo.ml.patches.Years.span(train.statistics().fittedOn()) + (valid == null ? ""
          : "; validation and calibration " + org.spangeo.ml.patches.Years.span(valid.selection())));
    }
    DjlSetup.offline();
    t.put("engine", "PyTorch " + Engine.getEngine("PyTorch").getVersion() + " (DJL " + Engine.getDjlVersion() + ")");

    List<Epoch> epochs = new ArrayList<>();
    CalibrationFit.Result calibrated = null;
    DjlSetup.offline();
    Engine.getEngine("PyTorch").setRandomSeed(cfg.seed);
    Path local;
    try {
      local = Files.createTempDirectory("spangeo-train-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (Model model = Model.newInstance(ModelConfig.PARAMS_PREFIX, "PyTorch")) {
      model.setBlock(ConvNet.build(cfg.architecture, cfg.hidden, cfg.layers));
      WeightedBce loss = new WeightedBce(posWeight);
      DefaultTrainingConfig tc = new DefaultTrainingConfig(loss)
          .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(cfg.learningRate)).build());
      try (Trainer trainer = model.newTrainer(tc)) {
        trainer.initialize(new Shape(1, c, h, w));
        float[] xb = new float[cfg.batchSize * c * h * w];
        int out = perPatch ? 1 : h * w; // targets per sample
        float[] yb = new float[cfg.batchSize * out];
        CalibrationFit calibration = null;
        for (int e = 1; e <= cfg.epochs; e++) {
          long t0 = System.nanoTime();
          jsc.setJobDescription("train: epoch " + e + " of " + cfg.epochs + ", reading " + cfg.patches);
          Iterator<SampleBlock> it = PatchStream.samples(jsc, train, cfg.timeMode, (long) cfg.seed + e, cfg.partitionBytes)
              .toLocalIterator();
          double lossSum = 0;
          long seen = 0;
          long inStep = 0;
          long waited = 0;
          if (cfg.prefetchBatches != 0) {
            // a thread pulls partitions and assembles batches while the trainer steps (same batches, same order)
            int depth = cfg.prefetchBatches > 0 ? cfg.prefetchBatches : autoDepth(cfg, c * h * w);
            try (BatchPrefetcher pf = new BatchPrefetcher(it, cfg.batchSize, c * h * w, h * w, perPatch, depth)) {
              for (BatchPrefetcher.Batch b = pf.next(); b != null; b = pf.next()) {
                long s0 = System.nanoTime();
                lossSum += finite(step(trainer, loss, b.x, b.y, b.n, c, h, w, out), e, seen) * b.n;
                inStep += System.nanoTime() - s0;
                seen += b.n;
                pf.release(b);
              }
              waited = pf.waitedNanos;
            }
          } else {
            int filled = 0;
            while (it.hasNext()) {
              long w0 = System.nanoTime();
              SampleBlock s = it.next();
              waited += System.nanoTime() - w0;
              for (int i = 0; i < s.n(); i++) {
                System.arraycopy(s.x(), i * c * h * w, xb, filled * c * h * w, c * h * w);
                if (perPatch) yb[filled] = anyEvent(s.y(), i * h * w, h * w);
                else System.arraycopy(s.y(), i * h * w, yb, filled * h * w, h * w);
                if (++filled == cfg.batchSize) {
                  long s0 = System.nanoTime();
                  lossSum += finite(step(trainer, loss, xb, yb, filled, c, h, w, out), e, seen) * filled;
                  inStep += System.nanoTime() - s0;
                  seen += filled;
                  filled = 0;
                }
              }
            }
            if (filled > 0) {
              long s0 = System.nanoTime();
              lossSum += finite(step(trainer, loss, xb, yb, filled, c, h, w, out), e, seen) * filled;
              inStep += System.nanoTime() - s0;
              seen += filled;
            }
          }
          Epoch ep = new Epoch();
          ep.epoch = e;
          ep.trainSamples = seen;
          ep.trainLoss = seen == 0 ? Double.NaN : lossSum / seen;
          ep.seconds = (System.nanoTime() - t0) / 1e9;
          ep.samplesPerSecond = seen / Math.max(1e-9, ep.seconds);
          ep.stepSeconds = inStep / 1e9;
          ep.waitSeconds = waited / 1e9;
          ep.prefetch = cfg.prefetchBatches != 0;
          if (valid != null) {
            jsc.setJobDescription("train: validation after epoch " + e + ", reading " + cfg.validation);
            ep.validation = new Contingency();
            if (e == cfg.epochs) calibration = new CalibrationFit(CALIBRATION_PAIRS);
            ep.validationLoss = evaluate(jsc, trainer, loss, valid, cfg, ep.validation, c, h, w, calibration);
            if (!Double.isFinite(ep.validationLoss)) {
              throw new SpangeoException("training failed: the validation loss after epoch " + e + " is " + ep.validationLoss
                  + "; no model written");
            }
          }
          epochs.add(ep);
          if (log != null) log.println(line(ep, cfg.epochs));
        }
        if (calibration != null) {
          jsc.setJobDescription("train: calibration on " + cfg.validation);
          calibrated = calibration.fit();
          if (log != null) log.println(calibrated.line());
          ObjectNode cal = calibrated.toJson();
          cal.put("fitted_on", cfg.validation);
          ModelDirectory.writeJson(local, Calibration.FILE, cal);
          ObjectNode ct = t.putObject("calibration");
          ct.put("method", calibrated.calibration.method);
          ct.put("fitted_on", cfg.validation);
          ct.put("file", Calibration.FILE);
        } else if (log != null) {
          log.println("calibration: none (no --validation patches): predict writes the network's raw probabilities");
        }
      }
      checkParameters(model);
      model.save(local, ModelConfig.PARAMS_PREFIX);
      ModelDirectory.writeJson(local, ModelConfig.FILE, mc.toJson());
      ModelDirectory.writeJson(local, ModelConfig.STATS_FILE, train.statistics().toJson());
      ArrayNode logJson = MetadataParser.JSON.createArrayNode();
      for (Epoch ep : epochs) logJson.add(ep.toJson());
      ModelDirectory.writeJson(local, ModelConfig.LOG_FILE, logJson);
      ModelDirectory.save(conf, local, cfg.out, cfg.overwrite);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      ModelDirectory.deleteQuietly(local);
    }
    return new Result(epochs, mc, posWeight, calibrated);
  }

  /** Prefetch depth by default: one partition's worth of batches, so the next partition's job can run meanwhile. */
  static int autoDepth(TrainConfig cfg, int sampleFloats) {
    long batchBytes = 4L * cfg.batchSize * sampleFloats;
    return (int) Math.max(2, Math.min(256, cfg.partitionBytes / Math.max(1, batchBytes)));
  }

  /** Validation pairs kept for the calibration at most (5 bytes each); beyond, every second one, ... */
  static final int CALIBRATION_PAIRS = 16 << 20;

  static void checkOut(HadoopConf conf, TrainConfig cfg) {
    try {
      org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(cfg.out);
      if (!cfg.overwrite && p.getFileSystem(conf.get()).exists(p)) {
        throw new AlreadyExistsException("model directory '" + cfg.out + "' already exists (use --overwrite)");
      }
    } catch (IOException e) {
      throw new SpangeoException("cannot check '" + cfg.out + "': " + e.getMessage());
    }
  }

  static String line(Epoch ep, int of) {
    String s = String.format(Locale.ROOT, "epoch %d/%d  train loss %.4f  (%,d samples, %.1f s, %.0f samples/s; forward/backward alone"
        + " %.0f samples/s, trainer busy %.0f%%, waited %.1f s for samples%s)", ep.epoch, of, ep.trainLoss, ep.trainSamples, ep.seconds,
        ep.samplesPerSecond, ep.trainSamples / Math.max(1e-9, ep.stepSeconds), 100 * ep.stepSeconds / Math.max(1e-9, ep.seconds),
        ep.waitSeconds, ep.prefetch ? ", prefetched" : "");
    if (ep.validation != null) {
      s += String.format(Locale.ROOT, "  valid loss %.4f  CSI %.3f  POD %.3f  FAR %.3f", ep.validationLoss, ep.validation.csi(),
          ep.validation.pod(), ep.validation.far());
    }
    return s;
  }

  /** A NaN or infinite loss means the parameters are garbage from here on: stop before anything is written. */
  static float finite(float loss, int epoch, long samplesBefore) {
    if (!Float.isFinite(loss)) {
      throw new SpangeoException(String.format(Locale.ROOT, "training failed: the loss became %s in epoch %d after %,d samples; no model"
          + " written (a lower --learning-rate may help)", loss, epoch, samplesBefore));
    }
    return loss;
  }

  /** Every parameter finite, or one line and no model: the last step's update is not seen by any loss. */
  static void checkParameters(Model model) {
    for (ai.djl.util.Pair<String, ai.djl.nn.Parameter> p : model.getBlock().getParameters()) {
      float[] v = p.getValue().getArray().toFloatArray();
      for (int i = 0; i < v.length; i++) {
        if (!Float.isFinite(v[i])) {
          throw new SpangeoException("training failed: parameter " + p.getKey() + "[" + i + "] is " + v[i] + "; no model written");
        }
      }
    }
  }

  /** 1 if any pixel of the sample's label is an event (the whole-patch target), else 0. */
  public static float anyEvent(float[] y, int from, int len) {
    for (int i = from; i < from + len; i++) if (y[i] > 0) return 1f;
    return 0f;
  }

  private static float step(Trainer trainer, WeightedBce loss, float[] xb, float[] yb, int n, int c, int h, int w, int out) {
    try (NDManager m = trainer.getManager().newSubManager()) {
      NDArray x = m.create(n == xb.length / (c * h * w) ? xb : Arrays.copyOf(xb, n * c * h * w), new Shape(n, c, h, w));
      NDArray y = m.create(n == yb.length / out ? yb : Arrays.copyOf(yb, n * out), out == 1 ? new Shape(n, 1) : new Shape(n, 1, h, w));
      float value;
      try (GradientCollector gc = trainer.newGradientCollector()) {
        NDArray z = trainer.forward(new NDList(x)).singletonOrThrow();
        NDArray l = loss.evaluate(new NDList(y), new NDList(z));
        gc.backward(l);
        value = l.getFloat();
      }
      trainer.step();
      return value;
    }
  }

  /** Validation loss (mean per pixel) and the contingency table at probability 0.5 (logit 0). */
  static double evaluate(JavaSparkContext jsc, Trainer trainer, WeightedBce loss, PatchStore valid, TrainConfig cfg,
      Contingency table, int c, int h, int w, CalibrationFit calibration) {
    boolean perPatch = ConvNet.perPatch(cfg.architecture);
    Iterator<SampleBlock> it = PatchStream.samples(jsc, valid, cfg.timeMode, null, cfg.partitionBytes).toLocalIterator();
    double sum = 0;
    long n = 0;
    int chunk = -1;
    boolean oneChunk = valid.chunks() < 2;
    while (it.hasNext()) {
      SampleBlock s = it.next();
      chunk++;
      for (int from = 0; from < s.n(); from += cfg.batchSize) {
        int k = Math.min(cfg.batchSize, s.n() - from);
        try (NDManager m = trainer.getManager().newSubManager()) {
          NDArray x = m.create(Arrays.copyOfRange(s.x(), from * c * h * w, (from + k) * c * h * w), new Shape(k, c, h, w));
          float[] yv;
          if (perPatch) {
            yv = new float[k];
            for (int i = 0; i < k; i++) yv[i] = anyEvent(s.y(), (from + i) * h * w, h * w);
          } else {
            yv = Arrays.copyOfRange(s.y(), from * h * w, (from + k) * h * w);
          }
          NDArray y = m.create(yv, perPatch ? new Shape(k, 1) : new Shape(k, 1, h, w));
          NDArray z = trainer.evaluate(new NDList(x)).singletonOrThrow();
          sum += loss.evaluate(new NDList(y), new NDList(z)).getFloat() * k;
          n += k;
          float[] zv = z.toFloatArray();
          for (int i = 0; i < zv.length; i++) table.add(zv[i] >= 0f, yv[i] > 0f);
          if (calibration != null) {
            // folds by chunk; a store of one chunk is split by sample instead
            int per = zv.length / k;
            for (int i = 0; i < zv.length; i++) calibration.add(zv[i], yv[i] > 0f, oneChunk ? from + i / per : chunk);
          }
        }
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  /** sqrt(non-events / events) over the training targets (one Spark pass over the labels). */
  static float autoPosWeight(JavaSparkContext jsc, PatchStore ps, TrainConfig cfg) {
    jsc.setJobDescription("train: counting events in " + cfg.patches);
    boolean perPatch = ConvNet.perPatch(cfg.architecture);
    List<long[]> parts = PatchStream.samples(jsc, ps, cfg.timeMode, null, cfg.partitionBytes).map(s -> {
      long pos = 0;
      if (perPatch) {
        int px = s.y().length / Math.max(1, s.n());
        for (int i = 0; i < s.n(); i++) pos += (long) anyEvent(s.y(), i * px, px);
        return new long[] {pos, s.n()};
      }
      for (float v : s.y()) if (v > 0) pos++;
      return new long[] {pos, s.y().length};
    }).collect();
    long pos = 0;
    long all = 0;
    for (long[] p : parts) {
      pos += p[0];
      all += p[1];
    }
    if (pos == 0) throw new InvalidArgumentException("the training patches hold no event (label all 0): nothing to learn; check the label threshold");
    return (float) Math.sqrt((double) (all - pos) / pos);
  }
}
