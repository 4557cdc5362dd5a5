package org.spangeo.ml.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
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

  /**
   * The constants are arrays of the predictions' manager, open until it closes (after the
   * backward pass), never DJL's {@code mul(Number)} or {@code maximum(Number)}: those wrap the
   * number in a tensor that borrows a 4-byte direct buffer and close it at once, while autograd
   * keeps that tensor for the backward pass, so a garbage collection in between freed the memory
   * the gradient was then computed from (nondeterministic training, once a loss jump to 0.84).
   */
  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    NDArray z = predictions.singletonOrThrow();
    NDManager m = z.getManager();
    NDArray y = labels.singletonOrThrow().reshape(z.getShape());
    NDArray zero = m.create(0f);
    NDArray one = m.create(1f);
    NDArray sp = z.maximum(zero).add(z.abs().neg().exp().add(one).log());
    // w*y*(sp - z) + (1-y)*sp = sp*(1 + (w-1)*y) - w*y*z
    NDArray weight = y.mul(m.create(posWeight - 1f)).add(one);
    return sp.mul(weight).sub(y.mul(m.create(posWeight)).mul(z)).mean();
  }
}
