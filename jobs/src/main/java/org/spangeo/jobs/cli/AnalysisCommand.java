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
import org.spangeo.zarr.write.Compressors;
import org.spangeo.zarr.write.SparkBlockWriter;
import org.spangeo.zarr.write.ZarrWriter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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

  @Option(names = "--out", required = true, paramLabel = "STORE", description = "Output Zarr store (any Hadoop URI).")
  protected String out;

  @Option(names = "--mode", paramLabel = "MODE", defaultValue = "errorifexists",
      description = "errorifexists (default), overwrite, or append (grow the store along time).")
  protected String mode;

  @Option(names = "--overwrite", description = "Same as --mode overwrite.")
  protected boolean overwrite;

  @Option(names = "--compressor", paramLabel = "SPEC", defaultValue = Compressors.DEFAULT,
      description = "blosc:<cname>:<level>:<shuffle> (default ${DEFAULT-VALUE}), zstd:<level>, zlib:<level>, gzip:<level>, lz4, none.")
  protected String compressor;

  @Mixin
  protected SparkRunOptions run = new SparkRunOptions();

  @Option(names = "--zarr-format", paramLabel = "2|3", defaultValue = "2",
      description = "Zarr format of the output: 2 (default; what xarray 2023 and zarr-python 2 read) or 3.")
  protected int zarrFormat;

  @Option(names = "--dtype", paramLabel = "TYPE",
      description = "Stored type of the output's data variables: float32 (the default for reductions) or float64.")
  protected String dtype;

  @Option(names = "--fill-value", paramLabel = "X",
      description = "The output's fill value for missing cells (default NaN).")
  protected Double fillValue;

  @Option(names = "--keep-point-dims",
      description = "With one --point, keep latitude and longitude as dims of size 1, as xarray's sel(latitude=[LAT],"
          + " longitude=[LON], method='nearest'); by default they are dropped and kept as scalar coordinates, as"
          + " sel(latitude=LAT, longitude=LON, method='nearest') does.")
  protected boolean keepPointDims;


  /** The output spec with --zarr-format, --dtype and --fill-value applied. */
  protected org.spangeo.zarr.write.DatasetSpec outputSpec(org.spangeo.zarr.write.DatasetSpec spec) {
    org.spangeo.zarr.write.DatasetSpec out = spec;
    if (dtype != null || fillValue != null) {
      out = new org.spangeo.zarr.write.DatasetSpec().attributes(spec.attributes());
      for (org.spangeo.zarr.write.VariableSpec v : spec.variables().values()) {
        if (spec.isCoordinate(v.name())) {
          out.coordinate(v, spec.coordinateValues(v.name()));
          continue;
        }
        org.spangeo.zarr.metadata.DType t = v.dtype();
        if (dtype != null) {
          switch (dtype) {
            case "float32": t = org.spangeo.zarr.metadata.DType.parseV2("<f4"); break;
            case "float64": t = org.spangeo.zarr.metadata.DType.parseV2("<f8"); break;
            default: throw new InvalidArgumentException("--dtype '" + dtype + "' is not float32 or float64");
          }
        }
        double f = fillValue != null ? fillValue : Double.NaN;
        out.variable(v.withDType(t, org.spangeo.zarr.metadata.FillValue.ofDouble(f)));
      }
    }
    if (zarrFormat != 2 && zarrFormat != 3) throw new InvalidArgumentException("--zarr-format " + zarrFormat + " is not 2 or 3");
    return zarrFormat == 3 ? out.withZarrFormat(3) : out;
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
    ZarrWriter.Mode m = overwrite ? ZarrWriter.Mode.OVERWRITE : ZarrWriter.Mode.parse(mode);
    Compressors.parse(compressor, 4); // a bad spec fails before any work
    SparkSession spark = run.start("spangeo " + name());
    try {
      HadoopConf conf = new HadoopConf(spark.sparkContext().hadoopConfiguration());
      Dataset ds = input.open(conf);
      Selection sel = selection.apply(ds);
      if (sel.isEmpty()) throw new InvalidArgumentException("the selection is empty");
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      StageInput in = new StageInput(jsc, ds, sel, selection.variables(ds));
      long chunks = Blocks.plan(ds, sel, in.vars).size();
      StageResult r;
      try (SparkJobs.Described job = SparkJobs.describe(jsc, "spangeo-" + name(), description(in, chunks));
           ConsoleProgress progress = run.progress(spark)) {
        r = run(in);
        if (selection.points.size() == 1 && !selection.pointsAsDim && !keepPointDims) {
          r = org.spangeo.jobs.stages.PointDims.drop(in, r, SelectionOptions.dimLike(ds, "latitude", "lat"),
              SelectionOptions.dimLike(ds, "longitude", "lon"));
        }
        ZarrWriter w = ZarrWriter.begin(conf, out, outputSpec(r.spec), m);
        job.step("write " + out);
        SparkBlockWriter.write(r.blocks, w, writeGroupBytes(in, r));
      }
      if (m == ZarrWriter.Mode.APPEND) appended = storeDims(conf, out);
      double secs = (System.nanoTime() - t0) / 1e9;
      printSummary(in, r, chunks, secs);
      run.keepUiIfAsked(spark);
      return 0;
    } finally {
      if (System.getProperty("spangeo.keepSession") == null) spark.stop();
    }
  }

  /** A store's dims and sizes, in the order its data variables use them ("time: 2920, latitude: 31"). */
  public static String storeDims(HadoopConf conf, String store) {
    Dataset d = Dataset.open(conf, store);
    Map<String, Long> sizes = new java.util.LinkedHashMap<>();
    for (String v : d.dataVariableNames()) for (String dim : d.variable(v).dims()) sizes.putIfAbsent(dim, d.dimSize(dim));
    return list(sizes);
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

  /**
   * The output's dims as xarray lists them: those of its data variables, in order, with their
   * sizes ("time: 1461, point: 3"); dims without a coordinate (a points' 'point') included.
   */
  static String dims(org.spangeo.zarr.write.DatasetSpec spec) {
    Map<String, Long> sizes = new java.util.LinkedHashMap<>();
    for (org.spangeo.zarr.write.VariableSpec v : spec.variables().values()) {
      if (spec.isCoordinate(v.name())) continue;
      for (int a = 0; a < v.dims().size(); a++) sizes.putIfAbsent(v.dims().get(a), v.shape()[a]);
    }
    return list(sizes);
  }

  private static String list(Map<String, Long> sizes) {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, Long> e : sizes.entrySet()) b.append(b.length() > 0 ? ", " : "").append(e.getKey()).append(": ").append(e.getValue());
    return b.toString();
  }

  /** After an append: the dims of the whole store, read back from it. */
  private String appended;

  void printSummary(StageInput in, StageResult r, long chunks, double secs) {
    System.out.printf(Locale.ROOT, "%s: %s%n", name(), what(in));
    System.out.printf(Locale.ROOT, "  in   %s (%d store%s), %s%n", in.ds.sources().get(0), in.ds.sources().size(),
        in.ds.sources().size() == 1 ? "" : "s", in.sel);
    System.out.printf(Locale.ROOT, "       %,d cells selected of %s%n", r.cellsIn, String.join(", ", in.vars));
    System.out.printf(Locale.ROOT, "  out  %s (%s), %,d cells%n", out, dims(r.spec), r.cellsOut());
    if (appended != null) System.out.printf(Locale.ROOT, "       appended: the store is now (%s)%n", appended);
    if (in.metrics != null) {
      System.out.printf(Locale.ROOT, "  read %,d chunks, %.1f MB stored, %.1f MB decoded%n", in.metrics.chunksRead.value(),
          in.metrics.storedBytes.value() / 1e6, in.metrics.decodedBytes.value() / 1e6);
    } else {
      System.out.printf(Locale.ROOT, "  read %,d chunks%n", chunks);
    }
    System.out.printf(Locale.ROOT, "  time %.1f s%n", secs);
  }
}
