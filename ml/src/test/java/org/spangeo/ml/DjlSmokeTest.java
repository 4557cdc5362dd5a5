package org.spangeo.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

class DjlSmokeTest {
  @Test
  void pytorchEngineLoadsOffline() {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      NDArray a = m.create(new float[] {1, 2, 3});
      assertArrayEquals(new float[] {2, 4, 6}, a.mul(2).toFloatArray());
    }
  }
}
