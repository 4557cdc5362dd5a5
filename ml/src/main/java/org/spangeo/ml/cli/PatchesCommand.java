package org.spangeo.ml.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.spangeo.jobs.cli.OptionWording;
import org.spangeo.jobs.cli.OutputOptions;
import org.spangeo.ml.patches.Normalisation;
import org.spangeo.ml.patches.PatchSpec;
import org.spangeo.ml.patches.Patches;
import org.spangeo.ml.patches.Years;
import org.spangeo.zarr.NotFoundException;
import org.spangeo.zarr.SpangeoException;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.dataset.Selection;
import org.spangeo.zarr.metadata.MetadataParser;
import org.spangeo.zarr.store.HadoopConf;
import org.spangeo.zarr.write.ZarrWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "patches", mixinStandardHelpOptions = true, resourceBundle = "org.spangeo.ml.cli.PatchesCommand$Wording",
    description = {"Cut the data into training patches with xbatcher.BatchGenerator's rules and",
        "write a patch store (Zarr): features(batch, variable, time, latitude, longitude)",
        "float32 normalised, label(batch, time, latitude, longitude) int8, start_<dim>(batch)",
        "and batch_<dim>(batch, <dim>) to trace each batch to the grid, normalisation.json.",
        "Windows start at 0 with stride = size - overlap; ragged edges are dropped; batches",
        "are numbered batch dims first, then input dims in the order given, last fastest.",
        "",
        "  spangeo patches --in 'data/era5/era5_*.zarr' --years 2019,2020 \\",
        "      --input-dims latitude=16,longitude=16 --overlap latitude=4,longitude=4 \\",
        "      --batch-dims time=32 --seed 1 --out out/train.zarr",
        "  spangeo patches --in 'data/era5/era5_*.zarr' --years 2021 --stats out/train.zarr \\",
        "      --input-dims latitude=16,longitude=16 --overlap latitude=4,longitude=4 \\",
        "      --batch-dims time=32 --out out/valid.zarr", ""})
public final class PatchesCommand extends MlCommand {
  @Mixin
  YearsInput data = new YearsInput();

  @Mixin
  OutputOptions output = new OutputOptions();

  @Option(names = "--features", split = ",", paramLabel = "VAR",
      description = "Feature variables, in channel order (default: ${DEFAULT-VALUE}).",
      defaultValue = "convective_available_potential_energy,convective_inhibition,k_index,boundary_layer_height")
  List<String> features = new ArrayList<>();

  @Option(names = "--label", paramLabel = "VAR", defaultValue = "total_precipitation",
      description = "The variable the label comes from (default ${DEFAULT-VALUE}).")
  String label;

  @Option(names = "--label-factor", paramLabel = "X", defaultValue = "1000",
      description = "Unit factor: label = VAR * factor > threshold (default ${DEFAULT-VALUE}: m/h to mm/h).")
  double labelFactor;

  @Option(names = "--label-threshold", paramLabel = "X", defaultValue = "5",
      description = "Event threshold after the factor (default ${DEFAULT-VALUE}: 5 mm/h).")
  double labelThreshold;

  @Option(names = "--input-dims", paramLabel = "DIM=N,...", defaultValue = "latitude=16,longitude=16",
      description = "xbatcher's input_dims: the patch's window (default ${DEFAULT-VALUE}).")
  String inputDims;

  @Option(names = "--overlap", paramLabel = "DIM=N,...", defaultValue = "",
      description = "xbatcher's input_overlap: cells shared by neighbouring windows (default none).")
  String overlap;

  @Option(names = "--batch-dims", paramLabel = "DIM=N,...", defaultValue = "time=32",
      description = "xbatcher's batch_dims: cut into consecutive blocks of N (default ${DEFAULT-VALUE}); other dims are kept whole.")
  String batchDims;

  @Option(names = "--seed", paramLabel = "N", description = "Shuffle the batches, reproducibly, with this seed (default: xbatcher's order).")
  Long seed;

  @Option(names = "--oversample-events", paramLabel = "K", defaultValue = "1",
      description = "Write each batch holding at least one event K times (default 1: no oversampling).")
  int oversample;

