package org.spangeo.jobs.cli;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.spangeo.jobs.stages.StageInput;
import org.spangeo.jobs.stages.StageResult;
import org.spangeo.jobs.ui.ConsoleProgress;
import org.spangeo.jobs.ui.SparkJobs;
import org.spangeo.zarr.InvalidArgumentException;
import org.spangeo.zarr.blocks.Blocks;
import org.spangeo.zarr.dataset.CfTime;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.dataset.Selection;
import org.spangeo.zarr.store.HadoopConf;
import org.spangeo.zarr.write.SparkBlockWriter;
import org.spangeo.zarr.write.ZarrWriter;
import picocli.CommandLine.Mixin;

/**
 * The shape of every analysis command: open --in, apply the selection, run the stage, write
 * --out through the Zarr writer (consolidated, blosc zstd by default), print a summary. The
 * Spark jobs carry descriptions in the user's words, for the Spark UI.
 */
public abstract class AnalysisCommand implements Callable<Integer> {
  @Mixin
  protected InputOptions input = new InputOptions();

  @Mixin
  protected SelectionOptions selection = new SelectionOptions();

  @Mixin
  protected OutputOptions output = new OutputOptions();

  @Mixin
  protected SparkRunOptions run = new SparkRunOptions();

  @Mixin
  protected OutputFormatOptions format = new OutputFormatOptions();

  /** The input variables the stage reads (default: --vars, or all). */
  protected java.util.List<String> inputVariables(Dataset ds) {
    return selection.variables(ds);
  }

  /** The command's name in job descriptions and summaries. */
  protected abstract String name();

  /** What the stage does, in words, for the job description ("climatology by month (mean)"). */
  protected abstract String what(StageInput in);

  protected abstract StageResult run(StageInput in);

  /** Group budget for the output writer (rechunk sets its own from --max-mem). */
  protected long writeGroupBytes(StageInput in, StageResult r) {
    return SparkBlockWriter.DEFAULT_GROUP_BYTES;
  }

  @Override
  public Integer call() {
    long t0 = System.nanoTime();
    ZarrWriter.Mode m = output.mode(); // bad options fail before any work
    format.check();
    SparkSession spark = run.start("spangeo " + name());
    try {
      HadoopConf conf = new HadoopConf(spark.sparkContext().hadoopConfiguration());
      Dataset ds = input.open(conf);
      Selection sel = selection.apply(ds);
      if (sel.isEmpty()) throw new InvalidArgumentException("the selection is empty");
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      StageInput in = new StageInput(jsc, ds, sel, inputVariables(ds));
      long chunks = Blocks.plan(ds, sel, in.vars).size();
      StageResult r;
      try (SparkJobs.Described job = SparkJobs.describe(jsc, "spangeo-" + name(), description(in, chunks));
           ConsoleProgress progress = run.progress(spark)) {
        r = run(in);
        ZarrWriter w = ZarrWriter.begin(conf, output.out, format.apply(r.spec), m);
        job.step("write " + output.out);
        SparkBlockWriter.write(r.blocks, w, writeGroupBytes(in, r));
      }
      double secs = (System.nanoTime() - t0) / 1e9;
      printSummary(in, r, chunks, secs);
      run.keepUiIfAsked(spark);
      return 0;
    } finally {
      if (System.getProperty("spangeo.keepSession") == null) spark.stop();
    }
  }

  /**
   * The jobs' description in the Spark UI, in the user's words:
   * "climatology by month (mean): read temperature 2019-01-01..2021-12-31, 1,460 chunks".
   */
  String description(StageInput in, long chunks) {
    String span = span(in);
    return what(in) + ": read " + String.join(", ", in.vars) + (span.isEmpty() ? "" : " " + span) + ", "
        + SparkJobs.count(chunks, "chunk");
  }

  static String span(StageInput in) {
    String t = in.ds.timeDim();
    if (t == null || in.sel.count(t) == 0) return "";
    long[] times = in.selectedTimes();
    return CfTime.format(times[0]).substring(0, 10) + ".." + CfTime.format(times[times.length - 1]).substring(0, 10);
  }

  void printSummary(StageInput in, StageResult r, long chunks, double secs) {
    System.out.printf(Locale.ROOT, "%s: %s%n", name(), what(in));
    System.out.printf(Locale.ROOT, "  in   %s (%d store%s), %s%n", in.ds.sources().get(0), in.ds.sources().size(),
        in.ds.sources().size() == 1 ? "" : "s", in.sel);
    System.out.printf(Locale.ROOT, "       %,d cells selected of %s%n", r.cellsIn, String.join(", ", in.vars));
    StringBuilder dims = new StringBuilder();
    for (Map.Entry<String, org.spangeo.zarr.write.VariableSpec> e : r.spec.variables().entrySet()) {
      if (r.spec.isCoordinate(e.getKey())) dims.append(dims.length() > 0 ? ", " : "").append(e.getKey()).append(": ")
          .append(e.getValue().shape()[0]);
    }
    System.out.printf(Locale.ROOT, "  out  %s (%s), %,d cells%n", output.out, dims, r.cellsOut());
    if (in.metrics != null) {
      System.out.printf(Locale.ROOT, "  read %,d chunks, %.1f MB stored, %.1f MB decoded%n", in.metrics.chunksRead.value(),
          in.metrics.storedBytes.value() / 1e6, in.metrics.decodedBytes.value() / 1e6);
    } else {
      System.out.printf(Locale.ROOT, "  read %,d chunks%n", chunks);
    }
    for (java.util.function.Supplier<String> note : r.notes) {
      String line = note.get();
      if (line != null) System.out.printf(Locale.ROOT, "  %s%n", line);
    }
    System.out.printf(Locale.ROOT, "  time %.1f s%n", secs);
  }
}
