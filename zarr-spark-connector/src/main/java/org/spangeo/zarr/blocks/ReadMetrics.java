package org.spangeo.zarr.blocks;

import java.io.Serializable;
import org.apache.spark.SparkContext;
import org.apache.spark.TaskContext;
import org.apache.spark.executor.InputMetrics;
import org.spangeo.zarr.array.ReadStats;

/**
 * The connector's read counters for chunk-level stages, as named Spark accumulators: they show
 * on the Stages page of the Spark UI beside each stage that reads Zarr, counted for that stage
 * ({@link StageCounter}); {@code total()} of each is the command's.
 */
public final class ReadMetrics implements Serializable {
  private static final long serialVersionUID = 1L;

  public final StageCounter chunksRead;
  public final StageCounter chunksMissing;
  public final StageCounter storedBytes;
  public final StageCounter decodedBytes;
  public final StageCounter decodeMillis;

  public ReadMetrics(SparkContext sc) {
    chunksRead = counter(sc, "zarr chunks read", StageCounter.Unit.COUNT);
    chunksMissing = counter(sc, "zarr chunks absent (fill value)", StageCounter.Unit.COUNT);
    storedBytes = counter(sc, "zarr stored bytes read", StageCounter.Unit.BYTES);
    decodedBytes = counter(sc, "zarr decoded bytes", StageCounter.Unit.BYTES);
    decodeMillis = counter(sc, "zarr decode time", StageCounter.Unit.MILLIS);
  }

  private static StageCounter counter(SparkContext sc, String name, StageCounter.Unit unit) {
    StageCounter c = new StageCounter(unit);
    sc.register(c, name);
    return c;
  }

  /**
   * In a task: adds what a reader did to the counters and to the task's input metrics
   * ({@link #input}); {@code cells}: the cells it handed on.
   */
  public void add(ReadStats s, long cells) {
    chunksRead.add(s.chunksRead);
    chunksMissing.add(s.chunksMissing);
    storedBytes.add(s.storedBytes);
    decodedBytes.add(s.decodedBytes);
    decodeMillis.add(s.decodeNanos / 1_000_000);
    input(s.storedBytes, cells);
  }

  /**
   * Spark's own input metrics of the running task (nothing outside a task): the stored bytes
   * read and the records (cells) read, so that the Stages, Executors and History pages show
   * the input of chunk-level stages as they do a file source's. Not for the SQL reader:
   * Spark's DataSourceRDD fills them itself.
   */
  public static void input(long storedBytes, long records) {
    TaskContext tc = TaskContext.get();
    if (tc == null) return;
    InputMetrics m = tc.taskMetrics().inputMetrics();
    m.incBytesRead(storedBytes);
    m.incRecordsRead(records);
  }
}
