package org.spangeo.ml.cli;

import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.spangeo.jobs.cli.InputOptions;
import org.spangeo.jobs.cli.OutputOptions;
import org.spangeo.jobs.cli.SelectionOptions;
import org.spangeo.ml.inference.Predict;
import org.spangeo.ml.inference.PredictConfig;
import org.spangeo.ml.patches.Years;
import org.spangeo.zarr.InvalidArgumentException;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.dataset.Selection;
import org.spangeo.zarr.store.HadoopConf;
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

  @Mixin
  OutputOptions output = new OutputOptions();

  @Option(names = "--years", paramLabel = "Y[,Y]", description = "Years to keep: 2022 or 2022-2023.")
  String years;

  @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory (spangeo train).")
  String model;

  @Option(names = "--batch-size", paramLabel = "N", defaultValue = "256", description = "Windows per forward pass (default ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--tile-mb", paramLabel = "MB", defaultValue = "64",
      description = "Decoded input one task holds at most, in MB (default ${DEFAULT-VALUE}): sets the time steps a task predicts.")
  long tileMb;

  @Override
  String name() {
    return "predict";
  }

  @Override
  void run(JavaSparkContext jsc, HadoopConf conf) {
    long t0 = System.nanoTime();
    ZarrWriter.Mode m = output.mode();
    Dataset ds = input.open(conf);
    if (!selection.variables(ds).equals(ds.dataVariableNames())) {
      throw new InvalidArgumentException("--vars is not used by predict: the model names its features (model.json)");
    }
    Selection sel = Years.select(ds, selection.apply(ds), Years.parse(years));
    PredictConfig pc = new PredictConfig().model(model).out(output.out).batchSize(batchSize).tileBytes(Math.max(1, tileMb) << 20);
    pc.compressor = output.compressor;
    Predict.Result r = Predict.run(jsc, conf, ds, sel, pc, m);
    System.out.printf(Locale.ROOT, "predict: %s over %,d cells, %,d windows in %d tasks -> %s (%.1f s)%n", r.variable, r.cells,
        r.windows, r.partitions, output.out, (System.nanoTime() - t0) / 1e9);
    if (m == ZarrWriter.Mode.APPEND) {
      System.out.printf(Locale.ROOT, "  appended: the store is now (%s)%n", org.spangeo.jobs.cli.AnalysisCommand.storeDims(conf, output.out));
    }
  }
}
