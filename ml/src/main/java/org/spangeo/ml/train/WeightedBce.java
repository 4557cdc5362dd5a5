package org.spangeo.ml.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * Binary cross-entropy on logits with a weight on the positive class, as PyTorch's
 * {@code BCEWithLogitsLoss(pos_weight=w)}: mean of w*y*softplus(-z) + (1-y)*softplus(z), with the
 * stable softplus(z) = max(z,0) + log(1 + exp(-|z|)). Rare events (convection) count w times.
 */
public final class WeightedBce extends Loss {
  private final float posWeight;

  public WeightedBce(float posWeight) {
    super("WeightedBCE");
    this.posWeight = posWeight;
  }

  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    NDArray z = predictions.singletonOrThrow();
    NDArray y = labels.singletonOrThrow().reshape(z.getShape());
    NDArray sp = z.maximum(0f).add(z.abs().neg().exp().add(1f).log());
    // w*y*(sp - z) + (1-y)*sp = sp*(1 + (w-1)*y) - w*y*z
    NDArray weight = y.mul(posWeight - 1f).add(1f);
    return sp.mul(weight).sub(y.mul(z).mul(posWeight)).mean();
  }
}
