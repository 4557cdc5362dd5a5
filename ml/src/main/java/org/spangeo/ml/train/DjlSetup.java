package org.spangeo.ml.train;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Properties;

/**
 * DJL offline, in every JVM that touches it (the driver for training, executors for prediction):
 * {@code ai.djl.offline=true} (the PyTorch native library comes from the pytorch-native-cpu jar,
 * never from the web) and a cache folder under the working directory unless one is set
 * (scripts/spangeo and surefire set both; on a cluster, set them in spark.executor.extraJavaOptions);
 * and one PyTorch thread per task unless {@code ai.djl.pytorch.num_threads} says otherwise: Spark
 * already runs a task per core, and PyTorch's spinning worker threads on busy cores made training
 * 20 times slower in our measurements (tests on 2 shared cores: 300 vs 6,000 samples/s).
 */
public final class DjlSetup {
  private DjlSetup() {}

  private static boolean quiet;

  public static synchronized void offline() {
    if (System.getProperty("ai.djl.pytorch.num_threads") == null) System.setProperty("ai.djl.pytorch.num_threads", "1");
    if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
      System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }
    if (System.getProperty("ai.djl.offline") == null) System.setProperty("ai.djl.offline", "true");
    if (System.getProperty("DJL_CACHE_DIR") == null && System.getenv("DJL_CACHE_DIR") == null) {
      String dir = Path.of(".djl").toAbsolutePath().toString();
      System.setProperty("DJL_CACHE_DIR", dir);
      if (System.getProperty("ENGINE_CACHE_DIR") == null) System.setProperty("ENGINE_CACHE_DIR", dir);
    }
    if (!quiet) {
      quiet = true;
      quietGpuProbe();
    }
  }

  /**
   * With the CPU build of PyTorch, DJL still asks any CUDA runtime it finds for the GPU count (to
   * pick a native flavour) and warns "Failed to detect GPU count" twice per JVM on a machine
   * with CUDA libraries but no GPU driver. That answer changes nothing for the CPU library, so
   * the warning is dropped there; a CUDA build ({@code -Pcuda}) keeps it.
   */
  static void quietGpuProbe() {
    if (!"cpu".equals(nativeFlavor())) return;
    try {
      org.apache.logging.log4j.core.config.Configurator.setLevel("ai.djl.util.cuda.CudaUtils",
          org.apache.logging.log4j.Level.ERROR);
    } catch (LinkageError e) {
      // another logging backend than Spark's log4j2: its own configuration decides
    }
  }

  /** The flavour of the PyTorch native jar on the classpath ("cpu", "cu128", ...), or null. */
  static String nativeFlavor() {
    try (InputStream in = DjlSetup.class.getClassLoader().getResourceAsStream("native/lib/pytorch.properties")) {
      if (in == null) return null;
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("flavor");
    } catch (IOException e) {
      return null;
    }
  }
}
