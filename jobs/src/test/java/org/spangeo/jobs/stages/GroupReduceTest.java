package org.spangeo.jobs.stages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.apache.spark.broadcast.Broadcast;
import org.junit.jupiter.api.Test;
import org.spangeo.zarr.blocks.Block;
import org.spangeo.zarr.blocks.BlockKey;
import org.spangeo.zarr.blocks.Combine;
import scala.Tuple2;

/**
 * A block's partials, against sums written out by hand: the untested SIMD path (blocks without
 * NaN, which the xarray comparison's gappy data rarely reaches) and its fall-back to the tested
 * loop when a NaN shows, with time first (the archive's layout) and in the middle; and the same
 * data cut into two blocks along time, whose partials merge in the task's partial of each key.
 */
class GroupReduceTest {
  private static final int[] GROUP_OF = {0, 0, 1, 1, 1, -1, 0}; // time step -> group; -1 dropped

  @Test
  void partialsWithoutNaNMatchHandSums() {
    for (Stat s : new Stat[] {Stat.MEAN, Stat.SUM, Stat.STD, Stat.MIN, Stat.MAX}) {
      check(s, List.of("time", "lat", "lon"), new int[] {7, 3, 5}, -1);
      check(s, List.of("lat", "time", "lon"), new int[] {3, 7, 5}, -1);
    }
  }

  @Test
  void aNaNSendsItsPartialBackToTheTestedLoop() {
    for (Stat s : new Stat[] {Stat.MEAN, Stat.SUM, Stat.STD}) {
      check(s, List.of("time", "lat", "lon"), new int[] {7, 3, 5}, 2 * 15 + 7); // step 2 (group 1), cell 7
      check(s, List.of("lat", "time", "lon"), new int[] {3, 7, 5}, 1 * 35 + 3 * 5 + 4); // lat 1, step 3, lon 4
    }
  }

  @Test
  void blocksOfOneKeyMergeIntoOnePartial() {
    for (Stat s : new Stat[] {Stat.MEAN, Stat.SUM, Stat.STD, Stat.MIN, Stat.MAX}) {
      for (int nanAt : new int[] {-1, 2 * 15 + 7, 4 * 15 + 1}) {
        check(s, List.of("time", "lat", "lon"), new int[] {7, 3, 5}, nanAt, 3);
        check(s, List.of("time", "lat", "lon"), new int[] {7, 3, 5}, nanAt, 4);
      }
    }
  }

  @Test
  void oneStepBlocksAddStraightIntoTheSums() {
    // ARCO-ERA5's layout: one time step a chunk, so every block adds one step to its partial
    for (Stat s : new Stat[] {Stat.MEAN, Stat.SUM, Stat.STD, Stat.MIN, Stat.MAX}) {
      for (int nanAt : new int[] {-1, 2 * 15 + 7, 6 * 15 + 14}) check(s, List.of("time", "lat", "lon"), new int[] {7, 3, 5}, nanAt, 1);
    }
  }

  private static void check(Stat stat, List<String> dims, int[] shape, int nanAt) {
    check(stat, dims, shape, nanAt, 0);
  }

  /**
   * {@code cut} > 1: the data as two blocks, time steps [0, cut) and [cut, 7); 1: one block per
   * time step (time first only).
   */
  private static void check(Stat stat, List<String> dims, int[] shape, int nanAt, int cut) {
    int n = shape[0] * shape[1] * shape[2];
    float[] v = new float[n];
    Random r = new Random(7);
    for (int i = 0; i < n; i++) v[i] = 280 + 20 * r.nextFloat();
    if (nanAt >= 0) v[nanAt] = Float.NaN;
    BlockKey key = new BlockKey("t2m", dims, new long[3]);
    GroupReduce gr = new GroupReduce("time", "month", constant(GROUP_OF), stat);
    List<Block> blocks = List.of(Block.ofFloats(key, shape, v));
    if (cut == 1) {
      int plane = shape[1] * shape[2];
      List<Block> steps = new java.util.ArrayList<>();
      for (int t = 0; t < shape[0]; t++) {
        steps.add(Block.ofFloats(key.withOffset("time", t), new int[] {1, shape[1], shape[2]},
            java.util.Arrays.copyOfRange(v, t * plane, (t + 1) * plane)));
      }
      blocks = steps;
    } else if (cut > 0) {
      int plane = shape[1] * shape[2];
      int[] s1 = {cut, shape[1], shape[2]};
      int[] s2 = {shape[0] - cut, shape[1], shape[2]};
      blocks = List.of(Block.ofFloats(key, s1, java.util.Arrays.copyOfRange(v, 0, cut * plane)),
          Block.ofFloats(key.withOffset("time", cut), s2, java.util.Arrays.copyOfRange(v, cut * plane, v.length)));
    }
    List<Tuple2<BlockKey, Accumulator>> parts = new java.util.ArrayList<>();
    Combine.local(gr, blocks).forEach((k, p) -> parts.add(new Tuple2<>(k, p)));
    assertEquals(2, parts.size(), "groups 0 and 1");
    int axis = dims.indexOf("time");
    int before = axis == 0 ? 1 : shape[0];
    int after = shape[2] * (axis == 0 ? shape[1] : 1);
    int len = shape[axis];
    for (Tuple2<BlockKey, Accumulator> p : parts) {
      int g = (int) p._1().offset("month");
      Accumulator acc = p._2();
      for (int i = 0; i < before; i++) {
        for (int j = 0; j < after; j++) {
          double sum = 0;
          double min = Double.POSITIVE_INFINITY;
          double max = Double.NEGATIVE_INFINITY;
          int count = 0;
          for (int t = 0; t < len; t++) {
            if (GROUP_OF[t] != g) continue;
            double x = v[(i * len + t) * after + j];
            if (Double.isNaN(x)) continue;
            sum += x;
            min = Math.min(min, x);
            max = Math.max(max, x);
            count++;
          }
          double mean = sum / count;
          double want;
          switch (stat) {
            case SUM: want = sum; break;
            case MIN: want = min; break;
            case MAX: want = max; break;
            case STD: {
              double m2 = 0; // two passes, the reference numpy's std follows
              for (int t = 0; t < len; t++) {
                double x = v[(i * len + t) * after + j];
                if (GROUP_OF[t] == g && !Double.isNaN(x)) m2 += (x - mean) * (x - mean);
              }
              want = Math.sqrt(m2 / count);
              break;
            }
            default: want = mean;
          }
          double got = acc.result(i * after + j);
          assertTrue(!Double.isNaN(got), stat + " " + dims + " cell " + i + "," + j + " is NaN");
          assertEquals(want, got, Math.abs(want) * 1e-12, stat + " " + dims + " group " + g + " cell " + i + "," + j);
        }
      }
    }
  }

  private static Broadcast<int[]> constant(int[] value) {
    return new Broadcast<int[]>(0L, scala.reflect.ClassTag$.MODULE$.apply(int[].class)) {
      private static final long serialVersionUID = 1L;

      @Override
      public int[] getValue() {
        return value;
      }

      @Override
      public void doUnpersist(boolean blocking) {}

      @Override
      public void doDestroy(boolean blocking) {}
    };
  }
}
