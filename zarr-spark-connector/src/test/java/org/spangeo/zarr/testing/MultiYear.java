package org.spangeo.zarr.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The multi-year ERA5-like stores written by xarray (src/test/python/make_multiyear.py) and
 * what xarray returns for the test selection; generated once per test JVM.
 */
public final class MultiYear {
  private static Path dir;
  private static JsonNode expected;

  private MultiYear() {}

  public static synchronized Path dir() {
    if (dir == null) {
      Path d = PythonPeer.scratch("multiyear");
      PythonPeer.run("make_multiyear.py", d.toString());
      try {
        expected = new ObjectMapper().readTree(d.resolve("expected.json").toFile());
      } catch (IOException e) {
        throw new AssertionError(e);
      }
      dir = d;
    }
    return dir;
  }

  public static JsonNode expected() {
    dir();
    return expected;
  }

  /** The stores' glob. */
  public static String glob() {
    return dir() + "/era5_*.zarr";
  }

  public static float[] floats(String name) {
    try {
      byte[] b = Files.readAllBytes(dir().resolve(name));
      float[] f = new float[b.length / 4];
      ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
      return f;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
