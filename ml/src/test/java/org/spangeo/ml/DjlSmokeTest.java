package org.spangeo.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.apache.logging.log4j.LogManager;
import org.junit.jupiter.api.Test;
import org.spangeo.ml.train.DjlSetup;

class DjlSmokeTest {
  @Test
  void pytorchEngineLoadsOffline() {
    DjlSetup.offline();
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      NDArray a = m.create(new float[] {1, 2, 3});
      assertArrayEquals(new float[] {2, 4, 6}, a.mul(2).toFloatArray());
    }
  }

  @Test
  void theCpuBuildDropsDjlsGpuCountWarningButKeepsErrors() {
    // "CudaUtils: Failed to detect GPU count" on machines with a CUDA runtime and no driver (#21)
    DjlSetup.offline();
    assertEquals("cpu", DjlSetupFlavor.of());
    assertFalse(LogManager.getLogger("ai.djl.util.cuda.CudaUtils").isWarnEnabled());
    assertTrue(LogManager.getLogger("ai.djl.util.cuda.CudaUtils").isErrorEnabled());
    assertTrue(LogManager.getLogger("ai.djl.pytorch.jni.LibUtils").isWarnEnabled(), "other DJL warnings stay");
  }

  /** The package-private flavour lookup, read through the same resource. */
  static final class DjlSetupFlavor {
    static String of() {
      try (var in = DjlSetup.class.getClassLoader().getResourceAsStream("native/lib/pytorch.properties")) {
        java.util.Properties p = new java.util.Properties();
        p.load(in);
        return p.getProperty("flavor");
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }
}
