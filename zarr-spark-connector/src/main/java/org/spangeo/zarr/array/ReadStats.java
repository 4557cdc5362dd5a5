package org.spangeo.zarr.array;

/**
 * Counters of one reader (one Spark task): chunks read, stored and decoded bytes, decode time.
 * Not thread-safe: each task owns one. The data source reports them as Spark SQL metrics.
 */
public final class ReadStats {
  public long chunksRead;
  public long chunksMissing;
  public long storedBytes;
  public long decodedBytes;
  public long decodeNanos;
  public long readNanos;

  public void add(ReadStats o) {
    chunksRead += o.chunksRead;
    chunksMissing += o.chunksMissing;
    storedBytes += o.storedBytes;
    decodedBytes += o.decodedBytes;
    decodeNanos += o.decodeNanos;
    readNanos += o.readNanos;
  }

  @Override
  public String toString() {
    return "chunks=" + chunksRead + " (missing " + chunksMissing + "), stored=" + storedBytes + "B, decoded="
        + decodedBytes + "B, read=" + readNanos / 1_000_000 + "ms, decode=" + decodeNanos / 1_000_000 + "ms";
  }
}
