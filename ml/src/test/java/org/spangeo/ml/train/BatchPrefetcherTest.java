package org.spangeo.ml.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.spangeo.zarr.InvalidArgumentException;

/**
 * The prefetching thread hands the trainer the very batches (contents, sizes, order) that
 * cutting the concatenated sample stream every {@code batchSize} samples gives, passes a read
 * failure on to the trainer's thread, and stops when closed early.
 */
class BatchPrefetcherTest {
  static final int C = 2;
  static final int H = 2;
  static final int W = 3;
  static final int SAMPLE = C * H * W;
  static final int PIXELS = H * W;

  /** Blocks of the given sizes; sample s has inputs s*1000 + i and pixel p of its label is an event where (s + p) % 7 == 0. */
  static List<SampleBlock> blocks(int... sizes) {
    List<SampleBlock> out = new ArrayList<>();
    int s0 = 0;
    for (int n : sizes) {
      float[] x = new float[n * SAMPLE];
      float[] y = new float[n * PIXELS];
      for (int s = 0; s < n; s++) {
        for (int i = 0; i < SAMPLE; i++) x[s * SAMPLE + i] = (s0 + s) * 1000f + i;
        for (int p = 0; p < PIXELS; p++) y[s * PIXELS + p] = (s0 + s + p) % 7 == 0 ? 1f : 0f;
      }
      out.add(new SampleBlock(x, y, n));
      s0 += n;
    }
    return out;
  }

  static void check(List<SampleBlock> blocks, int batch, boolean perPatch, int depth) {
    int total = 0;
    for (SampleBlock b : blocks) total += b.n();
    float[] allX = new float[total * SAMPLE];
    float[] allY = new float[total * PIXELS];
    int at = 0;
    for (SampleBlock b : blocks) {
      System.arraycopy(b.x(), 0, allX, at * SAMPLE, b.n() * SAMPLE);
      System.arraycopy(b.y(), 0, allY, at * PIXELS, b.n() * PIXELS);
      at += b.n();
    }
    int out = perPatch ? 1 : PIXELS;
    try (BatchPrefetcher pf = new BatchPrefetcher(blocks.iterator(), batch, SAMPLE, PIXELS, perPatch, depth)) {
      int from = 0;
      for (BatchPrefetcher.Batch b = pf.next(); b != null; b = pf.next()) {
        int n = Math.min(batch, total - from);
        assertEquals(n, b.n, "batch from sample " + from);
        assertArrayEquals(Arrays.copyOfRange(allX, from * SAMPLE, (from + n) * SAMPLE), Arrays.copyOf(b.x, n * SAMPLE));
        float[] want = new float[n * out];
        for (int s = 0; s < n; s++) {
          if (perPatch) want[s] = Train.anyEvent(allY, (from + s) * PIXELS, PIXELS);
          else System.arraycopy(allY, (from + s) * PIXELS, want, s * PIXELS, PIXELS);
        }
        assertArrayEquals(want, Arrays.copyOf(b.y, n * out));
        from += n;
        pf.release(b);
      }
      assertEquals(total, from, "samples delivered");
      assertNull(pf.next(), "after the end");
    }
  }

  @Test
  void batchesAreTheConcatenatedStreamCutEveryBatchSize() {
    // blocks smaller and larger than a batch, an empty one, a partial last batch
    List<SampleBlock> b = blocks(3, 0, 17, 5, 8, 1);
    for (int depth : new int[] {1, 2, 5}) {
      check(b, 8, false, depth);
      check(b, 8, true, depth);
    }
    check(b, 34, false, 2); // exactly one full batch
    check(blocks(), 8, false, 2); // no samples: no batch
  }

  @Test
  void aReadFailureReachesTheTrainerAfterTheBatchesBeforeIt() {
    List<SampleBlock> good = blocks(8, 8);
    Iterator<SampleBlock> it = new Iterator<>() {
      int k;

      @Override
      public boolean hasNext() {
        return true;
      }

      @Override
      public SampleBlock next() {
        if (k == good.size()) throw new InvalidArgumentException("chunk 2 of 'p.zarr' is corrupt");
        return good.get(k++);
      }
    };
    try (BatchPrefetcher pf = new BatchPrefetcher(it, 8, SAMPLE, PIXELS, false, 4)) {
      BatchPrefetcher.Batch a = pf.next();
      assertEquals(8, a.n);
      pf.release(a);
      BatchPrefetcher.Batch b = pf.next();
      assertEquals(8, b.n);
      pf.release(b);
      InvalidArgumentException e = assertThrows(InvalidArgumentException.class, pf::next);
      assertEquals("chunk 2 of 'p.zarr' is corrupt", e.getMessage());
    }
  }

  @Test
  void closingEarlyStopsTheThreadAndBoundsWhatWasRead() {
    AtomicLong read = new AtomicLong();
    Iterator<SampleBlock> endless = new Iterator<>() {
      @Override
      public boolean hasNext() {
        return true;
      }

      @Override
      public SampleBlock next() {
        read.incrementAndGet();
        return blocks(4).get(0);
      }
    };
    BatchPrefetcher pf = new BatchPrefetcher(endless, 8, SAMPLE, PIXELS, false, 3);
    BatchPrefetcher.Batch b = pf.next();
    assertEquals(8, b.n);
    // without release the thread fills its 3 other buffers (3 batches: 6 blocks of 4) and waits: memory stays bounded
    long deadline = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < deadline && read.get() < 8) Thread.onSpinWait();
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
    assertEquals(8, read.get(), "blocks read: the trainer's batch, then 3 buffers full");
    assertTrue(pf.running());
    pf.close();
    assertFalse(pf.running(), "the thread ended on close");
  }
}
