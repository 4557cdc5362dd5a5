package org.spangeo.zarr.blocks;

import java.io.Serializable;
import org.apache.spark.SparkContext;
import org.apache.spark.util.LongAccumulator;
import org.spangeo.zarr.array.ReadStats;

/**
 * The connector's read counters for chunk-level stages, as named Spark accumulators: they show
 * on the Stages page of the Spark UI beside each stage that reads Zarr.
 */
public final class ReadMetrics implements Serializable {
  private static final long serialVersionUID = 1L;

  public final LongAccumulator chunksRead;
  public final LongAccumulator chunksMissing;
  public final LongAccumulator storedBytes;
  public final LongAccumulator decodedBytes;
  public final LongAccumulator decodeMillis;

  public ReadMetrics(SparkContext sc) {
    chunksRead = sc.longAccumulator("zarr chunks read");
    chunksMissing = sc.longAccumulator("zarr chunks absent (fill value)");
    storedBytes = sc.longAccumulator("zarr stored bytes read");
    decodedBytes = sc.longAccumulator("zarr decoded bytes");
    decodeMillis = sc.longAccumulator("zarr decode time (ms)");
  }

  public void add(ReadStats s) {
    chunksRead.add(s.chunksRead);
    chunksMissing.add(s.chunksMissing);
    storedBytes.add(s.storedBytes);
    decodedBytes.add(s.decodedBytes);
    decodeMillis.add(s.decodeNanos / 1_000_000);
  }
}
