package org.spangeo.jobs.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.spangeo.jobs.convert.NetCdfToZarr;
import org.spangeo.jobs.ui.ConsoleProgress;
import org.spangeo.jobs.ui.SparkJobs;
import org.spangeo.zarr.blocks.Block;
import org.spangeo.zarr.dataset.CfTime;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.dataset.DimSizes;
import org.spangeo.zarr.dataset.Variable;
import org.spangeo.zarr.store.HadoopConf;
import org.spangeo.zarr.write.SparkBlockWriter;
import org.spangeo.zarr.write.ZarrWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code spangeo convert}: NetCDF-3 and NetCDF-4 files to one Zarr store, as
 * {@code xr.open_mfdataset(files).to_zarr(out)}; the reading runs in Spark tasks, each reading
 * only the boxes of the output chunks it writes.
 */
@Command(name = "convert", mixinStandardHelpOptions = true,
    description = {"Convert NetCDF files to one Zarr store: xr.open_mfdataset(files).to_zarr(out).",
        "Reads NetCDF-3 (classic, 64-bit offset, 64-bit data) and NetCDF-4/HDF5.",
        "Several files are joined along the unlimited (time) dim, in time order;",
        "they must agree on the other dims, variables and coordinates. Values are",
        "decoded as xarray decodes them (_FillValue, missing_value to NaN;",
        "scale_factor, add_offset applied) and times re-encoded. Char and string",
        "variables cannot be converted: leave them out with --drop.",
        "Files without a time axis (one day per file) are stacked along a new dim with --stack-dim,",
        "as da.stack / xr.concat(..., dim='day'): its values come from --stack-coord or the file names.",
        "Example: spangeo convert --in 'data/era-*.nc' \\",
        "           --chunks time=24,latitude=50,longitude=50 --out out/era.zarr",
        "         spangeo convert --in 'data/weather/*.hdf5' --stack-dim day --out out/weather.zarr"})
public final class ConvertCommand implements Callable<Integer> {
  @Option(names = "--in", required = true, split = ",", arity = "1..*", paramLabel = "FILE",
      description = "NetCDF files: paths, globs ('data/*.nc') or any Hadoop URI; several are joined along time.")
  List<String> inputs = new ArrayList<>();

  @Mixin
  OutputOptions output = new OutputOptions();

  @Option(names = "--chunks", paramLabel = "DIM=N,...",
      description = "Output chunk sizes (time=24,latitude=50,longitude=50); other dims: whole, cut to about --chunk-size.")
  String chunks;

  @Option(names = "--chunk-size", paramLabel = "SIZE", defaultValue = "8MiB",
      description = "Target size of a chunk along dims --chunks does not give (default ${DEFAULT-VALUE}).")
  String chunkSize;

  @Option(names = "--drop", split = ",", paramLabel = "VAR", description = "Variables to leave out (e.g. char or string variables).")
  List<String> drop = new ArrayList<>();

  @Option(names = "--stack-dim", paramLabel = "NAME",
      description = "Stack the files along a new first dim NAME (for files without a time axis), one index per file.")
  String stackDim;

  @Option(names = "--stack-coord", split = ",", paramLabel = "V",
      description = "The values of --stack-dim, one per file in file-name order (numbers or dates); default: the date or"
          + " number in each file's name (2014-01-03.hdf5, run_7.nc), the files ordered by it.")
  List<String> stackCoord = new ArrayList<>();

  @Option(names = "--no-decode-times", description = "Keep time values as numbers with their units (needed for calendars such as noleap or 360_day).")
  boolean noDecodeTimes;

  @Mixin
  SparkRunOptions run = new SparkRunOptions();

