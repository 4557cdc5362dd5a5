package org.spangeo.deploy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spangeo.cluster.ClusterData;
import org.spangeo.zarr.store.HadoopConf;

/**
 * s3a:// out of the box in scripts/spangeo, against a real S3 server (s3proxy, its own JVM):
 * write, read, append, rechunk and overwrite, each store read back through s3a and compared
 * with the exact values; the object-store publish (no folder renames on S3) leaves no marker and
 * no staging object; a failed overwrite leaves the old store readable and exact. Missing
 * credentials and a missing bucket end in one line naming the setting or the bucket.
 */
class S3aTest {
  static File dir;
  static S3Server s3;
  static File local;
  static final Map<String, String> ENV = new HashMap<>();

  @BeforeAll
  static void server() throws Exception {
    dir = Files.createTempDirectory("spangeo-s3").toFile();
    s3 = S3Server.start(dir);
    s3.createBucket("era5");
    s3.createBucket("results");
    local = new File(dir, "data/t2m.zarr");
    ClusterData.write(HadoopConf.of(Map.of()), local.getAbsolutePath());
    ENV.put("S3_ENDPOINT", s3.endpoint);
    ENV.put("S3_KEY", S3Server.KEY);
    ENV.put("S3_SECRET", S3Server.SECRET);
    ENV.put("DATA", local.getParent());
    ENV.put("SPANGEO_JAVA_OPTS", "-Xmx768m");
    ENV.put("SPARK_LOCAL_IP", "127.0.0.1");
  }

  @AfterAll
  static void stop() throws Exception {
    Procs.killAll();
    Trees.delete(dir);
  }

  static Configuration conf() {
    Configuration c = new Configuration();
    for (Map.Entry<String, String> e : s3.hadoop().entrySet()) c.set(e.getKey(), e.getValue());
    c.set("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    return c;
  }

  static HadoopConf hconf() {
    return new HadoopConf(conf());
  }

  /** Every object key under {@code uri}. */
  static List<String> keys(String uri) throws Exception {
    List<String> out = new ArrayList<>();
    FileSystem fs = new Path(uri).getFileSystem(conf());
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(new Path(uri), true);
    while (it.hasNext()) out.add(it.next().getPath().toUri().getPath());
    return out;
  }

  static Procs.Result spangeo(Map<String, String> env, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(new File(Runtimes.root(), "scripts/spangeo").getPath()));
    cmd.addAll(List.of(args));
    return Procs.run(cmd, env, dir, null, 600);
  }

  static String[] s3conf(String... args) {
    List<String> a = new ArrayList<>(List.of(args));
    for (Map.Entry<String, String> e : s3.hadoop().entrySet()) a.addAll(List.of("--conf", "spark.hadoop." + e.getKey() + "=" + e.getValue()));
    a.addAll(List.of("--conf", "spark.hadoop.fs.s3a.aws.credentials.provider=org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider"));
    return a.toArray(new String[0]);
  }

  @Test
  void docsWriteAndReadOnS3() throws Exception {
    String block = DocBlocks.find("docs/cluster.md", "s3", "s3a://era5/t2m.zarr");
    Procs.Result r = Procs.run(List.of("bash", "-euo", "pipefail", "-c", block), ENV, Runtimes.root(), null, 900);
    assertEquals(0, r.code(), r.all());
    assertArrayEquals(ClusterData.field(0), ClusterData.readAll(hconf(), "s3a://era5/t2m.zarr", "t2m"));
    float[] clim = ClusterData.readAll(hconf(), "s3a://results/t2m_clim.zarr", "t2m");
    float[][][] want = ClusterData.monthlyMean();
    int i = 0;
    for (float[][] m : want) for (float[] y : m) for (float v : y) assertEquals(v, clim[i++], 0f);
    for (String k : keys("s3a://results/")) assertFalse(k.contains("spangeo-"), "left behind: " + k);
  }

  @Test
  void docsReaderOptionsOnS3() throws Exception {
    // the page's java block reads the store its first s3 block wrote: write it the same way when this runs first
    if (keys("s3a://era5/").stream().noneMatch(k -> k.startsWith("/era5/t2m.zarr/"))) {
      ClusterData.write(hconf(), "s3a://era5/t2m.zarr");
    }
    String block = DocBlocks.findJava("docs/cluster.md", "s3", "option(\"fs.s3a.endpoint\"");
    // jshell runs a line as soon as it parses: the statement goes in as one line, as the doc test types it
    File script = new File(dir, "reader-options.jsh");
    Files.writeString(script.toPath(), String.join(" ", block.strip().split("\\s*\n\\s*")) + "\n/exit\n");
    // no s3a setting but the reader options: the conf has no endpoint, keys or path-style access
    Procs.Result r = Procs.run(List.of(new File(Runtimes.root(), "scripts/spangeo").getPath(), "shell"), ENV, dir, script, 600);
    assertEquals(0, r.code(), r.all());
    assertFalse(r.out().contains("|  Error") || r.out().contains("Exception"), r.all());
    assertTrue(r.out().contains("cells ==> " + (long) ClusterData.NT * ClusterData.NY * ClusterData.NX), r.out());
  }

