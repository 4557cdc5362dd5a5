package org.spangeo.ml.train;

import java.io.Serializable;

/**
 * Training samples from one chunk of a patch store, as a task hands them to the trainer:
 * {@code n} inputs (channels, y, x) and their 0/1 per-pixel targets (y, x), C order.
 */
public record SampleBlock(float[] x, float[] y, int n) implements Serializable {}
