package org.spangeo.ml.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.spangeo.ml.patches.PatchStore;
import org.spangeo.zarr.InvalidArgumentException;

/**
 * A patch store as a stream of {@link SampleBlock}s: Spark tasks read the store's chunks (each
 * task a few chunks, about {@code partitionBytes}) and turn patches into samples; the driver pulls
 * them partition by partition ({@code toLocalIterator}), so it holds one partition at a time
 * whatever the store's size.
 */
public final class PatchStream {
  private PatchStream() {}

  /** The (channels, y, x) sample layout of a store's patches: {channels, steps, y, x}. */
  public static int[] layout(PatchStore ps) {
    int[] p = ps.patchShape();
    int c = ps.features().size();
    if (p.length == 2) return new int[] {c, 1, p[0], p[1]};
    if (p.length == 3) return new int[] {c, p[0], p[1], p[2]};
    throw new InvalidArgumentException("patches with dims " + ps.dims() + ": the model takes (time, y, x) or (y, x) patches");
  }

  /**
   * The samples of the store, chunk order shuffled with {@code seed} (null: store order) and samples
   * shuffled within each chunk.
   */
  public static JavaRDD<SampleBlock> samples(JavaSparkContext jsc, PatchStore ps, TimeMode mode, Long seed, long partitionBytes) {
    int chunks = ps.chunks();
    List<Integer> order = new ArrayList<>();
    for (int k = 0; k < chunks; k++) order.add(k);
    if (seed != null) Collections.shuffle(order, new Random(seed));
    int[] l = layout(ps);
    long chunkBytes = 4L * ps.batchesPerChunk() * l[0] * l[1] * l[2] * l[3];
    int perPartition = (int) Math.max(1, partitionBytes / Math.max(1, chunkBytes));
    int partitions = Math.max(1, (chunks + perPartition - 1) / perPartition);
    return jsc.parallelize(order, partitions).mapPartitions((Iterator<Integer> it) -> new Iterator<SampleBlock>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public SampleBlock next() {
        int k = it.next();
        return toSamples(ps.readFeatures(k), ps.readLabels(k), ps.batchesIn(k), l, mode,
            seed == null ? null : new Random(seed * 31 + k));
      }
    });
  }

  /**
   * Patches (n, c, t, y, x) and labels (n, t, y, x) to samples: per step (n*t samples of (c, y, x))
   * or time means (n samples; target = event fraction > 0.5).
   */
  static SampleBlock toSamples(float[] f, float[] lab, int n, int[] l, TimeMode mode, Random shuffle) {
    int c = l[0];
    int t = l[1];
    int hw = l[2] * l[3];
    int samples = mode == TimeMode.STEP ? n * t : n;
    float[] x = new float[samples * c * hw];
    float[] y = new float[samples * hw];
    int[] slot = new int[samples];
    for (int i = 0; i < samples; i++) slot[i] = i;
    if (shuffle != null) {
      for (int i = samples - 1; i > 0; i--) {
        int j = shuffle.nextInt(i + 1);
        int s = slot[i];
        slot[i] = slot[j];
        slot[j] = s;
      }
    }
    for (int b = 0; b < n; b++) {
      if (mode == TimeMode.STEP) {
        for (int s = 0; s < t; s++) {
          int dst = slot[b * t + s];
          for (int ch = 0; ch < c; ch++) {
            System.arraycopy(f, ((b * c + ch) * t + s) * hw, x, (dst * c + ch) * hw, hw);
          }
          System.arraycopy(lab, (b * t + s) * hw, y, dst * hw, hw);
        }
      } else {
        int dst = slot[b];
        for (int ch = 0; ch < c; ch++) {
          int out = (dst * c + ch) * hw;
          for (int s = 0; s < t; s++) {
            int in = ((b * c + ch) * t + s) * hw;
            for (int p = 0; p < hw; p++) x[out + p] += f[in + p];
          }
          for (int p = 0; p < hw; p++) x[out + p] /= t;
        }
        for (int p = 0; p < hw; p++) {
          int events = 0;
          for (int s = 0; s < t; s++) events += lab[(b * t + s) * hw + p] > 0 ? 1 : 0;
          y[dst * hw + p] = 2 * events > t ? 1f : 0f;
        }
      }
    }
    return new SampleBlock(x, y, samples);
  }
}
