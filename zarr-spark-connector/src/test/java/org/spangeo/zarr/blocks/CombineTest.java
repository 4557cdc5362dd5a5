package org.spangeo.zarr.blocks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CombineTest {
  private static final long MB = 1L << 20;

  @Test
  void readTasksShrinkOnlyWhenPartialsAreLargeBesideTheirInput() {
    // 1 GiB of one-step 721 x 1440 chunks, one month: 12 MB of partials; 17 default tasks -> 6 on 2 cores
    assertEquals(6, Combine.readPartitions(17, 2, 1076 * MB, 12 * MB + MB / 2));
    // rounded up to a multiple of the parallelism, never above the default
    assertEquals(8, Combine.readPartitions(17, 4, 1076 * MB, 12 * MB + MB / 2));
    assertEquals(5, Combine.readPartitions(5, 4, 1076 * MB, 12 * MB + MB / 2));
    // at least one round of tasks, even when the partials are as large as the input
    assertEquals(2, Combine.readPartitions(17, 2, 1076 * MB, 1076 * MB));
    // many small chunks: partials thousands of times smaller than the input keep the default
    assertEquals(17, Combine.readPartitions(17, 2, 1100 * MB, MB / 2));
    assertEquals(17, Combine.readPartitions(17, 2, 1100 * MB, 0));
  }
}
