package org.spangeo.jobs.stages;

import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.spangeo.zarr.InvalidArgumentException;
import org.spangeo.zarr.blocks.ReadMetrics;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.dataset.Selection;

/** A stage's input: the dataset, the selection applied first, the variables, Spark, metrics. */
public final class StageInput {
  public final JavaSparkContext jsc;
  public final Dataset ds;
  public final Selection sel;
  public final List<String> vars;
  public final ReadMetrics metrics;

  public StageInput(JavaSparkContext jsc, Dataset ds, Selection sel, List<String> vars) {
    this.jsc = jsc;
    this.ds = ds;
    this.sel = sel;
    this.vars = List.copyOf(vars);
    this.metrics = jsc == null ? null : new ReadMetrics(jsc.sc());
  }

  /** Selected cells over the chosen variables. */
  public long cells() {
    long total = 0;
    for (String v : vars) {
      long n = 1;
      for (String d : ds.variable(v).dims()) n *= sel.count(d);
      total += n;
    }
    return total;
  }

  public String timeDim() {
    String t = ds.timeDim();
    if (t == null) throw new InvalidArgumentException("the data has no time coordinate");
    return t;
  }

  /** Selected time steps as epoch micros, in order. */
  public long[] selectedTimes() {
    String t = timeDim();
    long[] all = ds.timeValues(t);
    int[] idx = sel.indices(t);
    long[] out = new long[idx.length];
    for (int i = 0; i < idx.length; i++) out[i] = all[idx[i]];
    return out;
  }
}
