package org.spangeo.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * scripts/spangeo refuses, before any work and in one line naming the setting, a master URL Spark
 * does not know, a master nothing answers at, a --conf that is not KEY=VALUE and a --conf key
 * that is not a Spark setting: a non-zero exit and no output store.
 */
class LaunchErrorsTest extends ScratchStoreTest {

  @Test
  void badMasterUrlsAndSettingsAreOneLineErrors() throws Exception {
    File store = newStore("spangeo-launch");
    String out = new File(dir, "never.zarr").getPath();
    int closed;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    String[][] cases = {
        {"--master", "sprak://127.0.0.1:7077"},
        {"--master", "spark://127.0.0.1:" + closed},
        {"--conf", "spark.executor.memory"},
        {"--conf", "fs.s3a.endpoint=http://127.0.0.1:1"},
    };
    String[] expect = {"--master 'sprak://127.0.0.1:7077' is not a Spark master URL",
        "--master spark://127.0.0.1:" + closed + ": nothing answers at 127.0.0.1:" + closed,
        "'spark.executor.memory' is not KEY=VALUE", "give it as spark.hadoop.fs.s3a.endpoint"};
    int[] codes = {1, 1, 2, 2};
    for (int i = 0; i < cases.length; i++) {
      List<String> cmd = new ArrayList<>(List.of(new File(Runtimes.root(), "scripts/spangeo").getPath(),
          "climatology", "--in", store.getPath(), "--vars", "t2m", "--out", out));
      cmd.addAll(List.of(cases[i]));
      Procs.Result r = Procs.run(cmd, Map.of("SPANGEO_JAVA_OPTS", "-Xmx512m"), dir, null, 300);
      assertEquals(codes[i], r.code(), r.all());
      String first = r.err().lines().filter(l -> l.startsWith("spangeo climatology: ")).findFirst().orElse("");
      assertTrue(first.contains(expect[i]), r.err());
      assertFalse(new File(out).exists());
    }
  }
}
