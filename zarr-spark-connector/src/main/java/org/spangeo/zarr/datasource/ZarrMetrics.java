package org.spangeo.zarr.datasource;

import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.metric.CustomSumMetric;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;

/**
 * The connector's metrics, shown in the Spark UI's SQL tab on the scan node. The classes must be
 * public with a no-argument constructor: Spark (and the History Server) instantiate them by name.
 */
public final class ZarrMetrics {
  private ZarrMetrics() {}

  public static final String CHUNKS_READ = "chunksRead";
  public static final String CHUNKS_MISSING = "chunksMissing";
  public static final String STORED_BYTES = "storedBytesRead";
  public static final String DECODED_BYTES = "decodedBytes";
  public static final String DECODE_MS = "decodeTimeMs";
  public static final String READ_MS = "storeReadTimeMs";
  public static final String CHUNKS_PLANNED = "chunksPlanned";
  public static final String CHUNKS_PRUNED = "chunksPruned";

  public static final class ChunksRead extends CustomSumMetric {
    @Override public String name() { return CHUNKS_READ; }
    @Override public String description() { return "zarr chunks read"; }
  }

  public static final class ChunksMissing extends CustomSumMetric {
    @Override public String name() { return CHUNKS_MISSING; }
    @Override public String description() { return "zarr chunks absent (fill value)"; }
  }

  public static final class StoredBytes extends CustomSumMetric {
    @Override public String name() { return STORED_BYTES; }
    @Override public String description() { return "zarr stored bytes read"; }
  }

  public static final class DecodedBytes extends CustomSumMetric {
    @Override public String name() { return DECODED_BYTES; }
    @Override public String description() { return "zarr decoded bytes"; }
  }

  public static final class DecodeTime extends CustomSumMetric {
    @Override public String name() { return DECODE_MS; }
    @Override public String description() { return "zarr decode time (ms)"; }
  }

  public static final class ReadTime extends CustomSumMetric {
    @Override public String name() { return READ_MS; }
    @Override public String description() { return "zarr store read time (ms)"; }
  }

  public static final class ChunksPlanned extends CustomSumMetric {
    @Override public String name() { return CHUNKS_PLANNED; }
    @Override public String description() { return "zarr chunk boxes planned"; }
  }

  public static final class ChunksPruned extends CustomSumMetric {
    @Override public String name() { return CHUNKS_PRUNED; }
    @Override public String description() { return "zarr chunk boxes pruned by filters"; }
  }

  static CustomMetric[] all() {
    return new CustomMetric[] {new ChunksRead(), new ChunksMissing(), new StoredBytes(), new DecodedBytes(),
        new DecodeTime(), new ReadTime(), new ChunksPlanned(), new ChunksPruned()};
  }

  static CustomTaskMetric value(String name, long v) {
    return new CustomTaskMetric() {
      @Override public String name() { return name; }
      @Override public long value() { return v; }
    };
  }
}
