package org.spangeo.ml.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Patches to samples, with the expected arrays worked out by hand. */
class PatchStreamTest {
  // one patch, 2 channels, 3 steps, 1 x 2 pixels: (batch, channel, time, y, x)
  static final float[] F = {
      1, 10, 2, 20, 3, 30,          // channel 0, steps 0..2
      -1, -10, -2, -20, -3, -30};   // channel 1
  static final float[] L = {1, 0, 1, 0, 0, 1}; // (time, y, x)

  @Test
  void stepModeMakesOneSamplePerTimeStep() {
    SampleBlock s = PatchStream.toSamples(F, L, 1, new int[] {2, 3, 1, 2}, TimeMode.STEP, null);
    assertEquals(3, s.n());
    // sample = step: (channel, y, x)
    assertArrayEquals(new float[] {1, 10, -1, -10, 2, 20, -2, -20, 3, 30, -3, -30}, s.x());
    assertArrayEquals(new float[] {1, 0, 1, 0, 0, 1}, s.y());
  }

  @Test
  void meanModeAveragesTimeAndLabelsMajorityEvents() {
    SampleBlock s = PatchStream.toSamples(F, L, 1, new int[] {2, 3, 1, 2}, TimeMode.MEAN, null);
    assertEquals(1, s.n());
    assertArrayEquals(new float[] {2, 20, -2, -20}, s.x());
    // pixel 0: events at 2 of 3 steps -> 1; pixel 1: 1 of 3 -> 0
    assertArrayEquals(new float[] {1, 0}, s.y());
  }

  @Test
  void shuffledSamplesKeepTheirLabels() {
    SampleBlock s = PatchStream.toSamples(F, L, 1, new int[] {2, 3, 1, 2}, TimeMode.STEP, new java.util.Random(3));
    for (int i = 0; i < 3; i++) {
      int step = (int) s.x()[i * 4] - 1; // channel 0, pixel 0 holds step + 1
      assertEquals(L[step * 2], s.y()[i * 2]);
      assertEquals(L[step * 2 + 1], s.y()[i * 2 + 1]);
      assertEquals(-s.x()[i * 4], s.x()[i * 4 + 2]);
    }
  }
}
