package org.spangeo.ml.testing;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.Pair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.spangeo.ml.patches.Normalisation;
import org.spangeo.ml.train.ConvNet;
import org.spangeo.ml.train.ModelConfig;
import org.spangeo.ml.train.ModelDirectory;
import org.spangeo.ml.train.TimeMode;
import org.spangeo.zarr.store.HadoopConf;

/**
 * A real DJL model directory whose network is the identity on channel 0: one 1x1 Conv2d with
 * weights (1, 0, ...) and bias 0, output "logit" (no sigmoid). Its prediction is the normalised
 * first feature, so the stitched result must equal the input exactly.
 */
public final class IdentityModel {
  private IdentityModel() {}

  public static void write(Path dir, List<String> features, Map<String, Integer> inputDims, Map<String, Integer> overlap,
      Map<String, Integer> batchDims, TimeMode mode, Normalisation stats) throws Exception {
    Path local = Files.createTempDirectory("identity-model");
    Block block = ConvNet.build(ConvNet.LINEAR, 0, 0);
    try (Model model = Model.newInstance(ModelConfig.PARAMS_PREFIX, "PyTorch")) {
      model.setBlock(block);
      block.setInitializer(new ConstantInitializer(0f), p -> true);
      block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, features.size(), 4, 4));
      for (Pair<String, Parameter> p : block.getParameters()) {
        if (p.getKey().endsWith("weight")) {
          float[] w = new float[features.size()];
          w[0] = 1f;
          p.getValue().getArray().set(w);
        } else {
          p.getValue().getArray().set(new float[] {0f});
        }
      }
      model.save(local, ModelConfig.PARAMS_PREFIX);
    }
    ModelConfig mc = new ModelConfig();
    mc.architecture = ConvNet.LINEAR;
    mc.output = "logit";
    mc.timeMode = mode;
    mc.features = new java.util.ArrayList<>(features);
    mc.dims = new java.util.ArrayList<>(List.of("time", "latitude", "longitude"));
    mc.inputDims.putAll(inputDims);
    mc.overlap.putAll(overlap);
    mc.batchDims.putAll(batchDims);
    ModelDirectory.writeJson(local, ModelConfig.FILE, mc.toJson());
    ModelDirectory.writeJson(local, ModelConfig.STATS_FILE, stats.toJson());
    ModelDirectory.save(HadoopConf.of(Map.of()), local, dir.toString(), true);
  }
}
