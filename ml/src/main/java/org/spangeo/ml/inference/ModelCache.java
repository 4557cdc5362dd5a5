package org.spangeo.ml.inference;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.spangeo.ml.train.ModelDirectory;
import org.spangeo.zarr.store.HadoopConf;

/**
 * One loaded model per executor JVM and model path (the DJL Spark extension's pattern): the first
 * task that needs a model loads it, the others on that executor reuse it. Predictors are made per
 * partition from the shared model. Models stay loaded for the JVM's life (their native memory is
 * PyTorch's, outside the Java heap).
 */
public final class ModelCache {
  private static final ConcurrentHashMap<String, ModelDirectory.Loaded> MODELS = new ConcurrentHashMap<>();
  private static final AtomicInteger LOADS = new AtomicInteger();

  private ModelCache() {}

  public static ModelDirectory.Loaded get(HadoopConf conf, String path) {
    return MODELS.computeIfAbsent(path, p -> {
      LOADS.incrementAndGet();
      return TorchScriptModel.is(p) ? TorchScriptModel.load(conf, p) : ModelDirectory.load(conf, p);
    });
  }

  /** How many times a model was loaded in this JVM (for tests and diagnostics). */
  public static int loads() {
    return LOADS.get();
  }

  /** Drops and closes every cached model of this JVM. */
  public static synchronized void clear() {
    for (ModelDirectory.Loaded m : MODELS.values()) m.close();
    MODELS.clear();
  }
}
