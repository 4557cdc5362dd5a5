package org.spangeo.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spangeo.jobs.CliRunner;
import org.spangeo.zarr.ZarrException;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.dataset.ZarrGroup;
import org.spangeo.zarr.store.HadoopConf;
import org.spangeo.zarr.write.ZarrWriter;

/**
 * Writes where rename is a copy and listings lag (nonatomic://, see NonAtomicFileSystem): no
 * reader ever sees a complete-looking store with missing or mixed chunks, a failed write leaves
 * the old store intact (failure before the commit) or clearly incomplete (failure during it),
 * and the rerun finishes it.
 */
class ObjectStoreSemanticsTest {
  static SparkSession spark;
  static HadoopConf conf;
  static Path dir;

  @BeforeAll
  static void setUp() {
    spark = LocalClusterSession.get();
    conf = new HadoopConf(spark.sparkContext().hadoopConfiguration());
    dir = Stores.scratch("nonatomic");
  }

  @AfterEach
  void disarm() {
    NonAtomicFileSystem.disarm();
    spark.sparkContext().hadoopConfiguration().unset("spangeo.write.atomicRename.nonatomic");
  }

  static String uri(String name) {
    return Stores.uri(NonAtomicFileSystem.SCHEME, dir.resolve(name));
  }

  @Test
  void theFileSystemReallyBehavesLikeAnObjectStore() throws Exception {
    String u = uri("probe.zarr");
    ClusterData.write(conf, u);
    FileSystem fs = new org.apache.hadoop.fs.Path(u).getFileSystem(conf.get());
    assertTrue(fs.exists(new org.apache.hadoop.fs.Path(u + "/t2m/0.0.0")), "a direct lookup sees a fresh chunk");
    int listed = fs.listStatus(new org.apache.hadoop.fs.Path(u + "/t2m")).length;
    assertTrue(listed > 2 && listed < 54, "the listing shows some of the 54 fresh files, not all: " + listed);
    // a folder rename copies only what the listing shows, and can fail midway
    assertTrue(fs.rename(new org.apache.hadoop.fs.Path(u), new org.apache.hadoop.fs.Path(uri("probe-moved.zarr"))));
    assertTrue(Files.exists(dir.resolve("probe-moved.zarr/.zmetadata")));
    assertFalse(Files.exists(dir.resolve("probe-moved.zarr/t2m/0.0.0")), "fresh chunks are lost by a listing-based copy");
    NonAtomicFileSystem.failFolderRenameAfter(3);
    assertThrows(java.io.IOException.class,
        () -> fs.rename(new org.apache.hadoop.fs.Path(uri("probe-moved.zarr")), new org.apache.hadoop.fs.Path(uri("probe-again.zarr"))));
    assertTrue(Files.exists(dir.resolve("probe-again.zarr/.zmetadata")), "a half-copied folder already has .zmetadata");
  }

  /** Before the fix: the folder-rename swap on such a store publishes a complete-looking store without some chunks. */
  @Test
  void theFolderRenameSwapWouldPublishAStoreWithoutSomeChunks() {
    spark.sparkContext().hadoopConfiguration().set("spangeo.write.atomicRename.nonatomic", "true");
    String u = uri("old-protocol.zarr");
    ClusterData.write(new HadoopConf(spark.sparkContext().hadoopConfiguration()), u);
    float[] got = ClusterData.readAll(conf, u, "t2m"); // opens: it looks complete
    float[] want = ClusterData.field(0);
    int lost = 0;
    for (int i = 0; i < got.length; i++) if (Float.isNaN(got[i]) && !Float.isNaN(want[i])) lost++;
    assertTrue(lost > 0, "the old protocol should have lost chunks here");
  }

