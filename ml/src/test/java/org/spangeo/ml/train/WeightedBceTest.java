package org.spangeo.ml.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The loss and its gradient against the closed form, and the same gradient whether or not the
 * JVM collects garbage between forward and backward. A scalar made by DJL's {@code mul(Number)}
 * lives in a 4-byte direct buffer that the tensor only borrows; autograd keeps the tensor for
 * the backward pass, but DJL frees the Java side at once, so a GC in between let the backward
 * read freed memory (training at the demo's size diverged from epoch 3 in some runs).
 */
class WeightedBceTest {
  static final int N = 257;
  static final float W = 6.23f;

  @Test
  void gradientIsTheClosedFormAndSurvivesAGarbageCollectionBeforeBackward() throws Exception {
    DjlSetup.offline();
    Random r = new Random(7);
    float[] z = new float[N];
    float[] y = new float[N];
    for (int i = 0; i < N; i++) {
      z[i] = (float) (3 * r.nextGaussian());
      y[i] = r.nextInt(5) == 0 ? 1f : 0f;
    }
    float[][] quiet = lossAndGradient(z, y, false);
    float[][] collected = lossAndGradient(z, y, true);
    // the closed form: d/dz of mean(w*y*softplus(-z) + (1-y)*softplus(z)) = (sigmoid(z)*(1+(w-1)y) - w*y) / N
    double loss = 0;
    for (int i = 0; i < N; i++) {
      double sp = Math.max(z[i], 0) + Math.log1p(Math.exp(-Math.abs(z[i])));
      loss += W * y[i] * (sp - z[i]) + (1 - y[i]) * sp;
      double s = 1 / (1 + Math.exp(-z[i]));
      assertEquals((s * (1 + (W - 1) * y[i]) - W * y[i]) / N, quiet[1][i], 1e-6, "gradient at " + i);
    }
    assertEquals(loss / N, quiet[0][0], 1e-5);
    assertArrayEquals(quiet[0], collected[0], "loss with a GC before backward");
    assertArrayEquals(quiet[1], collected[1], "gradient with a GC before backward");
  }

  /** {loss}, dloss/dz; with {@code gc}, the JVM collects garbage (and frees unreachable direct buffers) between forward and backward. */
  static float[][] lossAndGradient(float[] zv, float[] yv, boolean gc) throws InterruptedException {
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      NDArray z = m.create(zv, new Shape(N, 1));
      z.setRequiresGradient(true);
      NDArray y = m.create(yv, new Shape(N, 1));
      float loss;
      try (GradientCollector c = Engine.getEngine("PyTorch").newGradientCollector()) {
        NDArray l = new WeightedBce(W).evaluate(new NDList(y), new NDList(z));
        loss = l.getFloat();
        if (gc) {
          for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(30); // the Reference Handler frees the buffers of collected direct ByteBuffers
            // small native allocations that may take over what was freed
            for (int k = 0; k < 64; k++) java.nio.ByteBuffer.allocateDirect(4).putFloat(0, 1e30f);
          }
        }
        c.backward(l);
      }
      return new float[][] {{loss}, z.getGradient().toFloatArray()};
    }
  }
}
