package org.spangeo.ml.inference;

import java.io.Serializable;
import org.spangeo.zarr.write.Compressors;

/** Everything {@code spangeo predict} can be told besides the input and selection, as a Java object. */
public final class PredictConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The model directory (any Hadoop URI). */
  public String model;
  /** The output Zarr store. */
  public String out;
  /** Samples (a window at one time step) per forward pass. */
  public int batchSize = 256;
  /** Decoded input bytes one task holds at most (a tile: some time steps over the whole selected area). */
  public long tileBytes = 64L << 20;
  public String compressor = Compressors.DEFAULT;
  public String variableName = "convection_probability";
  /** The network's own probabilities (sigmoid of the logit), not the model's calibrated ones. */
  public boolean raw;
  /** For {@code --model torchscript:PATH}: its input channels, statistics, window and what it returns. */
  public java.util.List<String> features;
  public org.spangeo.ml.patches.Normalisation normalisation;
  public String normalisationSource;
  public java.util.LinkedHashMap<String, Integer> inputDims;
  public String torchScriptOutput = TorchScriptModel.LOGIT;

  public PredictConfig model(String m) {
    model = m;
    return this;
  }

  public PredictConfig out(String o) {
    out = o;
    return this;
  }

  public PredictConfig batchSize(int n) {
    batchSize = n;
    return this;
  }

  public PredictConfig tileBytes(long b) {
    tileBytes = b;
    return this;
  }
}
