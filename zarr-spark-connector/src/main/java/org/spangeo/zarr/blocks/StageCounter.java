package org.spangeo.zarr.blocks;

import java.util.HashMap;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.util.AccumulatorV2;

/**
 * A named count for the Spark UI's Stages page that belongs to the stage showing it. Spark
 * shows a named accumulator's running value at the end of each stage, so a plain
 * LongAccumulator read in two stages shows the sum of both on the second; and it leaves out
 * updates that are "zero", so a count of 0 disappears. Here each task's update carries its
 * stage, {@link #value()} on the driver is the count of the stage that last reported (what
 * Spark shows beside that stage), {@link #total()} the count of all stages, and a task that
 * counted, even 0, reports it. The value is text in the count's unit, as Spark's own pages
 * show sizes and times ("5.1 KiB", "1.2 s"); {@link #total()} and {@link #ofStage} are numbers.
 */
public final class StageCounter extends AccumulatorV2<Long, String> {
  private static final long serialVersionUID = 1L;

  /** How the value reads. */
  public enum Unit {
    COUNT, BYTES, MILLIS;

    String format(long v) {
      switch (this) {
        case BYTES: return org.apache.spark.util.Utils.bytesToString(v);
        case MILLIS: return org.apache.spark.util.Utils.msDurationToString(v);
        default: return Long.toString(v);
      }
    }
  }

  private final Unit unit;

  private long sum;
  private boolean counted;
  private int stage = -1; // in a task: its stage; on the driver: the stage that last reported
  private final Map<Integer, Long> byStage = new HashMap<>(); // on the driver

  public StageCounter(Unit unit) {
    this.unit = unit;
  }

  @Override
  public synchronized boolean isZero() {
    return !counted;
  }

  @Override
  public synchronized AccumulatorV2<Long, String> copy() {
    StageCounter c = new StageCounter(unit);
    c.sum = sum;
    c.counted = counted;
    c.stage = stage;
    c.byStage.putAll(byStage);
    return c;
  }

  @Override
  public synchronized void reset() {
    sum = 0;
    counted = false;
    stage = -1;
    byStage.clear();
  }

  @Override
  public void add(Long v) {
    add(v.longValue());
  }

  /** Counts {@code v} (0 included: the stage then shows 0). */
  public synchronized void add(long v) {
    sum += v;
    counted = true;
    if (stage < 0) {
      TaskContext tc = TaskContext.get();
      if (tc != null) stage = tc.stageId();
    }
  }

  @Override
  public synchronized void merge(AccumulatorV2<Long, String> other) {
    StageCounter o = (StageCounter) other;
    if (!o.counted) return;
    sum += o.sum;
    counted = true;
    if (o.byStage.isEmpty()) {
      byStage.merge(o.stage, o.sum, Long::sum);
    } else {
      o.byStage.forEach((s, n) -> byStage.merge(s, n, Long::sum));
    }
    stage = o.stage;
  }

  /** In a task, its count; on the driver, the count of the stage that last reported; in the count's unit. */
  @Override
  public synchronized String value() {
    return unit.format(byStage.isEmpty() ? sum : byStage.getOrDefault(stage, 0L));
  }

  /** The count over all stages (what a command's summary prints). */
  public synchronized long total() {
    return sum;
  }

  /** The count of one stage (0 when it did not report). */
  public synchronized long ofStage(int stageId) {
    return byStage.getOrDefault(stageId, 0L);
  }
}
