package org.spangeo.ml.train;

import java.io.Serializable;

/** Everything {@code spangeo train} can be told, as a Java object (the pipeline builds one). */
public final class TrainConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The training patch store (from {@code spangeo patches}). */
  public String patches;
  /** A validation patch store, normalised with the training statistics (null: no validation). */
  public String validation;
  /** The model directory to write (any Hadoop URI). */
  public String out;
  public boolean overwrite;
  public int epochs = 3;
  /** Samples per optimiser step (a sample is one time step of a patch, or one patch with --time-mode mean). */
  public int batchSize = 64;
  public float learningRate = 1e-3f;
  public int seed = 42;
  public String architecture = ConvNet.SPATIAL;
  public int hidden = 16;
  public int layers = 2;
  public TimeMode timeMode = TimeMode.STEP;
  /** Weight of the event class in the loss; null: sqrt(non-events / events) of the training labels. */
  public Double posWeight;
  /** Decoded bytes of patches a Spark task hands to the trainer at most (bounds the driver's memory). */
  public long partitionBytes = 32L << 20;
  /**
   * Batches a thread assembles ahead of the trainer ({@link BatchPrefetcher}): -1 one partition's
   * worth (the default), 0 none (the trainer pulls and copies samples itself), N that many.
   */
  public int prefetchBatches = -1;

  public TrainConfig patches(String p) {
    patches = p;
    return this;
  }

  public TrainConfig validation(String p) {
    validation = p;
    return this;
  }

  public TrainConfig out(String p) {
    out = p;
    return this;
  }

  public TrainConfig epochs(int n) {
    epochs = n;
    return this;
  }

  public TrainConfig batchSize(int n) {
    batchSize = n;
    return this;
  }

  public TrainConfig learningRate(float lr) {
    learningRate = lr;
    return this;
  }

  public TrainConfig seed(int s) {
    seed = s;
    return this;
  }
}
