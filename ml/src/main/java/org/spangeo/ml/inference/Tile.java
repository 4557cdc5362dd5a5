package org.spangeo.ml.inference;

import java.io.Serializable;
import org.spangeo.zarr.blocks.BlockTask;

/**
 * The unit of one inference task: time steps [t0, t1) of the selection over its whole
 * latitude/longitude extent, the time windows that start in it (along time, in the selection's
 * index space), and the chunk blocks to read.
 */
public record Tile(long t0, long t1, long[] windowStarts, int windowLength, BlockTask[] blocks) implements Serializable {}
