package org.spangeo.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spangeo.jobs.CliRunner;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.store.HadoopConf;
import org.spangeo.zarr.write.ZarrWriter;

/**
 * A real HDFS (MiniDFSCluster: a NameNode and a DataNode in this JVM) under the executors of
 * local-cluster: read, write, rechunk and append against hdfs://, and the writer's commit
 * protocol there (atomic folder renames).
 */
class HdfsTest {
  static MiniDFSCluster dfs;
  static SparkSession spark;
  static HadoopConf conf;
  static FileSystem fs;
  static String root;
  static String in;

  @BeforeAll
  static void setUp() throws Exception {
    Configuration hc = new Configuration();
    hc.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, Stores.scratch("hdfs").toString());
    // close a file without waiting for the DataNode's block report (else each small file costs ~0.4 s)
    hc.setInt("dfs.namenode.file.close.num-committed-allowed", 1);
    dfs = new MiniDFSCluster.Builder(hc).numDataNodes(1).build();
    dfs.waitActive();
    root = "hdfs://127.0.0.1:" + dfs.getNameNodePort();
    spark = LocalClusterSession.get();
    spark.sparkContext().hadoopConfiguration().setInt("dfs.client.block.write.locateFollowingBlock.initial.delay.ms", 10);
    conf = new HadoopConf(spark.sparkContext().hadoopConfiguration());
    fs = new Path(root).getFileSystem(conf.get());
    in = root + "/era5/in.zarr";
    ClusterData.write(conf, in);
  }

  @AfterAll
  static void tearDown() {
    if (dfs != null) dfs.shutdown();
  }

  static float[] input() {
    float[] f = new float[ClusterData.NT * ClusterData.NY * ClusterData.NX];
    int i = 0;
    for (int t = 0; t < ClusterData.NT; t++) {
      for (int y = 0; y < ClusterData.NY; y++) {
        for (int x = 0; x < ClusterData.NX; x++) f[i++] = ClusterData.value(t, y, x);
      }
    }
    return f;
  }

  static void assertSameBits(float[] want, float[] got) {
    assertEquals(want.length, got.length);
    for (int i = 0; i < want.length; i++) {
      if (Float.floatToIntBits(want[i]) != Float.floatToIntBits(got[i])) {
        throw new AssertionError("cell " + i + ": " + got[i] + ", expected " + want[i]);
      }
    }
  }

  static void ok(String... args) {
    String[] r = CliRunner.spangeo(args);
    assertEquals("0", r[0], String.join(" ", args) + " failed: " + r[2]);
  }

  @Test
  void theStoreIsOnHdfsAndReadsBack() throws Exception {
    assertTrue(fs.getClass().getName().contains("DistributedFileSystem"), fs.getClass().getName());
    assertTrue(fs.exists(new Path(in + "/t2m/0.0.0")));
    assertSameBits(input(), ClusterData.readAll(conf, in, "t2m"));
    long n = spark.read().format("zarr").load(in).where("latitude > 25 AND NOT isnan(t2m)").count();
    long want = 0;
    for (int t = 0; t < ClusterData.NT; t++) {
      for (int y = 0; y < 5; y++) for (int x = 0; x < ClusterData.NX; x++) if (!Float.isNaN(ClusterData.value(t, y, x))) want++;
    }
    assertEquals(want, n);
  }

  @Test
  void climatologyFromHdfsToHdfs() throws Exception {
    String out = root + "/out/clim.zarr";
    ok("climatology", "--in", in, "--vars", "t2m", "--by", "month", "--out", out);
    float[] got = ClusterData.readAll(conf, out, "t2m");
    float[][][] want = ClusterData.monthlyMean();
    float[] flat = new float[got.length];
    int i = 0;
    for (float[][] m : want) for (float[] row : m) for (float v : row) flat[i++] = v;
    assertSameBits(flat, got);
    assertFalse(fs.exists(new Path(ZarrWriter.stagingOf(out))));
    assertFalse(fs.exists(new Path(ZarrWriter.trashOf(out))));
  }

  @Test
  void rechunkOnHdfs() throws Exception {
    String out = root + "/out/rechunked.zarr";
    ok("rechunk", "--in", in, "--vars", "t2m", "--chunks", "time=2920,latitude=4,longitude=4", "--max-mem", "16MB",
        "--out", out);
    String zarray = new String(ClusterData.readBytes(fs, out + "/t2m/.zarray"), StandardCharsets.UTF_8);
    assertTrue(zarray.replaceAll("\\s", "").contains("\"chunks\":[2920,4,4]"), zarray);
    assertSameBits(input(), ClusterData.readAll(conf, out, "t2m"));
  }

  @Test
  void appendOnHdfsGrowsTheStore() {
    String out = root + "/out/appended.zarr";
    ok("subset", "--in", in, "--vars", "t2m", "--time", "2019-01-01/2019-12-31", "--out", out);
    assertEquals(1460, Dataset.open(conf, out).dimSize("time"));
    ok("subset", "--in", in, "--vars", "t2m", "--time", "2020-01-01/2020-12-31", "--mode", "append", "--out", out);
    assertEquals(ClusterData.NT, Dataset.open(conf, out).dimSize("time"));
    assertSameBits(input(), ClusterData.readAll(conf, out, "t2m"));
    long[] times = Dataset.open(conf, out).timeValues("time");
    for (int t = 0; t < ClusterData.NT; t++) assertEquals(ClusterData.time(t), times[t]);
  }

  @Test
  void aFailedOverwriteLeavesTheOldStoreAndAKilledSwapIsRepairedByTheRerun() throws Exception {
    String target = root + "/out/protocol.zarr";
    ok("subset", "--in", in, "--vars", "t2m", "--time", "2019-01-01/2019-12-31", "--out", target);
    float[] old = ClusterData.readAll(conf, target, "t2m");
    // a write whose every task fails: the job fails, the old store is untouched, staging is gone
    ClusterData.failedOverwrite(spark, conf, in, target);
    assertSameBits(old, ClusterData.readAll(conf, target, "t2m"));
    assertFalse(fs.exists(new Path(ZarrWriter.stagingOf(target))));
    // a driver killed between the swap's two renames: the target is missing, the old store is in the trash
    assertTrue(fs.rename(new Path(target), new Path(ZarrWriter.trashOf(target))));
    ok("subset", "--in", in, "--vars", "t2m", "--out", target, "--mode", "overwrite");
    assertSameBits(input(), ClusterData.readAll(conf, target, "t2m"));
    assertFalse(fs.exists(new Path(ZarrWriter.trashOf(target))));
    assertFalse(fs.exists(new Path(ZarrWriter.stagingOf(target))));
  }

  @Test
  void everyChunkWrittenTwiceAtOnceChangesNothing() throws Exception {
    String out = root + "/out/twice.zarr";
    DuplicateWriters.copyTwiceConcurrently(spark, conf, in, out);
    assertSameBits(input(), ClusterData.readAll(conf, out, "t2m"));
    assertFalse(fs.exists(new Path(ZarrWriter.stagingOf(out))));
  }
}