  @Test
  void aWriteIsCompleteWhenItBecomesVisible() {
    String u = uri("complete.zarr");
    ClusterData.write(conf, u);
    ClusterData.assertSameBits(ClusterData.field(0), ClusterData.readAll(conf, u, "t2m"));
    assertFalse(Files.exists(Path.of(ZarrWriter.stagingOf(dir.resolve("complete.zarr").toString()))));
    // an overwrite with other values, then the command line's tasks on the executors
    ClusterData.writeUncommitted(conf, u, 100f).commit();
    ClusterData.assertSameBits(ClusterData.field(100f), ClusterData.readAll(conf, u, "t2m"));
    String out = uri("clim.zarr");
    String[] r = CliRunner.spangeo("climatology", "--in", u, "--vars", "t2m", "--by", "month", "--out", out);
    assertEquals("0", r[0], r[2]);
    float[][][] want = ClusterData.monthlyMean();
    float[] got = ClusterData.readAll(conf, out, "t2m");
    int i = 0;
    for (float[][] m : want) {
      for (float[] row : m) for (float v : row) assertEquals(Float.floatToIntBits(v + 100f), Float.floatToIntBits(got[i++]));
    }
  }

  @Test
  void aZarrV3WriteIsCompleteToo() {
    String u = uri("v3-in.zarr");
    ClusterData.write(conf, u);
    String out = uri("clim-v3.zarr");
    String[] r = CliRunner.spangeo("climatology", "--in", u, "--vars", "t2m", "--by", "month", "--zarr-format", "3", "--out", out);
    assertEquals("0", r[0], r[2]);
    assertTrue(Files.exists(dir.resolve("clim-v3.zarr/zarr.json")));
    assertFalse(Files.exists(dir.resolve("clim-v3.zarr").resolve(ZarrGroup.INCOMPLETE_MARKER)));
    float[] got = ClusterData.readAll(conf, out, "t2m");
    int i = 0;
    for (float[][] m : ClusterData.monthlyMean()) {
      for (float[] row : m) for (float v : row) assertEquals(Float.floatToIntBits(v), Float.floatToIntBits(got[i++]));
    }
  }

  @Test
  void aCommitThatFailsMidwayLeavesAClearlyIncompleteStoreAndTheRerunFinishesIt() {
    String u = uri("midway.zarr");
    ClusterData.write(conf, u);
    // 66 objects to publish (.zgroup, .zattrs, 3 coordinates x 3, t2m's 2 + 52 chunks, .zmetadata last),
    // after the commit's own put of .zmetadata into staging: fail at the first, the 31st and the last
    for (int after : new int[] {0, 30, 65}) {
      ZarrWriter w = ClusterData.writeUncommitted(conf, u, after);
      NonAtomicFileSystem.failFileRenamesAfter(after + 1);
      ZarrException e = assertThrows(ZarrException.class, w::commit);
      assertTrue(e.getMessage().contains("rerun the same command"), e.getMessage());
      NonAtomicFileSystem.disarm();
      // what any reader finds now: the marker (Spangeo refuses the store) and no consolidated metadata (xarray does)
      assertTrue(Files.exists(dir.resolve("midway.zarr").resolve(ZarrGroup.INCOMPLETE_MARKER)), "failed after " + after);
      assertFalse(Files.exists(dir.resolve("midway.zarr/.zmetadata")), "failed after " + after);
      ZarrException refused = assertThrows(ZarrException.class, () -> Dataset.open(conf, u));
      assertTrue(refused.getMessage().contains("incomplete write"), refused.getMessage());
      // the rerun (even without overwrite: the target is a failed Spangeo write) finishes it
      ZarrWriter again = ZarrWriter.begin(conf, u, w.spec(), ZarrWriter.Mode.ERROR_IF_EXISTS);
      assertNotEquals(null, again);
      ClusterData.writeUncommitted(conf, u, after).commit();
      ClusterData.assertSameBits(ClusterData.field(after), ClusterData.readAll(conf, u, "t2m"));
    }
  }

  @Test
  void aJobThatFailsBeforeTheCommitLeavesTheOldStoreIntact() {
    String u = uri("intact.zarr");
    ClusterData.write(conf, u);
    ClusterData.failedOverwrite(spark, conf, u, u);
    ClusterData.assertSameBits(ClusterData.field(0), ClusterData.readAll(conf, u, "t2m"));
    assertFalse(Files.exists(Path.of(ZarrWriter.stagingOf(dir.resolve("intact.zarr").toString()))));
  }
}
