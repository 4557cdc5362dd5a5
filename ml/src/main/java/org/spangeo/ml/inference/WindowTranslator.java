package org.spangeo.ml.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import java.util.Arrays;
import org.spangeo.ml.train.Calibration;

/**
 * A batch of windows (n, channels, y, x) in, per-pixel outputs (n, y, x) out: calibrated
 * probabilities (the model's {@link Calibration} of the logit; {@link Calibration#RAW} is the
 * sigmoid) or, for a model whose output is "logit", the raw logit. A network with one output per
 * window, (n, 1), gives that value to every pixel of its window (a per-patch map). We batch
 * ourselves, so DJL's batchifier is off.
 */
final class WindowTranslator implements Translator<WindowTranslator.Batch, float[]> {
  private final Calibration calibration;
  private final boolean probability;

  /** Non-null: the outputs are a module's own probabilities, refused outside [0, 1] (the name is for the message). */
  private final String checkedModel;

  WindowTranslator(Calibration calibration, boolean probability, String checkedModel) {
    this.calibration = calibration;
    this.probability = probability;
    this.checkedModel = checkedModel;
  }

  /** n windows of (c, h, w) in C order; {@code x} may be longer (a reused buffer): its first n*c*h*w values count. */
  record Batch(float[] x, int n, int c, int h, int w) {
    /** The windows as one (n, c, h, w) tensor. */
    NDList toNDList(TranslatorContext ctx) {
      int len = n * c * h * w;
      return new NDList(ctx.getNDManager().create(x.length == len ? x : Arrays.copyOf(x, len), new Shape(n, c, h, w)));
    }
  }

  private Batch current;

  @Override
  public NDList processInput(TranslatorContext ctx, Batch b) {
    current = b;
    return b.toNDList(ctx);
  }

  @Override
  public float[] processOutput(TranslatorContext ctx, NDList list) {
    NDArray z = list.singletonOrThrow();
    float[] v = z.toFloatArray();
    Batch b = current;
    int hw = b.h() * b.w();
    if (v.length == b.n() && hw > 1) {
      float[] full = new float[b.n() * hw];
      for (int i = 0; i < b.n(); i++) Arrays.fill(full, i * hw, (i + 1) * hw, v[i]);
      v = full;
    }
    if (probability) for (int i = 0; i < v.length; i++) v[i] = (float) calibration.apply(v[i]);
    if (checkedModel != null) {
      for (float p : v) {
        if (p < 0 || p > 1) {
          throw new org.spangeo.zarr.InvalidArgumentException("--model " + checkedModel + " returned " + p + ", not a probability in [0, 1]"
              + " (for logits give --torchscript-output logit)");
        }
      }
    }
    return v;
  }

  @Override
  public Batchifier getBatchifier() {
    return null;
  }
}
