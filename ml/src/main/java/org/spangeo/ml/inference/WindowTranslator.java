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

  WindowTranslator(Calibration calibration, boolean probability) {
    this.calibration = calibration;
    this.probability = probability;
  }

  static final class Batch {
    final float[] x;
    final int n;
    final int c;
    final int h;
    final int w;

    Batch(float[] x, int n, int c, int h, int w) {
      this.x = x;
      this.n = n;
      this.c = c;
      this.h = h;
      this.w = w;
    }
  }

  private Batch current;

  @Override
  public NDList processInput(TranslatorContext ctx, Batch b) {
    current = b;
    int len = b.n * b.c * b.h * b.w;
    float[] x = b.x.length == len ? b.x : Arrays.copyOf(b.x, len);
    return new NDList(ctx.getNDManager().create(x, new Shape(b.n, b.c, b.h, b.w)));
  }

  @Override
  public float[] processOutput(TranslatorContext ctx, NDList list) {
    NDArray z = list.singletonOrThrow();
    float[] v = z.toFloatArray();
    Batch b = current;
    int hw = b.h * b.w;
    if (v.length == b.n && hw > 1) {
      float[] full = new float[b.n * hw];
      for (int i = 0; i < b.n; i++) Arrays.fill(full, i * hw, (i + 1) * hw, v[i]);
      v = full;
    }
    if (probability) for (int i = 0; i < v.length; i++) v[i] = (float) calibration.apply(v[i]);
    return v;
  }

  @Override
  public Batchifier getBatchifier() {
    return null;
  }
}
