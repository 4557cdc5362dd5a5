package org.spangeo.zarr.array;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.spangeo.zarr.ZarrException;
import org.spangeo.zarr.interop.InteropStores;
import org.spangeo.zarr.interop.InteropStores.Case;
import org.spangeo.zarr.store.HadoopStore;
import org.spangeo.zarr.store.MemoryStore;
import org.spangeo.zarr.store.Store;

/**
 * Bad input: damaged chunks, broken metadata, refused codecs, hostile headers, escaping keys.
 * Every failure must be a {@link ZarrException} whose message names the store, the array and,
 * for chunk problems, the chunk key. Damaged stores are copies of what zarr-python wrote.
 */
class ZarrArrayBadInputTest {
  @TempDir Path tmp;

  @BeforeAll
  static void generate() {
    InteropStores.dir();
  }

  // ---------------------------------------------------------------------------------------------
  // helpers

  /** A copy of one generated array under {@code tmp/root}, at the same array path. */
  private Path copy(String caseName) throws IOException {
    Case c = InteropStores.named(caseName);
    // dynamic tests of one factory share the temporary folder: a fresh name for every copy
    Path root = Files.createTempDirectory(tmp, "root-" + caseName + "-");
    Path dst = root.resolve(c.array);
    try (Stream<Path> files = Files.walk(c.arrayDir())) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path t = dst.resolve(c.arrayDir().relativize(p).toString());
        if (Files.isDirectory(p)) Files.createDirectories(t);
        else Files.copy(p, t);
      }
    }
    return root;
  }

  private static ZarrException expectError(Executable e, Store s, String array, String chunkKey) {
    ZarrException ex = assertThrows(ZarrException.class, e);
    String m = ex.getMessage();
    assertNotNull(m);
    assertTrue(m.contains(s.location()), "message names the store " + s.location() + ": " + m);
    assertTrue(m.contains("'" + array + "'"), "message names the array '" + array + "': " + m);
    if (chunkKey != null) assertTrue(m.contains(chunkKey), "message names the chunk " + chunkKey + ": " + m);
    assertFalse(m.contains("\n"), "one-line message: " + m);
    return ex;
  }

  private static void write(Path p, byte[] b) throws IOException {
    Files.createDirectories(p.getParent());
    Files.write(p, b);
  }

  private static void write(Path p, String s) throws IOException {
    write(p, s.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] zlib(byte[] raw) {
    Deflater d = new Deflater(1);
    d.setInput(raw);
    d.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    while (!d.finished()) out.write(buf, 0, d.deflate(buf));
    d.end();
    return out.toByteArray();
  }

  private static byte[] gzip(byte[] raw) {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (GZIPOutputStream g = new GZIPOutputStream(bos)) {
      g.write(raw);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bos.toByteArray();
  }

  private static String zarray(String dtype, String shape, String chunks, String compressor, String filters,
      String fill) {
    return "{\"zarr_format\": 2, \"shape\": " + shape + ", \"chunks\": " + chunks + ", \"dtype\": \"" + dtype
        + "\", \"compressor\": " + compressor + ", \"filters\": " + filters + ", \"fill_value\": " + fill
        + ", \"order\": \"C\"}";
  }

  // ---------------------------------------------------------------------------------------------
  // damaged chunks of arrays that zarr-python wrote

  /** One array per chunk codec; chunk 0.0 of each is damaged. */
  static final List<String> CODEC_CASES = List.of("comp_blosc_lz4_shuffle_le_f8", "comp_blosc_zstd_bitshuffle_le_f8",
      "comp_blosc_zlib_noshuffle_le_f8", "comp_blosc_lz4_clevel0_le_f8", "comp_zstd_le_f8", "comp_zlib_le_f8",
      "comp_gzip_le_f8", "comp_lz4_le_f8", "comp_none_le_f8", "filter_fixedscaleoffset_f8_u1",
      "filter_delta_i8_astype_i4");

  @TestFactory
  Stream<DynamicTest> truncatedChunks() {
    return CODEC_CASES.stream().flatMap(name -> Stream.of(0, 3, 15, 40, -1).map(keep -> DynamicTest.dynamicTest(
        name + " cut to " + (keep < 0 ? "half" : keep + " bytes"), () -> {
          Path root = copy(name);
          Path chunk = root.resolve(name).resolve("0.0");
          byte[] b = Files.readAllBytes(chunk);
          int n = keep < 0 ? b.length / 2 : Math.min(keep, b.length - 1);
          Files.write(chunk, Arrays.copyOf(b, n));
          Store s = HadoopStore.open(root.toString());
          ZarrArray a = ZarrArray.open(s, name);
          expectError(() -> a.readChunk(new long[] {0, 0}), s, name, "0.0");
          // the neighbours are intact
          assertArrayEquals(a.metadata().chunks(), a.readChunk(new long[] {0, 1}).shape());
        })));
  }

  @TestFactory
  Stream<DynamicTest> chunksWithTrailingGarbage() {
    // a stored chunk with bytes after its end: blosc frames state their size, raw chunks have
    // an exact size, lz4 and zstd say how much they decode to.
    return Stream.of("comp_blosc_lz4_shuffle_le_f8", "comp_none_le_f8", "comp_lz4_le_f8")
        .map(name -> DynamicTest.dynamicTest(name, () -> {
          Path root = copy(name);
          Path chunk = root.resolve(name).resolve("0.0");
          byte[] b = Files.readAllBytes(chunk);
          byte[] longer = Arrays.copyOf(b, b.length + 24);
          Files.write(chunk, longer);
          Store s = HadoopStore.open(root.toString());
          expectError(() -> ZarrArray.open(s, name).readChunk(new long[] {0, 0}), s, name, "0.0");
        }));
  }

  /** Checksummed formats detect any flipped bit: zlib (Adler-32), gzip (CRC-32), v3 crc32c. */
  @TestFactory
  Stream<DynamicTest> bitFlipsInChecksummedChunks() {
    return Stream.of("comp_zlib_le_f8", "comp_gzip_le_f8", "v3_crc32c", "v3_gzip_crc32c").flatMap(name ->
        Stream.of(0.1, 0.5, 0.9, 1.0).map(where -> DynamicTest.dynamicTest(name + " flip at " + where, () -> {
          Case c = InteropStores.named(name);
          Path root = copy(name);
          String key = c.format == 2 ? "0.0.0".substring(0, 2 * c.shape.length - 1) : "c/0/0/0";
          Path chunk = root.resolve(name).resolve(key);
          byte[] b = Files.readAllBytes(chunk);
          int at = Math.min(b.length - 1, (int) (b.length * where));
          if (c.format == 2 && at < 2) at = 2; // keep the zlib / gzip magic, flip the payload
          b[at] ^= 0x10;
          Files.write(chunk, b);
          Store s = HadoopStore.open(root.toString());
          expectError(() -> ZarrArray.open(s, name).readChunk(new long[c.shape.length]), s, name, key);
        })));
  }

  @Test
  void v3Crc32cMismatchNamesTheChunk() throws IOException {
    Path root = copy("v3_crc32c");
    Path chunk = root.resolve("v3_crc32c/c/1/2/0");
    byte[] b = Files.readAllBytes(chunk);
    b[b.length - 1] ^= 1; // the stored checksum itself
    Files.write(chunk, b);
    Store s = HadoopStore.open(root.toString());
    ZarrArray a = ZarrArray.open(s, "v3_crc32c");
    ZarrException e = expectError(() -> a.readChunk(new long[] {1, 2, 0}), s, "v3_crc32c", "c/1/2/0");
    assertTrue(e.getMessage().toLowerCase().contains("crc32c"), e.getMessage());
    a.readChunk(new long[] {1, 2, 1}); // others still read
  }

  @Test
  void shardIndexCrcMismatchAndBadIndexEntries() throws IOException {
    Case c = InteropStores.named("v3_shard_index_end");
    Path root = copy(c.name);
    Path shard = root.resolve(c.name).resolve("c/0/0");
    byte[] good = Files.readAllBytes(shard);
    // 1. a flipped bit in the index (at the end, before its crc32c)
    byte[] b = good.clone();
    b[b.length - 10] ^= 0x40;
    Files.write(shard, b);
    Store s = HadoopStore.open(root.toString());
    expectError(() -> ZarrArray.open(s, c.name).readChunk(new long[] {0, 0}), s, c.name, "c/0/0");
    // 2. an index entry pointing past the end of the shard, with a valid crc32c
    int count = (4 / 2) * (6 / 3);
    int indexStart = good.length - (count * 16 + 4);
    ByteBuffer idx = ByteBuffer.wrap(good, indexStart, count * 16).slice().order(ByteOrder.LITTLE_ENDIAN);
    int entry = -1;
    for (int i = 0; i < count && entry < 0; i++) if (idx.getLong(i * 16) != -1L) entry = i;
    byte[] bad = good.clone();
    ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN).putLong(indexStart + entry * 16, good.length * 10L);
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(bad, indexStart, count * 16);
    ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN).putInt(bad.length - 4, (int) crc.getValue());
    Files.write(shard, bad);
    expectError(() -> ZarrArray.open(s, c.name).readChunk(new long[] {0, 0}), s, c.name, "c/0/0");
    // 3. a shard shorter than its index
    Files.write(shard, Arrays.copyOf(good, 20));
    expectError(() -> ZarrArray.open(s, c.name).readChunk(new long[] {0, 0}), s, c.name, "c/0/0");
  }

  /**
   * Random damage must never escape as anything but a ZarrException naming the chunk: no
   * native crash, no OutOfMemoryError, no raw runtime exception. A chunk whose damage its codec
   * cannot detect (blosc, lz4 and zstd carry no checksum here) may decode, at its full size.
   */
  @TestFactory
  Stream<DynamicTest> randomDamageIsContained() {
    return CODEC_CASES.stream().map(name -> DynamicTest.dynamicTest(name, () -> {
      Case c = InteropStores.named(name);
      byte[] good = Files.readAllBytes(c.arrayDir().resolve("0.0"));
      MemoryStore m = new MemoryStore("fuzz-" + name);
      m.put(name + "/.zarray", Files.readAllBytes(c.arrayDir().resolve(".zarray")));
      ZarrArray a = ZarrArray.open(m, name);
      Random rnd = new Random(name.hashCode());
      int detected = 0;
      // zlib and gzip carry checksums, but a gzip header's time stamp and OS bytes do not count:
      // damage to those streams starts after the first 10 bytes
      boolean checksummed = name.contains("zlib") && !name.contains("blosc") || name.contains("gzip");
      int from = checksummed ? 10 : 0;
      for (int trial = 0; trial < 300; trial++) {
        byte[] b = good.clone();
        int flips = 1 + rnd.nextInt(4);
        for (int f = 0; f < flips; f++) {
          int at = from + rnd.nextInt(b.length - from);
          if (trial % 3 == 0) b[at] = (byte) rnd.nextInt(256);
          else b[at] ^= (byte) (1 << rnd.nextInt(8));
        }
        m.put(name + "/0.0", b);
        try {
          RawChunk r = a.readChunk(new long[] {0, 0});
          assertArrayEquals(c.chunks, r.shape());
        } catch (ZarrException e) {
          assertTrue(e.getMessage().contains("'" + name + "'") && e.getMessage().contains("0.0"), e.getMessage());
          detected++;
        }
      }
      if (checksummed) assertEquals(300, detected, name + ": checksummed streams detect every damage");
    }));
  }

  // ---------------------------------------------------------------------------------------------
  // chunks of the wrong size

  @Test
  void rawChunkOfTheWrongSize() throws IOException {
    Path root = tmp.resolve("wrongsize");
    write(root.resolve("a/.zarray"), zarray("<f8", "[8, 8]", "[4, 4]", "null", "null", "0"));
    write(root.resolve("a/0.0"), new byte[15 * 8]); // 15 elements for a 16-element chunk
    write(root.resolve("a/0.1"), new byte[17 * 8]);
    write(root.resolve("a/1.0"), new byte[16 * 8 + 3]);
    write(root.resolve("a/1.1"), new byte[16 * 8]);
    Store s = HadoopStore.open(root.toString());
    ZarrArray a = ZarrArray.open(s, "a");
    expectError(() -> a.readChunk(new long[] {0, 0}), s, "a", "0.0");
    expectError(() -> a.readChunk(new long[] {0, 1}), s, "a", "0.1");
    expectError(() -> a.readChunk(new long[] {1, 0}), s, "a", "1.0");
    assertEquals(16 * 8, a.readChunk(new long[] {1, 1}).bytes().length);
    // read() of a box that touches a bad chunk fails the same way
    expectError(() -> a.read(new long[] {2, 2}, new int[] {4, 4}), s, "a", "0.0");
  }

  @Test
  void compressedChunkOfTheWrongSize() throws IOException {
    Path root = tmp.resolve("wrongsize-z");
    write(root.resolve("z/.zarray"), zarray("<i4", "[6]", "[3]", "{\"id\": \"zlib\", \"level\": 1}", "null", "0"));
    write(root.resolve("z/0"), zlib(new byte[2 * 4]));
    write(root.resolve("z/1"), zlib(new byte[4 * 4]));
    write(root.resolve("g/.zarray"), zarray(">u2", "[2, 3]", "[2, 3]", "{\"id\": \"gzip\", \"level\": 1}", "null",
        "0"));
    write(root.resolve("g/0.0"), gzip(new byte[5 * 2]));
    Store s = HadoopStore.open(root.toString());
    expectError(() -> ZarrArray.open(s, "z").readChunk(new long[] {0}), s, "z", "0");
    expectError(() -> ZarrArray.open(s, "z").readChunk(new long[] {1}), s, "z", "1");
    expectError(() -> ZarrArray.open(s, "g").readChunk(new long[] {0, 0}), s, "g", "0.0");
  }

  @Test
  void filterOutputOfTheWrongSize() throws IOException {
    // delta filter stored as i2, decoded as i4: an odd number of bytes is no whole element
    Path root = tmp.resolve("filter");
    write(root.resolve("d/.zarray"), zarray("<i4", "[4]", "[4]", "null",
        "[{\"id\": \"delta\", \"dtype\": \"<i4\", \"astype\": \"<i2\"}]", "0"));
    write(root.resolve("d/0"), new byte[7]);
    Store s = HadoopStore.open(root.toString());
    expectError(() -> ZarrArray.open(s, "d").readChunk(new long[] {0}), s, "d", "0");
    write(root.resolve("d/0"), new byte[6]); // 3 elements for a 4-element chunk
    expectError(() -> ZarrArray.open(s, "d").readChunk(new long[] {0}), s, "d", "0");
  }

  // ---------------------------------------------------------------------------------------------
  // headers that claim huge sizes: rejected before anything of that size is allocated

  private static long allocatedBytes() {
    com.sun.management.ThreadMXBean t = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assertTrue(t.isThreadAllocatedMemorySupported() && t.isThreadAllocatedMemoryEnabled(),
        "this JVM cannot count allocated bytes");
    return t.getThreadAllocatedBytes(Thread.currentThread().getId());
  }

  private static void assertRejectedCheaply(MemoryStore m, String array, long[] chunk, String key) {
    ZarrArray a = ZarrArray.open(m, array);
    try {
      a.readChunk(chunk); // warm up class loading and native libraries
    } catch (ZarrException expected) {
      // measured below
    }
    long before = allocatedBytes();
    expectError(() -> a.readChunk(chunk), m, array, key);
    long used = allocatedBytes() - before;
    assertTrue(used < 64L << 20, array + ": rejecting the chunk allocated " + used + " bytes");
  }

  @Test
  void bloscHeaderClaimingHugeSize() throws IOException {
    Case c = InteropStores.named("comp_blosc_lz4_shuffle_le_f8");
    byte[] frame = Files.readAllBytes(c.arrayDir().resolve("0.0"));
    MemoryStore m = new MemoryStore("blosc-bomb");
    m.put("b/.zarray", Files.readAllBytes(c.arrayDir().resolve(".zarray")));
    for (int claim : new int[] {0x7ffffff0, 0x40000000, 8 * 16 * 8 + 8}) {
      byte[] b = frame.clone();
      ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(4, claim); // nbytes
      m.put("b/0.0", b);
      assertRejectedCheaply(m, "b", new long[] {0, 0}, "0.0");
    }
    // and a frame whose block size field lies (bigger than the whole buffer)
    byte[] b = frame.clone();
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 0x7ffffff0);
    m.put("b/0.0", b);
    try {
      ZarrArray.open(m, "b").readChunk(new long[] {0, 0});
    } catch (ZarrException e) {
      assertTrue(e.getMessage().contains("0.0"), e.getMessage());
    }
  }

  @Test
  void bloscFrameThatReallyDecodesToHugeSize() throws IOException {
    // a well-formed frame of 256 MiB of zeros (a few hundred KiB stored) as a 1 KiB chunk:
    // it must be refused from its header, not decompressed first
    byte[] frame = new org.spangeo.zarr.codec.BloscCodec("lz4", 5, 1, 0, 8).encode(new byte[256 << 20]);
    Case c = InteropStores.named("comp_blosc_lz4_shuffle_le_f8");
    MemoryStore m = new MemoryStore("blosc-real-bomb");
    m.put("b/.zarray", Files.readAllBytes(c.arrayDir().resolve(".zarray")));
    m.put("b/0.0", frame);
    assertRejectedCheaply(m, "b", new long[] {0, 0}, "0.0");
  }

  @Test
  void lz4HeaderClaimingHugeSize() throws IOException {
    Case c = InteropStores.named("comp_lz4_le_f8");
    byte[] b = Files.readAllBytes(c.arrayDir().resolve("0.0"));
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 0x7ffffff0);
    MemoryStore m = new MemoryStore("lz4-bomb");
    m.put("l/.zarray", Files.readAllBytes(c.arrayDir().resolve(".zarray")));
    m.put("l/0.0", b);
    assertRejectedCheaply(m, "l", new long[] {0, 0}, "0.0");
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(0, -16); // 0xfffffff0 as unsigned
    m.put("l/0.0", b);
    assertRejectedCheaply(m, "l", new long[] {0, 0}, "0.0");
  }

  @Test
  void zstdFrameClaimingHugeSize() {
    // magic, frame header: single segment with an 8-byte content size of 2^31 - 16, then one
    // raw block of 8 bytes (last block)
    ByteBuffer f = ByteBuffer.allocate(4 + 1 + 8 + 3 + 8).order(ByteOrder.LITTLE_ENDIAN);
    f.putInt(0xFD2FB528);
    f.put((byte) 0xE0);
    f.putLong(0x7ffffff0L);
    int blockHeader = 1 | (0 << 1) | (8 << 3);
    f.put((byte) blockHeader).put((byte) (blockHeader >> 8)).put((byte) (blockHeader >> 16));
    f.putLong(0x0102030405060708L);
    MemoryStore m = new MemoryStore("zstd-bomb");
    m.put("z/.zarray", zarray("<f8", "[4, 4]", "[4, 4]", "{\"id\": \"zstd\", \"level\": 1}", "null", "0")
        .getBytes(StandardCharsets.UTF_8));
    m.put("z/0.0", f.array());
    assertRejectedCheaply(m, "z", new long[] {0, 0}, "0.0");
  }

  @ParameterizedTest
  @ValueSource(strings = {"zlib", "gzip"})
  void deflateBombIsBounded(String codec) {
    byte[] zeros = new byte[256 << 20]; // 256 MiB of zeros compress to about 256 KiB
    byte[] bomb = codec.equals("zlib") ? zlib(zeros) : gzip(zeros);
    zeros = null;
    MemoryStore m = new MemoryStore(codec + "-bomb");
    m.put("x/.zarray", zarray("<f8", "[10, 10]", "[10, 10]", "{\"id\": \"" + codec + "\", \"level\": 1}", "null", "0")
        .getBytes(StandardCharsets.UTF_8));
    m.put("x/0.0", bomb);
    assertRejectedCheaply(m, "x", new long[] {0, 0}, "0.0");
  }

  @Test
  void zstdStreamBombWithoutContentSizeIsBounded() throws IOException {
    // a streamed frame (no content size in its header) of 64 MiB of zeros
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (com.github.luben.zstd.ZstdOutputStream z = new com.github.luben.zstd.ZstdOutputStream(bos)) {
      byte[] block = new byte[1 << 20];
      for (int i = 0; i < 64; i++) z.write(block);
    }
    MemoryStore m = new MemoryStore("zstd-stream-bomb");
    m.put("x/.zarray", zarray("<f8", "[10, 10]", "[10, 10]", "{\"id\": \"zstd\", \"level\": 1}", "null", "0")
        .getBytes(StandardCharsets.UTF_8));
    m.put("x/0.0", bos.toByteArray());
    assertRejectedCheaply(m, "x", new long[] {0, 0}, "0.0");
  }

  // ---------------------------------------------------------------------------------------------
  // broken metadata

  static final String GOOD = zarray("<f8", "[4, 6]", "[2, 3]", "null", "null", "0");

  @TestFactory
  Stream<DynamicTest> badZarray() {
    Object[][] cases = {
        {"invalid JSON", "{\"zarr_format\": 2, \"shape\": [4, 6", null},
        {"empty file", "", null},
        {"a JSON list", "[1, 2]", null},
        {"missing shape", GOOD.replace("\"shape\": [4, 6], ", ""), "shape"},
        {"shape not a list", GOOD.replace("\"shape\": [4, 6]", "\"shape\": 4"), "shape"},
        {"non-integer shape", GOOD.replace("\"shape\": [4, 6]", "\"shape\": [4, 6.5]"), "shape"},
        {"negative shape", GOOD.replace("\"shape\": [4, 6]", "\"shape\": [4, -6]"), "shape"},
        {"missing chunks", GOOD.replace("\"chunks\": [2, 3], ", ""), "chunks"},
        {"zero chunk", GOOD.replace("\"chunks\": [2, 3]", "\"chunks\": [2, 0]"), "chunks"},
        {"chunks rank mismatch", GOOD.replace("\"chunks\": [2, 3]", "\"chunks\": [2, 3, 1]"), "chunks"},
        {"chunks rank mismatch 2", GOOD.replace("\"chunks\": [2, 3]", "\"chunks\": [2]"), "chunks"},
        {"unknown dtype", GOOD.replace("<f8", "<c8"), "<c8"},
        {"object dtype", GOOD.replace("<f8", "|O"), "|O"},
        {"float128", GOOD.replace("<f8", "<f16"), "<f16"},
        {"datetime in multiples of a unit", GOOD.replace("<f8", "<M8[3h]"), "<M8[3h]"},
        {"structured dtype", GOOD.replace("\"<f8\"", "[[\"a\", \"<f4\"], [\"b\", \"<i4\"]]"), "dtype"},
        {"missing dtype", GOOD.replace("\"dtype\": \"<f8\", ", ""), "dtype"},
        {"zarr_format 3", GOOD.replace("\"zarr_format\": 2", "\"zarr_format\": 3"), "zarr_format"},
        {"order K", GOOD.replace("\"order\": \"C\"", "\"order\": \"K\""), "order"},
        {"dimension separator", GOOD.replace("\"order\": \"C\"", "\"order\": \"C\", \"dimension_separator\": \"-\""),
            "separator"},
        {"unknown compressor", GOOD.replace("\"compressor\": null", "\"compressor\": {\"id\": \"zfpy\"}"), "zfpy"},
        {"compressor without id", GOOD.replace("\"compressor\": null", "\"compressor\": {\"level\": 1}"), "id"},
        {"blosc cname snappy", GOOD.replace("\"compressor\": null",
            "\"compressor\": {\"id\": \"blosc\", \"cname\": \"snappy\", \"clevel\": 5, \"shuffle\": 1}"), "snappy"},
        {"blosc clevel 12", GOOD.replace("\"compressor\": null",
            "\"compressor\": {\"id\": \"blosc\", \"cname\": \"lz4\", \"clevel\": 12, \"shuffle\": 1}"), "clevel"},
        {"zlib level 11", GOOD.replace("\"compressor\": null", "\"compressor\": {\"id\": \"zlib\", \"level\": 11}"),
            "level"},
        {"unknown filter", GOOD.replace("\"filters\": null", "\"filters\": [{\"id\": \"packbits\"}]"), "packbits"},
        {"pickle filter", GOOD.replace("\"filters\": null", "\"filters\": [{\"id\": \"pickle\", \"protocol\": 4}]"),
            "pickle"},
        {"msgpack filter", GOOD.replace("\"filters\": null", "\"filters\": [{\"id\": \"msgpack2\"}]"), "msgpack2"},
        {"vlen-utf8 filter", GOOD.replace("\"filters\": null", "\"filters\": [{\"id\": \"vlen-utf8\"}]"), "vlen-utf8"},
        {"filters not a list", GOOD.replace("\"filters\": null", "\"filters\": {\"id\": \"delta\"}"), "filters"},
        {"bad fill value", GOOD.replace("\"fill_value\": 0", "\"fill_value\": \"lots\""), "lots"},
        {"non-integer fill for ints", GOOD.replace("<f8", "<i4").replace("\"fill_value\": 0", "\"fill_value\": 1.5"),
            "1.5"},
    };
    return refusedMetadata(cases, "meta-", "grp/arr", ".zarray");
  }

  /**
   * One test a case {name, metadata text, word the message must contain (or null)}: the text
   * written as {@code path/file} in its own store, and opening the array refused.
   */
  private Stream<DynamicTest> refusedMetadata(Object[][] cases, String prefix, String path, String file) {
    return Arrays.stream(cases).map(t -> DynamicTest.dynamicTest((String) t[0], () -> {
      Path root = tmp.resolve(prefix + ((String) t[0]).replace(' ', '_'));
      write(root.resolve(path + "/" + file), (String) t[1]);
      Store s = HadoopStore.open(root.toString());
      ZarrException e = expectError(() -> ZarrArray.open(s, path), s, path, null);
      if (t[2] != null) assertTrue(e.getMessage().contains((String) t[2]), "message names " + t[2] + ": " + e.getMessage());
    }));
  }

  @Test
  void badZattrs() throws IOException {
    Path root = tmp.resolve("zattrs");
    write(root.resolve("a/.zarray"), GOOD);
    write(root.resolve("a/.zattrs"), "{\"units\": ");
    write(root.resolve("b/.zarray"), GOOD);
    write(root.resolve("b/.zattrs"), "{\"_ARRAY_DIMENSIONS\": [\"x\", \"y\", \"z\"]}");
    Store s = HadoopStore.open(root.toString());
    expectError(() -> ZarrArray.open(s, "a"), s, "a", null);
    ZarrException e = expectError(() -> ZarrArray.open(s, "b"), s, "b", null);
    assertTrue(e.getMessage().contains("_ARRAY_DIMENSIONS"), e.getMessage());
  }

  static final String V3_GOOD = "{\"zarr_format\": 3, \"node_type\": \"array\", \"shape\": [4, 6], \"data_type\":"
      + " \"float32\", \"chunk_grid\": {\"name\": \"regular\", \"configuration\": {\"chunk_shape\": [2, 3]}},"
      + " \"chunk_key_encoding\": {\"name\": \"default\", \"configuration\": {\"separator\": \"/\"}},"
      + " \"fill_value\": 0, \"codecs\": [{\"name\": \"bytes\", \"configuration\": {\"endian\": \"little\"}}]}";

  @TestFactory
  Stream<DynamicTest> badZarrJson() {
    String bytes = "{\"name\": \"bytes\", \"configuration\": {\"endian\": \"little\"}}";
    Object[][] cases = {
        {"invalid JSON", V3_GOOD.substring(0, 40), null},
        {"group node", V3_GOOD.replace("\"array\"", "\"group\""), "node_type"},
        {"unknown data type", V3_GOOD.replace("float32", "complex64"), "complex64"},
        {"float16", V3_GOOD.replace("float32", "float16"), "float16"},
        {"rectangular grid", V3_GOOD.replace("\"regular\"", "\"rectangular\""), "rectangular"},
        {"unknown key encoding", V3_GOOD.replace("\"name\": \"default\"", "\"name\": \"fancy\""), "fancy"},
        {"unknown codec", V3_GOOD.replace(bytes, bytes + ", {\"name\": \"lz5\"}"), "lz5"},
        {"no array-to-bytes codec", V3_GOOD.replace(bytes, "{\"name\": \"gzip\", \"configuration\": {\"level\": 1}}"),
            "gzip"},
        {"empty codecs", V3_GOOD.replace(bytes, ""), "codecs"},
        {"bad endian", V3_GOOD.replace("\"little\"", "\"middle\""), "middle"},
        {"transpose not a permutation", V3_GOOD.replace(bytes,
            "{\"name\": \"transpose\", \"configuration\": {\"order\": [0, 0]}}, " + bytes), "transpose"},
        {"transpose after bytes", V3_GOOD.replace(bytes,
            bytes + ", {\"name\": \"transpose\", \"configuration\": {\"order\": [1, 0]}}"), "transpose"},
        {"shard shape not dividing", V3_GOOD.replace(bytes, "{\"name\": \"sharding_indexed\", \"configuration\":"
            + " {\"chunk_shape\": [2, 2], \"codecs\": [" + bytes + "], \"index_codecs\": [" + bytes + "]}}"),
            "sharding"},
        {"chunk rank mismatch", V3_GOOD.replace("\"chunk_shape\": [2, 3]", "\"chunk_shape\": [2]"), "chunks"},
    };
    return refusedMetadata(cases, "v3meta-", "g/a", "zarr.json");
  }

  // ---------------------------------------------------------------------------------------------
  // paths and keys

  @Test
  void pathThatDoesNotExist() throws IOException {
    Path root = copy("nested_group_array");
    Store s = HadoopStore.open(root.toString());
    expectError(() -> ZarrArray.open(s, "level1/level2/pressure"), s, "level1/level2/pressure", null);
    expectError(() -> ZarrArray.open(s, "level1"), s, "level1", null); // a group, not an array
    Store nowhere = HadoopStore.open(tmp.resolve("no/such/store.zarr").toString());
    expectError(() -> ZarrArray.open(nowhere, "x"), nowhere, "x", null);
    MemoryStore m = new MemoryStore("empty");
    expectError(() -> ZarrArray.open(m, "x"), m, "x", null);
    // a file system Hadoop does not know: a store-level error, naming the store
    Store unknown = HadoopStore.open("nosuchfs://host/data.zarr");
    ZarrException e = assertThrows(ZarrException.class, () -> ZarrArray.open(unknown, "x"));
    assertTrue(e.getMessage().contains("store 'nosuchfs://host/data.zarr'"), e.getMessage());
  }

  @Test
  void keysThatLeaveTheStoreAreRefused() throws IOException {
    // a valid array just outside the store root: it must not be reachable through ".."
    Path outside = copy("one_d_f4_blosc");
    Path root = tmp.resolve("inner-store");
    Files.createDirectories(root);
    Store s = HadoopStore.open(root.toString());
    String rel = "../" + outside.getFileName() + "/one_d_f4_blosc";
    assertTrue(Files.exists(root.resolve(rel).resolve(".zarray")), "the target exists");
    for (String bad : List.of(rel, "a/../../" + outside.getFileName() + "/one_d_f4_blosc", "..", "a/./b", "/etc",
        "a//b", "a\\b")) {
      expectError(() -> ZarrArray.open(s, bad), s, bad, null);
    }
    for (Store st : List.of(s, new MemoryStore("keys"))) {
      for (String bad : List.of("../x", "a/../../x", "/abs", "a//b", "..", "a\\b", "x\0y")) {
        assertThrows(IllegalArgumentException.class, () -> st.get(bad), st + " get " + bad);
        assertThrows(IllegalArgumentException.class, () -> st.put(bad, new byte[1]), st + " put " + bad);
        assertThrows(IllegalArgumentException.class, () -> st.size(bad), st + " size " + bad);
        assertThrows(IllegalArgumentException.class, () -> st.getRange(bad, 0, 1), st + " getRange " + bad);
        assertThrows(IllegalArgumentException.class, () -> st.delete(bad), st + " delete " + bad);
        assertThrows(IllegalArgumentException.class, () -> st.listChildren(bad), st + " list " + bad);
      }
    }
    assertFalse(Files.exists(tmp.resolve("x")), "nothing was written outside the store");
  }

  /** A store whose reads of some keys fail, as a network file system's can. */
  static final class FailingStore implements Store {
    private static final long serialVersionUID = 1L;
    final Store inner;
    final String failing;

    FailingStore(Store inner, String failing) {
      this.inner = inner;
      this.failing = failing;
    }

    private void check(String key) {
      if (key.endsWith(failing)) {
        throw new UncheckedIOException("cannot read '" + key + "'", new IOException("connection reset"));
      }
    }

    @Override
    public String location() {
      return "flaky://" + inner.location();
    }

    @Override
    public byte[] get(String key) {
      check(key);
      return inner.get(key);
    }

    @Override
    public byte[] getRange(String key, long offset, int length) {
      check(key);
      return inner.getRange(key, offset, length);
    }

    @Override
    public long size(String key) {
      check(key);
      return inner.size(key);
    }

    @Override
    public List<String> listChildren(String prefix) {
      return inner.listChildren(prefix);
    }

    @Override
    public void put(String key, byte[] data) {
      inner.put(key, data);
    }

    @Override
    public void delete(String key) {
      inner.delete(key);
    }
  }

  @Test
  void storeReadErrorsAreZarrExceptions() throws IOException {
    Path v2 = copy("xarray_temp"); // has .zarray and .zattrs
    Path v3 = copy("v3_gzip");
    for (String failing : List.of(".zarray", ".zattrs")) {
      Store s = new FailingStore(HadoopStore.open(v2.toString()), failing);
      ZarrException e = expectError(() -> ZarrArray.open(s, "temp"), s, "temp", null);
      assertTrue(e.getMessage().contains("connection reset"), e.getMessage());
    }
    Store s3 = new FailingStore(HadoopStore.open(v3.toString()), "zarr.json");
    expectError(() -> ZarrArray.open(s3, "v3_gzip"), s3, "v3_gzip", null);
    Store sc = new FailingStore(HadoopStore.open(v2.toString()), "temp/1.0.1");
    ZarrArray a = ZarrArray.open(sc, "temp");
    ZarrException e = expectError(() -> a.readChunk(new long[] {1, 0, 1}), sc, "temp", "1.0.1");
    assertTrue(e.getMessage().contains("connection reset"), e.getMessage());
    expectError(() -> a.read(new long[] {0, 0, 0}, new int[] {5, 7, 9}), sc, "temp", "1.0.1");
  }

  @Test
  void chunkIndexOutsideTheGrid() throws IOException {
    Path root = copy("dtype_le_f8_raw");
    Store s = HadoopStore.open(root.toString());
    ZarrArray a = ZarrArray.open(s, "dtype_le_f8_raw"); // (9, 14) in (4, 5): grid (3, 3)
    expectError(() -> a.readChunk(new long[] {3, 0}), s, "dtype_le_f8_raw", "3.0");
    expectError(() -> a.readChunk(new long[] {0, -1}), s, "dtype_le_f8_raw", null);
    expectError(() -> a.readChunk(new long[] {0}), s, "dtype_le_f8_raw", null);
    expectError(() -> a.read(new long[] {8, 0}, new int[] {2, 1}), s, "dtype_le_f8_raw", null);
    expectError(() -> a.read(new long[] {-1, 0}, new int[] {1, 1}), s, "dtype_le_f8_raw", null);
  }

  @Test
  void aFolderAtAChunkKeyReadsAsMissingAsInZarrPython() throws IOException {
    // zarr-python's DirectoryStore only reads files: a folder where a chunk should be is a
    // missing chunk (the fill value), not an error
    Path root = copy("fill_number_f8_missing"); // fill value 42.5
    Files.delete(root.resolve("fill_number_f8_missing/0.0"));
    Files.createDirectories(root.resolve("fill_number_f8_missing/0.0/junk"));
    Store s = HadoopStore.open(root.toString());
    ZarrArray a = ZarrArray.open(s, "fill_number_f8_missing");
    RawChunk r = a.readChunk(new long[] {0, 0});
    for (int i = 0; i < r.size(); i++) assertEquals(42.5, r.getDouble(i));
  }
}
