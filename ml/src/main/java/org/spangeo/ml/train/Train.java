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
    public double validationLoss = Double.NaN;
    public Contingency validation;

    public ObjectNode toJson() {
      ObjectNode o = MetadataParser.JSON.createObjectNode();
      o.put("epoch", epoch);
      o.put("train_loss", trainLoss);
      o.put("train_samples", trainSamples);
      o.put("seconds", seconds);
      o.put("samples_per_second", samplesPerSecond);
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

    Result(List<Epoch> epochs, ModelConfig model, float posWeight) {
      this.epochs = epochs;
      this.model = model;
      this.posWeight = posWeight;
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
    DjlSetup.offline();
    t.put("engine", "PyTorch " + Engine.getEngine("PyTorch").getVersion() + " (DJL " + Engine.getDjlVersion() + ")");

    List<Epoch> epochs = new ArrayList<>();
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
        float[] yb = new float[cfg.batchSize * h * w];
        for (int e = 1; e <= cfg.epochs; e++) {
          long t0 = System.nanoTime();
          jsc.setJobDescription("train: epoch " + e + " of " + cfg.epochs + ", reading " + cfg.patches);
          Iterator<SampleBlock> it = PatchStream.samples(jsc, train, cfg.timeMode, (long) cfg.seed + e, cfg.partitionBytes)
              .toLocalIterator();
          double lossSum = 0;
          long seen = 0;
          int filled = 0;
          while (it.hasNext()) {
            SampleBlock s = it.next();
            for (int i = 0; i < s.n; i++) {
              System.arraycopy(s.x, i * c * h * w, xb, filled * c * h * w, c * h * w);
              System.arraycopy(s.y, i * h * w, yb, filled * h * w, h * w);
              if (++filled == cfg.batchSize) {
                lossSum += finite(step(trainer, loss, xb, yb, filled, c, h, w), e, seen) * filled;
                seen += filled;
                filled = 0;
              }
            }
          }
          if (filled > 0) {
            lossSum += finite(step(trainer, loss, xb, yb, filled, c, h, w), e, seen) * filled;
            seen += filled;
          }
          Epoch ep = new Epoch();
          ep.epoch = e;
          ep.trainSamples = seen;
          ep.trainLoss = seen == 0 ? Double.NaN : lossSum / seen;
          ep.seconds = (System.nanoTime() - t0) / 1e9;
          ep.samplesPerSecond = seen / Math.max(1e-9, ep.seconds);
          if (valid != null) {
            jsc.setJobDescription("train: validation after epoch " + e + ", reading " + cfg.validation);
            ep.validation = new Contingency();
            ep.validationLoss = evaluate(jsc, trainer, loss, valid, cfg, ep.validation, c, h, w);
            if (!Double.isFinite(ep.validationLoss)) {
              throw new SpangeoException("training failed: the validation loss after epoch " + e + " is " + ep.validationLoss
                  + "; no model written");
            }
          }
          epochs.add(ep);
          if (log != null) log.println(line(ep, cfg.epochs));
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
    return new Result(epochs, mc, posWeight);
  }

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
    String s = String.format(Locale.ROOT, "epoch %d/%d  train loss %.4f  (%,d samples, %.1f s, %.0f samples/s)", ep.epoch, of,
        ep.trainLoss, ep.trainSamples, ep.seconds, ep.samplesPerSecond);
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

  private static float step(Trainer trainer, WeightedBce loss, float[] xb, float[] yb, int n, int c, int h, int w) {
    try (NDManager m = trainer.getManager().newSubManager()) {
      NDArray x = m.create(n == xb.length / (c * h * w) ? xb : Arrays.copyOf(xb, n * c * h * w), new Shape(n, c, h, w));
      NDArray y = m.create(n == yb.length / (h * w) ? yb : Arrays.copyOf(yb, n * h * w), new Shape(n, 1, h, w));
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
      Contingency table, int c, int h, int w) {
    Iterator<SampleBlock> it = PatchStream.samples(jsc, valid, cfg.timeMode, null, cfg.partitionBytes).toLocalIterator();
    double sum = 0;
    long n = 0;
    while (it.hasNext()) {
      SampleBlock s = it.next();
      for (int from = 0; from < s.n; from += cfg.batchSize) {
        int k = Math.min(cfg.batchSize, s.n - from);
        try (NDManager m = trainer.getManager().newSubManager()) {
          NDArray x = m.create(Arrays.copyOfRange(s.x, from * c * h * w, (from + k) * c * h * w), new Shape(k, c, h, w));
          float[] yv = Arrays.copyOfRange(s.y, from * h * w, (from + k) * h * w);
          NDArray y = m.create(yv, new Shape(k, 1, h, w));
          NDArray z = trainer.evaluate(new NDList(x)).singletonOrThrow();
          sum += loss.evaluate(new NDList(y), new NDList(z)).getFloat() * k;
          n += k;
          float[] zv = z.toFloatArray();
          for (int i = 0; i < zv.length; i++) table.add(zv[i] >= 0f, yv[i] > 0f);
        }
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  /** sqrt(non-events / events) over the training targets (one Spark pass over the labels). */
  static float autoPosWeight(JavaSparkContext jsc, PatchStore ps, TrainConfig cfg) {
    jsc.setJobDescription("train: counting events in " + cfg.patches);
    List<long[]> parts = PatchStream.samples(jsc, ps, cfg.timeMode, null, cfg.partitionBytes).map(s -> {
      long pos = 0;
      for (float v : s.y) if (v > 0) pos++;
      return new long[] {pos, s.y.length};
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
