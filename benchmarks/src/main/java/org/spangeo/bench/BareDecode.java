package org.spangeo.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.spangeo.zarr.array.RawChunk;

/**
 * The machine's limit for a scan: every stored chunk, already in memory, decoded by the
 * project's codec pipeline ({@code ZarrArray.decode}) on {@code threads} threads that take
 * chunks from a shared counter, as Spark's task slots take partitions. Nothing else is done
 * with the values, so this is the rate a scan would reach if reading, copying into columns and
 * Spark itself were free.
 */
public final class BareDecode {
  private final BenchChunks chunks;
  private final int threads;

  public BareDecode(BenchChunks chunks, int threads) {
    this.chunks = chunks;
    this.threads = threads;
  }

  /** One pass over all chunks; returns {wall nanoseconds, decoded bytes}. */
  public long[] pass() throws InterruptedException {
    AtomicInteger next = new AtomicInteger();
    AtomicLong bytes = new AtomicLong();
    AtomicLong sink = new AtomicLong();
    List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
    Thread[] ts = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      ts[t] = new Thread(() -> {
        try {
          long b = 0;
          long s = 0;
          for (int i = next.getAndIncrement(); i < chunks.size(); i = next.getAndIncrement()) {
            RawChunk c = chunks.array.decode(chunks.indices.get(i), chunks.stored.get(i));
            byte[] v = c.bytes();
            b += v.length;
            s += v[v.length >>> 1]; // keep the result alive
          }
          bytes.addAndGet(b);
          sink.addAndGet(s);
        } catch (Throwable e) {
          errors.add(e);
        }
      }, "bare-decode-" + t);
    }
    long t0 = System.nanoTime();
    for (Thread t : ts) t.start();
    for (Thread t : ts) t.join();
    long wall = System.nanoTime() - t0;
    if (!errors.isEmpty()) throw new IllegalStateException("bare decode failed", errors.get(0));
    if (sink.get() == 42) System.out.print(""); // never true in practice; defeats dead-code elimination
    return new long[] {wall, bytes.get()};
  }
}
