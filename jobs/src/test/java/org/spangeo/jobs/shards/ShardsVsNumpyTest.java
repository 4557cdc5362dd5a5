package org.spangeo.jobs.shards;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spangeo.jobs.CliRunner;
import org.spangeo.jobs.JobsTestSession;
import org.spangeo.zarr.testing.PythonPeer;

/**
 * The radiation sample and {@code spangeo shards} through the real command line: every value
 * of every .npy shard and of the HDF5 file against numpy running the notebook's code on the
 * same store (and h5py reading the file), the metadata, the permutation and the statistics;
 * and the bad input.
 */
class ShardsVsNumpyTest {
  static Path dir;
  static String store;
  static final int COLUMNS = 600; // 2 full chunks of 256 and a partial one

  @BeforeAll
  static void sample() {
    JobsTestSession.get();
    dir = PythonPeer.scratch("shards");
    String[] r = CliRunner.spangeo("sample-data", "--kind", "radiation", "--columns", Integer.toString(COLUMNS), "--seed", "7",
        "--out", dir.resolve("radiation").toString());
    assertEquals("0", r[0], r[2]);
    store = dir.resolve("radiation").resolve("radiation_3dcorrection.zarr").toString();
    String ok = PythonPeer.run("check_radiation_sample.py", store, Integer.toString(COLUMNS));
    assertTrue(ok.startsWith("ok"), ok);
  }

  static void shards(String name, Map<String, Object> check, String... args) throws Exception {
    String out = dir.resolve(name).toString();
    List<String> all = new ArrayList<>(List.of("shards", "--in", store, "--out", out));
    all.addAll(List.of(args));
    String[] r = CliRunner.spangeo(all.toArray(new String[0]));
    assertEquals("0", r[0], String.join(" ", all) + ": " + r[2]);
    assertTrue(r[1].startsWith("shards: "), r[1]);
    String ok = PythonPeer.run("check_shards.py", out, store, new ObjectMapper().writeValueAsString(check));
    assertTrue(ok.startsWith("ok"), ok);
    assertFalse(Files.exists(dir.resolve("." + name + ".spangeo-staging")), "no staging folder left");
  }

  @Test
  void flattenedLayoutInEqualShards() throws Exception {
    shards("flattened", Map.of("layout", "flattened", "sizes", List.of(100, 100, 100, 100, 100, 100)),
        "--layout", "flattened", "--shard-size", "100");
  }

  @Test
  void featuresShuffledWithStatistics() throws Exception {
    Map<String, Object> c = new LinkedHashMap<>(Map.of("layout", "features", "sizes", List.of(86, 86, 86, 86, 86, 85, 85),
        "shuffle", true, "stats", true));
    shards("features", c, "--layout", "features", "--num-shards", "7", "--shuffle", "--seed", "3", "--stats");
    // the same seed gives the same permutation; another seed another one
    shards("features-again", c, "--layout", "features", "--num-shards", "7", "--shuffle", "--seed", "3", "--stats");
    assertArrayEquals(Files.readAllBytes(dir.resolve("features/permutation.npy")), Files.readAllBytes(dir.resolve("features-again/permutation.npy")));
    assertArrayEquals(Files.readAllBytes(dir.resolve("features/shards.h5")), Files.readAllBytes(dir.resolve("features-again/shards.h5")));
  }

  @Test
  void someShardsOfAGivenSizeAsHdf5Only() throws Exception {
    shards("hdf5-only", Map.of("layout", "features", "sizes", List.of(64, 64, 64, 64, 64, 64, 64, 64, 64), "npy", false),
        "--shard-size", "64", "--num-shards", "9", "--format", "hdf5");
  }

  static void refused(String expect, String... args) {
    String out = dir.resolve("refused").toString();
    List<String> all = new ArrayList<>(List.of("shards"));
    all.addAll(List.of(args));
    all.addAll(List.of("--out", out));
    String[] r = CliRunner.spangeo(all.toArray(new String[0]));
    assertFalse(r[0].equals("0"), all + " should fail");
    assertTrue(r[2].lines().findFirst().orElse("").contains(expect), "'" + r[2] + "' should contain '" + expect + "'");
    assertEquals(1, r[2].lines().filter(l -> l.startsWith("spangeo")).count(), r[2]);
    assertFalse(Files.exists(Path.of(out)), "nothing written");
    assertFalse(Files.exists(dir.resolve(".refused.spangeo-staging")), "no staging folder left");
  }

  @Test
  void badInputIsRefused() throws Exception {
    refused("--shard-size 7 does not divide the 600 samples (600 = 2 x 2 x 2 x 3 x 5 x 5): give a divisor such as 6 or 8,"
        + " or --num-shards K", "--in", store, "--shard-size", "7");
    refused("give --shard-size N or --num-shards K", "--in", store);
    refused("--num-shards 10 x --shard-size 100 = 1000 samples, but the input has 600", "--in", store, "--shard-size", "100",
        "--num-shards", "10");
    refused("--layout 'pixels' is not flattened or features", "--in", store, "--layout", "pixels", "--shard-size", "100");
    refused("--format 'zarr' is not npy or hdf5", "--in", store, "--shard-size", "100", "--format", "zarr");
    Path era5 = dir.resolve("not-radiation.zarr");
    PythonPeer.run("make_stage_input.py", era5.toString());
    refused("the input has no 'hl_inputs'", "--in", era5.toString(), "--shard-size", "100");
    String out = dir.resolve("exists").toString();
    assertEquals("0", CliRunner.spangeo("shards", "--in", store, "--shard-size", "300", "--out", out)[0]);
    String[] r = CliRunner.spangeo("shards", "--in", store, "--shard-size", "200", "--out", out);
    assertEquals("1", r[0]);
    assertTrue(r[2].contains("already exists (use --overwrite to replace it)"), r[2]);
    assertTrue(Files.exists(Path.of(out, "x", "1.npy")) && !Files.exists(Path.of(out, "x", "2.npy")), "the old output is kept");
  }
}
