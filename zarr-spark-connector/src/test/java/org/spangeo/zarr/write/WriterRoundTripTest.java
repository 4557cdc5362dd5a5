package org.spangeo.zarr.write;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spangeo.zarr.ZarrException;
import org.spangeo.zarr.blocks.Block;
import org.spangeo.zarr.blocks.Blocks;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.dataset.Selection;
import org.spangeo.zarr.store.HadoopConf;
import org.spangeo.zarr.store.HadoopStore;
import org.spangeo.zarr.testing.MultiYear;
import org.spangeo.zarr.testing.PythonPeer;
import org.spangeo.zarr.testing.SparkTestSession;

/**
 * The writer against xarray: what Spangeo writes, xarray opens with consolidated=True and
 * finds equal to its own selection; the commit protocol survives failed tasks, killed jobs and
 * reruns; append grows the store.
 */
class WriterRoundTripTest {
  static final HadoopConf CONF = HadoopConf.of(Map.of());
  static JavaSparkContext jsc;
  static Dataset src;
  static Path out;

  @BeforeAll
  static void setUp() {
    jsc = JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext());
    src = Dataset.open(CONF, MultiYear.glob());
    out = PythonPeer.scratch("writer");
  }

  static Selection summerBox() {
    return Selection.all(src).sel(src, "latitude", 30, 15).sel(src, "longitude", 110, 130).months(src, "time", 6, 7, 8, 9);
  }

  static final List<String> VARS = List.of("t2m", "sst", "temperature");
  static final String CHECK_SPEC = "{\"vars\": [\"t2m\", \"sst\", \"temperature\"], \"lat\": [30, 15], \"lon\": [110, 130],"
      + " \"months\": [6, 7, 8, 9]";

  static ZarrWriter write(String name, DatasetSpec spec, ZarrWriter.Mode mode, ChunkWriteHook hook) {
    ZarrWriter w = ZarrWriter.begin(CONF, out.resolve(name).toString(), spec, mode).withHook(hook);
    JavaRDD<Block> blocks = Blocks.read(jsc, src, summerBox(), VARS, 0);
    SparkBlockWriter.write(blocks, w);
    return w;
  }

  @Test
  void xarrayReadsWhatSpangeoWrites() {
    DatasetSpec spec = Specs.like(src, summerBox(), VARS, null);
    write("summer.zarr", spec, ZarrWriter.Mode.ERROR_IF_EXISTS, ChunkWriteHook.NONE);
    PythonPeer.run("check_written.py", out.resolve("summer.zarr").toString(), MultiYear.glob(), CHECK_SPEC + "}");
    assertFalse(Files.exists(Path.of(ZarrWriter.stagingOf(out.resolve("summer.zarr").toString()))), "staging removed");
  }

  @Test
  void rechunkedWritesAreEqualToo() {
    Map<String, Integer> chunks = Map.of("time", 100, "latitude", 16, "longitude", 0);
    DatasetSpec spec = Specs.like(src, summerBox(), VARS, null).withChunks(chunks);
    write("rechunked.zarr", spec, ZarrWriter.Mode.ERROR_IF_EXISTS, ChunkWriteHook.NONE);
    PythonPeer.run("check_written.py", out.resolve("rechunked.zarr").toString(), MultiYear.glob(),
        CHECK_SPEC + ", \"chunks\": {\"time\": 100, \"latitude\": 16, \"longitude\": 0}}");
  }

  @Test
  void existingStoreIsRefusedUnlessOverwriting() {
    DatasetSpec spec = Specs.like(src, summerBox(), VARS, null);
    write("exists.zarr", spec, ZarrWriter.Mode.ERROR_IF_EXISTS, ChunkWriteHook.NONE);
    ZarrException e = assertThrows(ZarrException.class,
        () -> ZarrWriter.begin(CONF, out.resolve("exists.zarr").toString(), spec, ZarrWriter.Mode.ERROR_IF_EXISTS));
    assertTrue(e.getMessage().contains("already exists") && e.getMessage().contains("exists.zarr"), e.getMessage());
    write("exists.zarr", spec, ZarrWriter.Mode.OVERWRITE, ChunkWriteHook.NONE);
    PythonPeer.run("check_written.py", out.resolve("exists.zarr").toString(), MultiYear.glob(), CHECK_SPEC + "}");
  }

  /** Throws in the first attempt of the task that writes one chosen chunk. */
  static final class FailFirstAttempt implements ChunkWriteHook {
    private static final long serialVersionUID = 1L;

    @Override
    public void beforeChunk(String variable, String key) {
      TaskContext tc = TaskContext.get();
      if (key.equals("t2m/1.0.0") && tc != null && tc.attemptNumber() == 0) {
        throw new IllegalStateException("injected failure before writing " + key);
      }
    }
  }

  @Test
  void aTaskThatFailsMidWriteIsRetriedAndTheOutputIsIdentical() throws IOException {
    DatasetSpec spec = Specs.like(src, summerBox(), VARS, null);
    write("clean.zarr", spec, ZarrWriter.Mode.OVERWRITE, ChunkWriteHook.NONE);
    write("retried.zarr", spec, ZarrWriter.Mode.OVERWRITE, new FailFirstAttempt());
    assertEquals(files(out.resolve("clean.zarr")), files(out.resolve("retried.zarr")));
  }

  @Test
  void aJobKilledBeforeCommitLeavesTheOldStoreAndTheRerunFinishes() throws IOException {
    DatasetSpec spec = Specs.like(src, summerBox(), VARS, null);
    String target = out.resolve("killed.zarr").toString();
    write("killed.zarr", spec, ZarrWriter.Mode.OVERWRITE, ChunkWriteHook.NONE);
    Map<String, String> before = files(Path.of(target));
    // a second write that dies after some chunks, before commit (as a killed driver would)
    ZarrWriter w = ZarrWriter.begin(CONF, target, spec, ZarrWriter.Mode.OVERWRITE);
    List<Block> some = Blocks.readLocal(src, summerBox(), List.of("t2m")).subList(0, 3);
    for (Block b : some) {
      if (SparkBlockWriter.isOneChunk(w, b)) w.writeBlock(b);
    }
    assertEquals(before, files(Path.of(target)), "the old store is untouched and complete");
    ZarrException e = assertThrows(ZarrException.class,
        () -> Dataset.open(CONF, ZarrWriter.stagingOf(target)));
    assertTrue(e.getMessage().contains("incomplete write"), e.getMessage());
    // killed in the middle of the swap: the old store was moved aside, the new one not yet in place
    Files.move(Path.of(target), Path.of(ZarrWriter.trashOf(target)));
    write("killed.zarr", spec, ZarrWriter.Mode.OVERWRITE, ChunkWriteHook.NONE);
    assertEquals(before, files(Path.of(target)), "the rerun finishes the same store");
    assertFalse(Files.exists(Path.of(ZarrWriter.trashOf(target))));
    PythonPeer.run("check_written.py", target, MultiYear.glob(), CHECK_SPEC + "}");
  }

  @Test
  void appendAlongTimeEqualsWritingEverythingAtOnce() throws IOException {
    Selection all = summerBox();
    int[] t = all.indices("time");
    int half = t.length / 2 + 7; // not on a chunk boundary: the straddling chunk is rewritten
    boolean[] first = new boolean[(int) src.dimSize("time")];
    boolean[] second = new boolean[first.length];
    for (int i = 0; i < t.length; i++) (i < half ? first : second)[t[i]] = true;
    Selection a = all.restrict("time", first);
    Selection b = all.restrict("time", second);
    String target = out.resolve("appended.zarr").toString();
    DatasetSpec specA = Specs.like(src, a, VARS, null).withChunks(Map.of("time", 40));
    ZarrWriter wa = ZarrWriter.begin(CONF, target, specA, ZarrWriter.Mode.OVERWRITE);
    SparkBlockWriter.write(Blocks.read(jsc, src, a, VARS, 0), wa);
    DatasetSpec specB = Specs.like(src, b, VARS, null).withChunks(Map.of("time", 40));
    ZarrWriter wb = ZarrWriter.begin(CONF, target, specB, ZarrWriter.Mode.APPEND);
    SparkBlockWriter.write(Blocks.read(jsc, src, b, VARS, 0), wb);
    PythonPeer.run("check_written.py", target, MultiYear.glob(), CHECK_SPEC + "}");
    // appending the same part again is refused: its times are not after the store's
    ZarrException e = assertThrows(ZarrException.class, () -> ZarrWriter.begin(CONF, target, specB, ZarrWriter.Mode.APPEND));
    assertTrue(e.getMessage().contains("start at or before"), e.getMessage());
    DatasetSpec other = Specs.like(src, b, List.of("t2m"), null);
    ZarrException v = assertThrows(ZarrException.class, () -> ZarrWriter.begin(CONF, target, other, ZarrWriter.Mode.APPEND));
    assertTrue(v.getMessage().contains("variables"), v.getMessage());
  }

  @Test
  void compressorSpecsParseAndRefuseNonsense() {
    assertEquals("blosc", Compressors.parse("blosc:lz4:5:shuffle", 4).id());
    assertEquals(null, Compressors.parse("none", 4));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Compressors.parse("snappy", 4));
    assertTrue(e.getMessage().contains("snappy"));
    assertThrows(IllegalArgumentException.class, () -> Compressors.parse("blosc:zstd:3:sideways", 4));
    assertArrayEquals(new int[] {1}, VariableSpec.float32("x", List.of("x"), new long[] {1}, new int[] {8}).withChunks(new int[] {8}).chunks());
  }

  static Map<String, String> files(Path root) throws IOException {
    Map<String, String> m = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        if (Files.isRegularFile(p)) {
          m.put(root.relativize(p).toString(), java.util.HexFormat.of().formatHex(
              java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
        }
      }
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
    return m;
  }
}
