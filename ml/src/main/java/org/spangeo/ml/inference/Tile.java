package org.spangeo.ml.inference;

import java.io.Serializable;
import org.spangeo.zarr.blocks.BlockTask;

/**
 * The unit of one inference task: time steps [t0, t1) of the selection over its whole
 * latitude/longitude extent, the time windows that start in it, and the chunk blocks to read.
 */
public final class Tile implements Serializable {
  private static final long serialVersionUID = 1L;

  final long t0;
  final long t1;
  final long[] windowStarts; // along time (global, selection index space)
  final int windowLength;
  final BlockTask[] blocks;

  Tile(long t0, long t1, long[] windowStarts, int windowLength, BlockTask[] blocks) {
    this.t0 = t0;
    this.t1 = t1;
    this.windowStarts = windowStarts;
    this.windowLength = windowLength;
    this.blocks = blocks;
  }
}
