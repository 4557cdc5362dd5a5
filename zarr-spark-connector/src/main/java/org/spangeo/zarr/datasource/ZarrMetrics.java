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

  /** A sum over tasks, shown as Spark shows its own sizes ("12.0 MiB") or times ("1.2 s"). */
  abstract static class FormattedSum extends CustomSumMetric {
    abstract String format(long sum);

    @Override
    public String aggregateTaskMetrics(long[] taskMetrics) {
      long sum = 0;
      for (long v : taskMetrics) sum += v;
      return format(sum);
    }
  }

  abstract static class ByteSum extends FormattedSum {
    @Override String format(long sum) { return org.apache.spark.util.Utils.bytesToString(sum); }
  }

  abstract static class MillisSum extends FormattedSum {
    @Override String format(long sum) { return org.apache.spark.util.Utils.msDurationToString(sum); }
  }

  public static final class StoredBytes extends ByteSum {
    @Override public String name() { return STORED_BYTES; }
    @Override public String description() { return "zarr stored bytes read"; }
  }

  public static final class DecodedBytes extends ByteSum {
    @Override public String name() { return DECODED_BYTES; }
    @Override public String description() { return "zarr decoded bytes"; }
  }

  public static final class DecodeTime extends MillisSum {
    @Override public String name() { return DECODE_MS; }
    @Override public String description() { return "zarr decode time"; }
  }

  public static final class ReadTime extends MillisSum {
    @Override public String name() { return READ_MS; }
    @Override public String description() { return "zarr store read time"; }
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

  /** The metrics tasks report, each 0: reported by the driver, so that a count no task adds to shows 0 (Spark drops zero updates of tasks). */
  static CustomTaskMetric[] taskMetricZeros() {
    return new CustomTaskMetric[] {value(CHUNKS_READ, 0), value(CHUNKS_MISSING, 0), value(STORED_BYTES, 0),
        value(DECODED_BYTES, 0), value(DECODE_MS, 0), value(READ_MS, 0)};
  }

  static CustomTaskMetric value(String name, long v) {
    return new CustomTaskMetric() {
      @Override public String name() { return name; }
      @Override public long value() { return v; }
    };
  }
}
