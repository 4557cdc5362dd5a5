package org.spangeo.jobs.cli;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.spangeo.jobs.stages.Carry;
import org.spangeo.jobs.stages.StageInput;
import org.spangeo.jobs.stages.StageResult;
import org.spangeo.jobs.ui.ConsoleProgress;
import org.spangeo.jobs.ui.SparkJobs;
import org.spangeo.zarr.InvalidArgumentException;
import org.spangeo.zarr.blocks.Block;
import org.spangeo.zarr.blocks.Blocks;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.dataset.Selection;
import org.spangeo.zarr.store.HadoopConf;
import org.spangeo.zarr.write.SparkBlockWriter;
import org.spangeo.zarr.write.ZarrWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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

  @Option(names = "--keep-point-dims",
      description = "With one --point, keep latitude and longitude as dims of size 1, as xarray's sel(latitude=[LAT],"
          + " longitude=[LON], method='nearest'); by default they are dropped and kept as scalar coordinates, as"
          + " sel(latitude=LAT, longitude=LON, method='nearest') does.")
  protected boolean keepPointDims;

  /** The input variables the stage reads (default: --vars, or all). */
  protected java.util.List<String> inputVariables(Dataset ds) {
    return selection.variables(ds);
  }

  @Spec
  CommandSpec spec;

  /** Variables carried-or-dropped decisions of the last run left out, with why (for the summary). */
  private Map<String, String> dropped = Map.of();

  /** The command's name in job descriptions and summaries: its {@code @Command} name. */
  protected String name() {
    return getClass().getAnnotation(Command.class).name();
  }

  /** What the stage does, in words, for the job description ("climatology by month (mean)"). */
  protected abstract String what(StageInput in);

  protected abstract StageResult run(StageInput in);

  /**
   * The dim the stage works along (time for resample, climatology, anomaly), or null: variables
   * without it are carried unchanged, as xarray keeps them through those operations.
   */
  protected String alongDim(Dataset ds) {
    return null;
  }

  /** True for a command that may only carry variables, computing on none (subset). */
  protected boolean carriesOnly() {
    return false;
  }

  /** Group budget for the output writer (rechunk sets its own from --max-mem). */
  protected long writeGroupBytes(StageInput in, StageResult r) {
    return SparkBlockWriter.DEFAULT_GROUP_BYTES;
  }

  @Override
  public Integer call() {
    long t0 = System.nanoTime();
    ZarrWriter.Mode m = output.mode(); // bad options fail before any work
    format.check();
    SparkSession spark = run.start(appName());
    try {
      HadoopConf conf = new HadoopConf(spark.sparkContext().hadoopConfiguration());
      Dataset ds = input.open(conf);
      Selection sel = selection.apply(ds);
      // numbers and bools are computed on; strings, times, bounds, coordinates carried as xarray carries them
      Carry.Plan plan = Carry.plan(ds, sel, inputVariables(ds), !selection.vars.isEmpty(), alongDim(ds),
          carriesOnly(), name());
      if (sel.isEmpty()) throw new InvalidArgumentException("nothing selected: the selection is empty");
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      StageInput in = new StageInput(jsc, ds, sel, plan.computed);
      long chunks = Blocks.plan(ds, sel, in.vars).size();
      String[] words = jobWords(in, chunks);
      StageResult r;
      try (SparkJobs.Described job = SparkJobs.describe(jsc, "spangeo-" + name(), words[0], words[1], details(in, chunks));
           ConsoleProgress progress = run.progress(spark)) {
        // each stage named by what it does: read, then combine (after a shuffle), then write
        try (SparkJobs.Site s = SparkJobs.site(jsc, words[2])) {
          r = run(in);
        }
        if (selection.points.size() == 1 && !selection.pointsAsDim && !keepPointDims) {
          r = org.spangeo.jobs.stages.PointDims.drop(in, r, SelectionOptions.dimLike(ds, "latitude", "lat"),
              SelectionOptions.dimLike(ds, "longitude", "lon"));
        }
        // carried variables are decided on the output as written (without a --point's lat/lon dims)
        dropped = Carry.apply(in, r.spec, plan.carried);
        ZarrWriter w = ZarrWriter.begin(conf, output.out, format.apply(r.spec), m);
        JavaRDD<Block> blocks = SparkJobs.nameCombineStage(jsc, r.blocks, what(in));
        try (SparkJobs.Site s = SparkJobs.site(jsc, writeStage(w.spec()))) {
          SparkBlockWriter.write(blocks, w, writeGroupBytes(in, r));
        }
      }
      if (m == ZarrWriter.Mode.APPEND) appended = storeDims(conf, output.out);
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

  /** The command's main arguments besides the selection, for the application name ("by season", "1D"). */
  protected String args() {
    return "";
  }

  /**
   * The application name, from the options (before any data is opened), so that runs tell
   * apart in the History Server's list: "spangeo climatology temperature@850 JJAS 2019-2021 -> out/clim.zarr".
   */
  String appName() {
    String a = (args() + " " + new SelectionWords(selection).options()).trim();
    return "spangeo " + name() + (a.isEmpty() ? "" : " " + a) + " -> " + output.out;
  }

  /**
   * The job description's two parts, what the command does and the selection it does it on
   * ("climatology by month (mean)", "temperature 850 hPa, JJAS 2019-2021 -> out/clim.zarr"),
   * and the reading stage's name ("read temperature 850 hPa JJAS (15 chunks)").
   */
  String[] jobWords(StageInput in, long chunks) {
    SelectionWords words = new SelectionWords(selection);
    return new String[] {what(in), words.summary(in.ds, in.vars) + " -> " + SparkJobs.shortPath(output.out),
        "read " + words.read(in.ds, in.vars) + " (" + SparkJobs.count(chunks, "chunk") + ")"};
  }

  /** The writing stage's name: "write out/clim.zarr (4 chunks)". */
  String writeStage(org.spangeo.zarr.write.DatasetSpec spec) {
    return "write " + SparkJobs.shortPath(output.out) + " (" + SparkJobs.count(chunkCount(spec), "chunk") + ")";
  }

  /**
   * The long form, for every stage's "+details": the command line, what it does, the input,
   * the whole selection dim by dim, and what is read and written.
   */
  String details(StageInput in, long chunks) {
    SelectionWords words = new SelectionWords(selection);
    StringBuilder sb = new StringBuilder("spangeo ").append(name());
    if (spec != null && spec.commandLine().getParseResult() != null) {
      // the whole line as typed; this command's own arguments follow its name
      List<String> args = spec.commandLine().getParseResult().originalArgs();
      for (String a : args.subList(args.indexOf(name()) + 1, args.size())) sb.append(' ').append(quote(a));
    }
    sb.append("\n").append(what(in)).append('\n');
    List<String> src = in.ds.sources();
    sb.append("in         ").append(src.get(0)).append(src.size() > 1 ? " .. " + src.get(src.size() - 1) : "")
        .append(" (").append(SparkJobs.count(src.size(), "store")).append(")\n");
    sb.append(words.details(in.ds, in.sel, in.vars));
    sb.append("read       ").append(SparkJobs.count(chunks, "chunk")).append(", ").append(SparkJobs.count(in.cells(), "cell")).append('\n');
    sb.append("out        ").append(output.out);
    return sb.toString();
  }

  private static String quote(String a) {
    return a.matches("[A-Za-z0-9_./:=,@%+*-]+") ? a : "'" + a.replace("'", "'\\''") + "'";
  }

  static long chunkCount(org.spangeo.zarr.write.DatasetSpec spec) {
    long n = 0;
    for (org.spangeo.zarr.write.VariableSpec v : spec.variables().values()) {
      if (!spec.isCoordinate(v.name())) n += v.metadata().chunkCount();
    }
    return n;
  }

  /**
   * The output's dims as xarray lists them: those of its data variables, in order, with their
   * sizes ("time: 1461, point: 3"); dims without a coordinate (a points' 'point') included.
   */
  static String dims(org.spangeo.zarr.write.DatasetSpec spec) {
    Map<String, Long> sizes = new java.util.LinkedHashMap<>();
    for (org.spangeo.zarr.write.VariableSpec v : spec.variables().values()) {
      if (spec.isDimCoordinate(v.name())) continue;
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
    System.out.printf(Locale.ROOT, "  out  %s (%s), %,d cells%n", output.out, dims(r.spec), r.cellsOut());
    if (appended != null) System.out.printf(Locale.ROOT, "       appended: the store is now (%s)%n", appended);
    List<String> carried = Carry.carried(r.spec);
    if (!carried.isEmpty()) System.out.printf(Locale.ROOT, "       carried (not computed on): %s%n", String.join(", ", carried));
    if (!dropped.isEmpty()) System.out.printf(Locale.ROOT, "       left out, as xarray leaves them out: %s%n", Carry.describe(dropped));
    if (in.metrics != null) {
      System.out.printf(Locale.ROOT, "  read %,d chunks, %.1f MB stored, %.1f MB decoded%n", in.metrics.chunksRead.total(),
          in.metrics.storedBytes.total() / 1e6, in.metrics.decodedBytes.total() / 1e6);
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
