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
  private final List<BenchChunks> stores;
  private final int[] starts; // the first global chunk number of each store, and the total last
  private final int threads;

  public BareDecode(BenchChunks chunks, int threads) {
    this(List.of(chunks), threads);
  }

  /** Several stores' chunks (the yearly stores of one archive), taken in turn from one counter. */
  public BareDecode(List<BenchChunks> stores, int threads) {
    this.stores = List.copyOf(stores);
    this.starts = new int[stores.size() + 1];
    for (int s = 0; s < stores.size(); s++) starts[s + 1] = starts[s] + stores.get(s).size();
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
          int total = starts[starts.length - 1];
          int store = 0;
          for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
            while (i >= starts[store + 1]) store++;
            BenchChunks chunks = stores.get(store);
            int j = i - starts[store];
            RawChunk c = chunks.array.decode(chunks.indices.get(j), chunks.stored.get(j));
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
