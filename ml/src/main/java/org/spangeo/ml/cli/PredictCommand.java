package org.spangeo.ml.cli;

import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.spangeo.jobs.cli.InputOptions;
import org.spangeo.jobs.cli.SelectionOptions;
import org.spangeo.ml.inference.Predict;
import org.spangeo.ml.inference.PredictConfig;
import org.spangeo.ml.patches.Years;
import org.spangeo.zarr.InvalidArgumentException;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.dataset.Selection;
import org.spangeo.zarr.store.HadoopConf;
import org.spangeo.zarr.write.Compressors;
import org.spangeo.zarr.write.ZarrWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "predict", mixinStandardHelpOptions = true,
    description = {"Run a trained model over every cell of the selection, in Spark executors, and",
        "write convection_probability(time, latitude, longitude) float32 on the input's grid.",
        "Windows are the model's (xbatcher's starts, plus one aligned to the far edge where",
        "xbatcher would drop the ragged edge); overlapping windows are averaged. The model is",
        "loaded once per executor and a Predictor made per task. Opens with xr.open_zarr.",
        "",
        "  spangeo predict --in 'data/era5/era5_*.zarr' --years 2022 --model out/model \\",
        "      --out out/pred_2022.zarr", ""})
public final class PredictCommand extends MlCommand {
  @Mixin
  InputOptions input = new InputOptions();

  @Mixin
  SelectionOptions selection = new SelectionOptions();

  @Option(names = "--years", paramLabel = "Y[,Y]", description = "Years to keep: 2022 or 2022-2023.")
  String years;

  @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory (spangeo train).")
  String model;

  @Option(names = "--out", required = true, paramLabel = "STORE", description = "Output Zarr store.")
  String out;

  @Option(names = "--mode", paramLabel = "MODE", defaultValue = "errorifexists",
      description = "errorifexists (default), overwrite, or append (grow the store along time).")
  String mode;

  @Option(names = "--overwrite", description = "Same as --mode overwrite.")
  boolean overwrite;

  @Option(names = "--batch-size", paramLabel = "N", defaultValue = "256", description = "Windows per forward pass (default ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--tile-mb", paramLabel = "MB", defaultValue = "64",
      description = "Decoded input one task holds at most, in MB (default ${DEFAULT-VALUE}): sets the time steps a task predicts.")
  long tileMb;

  @Option(names = "--compressor", paramLabel = "SPEC", defaultValue = Compressors.DEFAULT,
      description = "Compressor of the output (default ${DEFAULT-VALUE}).")
  String compressor;

  @Override
  String name() {
    return "predict";
  }

  @Override
  void run(JavaSparkContext jsc, HadoopConf conf) {
    long t0 = System.nanoTime();
    ZarrWriter.Mode m = overwrite ? ZarrWriter.Mode.OVERWRITE : ZarrWriter.Mode.parse(mode);
    Compressors.parse(compressor, 4);
    Dataset ds = input.open(conf);
    if (!selection.variables(ds).equals(ds.dataVariableNames())) {
      throw new InvalidArgumentException("--vars is not used by predict: the model names its features (model.json)");
    }
    Selection sel = Years.select(ds, selection.apply(ds), Years.parse(years));
    PredictConfig pc = new PredictConfig().model(model).out(out).batchSize(batchSize).tileBytes(Math.max(1, tileMb) << 20);
    pc.compressor = compressor;
    Predict.Result r = Predict.run(jsc, conf, ds, sel, pc, m);
    System.out.printf(Locale.ROOT, "predict: %s over %,d cells, %,d windows in %d tasks -> %s (%.1f s)%n", r.variable, r.cells,
        r.windows, r.partitions, out, (System.nanoTime() - t0) / 1e9);
    if (m == ZarrWriter.Mode.APPEND) {
      System.out.printf(Locale.ROOT, "  appended: the store is now (%s)%n", org.spangeo.jobs.cli.AnalysisCommand.storeDims(conf, out));
    }
  }
}