  @Test
  void appendRechunkAndOverwrite() throws Exception {
    Procs.Result r = spangeo(ENV, s3conf("subset", "--in", local.getPath(), "--time", "2019-01-01/2019-12-31",
        "--out", "s3a://results/grow.zarr", "--quiet"));
    assertEquals(0, r.code(), r.all());
    r = spangeo(ENV, s3conf("subset", "--in", local.getPath(), "--time", "2020-01-01/2020-12-31", "--mode", "append",
        "--out", "s3a://results/grow.zarr", "--quiet"));
    assertEquals(0, r.code(), r.all());
    assertArrayEquals(ClusterData.field(0), ClusterData.readAll(hconf(), "s3a://results/grow.zarr", "t2m"));

    r = spangeo(ENV, s3conf("rechunk", "--in", "s3a://results/grow.zarr", "--chunks", "time=2920,latitude=4,longitude=4",
        "--max-mem", "16MB", "--out", "s3a://results/rechunked.zarr", "--quiet"));
    assertEquals(0, r.code(), r.all());
    assertArrayEquals(ClusterData.field(0), ClusterData.readAll(hconf(), "s3a://results/rechunked.zarr", "t2m"));

    // overwrite with other values (the first year only), then a failed overwrite: the old store stays
    r = spangeo(ENV, s3conf("subset", "--in", local.getPath(), "--time", "2019-01-01/2019-12-31", "--overwrite",
        "--out", "s3a://results/rechunked.zarr", "--quiet"));
    assertEquals(0, r.code(), r.all());
    float[] year = ClusterData.readAll(hconf(), "s3a://results/rechunked.zarr", "t2m");
    assertEquals(1460 * ClusterData.NY * ClusterData.NX, year.length);

    File bad = new File(dir, "bad/t2m.zarr");
    StandaloneClusterTest.copy(local, bad);
    try (RandomAccessFile f = new RandomAccessFile(new File(bad, "t2m/0.0.0"), "rw")) {
      f.setLength(10);
    }
    r = spangeo(ENV, s3conf("subset", "--in", bad.getPath(), "--overwrite", "--out", "s3a://results/rechunked.zarr", "--quiet"));
    assertNotEquals(0, r.code(), r.all());
    assertArrayEquals(year, ClusterData.readAll(hconf(), "s3a://results/rechunked.zarr", "t2m"));
    for (String k : keys("s3a://results/")) assertFalse(k.contains("spangeo-incomplete"), "left behind: " + k);
  }

  @Test
  void missingCredentialsAndBucketAreOneLine() throws Exception {
    // the keys left out: SimpleAWSCredentialsProvider (no instance metadata service is asked)
    List<String> a = new ArrayList<>(List.of("climatology", "--in", local.getPath(), "--vars", "t2m", "--by", "month",
        "--out", "s3a://results/nokeys.zarr", "--conf", "spark.hadoop.fs.s3a.endpoint=" + s3.endpoint,
        "--conf", "spark.hadoop.fs.s3a.path.style.access=true",
        "--conf", "spark.hadoop.fs.s3a.aws.credentials.provider=org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider"));
    Procs.Result r = spangeo(ENV, a.toArray(new String[0]));
    assertNotEquals(0, r.code(), r.all());
    String line = r.err().lines().filter(l -> l.startsWith("spangeo climatology: ")).findFirst().orElse("");
    assertTrue(line.contains("fs.s3a.access.key"), r.err());
    assertTrue(keys("s3a://results/").stream().noneMatch(k -> k.contains("nokeys")));

    r = spangeo(ENV, s3conf("climatology", "--in", local.getPath(), "--vars", "t2m", "--by", "month",
        "--out", "s3a://no-such-bucket/clim.zarr", "--quiet"));
    assertNotEquals(0, r.code(), r.all());
    line = r.err().lines().filter(l -> l.startsWith("spangeo climatology: ")).findFirst().orElse("");
    assertTrue(line.contains("no-such-bucket"), r.err());
  }
}
