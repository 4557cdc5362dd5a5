package org.spangeo.ml.cli;

import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.spangeo.ml.train.ConvNet;
import org.spangeo.ml.train.TimeMode;
import org.spangeo.ml.train.Train;
import org.spangeo.ml.train.TrainConfig;
import org.spangeo.zarr.store.HadoopConf;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true,
    description = {"Train a per-pixel convection classifier on a patch store with DJL's PyTorch",
        "engine (CPU, offline). The course's SpatialConvNet: 3x3 Conv2d + ReLU layers and a",
        "1x1 Conv2d to one logit per pixel; Adam; BCE with pos_weight for the rare events.",
        "Prints and logs, per epoch, the loss and on --validation patches loss, CSI, POD and",
        "FAR at 0.5. Writes the model directory: model.json, normalisation.json,",
        "convection-0000.params, training-log.json (relative paths: it can be moved).",
        "PyTorch uses one thread unless -Dai.djl.pytorch.num_threads=N is set.",
        "",
        "  spangeo train --patches out/train.zarr --validation out/valid.zarr --epochs 4 \\",
        "      --out out/model2", ""})
public final class TrainCommand extends MlCommand {
  @Option(names = "--patches", required = true, paramLabel = "STORE", description = "Training patch store (spangeo patches).")
  String patches;

  @Option(names = "--validation", paramLabel = "STORE", description = "Validation patch store (made with --stats of the training store).")
  String validation;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Model directory to write (any Hadoop URI).")
  String out;

  @Option(names = "--overwrite", description = "Replace an existing model directory.")
  boolean overwrite;

  @Option(names = "--epochs", paramLabel = "N", defaultValue = "3", description = "Passes over the training patches (default ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--batch-size", paramLabel = "N", defaultValue = "64",
      description = "Samples per optimiser step (default ${DEFAULT-VALUE}); a sample is one time step of a patch.")
  int batchSize;

  @Option(names = "--learning-rate", paramLabel = "X", defaultValue = "0.001", description = "Adam's learning rate (default ${DEFAULT-VALUE}).")
  float learningRate;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
      description = "Seed of the initial weights and of the sample order (default ${DEFAULT-VALUE}).")
  int seed;

  @Option(names = "--architecture", paramLabel = "NAME", defaultValue = ConvNet.SPATIAL,
      description = "spatial-convnet (default: one logit per pixel), simple-convnet (the course's whole-patch classifier:"
          + " one \"any event in the patch\" logit per window; --hidden 32 is the course's) or linear-1x1 (per-pixel logistic"
          + " regression).")
  String architecture;

  @Option(names = "--hidden", paramLabel = "N", defaultValue = "16", description = "Filters of each 3x3 layer (default ${DEFAULT-VALUE}).")
  int hidden;

  @Option(names = "--layers", paramLabel = "N", defaultValue = "2", description = "3x3 Conv2d + ReLU layers (default ${DEFAULT-VALUE}).")
  int layers;

  @Option(names = "--time-mode", paramLabel = "MODE", defaultValue = "step",
      description = "step: every time step is a sample (default); mean: the course's x.mean(dim=time) over each patch.")
  String timeMode;

  @Option(names = "--pos-weight", paramLabel = "W",
      description = "Weight of events in the loss (default: sqrt(non-events / events) of the training labels).")
  Double posWeight;

  @Option(names = "--prefetch-batches", paramLabel = "N", defaultValue = "-1",
      description = "Batches a thread assembles ahead while the trainer steps (default: one Spark partition's worth;"
          + " 0: none, the trainer waits for each partition). Training is the same either way.")
  int prefetchBatches;

  @Override
  void run(JavaSparkContext jsc, HadoopConf conf) {
    TrainConfig cfg = new TrainConfig().patches(patches).validation(validation).out(out).epochs(epochs).batchSize(batchSize)
        .learningRate(learningRate).seed(seed);
    cfg.overwrite = overwrite;
    cfg.architecture = architecture;
    cfg.hidden = hidden;
    cfg.layers = layers;
    cfg.timeMode = TimeMode.parse(timeMode);
    cfg.posWeight = posWeight;
    if (prefetchBatches < -1) throw new org.spangeo.zarr.InvalidArgumentException("--prefetch-batches must be -1 (auto), 0 or positive");
    cfg.prefetchBatches = prefetchBatches;
    long t0 = System.nanoTime();
    Train.Result r = Train.run(jsc, conf, cfg, System.out);
    System.out.printf(Locale.ROOT, "train: %s, %d epochs, pos_weight %.2f -> %s (%.1f s)%n", cfg.architecture, cfg.epochs,
        r.posWeight, out, (System.nanoTime() - t0) / 1e9);
  }
}