  @Override
  public Integer call() throws Exception {
    long t0 = System.nanoTime();
    ZarrWriter.Mode m = output.mode(); // bad options fail before any work
    NetCdfToZarr.Options o = new NetCdfToZarr.Options();
    o.drop = drop;
    o.chunks = DimSizes.parse(chunks, "--chunks", 1, "time=24,latitude=50,longitude=50");
    o.compressor = output.compressor;
    o.decodeTimes = !noDecodeTimes;
    o.chunkBytes = Sizes.parse(chunkSize, "--chunk-size");
    if (!stackCoord.isEmpty() && stackDim == null) throw new org.spangeo.zarr.InvalidArgumentException("--stack-coord is for --stack-dim");
    if (stackDim != null && stackDim.isBlank()) throw new org.spangeo.zarr.InvalidArgumentException("--stack-dim needs a name (day)");
    o.stackDim = stackDim;
    o.stackCoord = stackCoord;
    SparkSession spark = run.start("spangeo convert " + (inputs.size() == 1 ? inputs.get(0) : SparkJobs.count(inputs.size(), "input"))
        + (stackDim == null ? "" : " stacked on " + stackDim) + " -> " + output.out);
    try {
      HadoopConf conf = new HadoopConf(spark.sparkContext().hadoopConfiguration());
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      if (m == ZarrWriter.Mode.APPEND) o.timeUnits = storeTimeUnits(conf);
      NetCdfToZarr plan = NetCdfToZarr.plan(inputs, o, conf);
      String vars = String.join(", ", plan.dataVariables());
      String outShort = SparkJobs.shortPath(output.out);
      String details = "spangeo convert " + String.join(" ", inputs) + "\nin   " + String.join("\n     ", plan.files())
          + "\nread " + vars + "\nout  " + output.out + " (" + SparkJobs.count(plan.chunkCount(), "chunk") + ")";
      LongAccumulator boxes = jsc.sc().longAccumulator("convert boxes read");
      LongAccumulator bytes = jsc.sc().longAccumulator("convert bytes read");
      try (SparkJobs.Described job = SparkJobs.describe(jsc, "spangeo-convert",
              "convert " + SparkJobs.count(plan.files().size(), "NetCDF file") + " to Zarr",
              (vars.length() > SelectionWords.VARS_WIDTH ? SparkJobs.count(plan.dataVariables().size(), "variable") : vars)
                  + " -> " + outShort, details);
           ConsoleProgress progress = run.progress(spark)) {
        ZarrWriter w = ZarrWriter.begin(conf, output.out, plan.spec(), m);
        try {
          JavaRDD<Block> blocks;
          try (SparkJobs.Site s = SparkJobs.site(jsc, "read " + SparkJobs.count(plan.files().size(), "NetCDF file") + " ("
              + SparkJobs.count(plan.chunkCount(), "chunk") + ")")) {
            blocks = plan.blocks(jsc, conf, boxes, bytes);
          }
          try (SparkJobs.Site s = SparkJobs.site(jsc, "write " + outShort + " (" + SparkJobs.count(plan.chunkCount(), "chunk") + ")")) {
            SparkBlockWriter.write(blocks, w);
          }
        } catch (Exception e) {
          // a failed Spark job surfaces as SparkException, a checked exception the writer's own
          // abort (RuntimeException only) misses: give up the staging folder here
          w.abort();
          throw e;
        }
      }
      printSummary(plan, boxes.value(), bytes.value(), (System.nanoTime() - t0) / 1e9);
      if (m == ZarrWriter.Mode.APPEND) {
        System.out.printf(Locale.ROOT, "       appended: the store is now (%s)%n", AnalysisCommand.storeDims(conf, output.out));
      }
      run.keepUiIfAsked(spark);
      return 0;
    } finally {
      if (System.getProperty("spangeo.keepSession") == null) spark.stop();
    }
  }

  /** When appending: the units the store counts its time-valued data variables in, so new values are counted alike. */
  Map<String, CfTime> storeTimeUnits(HadoopConf conf) {
    Map<String, CfTime> units = new LinkedHashMap<>();
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(output.out);
    try {
      if (!p.getFileSystem(conf.get()).exists(p)) return units;
    } catch (java.io.IOException e) {
      return units;
    }
    Dataset ds = Dataset.open(conf, output.out);
    for (String name : ds.dataVariableNames()) {
      Variable v = ds.variable(name);
      String u = v.attributes().path("units").asText(null);
      if (u == null || !CfTime.isTimeUnits(u)) continue;
      String cal = v.attributes().path("calendar").asText(null);
      try {
        units.put(name, CfTime.parse(u, cal));
      } catch (IllegalArgumentException e) {
        // not decodable: the converter refuses such variables unless --no-decode-times
      }
    }
    return units;
  }

  void printSummary(NetCdfToZarr plan, long boxes, long bytes, double secs) {
    List<String> files = plan.files();
    System.out.printf(Locale.ROOT, "convert: %d NetCDF file%s to Zarr%s%n", files.size(), files.size() == 1 ? "" : "s",
        plan.concatDim() == null ? "" : (stackDim != null ? ", stacked along a new dim " : ", joined along ") + plan.concatDim());
    System.out.printf(Locale.ROOT, "  in   %s%s (%s)%n", files.get(0),
        files.size() > 1 ? " .. " + files.get(files.size() - 1) : "", String.join(", ", plan.formats()));
    System.out.printf(Locale.ROOT, "       %d variable%s: %s%s%n", plan.dataVariables().size(),
        plan.dataVariables().size() == 1 ? "" : "s", String.join(", ", plan.dataVariables()),
        plan.dropped().isEmpty() ? "" : "; dropped " + String.join(", ", plan.dropped()));
    if (!plan.ignoredGroups().isEmpty()) {
      System.out.printf(Locale.ROOT, "       NetCDF-4 groups not converted: %s%n", String.join(", ", plan.ignoredGroups()));
    }
    StringBuilder dims = new StringBuilder();
    for (Map.Entry<String, Long> e : plan.dims().entrySet()) {
      dims.append(dims.length() > 0 ? ", " : "").append(e.getKey()).append(": ").append(e.getValue());
    }
    System.out.printf(Locale.ROOT, "  out  %s (%s), %,d cells in %,d chunks%n", output.out, dims, plan.cells(), plan.chunkCount());
    System.out.printf(Locale.ROOT, "  read %,d boxes in Spark tasks, %.1f MB of stored values%n", boxes, bytes / 1e6);
    System.out.printf(Locale.ROOT, "  time %.1f s%n", secs);
  }
}
