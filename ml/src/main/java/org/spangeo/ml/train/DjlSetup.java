package org.spangeo.ml.train;

import java.nio.file.Path;

/**
 * DJL offline, in every JVM that touches it (the driver for training, executors for prediction):
 * {@code ai.djl.offline=true} (the PyTorch native library comes from the pytorch-native-cpu jar,
 * never from the web) and a cache folder under the working directory unless one is set
 * (scripts/spangeo and surefire set both; on a cluster, set them in spark.executor.extraJavaOptions).
 */
public final class DjlSetup {
  private DjlSetup() {}

  public static synchronized void offline() {
    if (System.getProperty("ai.djl.offline") == null) System.setProperty("ai.djl.offline", "true");
    if (System.getProperty("DJL_CACHE_DIR") == null && System.getenv("DJL_CACHE_DIR") == null) {
      String dir = Path.of(".djl").toAbsolutePath().toString();
      System.setProperty("DJL_CACHE_DIR", dir);
      if (System.getProperty("ENGINE_CACHE_DIR") == null) System.setProperty("ENGINE_CACHE_DIR", dir);
    }
  }
}