  @Option(names = "--stats", paramLabel = "PATH",
      description = "Normalise with these statistics instead of computing them: a patch store or model directory (its"
          + " normalisation.json) or a JSON file. Use the training store's for validation and test patches.")
  String stats;

  @Option(names = "--batches-per-chunk", paramLabel = "N", defaultValue = "0",
      description = "Batches per stored chunk (default: about 4 MB of features a chunk).")
  int batchesPerChunk;

  @Option(names = "--raw", description = "Keep the features as read: not normalised, NaN kept (the statistics are still"
      + " stored), for a pipeline of your own; train refuses such a store.")
  boolean raw;

  @Override
  void run(JavaSparkContext jsc, HadoopConf conf) {
    long t0 = System.nanoTime();
    ZarrWriter.Mode mode = output.mode();
    PatchSpec spec = new PatchSpec().features(features).label(label, labelFactor, labelThreshold).inputDims(inputDims)
        .overlap(overlap).batchDims(batchDims).seed(seed).oversampleEvents(oversample).batchesPerChunk(batchesPerChunk);
    spec.compressor = output.compressor;
    spec.raw = raw;
    if (stats != null) spec.statistics(readStats(conf, stats, "--stats"));
    Dataset ds = data.open(conf, "--vars is not used by patches: name the inputs with --features and --label");
    Selection sel = data.select(ds);
    Patches.Result r = Patches.run(jsc, conf, ds, sel, spec, output.out, mode);
    // the cut counts the batches with events either way; oversampling repeats them
    System.out.printf(Locale.ROOT, "patches: %,d batches of %s %s (xbatcher: %,d; %,d with events%s)%n", r.batchesWritten(),
        String.join("x", toStrings(r.grid().windowShape())), r.grid().dims(), r.grid().batches(), r.eventBatches(),
        oversample > 1 && r.eventBatches() > 0 ? String.format(Locale.ROOT, ", those %d times", oversample) : "");
    System.out.printf(Locale.ROOT, "  in   %s, %s%n", ds.sources().get(0) + (ds.sources().size() > 1 ? " ..." : ""), sel);
    System.out.printf(Locale.ROOT, "  norm %s%n", r.statistics());
    System.out.printf(Locale.ROOT, "  data patches from %s; statistics %s %s%s%n", Years.span(Years.describe(ds, sel)),
        stats != null ? "from " + stats + ", fitted on" : "fitted on these,", Years.span(r.statistics().fittedOn()),
        raw ? "; features NOT normalised (--raw)" : "");
    System.out.printf(Locale.ROOT, "  out  %s%n", output.out);
    System.out.printf(Locale.ROOT, "  time %.1f s%n", (System.nanoTime() - t0) / 1e9);
  }

  static String[] toStrings(int[] a) {
    String[] s = new String[a.length];
    for (int i = 0; i < a.length; i++) s[i] = Integer.toString(a[i]);
    return s;
  }

  /** Statistics from a JSON file, or the normalisation.json of a patch store or model directory. */
  static Normalisation readStats(HadoopConf conf, String path, String option) {
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
    try {
      org.apache.hadoop.fs.FileSystem fs = p.getFileSystem(conf.get());
      if (fs.isDirectory(p)) p = new org.apache.hadoop.fs.Path(p, Patches.STATS_FILE);
      if (!fs.exists(p)) throw new NotFoundException(option + " " + path + ": no statistics there (expected a JSON file, or a patch store"
          + " or model directory holding " + Patches.STATS_FILE + ")");
      try (java.io.InputStream in = fs.open(p)) {
        return Normalisation.fromJson(MetadataParser.JSON.readTree(in), option + " " + path);
      }
    } catch (java.io.IOException e) {
      throw new SpangeoException(option + " " + path + ": " + e.getMessage());
    }
  }

  /** The output options as patches words them: a patch store is written whole, never appended to. */
  public static final class Wording extends OptionWording {
    public Wording() {
      super("out", "The patch store to write (any Hadoop URI).",
          "mode", "errorifexists (default) or overwrite (a patch store cannot be appended to).");
    }
  }
}
