package org.spangeo.ml.train;

import java.util.Locale;
import org.spangeo.zarr.InvalidArgumentException;

/** How a patch (variable, time, y, x) becomes the model's (channels, y, x) input. */
public enum TimeMode {
  /** Each time step is a sample: (variables, y, x) to a per-pixel logit at that step (the default). */
  STEP,
  /**
   * The course's SpatialConvNet: {@code x.mean(dim=2)} over the batch's time steps; the target is
   * the pixel's event fraction over those steps > 0.5, and a prediction holds for every step.
   */
  MEAN;

  public static TimeMode parse(String s) {
    switch (s.toLowerCase(Locale.ROOT)) {
      case "step": return STEP;
      case "mean": return MEAN;
      default: throw new InvalidArgumentException("--time-mode '" + s + "' is not step or mean");
    }
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
