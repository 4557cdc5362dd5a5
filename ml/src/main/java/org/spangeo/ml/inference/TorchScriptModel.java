package org.spangeo.ml.inference;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.FileSystem;
import org.spangeo.ml.patches.Normalisation;
import org.spangeo.ml.train.DjlSetup;
import org.spangeo.ml.train.ModelConfig;
import org.spangeo.ml.train.ModelDirectory;
import org.spangeo.ml.train.TimeMode;
import org.spangeo.zarr.CorruptDataException;
import org.spangeo.zarr.InvalidArgumentException;
import org.spangeo.zarr.NotFoundException;
import org.spangeo.zarr.SpangeoException;
import org.spangeo.zarr.store.HadoopConf;

/**
 * A model trained elsewhere: {@code --model torchscript:PATH.pt}, any TorchScript module that
 * takes normalised windows (batch, channels, y, x) and returns (batch, 1, y, x) or (batch, 1)
 * (one value a window, spread over its cells), logits (sigmoid applied) or probabilities. Its
 * features, normalisation statistics and window come from the command line instead of a model
 * directory; tiling, stitching and the per-executor cache ({@link ModelCache}) are predict's own.
 */
public final class TorchScriptModel {
  public static final String PREFIX = "torchscript:";
  public static final String LOGIT = "logit";
  public static final String PROBABILITY = "probability";

  private TorchScriptModel() {}

  public static boolean is(String model) {
    return model != null && model.startsWith(PREFIX);
  }

  static String path(String model) {
    return model.substring(PREFIX.length());
  }

  /** What a TorchScript model is told on the command line, as the model config predict works from. */
  static ModelConfig config(PredictConfig pc, List<String> dims) {
    if (pc.features == null || pc.features.isEmpty()) {
      throw new InvalidArgumentException("--model " + pc.model + " needs --features (the input channels, in the module's order)");
    }
    if (pc.normalisation == null) {
      throw new InvalidArgumentException("--model " + pc.model + " needs --normalisation (the statistics its inputs were normalised with)");
    }
    if (pc.inputDims == null || pc.inputDims.isEmpty()) {
      throw new InvalidArgumentException("--model " + pc.model + " needs --input-dims (the window it takes, e.g. latitude=16,longitude=16)");
    }
    if (!LOGIT.equals(pc.torchScriptOutput) && !PROBABILITY.equals(pc.torchScriptOutput)) {
      throw new InvalidArgumentException("--torchscript-output '" + pc.torchScriptOutput + "' is not logit or probability");
    }
    ModelConfig mc = new ModelConfig();
    mc.architecture = "torchscript";
    mc.features = new ArrayList<>(pc.features);
    mc.dims = new ArrayList<>(dims);
    mc.inputDims = new LinkedHashMap<>(pc.inputDims);
    mc.timeMode = TimeMode.STEP;
    // predict's "probability" path applies the calibration (here the plain sigmoid) to the output; "logit" passes it through
    mc.output = LOGIT.equals(pc.torchScriptOutput) ? "probability" : "logit";
    return mc;
  }

  /** Loads the module (any Hadoop path) for the executor's cache; PyTorch compiles its code here. */
  static ModelDirectory.Loaded load(HadoopConf conf, String model) {
    DjlSetup.offline();
    String path = path(model);
    byte[] bytes;
    try {
      org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
      FileSystem fs = p.getFileSystem(conf.get());
      if (!fs.exists(p) || fs.getFileStatus(p).isDirectory()) {
        throw new NotFoundException("--model " + model + ": no TorchScript file there (torch.jit.save writes one)");
      }
      try (InputStream in = fs.open(p)) {
        bytes = in.readAllBytes();
      }
    } catch (IOException e) {
      throw new SpangeoException("--model " + model + ": " + e.getMessage());
    }
    Model m = Model.newInstance("torchscript", "PyTorch");
    try {
      m.load(new ByteArrayInputStream(bytes), null);
    } catch (IOException | MalformedModelException | RuntimeException e) {
      m.close();
      throw new CorruptDataException("--model " + model + ": PyTorch cannot load it as TorchScript: " + firstLine(e));
    }
    return new ModelDirectory.Loaded(model, null, null, m, null);
  }

  /**
   * Runs two zero windows through the module on the driver before any task: a module that does not
   * take (batch, channels, wy, wx) or does not return (batch, 1, wy, wx) or (batch, 1) is refused
   * here, in one line, before anything is written.
   */
  static void check(ModelDirectory.Loaded loaded, String model, int c, int wy, int wx, List<String> features) {
    long[] shape;
    try (Predictor<WindowTranslator.Batch, long[]> p = loaded.model().newPredictor(new ShapeProbe())) {
      shape = p.predict(new WindowTranslator.Batch(new float[2 * c * wy * wx], 2, c, wy, wx));
    } catch (Exception e) {
      throw new InvalidArgumentException(String.format(Locale.ROOT, "--model %s does not take windows of (batch, %d, %d, %d) (features %s):"
          + " %s", model, c, wy, wx, String.join(",", features), firstLine(e)));
    }
    boolean perPixel = shape.length == 4 && shape[0] == 2 && shape[1] == 1 && shape[2] == wy && shape[3] == wx;
    boolean perWindow = shape.length == 2 && shape[0] == 2 && shape[1] == 1;
    if (!perPixel && !perWindow) {
      throw new InvalidArgumentException(String.format(Locale.ROOT, "--model %s returns %s for 2 windows of (%d, %d, %d), not (2, 1, %d,"
          + " %d) or (2, 1)", model, new Shape(shape), c, wy, wx, wy, wx));
    }
  }

  private static String firstLine(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && (t.getMessage() == null || t.getMessage().isBlank())) t = t.getCause();
    String m = String.valueOf(t.getMessage()).strip();
    // PyTorch's messages carry a TorchScript traceback: keep the line that says what failed
    for (String line : m.split("\n")) {
      String s = line.strip();
      if (s.startsWith("RuntimeError:") || s.contains("Expected") || s.contains("size of tensor")) return s;
    }
    return m.split("\n")[0];
  }

  /** Zero windows in, the output's shape out. */
  private static final class ShapeProbe implements Translator<WindowTranslator.Batch, long[]> {
    @Override
    public NDList processInput(TranslatorContext ctx, WindowTranslator.Batch b) {
      return b.toNDList(ctx);
    }

    @Override
    public long[] processOutput(TranslatorContext ctx, NDList list) {
      return list.singletonOrThrow().getShape().getShape();
    }

    @Override
    public Batchifier getBatchifier() {
      return null;
    }
  }

  /** The statistics for the features, refused in one line when one is missing. */
  static double[][] statistics(Normalisation stats, List<String> features, String where) {
    for (String f : features) {
      if (!stats.names().contains(f)) {
        throw new InvalidArgumentException("--normalisation " + where + " has no statistics for feature '" + f + "' (it has "
            + stats.names() + ")");
      }
    }
    return stats.forFeatures(features);
  }
}
