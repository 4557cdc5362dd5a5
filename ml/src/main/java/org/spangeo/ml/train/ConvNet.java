package org.spangeo.ml.train;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import org.spangeo.zarr.InvalidArgumentException;

/**
 * The per-pixel classifiers, fully convolutional so any window size works:
 * <ul>
 *   <li>{@code spatial-convnet} (the course's SpatialConvNet): {@code layers} x (Conv2d 3x3, padding
 *       1, {@code hidden} filters, ReLU), then a 1x1 Conv2d to one logit per pixel;</li>
 *   <li>{@code linear-1x1}: one 1x1 Conv2d, per-pixel logistic regression on the features.</li>
 *   <li>{@code simple-convnet} (the course's SimpleConvNet, a whole-patch classifier): Conv2d 3x3
 *       to {@code hidden} (the course's 32), ReLU, MaxPool2d(2), Conv2d 3x3 to 2·hidden, ReLU,
 *       global average pooling, Linear to one logit: "any event in the patch".</li>
 * </ul>
 * Input (N, channels, y, x); output (N, 1, y, x) logits, or (N, 1) for the whole-patch classifier. Every convolution is an {@link AtenConv2d}
 * (ATen's own kernel, not oneDNN's: see there why).
 */
public final class ConvNet {
  private ConvNet() {}

  public static final String SPATIAL = "spatial-convnet";
  public static final String LINEAR = "linear-1x1";
  public static final String SIMPLE = "simple-convnet";

  /** One output per window (a whole-patch classifier), not one per pixel. */
  public static boolean perPatch(String architecture) {
    return SIMPLE.equals(architecture);
  }

  public static Block build(String architecture, int hidden, int layers) {
    switch (architecture) {
      case SPATIAL: {
        if (hidden < 1 || layers < 1) throw new InvalidArgumentException("--hidden and --layers must be positive");
        SequentialBlock b = new SequentialBlock();
        for (int i = 0; i < layers; i++) {
          b.add(AtenConv2d.same(hidden, 3));
          b.add(Activation.reluBlock());
        }
        b.add(AtenConv2d.same(1, 1));
        return b;
      }
      case LINEAR: {
        SequentialBlock b = new SequentialBlock();
        b.add(AtenConv2d.same(1, 1));
        return b;
      }
      case SIMPLE: {
        if (hidden < 1) throw new InvalidArgumentException("--hidden must be positive");
        SequentialBlock b = new SequentialBlock();
        b.add(AtenConv2d.same(hidden, 3));
        b.add(Activation.reluBlock());
        b.add(Pool.maxPool2dBlock(new Shape(2, 2)));
        b.add(AtenConv2d.same(2 * hidden, 3));
        b.add(Activation.reluBlock());
        b.add(Pool.globalAvgPool2dBlock());
        b.add(Linear.builder().setUnits(1).build());
        return b;
      }
      default:
        throw new InvalidArgumentException("model architecture '" + architecture + "' is not " + SPATIAL + ", " + SIMPLE + " or "
            + LINEAR);
    }
  }
}
