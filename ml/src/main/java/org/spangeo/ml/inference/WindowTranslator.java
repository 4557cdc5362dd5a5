package org.spangeo.ml.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import java.util.Arrays;

/**
 * A batch of windows (n, channels, y, x) in, per-pixel outputs (n, y, x) out: probabilities
 * (sigmoid of the logit) or, for a model whose output is "logit", the raw logit. We batch
 * ourselves, so DJL's batchifier is off.
 */
final class WindowTranslator implements Translator<WindowTranslator.Batch, float[]> {
  private final boolean probability;

  WindowTranslator(boolean probability) {
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

  @Override
  public NDList processInput(TranslatorContext ctx, Batch b) {
    int len = b.n * b.c * b.h * b.w;
    float[] x = b.x.length == len ? b.x : Arrays.copyOf(b.x, len);
    return new NDList(ctx.getNDManager().create(x, new Shape(b.n, b.c, b.h, b.w)));
  }

  @Override
  public float[] processOutput(TranslatorContext ctx, NDList list) {
    NDArray z = list.singletonOrThrow();
    float[] v = z.toFloatArray();
    if (probability) for (int i = 0; i < v.length; i++) v[i] = (float) (1.0 / (1.0 + Math.exp(-v[i])));
    return v;
  }

  @Override
  public Batchifier getBatchifier() {
    return null;
  }
}
