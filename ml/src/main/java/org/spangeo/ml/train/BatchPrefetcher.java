package org.spangeo.ml.train;

import java.util.Iterator;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.spangeo.zarr.SpangeoException;

/**
 * Training batches assembled ahead of the trainer by one thread: it pulls the sample blocks (so
 * the Spark job for the next partition runs while the trainer steps on this one), copies samples
 * into reused batch buffers and queues them. The trainer takes full batches and gives each back
 * when stepped. Batches come in exactly the order and composition of assembling them inline, so
 * training is bit-identical with or without it. Memory is bounded: {@code depth} batches plus the
 * block being copied.
 */
final class BatchPrefetcher implements AutoCloseable {
  /** One batch: {@code n} samples of {@code x} (c, h, w) and their targets {@code y}; {@code n} &lt; capacity only at the end. */
  static final class Batch {
    final float[] x;
    final float[] y;
    int n;

    Batch(int xFloats, int yFloats) {
      x = new float[xFloats];
      y = new float[yFloats];
    }
  }

  private static final Batch END = new Batch(0, 0);

  private final BlockingQueue<Batch> full;
  private final BlockingQueue<Batch> free;
  private final Thread thread;
  private volatile Throwable failure;
  private volatile boolean closed;
  private boolean ended;
  /** Nanoseconds the trainer waited for a batch (the share of the epoch the loading did not hide). */
  long waitedNanos;

  /**
   * Starts assembling batches of {@code batchSize} from {@code blocks}: per sample {@code sample}
   * input floats and, with {@code perPatch}, one "any event" target, else the {@code pixels}
   * per-pixel targets. The thread inherits the caller's Spark job description and group.
   */
  BatchPrefetcher(Iterator<SampleBlock> blocks, int batchSize, int sample, int pixels, boolean perPatch, int depth) {
    int d = Math.max(1, depth);
    full = new ArrayBlockingQueue<>(d + 1);
    free = new ArrayBlockingQueue<>(d + 1);
    int out = perPatch ? 1 : pixels;
    // d + 1 buffers: d queued (or being filled) while the trainer steps on one
    for (int i = 0; i <= d; i++) free.add(new Batch(batchSize * sample, batchSize * out));
    thread = new Thread(() -> fill(blocks, batchSize, sample, pixels, perPatch), "spangeo-train-prefetch");
    thread.setDaemon(true);
    thread.start();
  }

  private void fill(Iterator<SampleBlock> blocks, int batchSize, int sample, int pixels, boolean perPatch) {
    try {
      Batch b = free.take();
      b.n = 0;
      while (!closed && blocks.hasNext()) {
        SampleBlock s = blocks.next();
        for (int i = 0; i < s.n(); i++) {
          System.arraycopy(s.x(), i * sample, b.x, b.n * sample, sample);
          if (perPatch) b.y[b.n] = Train.anyEvent(s.y(), i * pixels, pixels);
          else System.arraycopy(s.y(), i * pixels, b.y, b.n * pixels, pixels);
          if (++b.n == batchSize) {
            full.put(b);
            b = free.take();
            b.n = 0;
          }
        }
      }
      if (b.n > 0) full.put(b);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (Throwable t) {
      failure = t;
    }
    try {
      full.put(END);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The next batch (give it back with {@link #release}), or null after the last one; a failure while reading is thrown here. */
  Batch next() {
    if (ended) return null;
    long t0 = System.nanoTime();
    Batch b;
    try {
      b = full.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SpangeoException("training interrupted while waiting for samples");
    }
    waitedNanos += System.nanoTime() - t0;
    if (b == END) {
      ended = true;
      Throwable t = failure;
      if (t instanceof RuntimeException) throw (RuntimeException) t;
      if (t instanceof Error) throw (Error) t;
      if (t != null) throw new SpangeoException("reading the training samples failed: " + t);
      return null;
    }
    return b;
  }

  /** Whether the assembling thread still runs (tests: it ends after the last batch or {@link #close}). */
  boolean running() {
    return thread.isAlive();
  }

  /** Gives a stepped batch's buffers back for the next one. */
  void release(Batch b) {
    free.add(b);
  }

  /** Stops the thread (also when the trainer stops early, e.g. on a non-finite loss). */
  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
