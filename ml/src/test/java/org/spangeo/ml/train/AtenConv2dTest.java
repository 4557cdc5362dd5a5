package org.spangeo.ml.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The training convolution against a direct loop (forward, and the input, weight and bias
 * gradients of sum(conv(x) * r)) for channel counts on both sides of the SIMD blocks: the counts
 * where oneDNN's kernels went wrong on Zen 5 (ic 12 and 17 forward, oc 4, 8 and 12 backward).
 */
class AtenConv2dTest {
  @Test
  void forwardAndGradientsMatchADirectConvolution() {
    DjlSetup.offline();
    int n = 16;
    int hw = 6;
    int checked = 0;
    for (int k : new int[] {1, 3}) {
      for (int[] io : new int[][] {{4, 8}, {8, 8}, {12, 12}, {17, 4}, {16, 16}, {3, 1}}) {
        int ic = io[0];
        int oc = io[1];
        Random r = new Random(31L * ic + oc + k);
        float[] x = gauss(r, n * ic * hw * hw);
        float[] rr = gauss(r, n * oc * hw * hw);
        try (Model m = Model.newInstance("conv", "PyTorch")) {
          SequentialBlock block = new SequentialBlock().add(AtenConv2d.same(oc, k));
          m.setBlock(block);
          block.initialize(m.getNDManager(), DataType.FLOAT32, new Shape(1, ic, hw, hw));
          Parameter wp = block.getParameters().get(0).getValue();
          Parameter bp = block.getParameters().get(1).getValue();
          float[] w = wp.getArray().toFloatArray();
          float[] b = bp.getArray().toFloatArray();
          try (NDManager sub = m.getNDManager().newSubManager()) {
            NDArray xa = sub.create(x, new Shape(n, ic, hw, hw));
            xa.setRequiresGradient(true);
            float[] z;
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
              NDArray za = block.forward(new ParameterStore(sub, false), new NDList(xa), true).singletonOrThrow();
              z = za.toFloatArray();
              gc.backward(za.mul(sub.create(rr, new Shape(n, oc, hw, hw))).sum());
            }
            double[] ez = new double[z.length];
            double[] egx = new double[x.length];
            double[] egw = new double[w.length];
            double[] egb = new double[oc];
            int p = k / 2;
            for (int s = 0; s < n; s++) {
              for (int o = 0; o < oc; o++) {
                for (int y = 0; y < hw; y++) {
                  for (int xx = 0; xx < hw; xx++) {
                    int zi = ((s * oc + o) * hw + y) * hw + xx;
                    double acc = b[o];
                    egb[o] += rr[zi];
                    for (int c = 0; c < ic; c++) {
                      for (int dy = 0; dy < k; dy++) {
                        for (int dx = 0; dx < k; dx++) {
                          int yy = y + dy - p;
                          int xs = xx + dx - p;
                          if (yy < 0 || yy >= hw || xs < 0 || xs >= hw) continue;
                          int xi = ((s * ic + c) * hw + yy) * hw + xs;
                          int wi = ((o * ic + c) * k + dy) * k + dx;
                          acc += (double) x[xi] * w[wi];
                          egx[xi] += (double) rr[zi] * w[wi];
                          egw[wi] += (double) rr[zi] * x[xi];
                        }
                      }
                    }
                    ez[zi] = acc;
                  }
                }
              }
            }
            String what = "k" + k + " ic " + ic + " oc " + oc;
            assertClose(ez, z, what + " forward");
            assertClose(egx, xa.getGradient().toFloatArray(), what + " input gradient");
            assertClose(egw, wp.getArray().getGradient().toFloatArray(), what + " weight gradient");
            assertClose(egb, bp.getArray().getGradient().toFloatArray(), what + " bias gradient");
            checked++;
          }
        }
      }
    }
    assertEquals(12, checked);
  }

  static void assertClose(double[] want, float[] got, String what) {
    assertEquals(want.length, got.length, what);
    for (int i = 0; i < want.length; i++) {
      if (!(Math.abs(got[i] - want[i]) <= 1e-4 * (1 + Math.abs(want[i])))) {
        throw new AssertionError(what + " differs at " + i + ": " + got[i] + " instead of " + want[i]);
      }
    }
  }

  static float[] gauss(Random r, int n) {
    float[] f = new float[n];
    for (int i = 0; i < n; i++) f[i] = (float) r.nextGaussian();
    return f;
  }
}
