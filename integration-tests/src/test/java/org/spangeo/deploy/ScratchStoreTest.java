package org.spangeo.deploy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.spangeo.cluster.ClusterData;
import org.spangeo.zarr.store.HadoopConf;

/**
 * A deploy test that runs scripts/spangeo on ClusterData's store in a scratch folder, {@link #dir};
 * after the class no process that Procs started is left, and no folder.
 */
abstract class ScratchStoreTest {
  static File dir;

  @AfterAll
  static void removeScratch() throws Exception {
    Procs.killAll();
    Trees.delete(dir);
  }

  /** A new scratch folder as {@link #dir} with ClusterData's store written in it as t2m.zarr; gives the store. */
  static File newStore(String prefix) throws IOException {
    dir = Files.createTempDirectory(prefix).toFile();
    File store = new File(dir, "t2m.zarr");
    ClusterData.write(HadoopConf.of(Map.of()), store.getAbsolutePath());
    return store;
  }
}
