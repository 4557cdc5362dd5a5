package org.spangeo.jobs.stages;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SelectedBoxTest {
  /** A selection with gaps on every dim (every other step, some months) against the cells picked one by one. */
  @Test
  void gatherPicksTheSelectedCellsInCOrder() {
    int[] count = {5, 4, 6};
    double[] box = new double[5 * 4 * 6];
    for (int i = 0; i < box.length; i++) box[i] = 1000 + i;
    int[][] indices = {{10, 12, 14}, {7, 8, 10}, {3, 4, 5, 8}};
    double[] expected = new double[3 * 3 * 4];
    int r = 0;
    for (int a : indices[0]) {
      for (int b : indices[1]) {
        for (int c : indices[2]) expected[r++] = box[((a - 10) * 4 + (b - 7)) * 6 + (c - 3)];
      }
    }
    assertArrayEquals(expected, SelectedBox.gather(box, count, indices));
  }

  @Test
  void anEmptySelectionGathersNothing() {
    assertEquals(0, SelectedBox.gather(new double[6], new int[] {2, 3}, new int[][] {{0, 1}, {}}).length);
  }
}
