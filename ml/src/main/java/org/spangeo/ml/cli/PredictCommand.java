package org.spangeo.ml.cli;

import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.spangeo.jobs.cli.OutputOptions;
import org.spangeo.ml.inference.Predict;
import org.spangeo.ml.inference.PredictConfig;
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
        "Probabilities are calibrated with the model's calibration.json (fitted by train on",
        "the validation year) unless --raw is given.",
        "A model trained elsewhere: --model torchscript:PATH.pt, any TorchScript module taking",
        "(batch, channels, y, x) and returning (batch, 1, y, x) or (batch, 1), with --features",
        "(its channels in order), --normalisation (statistics: a JSON file, patch store or model",
        "directory) and --input-dims (its window).",
        "",
        "  spangeo predict --in 'data/era5/era5_*.zarr' --years 2022 --model out/model \\",
        "      --out out/pred_2022.zarr", ""})
public final class PredictCommand extends MlCommand {
  @Mixin
  YearsInput data = new YearsInput();

  @Mixin
  OutputOptions output = new OutputOptions();

  @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory (spangeo train), or"
      + " torchscript:PATH.pt.")
  String model;

  @Option(names = "--batch-size", paramLabel = "N", defaultValue = "256", description = "Windows per forward pass (default ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--tile-mb", paramLabel = "MB", defaultValue = "64",
      description = "Decoded input one task holds at most, in MB (default ${DEFAULT-VALUE}): sets the time steps a task predicts.")
  long tileMb;

  @Option(names = "--raw", description = "Write the network's own probabilities (sigmoid of the logit), not the calibrated ones.")
  boolean raw;

  @Option(names = "--features", split = ",", paramLabel = "NAME", description = "For a TorchScript model: its input channels, in order.")
  java.util.List<String> features;

  @Option(names = "--normalisation", paramLabel = "FILE", description = "For a TorchScript model: the statistics its inputs are"
      + " normalised with ((x - mean) / std, NaN to 0): normalisation.json, a patch store or a model directory.")
  String normalisation;

  @Option(names = "--input-dims", paramLabel = "DIM=N,...", description = "For a TorchScript model: its window, e.g."
      + " latitude=16,longitude=16.")
  String inputDims;

  @Option(names = "--torchscript-output", paramLabel = "KIND", defaultValue = "logit", description = "For a TorchScript model: its"
      + " output is a logit (sigmoid applied; default) or a probability.")
  String torchScriptOutput;

  @Override
  void run(JavaSparkContext jsc, HadoopConf conf) {
    long t0 = System.nanoTime();
    ZarrWriter.Mode m = output.mode();
    Dataset ds = data.open(conf, "--vars is not used by predict: the model names its features (model.json)");
    Selection sel = data.select(ds);
    PredictConfig pc = new PredictConfig().model(model).out(output.out).batchSize(batchSize).tileBytes(Math.max(1, tileMb) << 20);
    pc.compressor = output.compressor;
    pc.raw = raw;
    if (features != null) pc.features = features;
    if (normalisation != null) {
      pc.normalisation = PatchesCommand.readStats(conf, normalisation, "--normalisation");
      pc.normalisationSource = normalisation;
    }
    if (inputDims != null) {
      pc.inputDims = org.spangeo.zarr.dataset.DimSizes.parse(inputDims, "--input-dims", 1, "latitude=16,longitude=16");
    }
    pc.torchScriptOutput = torchScriptOutput;
    Predict.Result r = Predict.run(jsc, conf, ds, sel, pc, m);
    if (org.spangeo.ml.inference.TorchScriptModel.is(model)) {
      System.out.println("predict: TorchScript module " + model + " on " + String.join(",", features) + " ("
          + ("logit".equals(torchScriptOutput) ? "sigmoid of its logits" : "its own probabilities") + "), not calibrated");
    } else if (raw) {
      System.out.println("predict: the network's raw probabilities (--raw), not calibrated");
    } else if (r.uncalibratedModel) {
      System.out.println("predict: model " + model + " has no calibration (trained before calibration): these are its raw,"
          + " uncalibrated probabilities");
    } else {
      System.out.println("predict: probabilities calibrated with " + r.calibration);
    }
    System.out.printf(Locale.ROOT, "predict: %s over %,d cells, %,d windows in %d tasks -> %s (%.1f s)%n", r.variable, r.cells,
        r.windows, r.partitions, output.out, (System.nanoTime() - t0) / 1e9);
    if (m == ZarrWriter.Mode.APPEND) {
      System.out.printf(Locale.ROOT, "  appended: the store is now (%s)%n", org.spangeo.jobs.cli.AnalysisCommand.storeDims(conf, output.out));
    }
  }
}
