package org.spangeo.zarr.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spangeo.zarr.ZarrException;
import org.spangeo.zarr.array.RawChunk;
import org.spangeo.zarr.array.ZarrArray;
import org.spangeo.zarr.codec.BloscCodec;
import org.spangeo.zarr.codec.Codec;
import org.spangeo.zarr.codec.CodecException;
import org.spangeo.zarr.codec.GzipCodec;
import org.spangeo.zarr.codec.Lz4Codec;
import org.spangeo.zarr.codec.ZlibCodec;
import org.spangeo.zarr.codec.ZstdCodec;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.dataset.Variable;
import org.spangeo.zarr.metadata.MetadataParser;
import org.spangeo.zarr.store.HadoopStore;
import org.spangeo.zarr.store.MemoryStore;
import org.spangeo.zarr.store.Store;

/**
 * Hostile input, generated: random and mutated .zarray, .zattrs, .zmetadata and zarr.json,
 * damaged chunk bytes for every codec, Blosc headers that lie about sizes, keys that try to
 * leave the store, and real zip bombs. Seeded (spangeo.fuzz.seed), a bounded count in CI
 * (spangeo.fuzz.iterations cases per family, default 400) and as many as asked on demand.
 *
 * <p>What counts as a clear error: a {@link ZarrException}, {@link CodecException} or
 * {@link IllegalArgumentException} (bad metadata) with a one-line, non-empty message. Anything
 * else (NullPointerException, ArrayIndexOutOfBounds, ClassCast, NegativeArraySize,
 * OutOfMemoryError, ...) fails the test with the seed and case that produced it. No case may
 * take more than 20 s (a hang; the slowest seen is a GC pause on a loaded machine), and every chunk that decodes has exactly the declared size; a
 * chunk that is not damaged decodes to exactly its values.
 */
class HostileInputFuzzTest {
  static final long SEED = Long.getLong("spangeo.fuzz.seed", 20261122L);
  static final int N = Integer.getInteger("spangeo.fuzz.iterations", 400);
  static final Map<String, int[]> TALLY = new TreeMap<>(); // family -> {cases, clear errors}

  @TempDir Path tmp;

  @AfterAll
  static void report() {
    StringBuilder b = new StringBuilder("fuzz (seed " + SEED + "):");
    TALLY.forEach((k, v) -> b.append(' ').append(k).append('=').append(v[0]).append(" cases/").append(v[1]).append(" refused"));
    System.out.println(b);
  }

  // ------------------------------------------------------------------------------------------
  // the oracle

  /** Runs one case: fine if it passes or fails with a clear error; anything else is a defect. */
  static void attempt(String family, String what, Runnable r) {
    int[] t = TALLY.computeIfAbsent(family, k -> new int[2]);
    t[0]++;
    long t0 = System.nanoTime();
    try {
      r.run();
    } catch (ZarrException | CodecException | IllegalArgumentException e) {
      String m = e.getMessage();
      if (m == null || m.isBlank() || m.contains("\n")) fail(family + " [" + what + "]: unclear message: " + m, e);
      t[1]++;
    } catch (UncheckedIOException e) {
      fail(family + " [" + what + "]: an I/O error from an in-memory store: " + e, e);
    } catch (Throwable e) {
      fail(family + " [" + what + "] (seed " + SEED + "): " + e, e);
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    if (ms > 20_000) fail(family + " [" + what + "] took " + ms + " ms (a hang?)");
  }

  /** Opens the store as a dataset and reads up to a few chunks of every array, checking sizes. */
  static void openAndRead(Store s) {
    Dataset ds = Dataset.open(s, new Dataset.Options());
    // an array set aside as unreadable is refused when used: count it as refused here
    for (Dataset.Unreadable u : ds.unreadable().values()) throw new ZarrException(u.message);
    for (Variable v : ds.variables().values()) {
      for (Variable.Segment seg : v.segments()) readSome(seg.array());
    }
  }

  static void readSome(ZarrArray a) {
    long[] grid = a.metadata().chunkGridShape();
    long[] first = new long[grid.length];
    long[] last = new long[grid.length];
    for (int d = 0; d < grid.length; d++) {
      if (grid[d] == 0) return;
      last[d] = grid[d] - 1;
    }
    for (long[] idx : List.of(first, last)) {
      RawChunk c = a.readChunk(idx);
      assertEquals(a.metadata().chunkElements(), c.size(), "decoded chunk size");
    }
  }

  // ------------------------------------------------------------------------------------------
  // a valid store to start from: float32 t(time=6, lat=4, lon=5), chunks (4, 4, 4), 4 chunks

  static final int[] CHUNKS = {4, 4, 4};

  static float value(int i) {
    return i * 0.5f - 3f;
  }

  static ObjectNode zarray(JsonNode compressor) {
    ObjectNode z = MetadataParser.JSON.createObjectNode();
    z.put("zarr_format", 2);
    z.putArray("shape").add(6).add(4).add(5);
    z.putArray("chunks").add(4).add(4).add(4);
    z.put("dtype", "<f4");
    z.set("compressor", compressor);
    z.put("fill_value", "NaN");
    z.put("order", "C");
    z.putNull("filters");
    z.put("dimension_separator", ".");
    return z;
  }

  static ObjectNode blosc(String cname) {
    ObjectNode c = MetadataParser.JSON.createObjectNode();
    c.put("id", "blosc").put("cname", cname).put("clevel", 5).put("shuffle", 1).put("blocksize", 0);
    return c;
  }

  static final JsonNode NO_COMPRESSOR = JsonNodeFactory.instance.nullNode();

  static ObjectNode compressorOf(String id) {
    ObjectNode c = MetadataParser.JSON.createObjectNode().put("id", id);
    if (id.equals("zstd") || id.equals("zlib") || id.equals("gzip")) c.put("level", 3);
    if (id.equals("lz4")) c.put("acceleration", 1);
    return c;
  }

  static Codec codecOf(String id) {
    switch (id) {
      case "zstd": return new ZstdCodec(3);
      case "zlib": return new ZlibCodec(3);
      case "gzip": return new GzipCodec(3);
      case "lz4": return new Lz4Codec(1);
      default: return new BloscCodec(id.substring("blosc-".length()), 5, 1, 0, 4);
    }
  }

  static final String[] CODECS = {"blosc-lz4", "blosc-lz4hc", "blosc-blosclz", "blosc-zstd", "blosc-zlib", "zstd", "zlib", "gzip",
      "lz4", "none"};

  static JsonNode compressorJson(String codec) {
    if (codec.equals("none")) return NO_COMPRESSOR;
    if (codec.startsWith("blosc-")) return blosc(codec.substring(6));
    return compressorOf(codec);
  }

  /** The raw little-endian bytes of chunk (ct, 0, cx), edge chunks padded with the fill value. */
  static byte[] rawChunk(int ct, int cx) {
    ByteBuffer b = ByteBuffer.allocate(64 * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int t = 0; t < 4; t++) {
      for (int y = 0; y < 4; y++) {
        for (int x = 0; x < 4; x++) {
          int gt = ct * 4 + t;
          int gx = cx * 4 + x;
          b.putFloat(gt < 6 && gx < 5 ? value((gt * 4 + y) * 5 + gx) : Float.NaN);
        }
      }
    }
    return b.array();
  }

  static MemoryStore validStore(String codec) {
    MemoryStore m = new MemoryStore("fuzz-" + codec);
    m.put(".zgroup", "{\"zarr_format\": 2}".getBytes(StandardCharsets.UTF_8));
    m.put(".zattrs", "{}".getBytes(StandardCharsets.UTF_8));
    m.put("t/.zarray", json(zarray(compressorJson(codec))));
    m.put("t/.zattrs", "{\"_ARRAY_DIMENSIONS\": [\"time\", \"lat\", \"lon\"], \"units\": \"K\"}".getBytes(StandardCharsets.UTF_8));
    for (int ct = 0; ct < 2; ct++) {
      for (int cx = 0; cx < 2; cx++) {
        byte[] raw = rawChunk(ct, cx);
        m.put("t/" + ct + ".0." + cx, codec.equals("none") ? raw : codecOf(codec).encode(raw));
      }
    }
    return m;
  }

  static byte[] json(JsonNode n) {
    try {
      return MetadataParser.JSON.writeValueAsBytes(n);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  // ------------------------------------------------------------------------------------------
  // random JSON

  static JsonNode randomJson(Random r, int depth) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    switch (r.nextInt(depth > 2 ? 8 : 10)) {
      case 0: return f.nullNode();
      case 1: return f.booleanNode(r.nextBoolean());
      case 2: return f.numberNode(r.nextInt(7) - 2);
      case 3: return f.numberNode(new long[] {Long.MAX_VALUE, Long.MIN_VALUE, Integer.MAX_VALUE, -1L << 40, 1L << 33}[r.nextInt(5)]);
      case 4: return f.numberNode(new double[] {Double.NaN, 1e308, -0.0, 0.5, 3.7e-320}[r.nextInt(5)]);
      case 5: return f.textNode(randomString(r));
      case 6: return f.textNode(new String[] {"<f4", ">f8", "|u1", "<i8", "|b1", "<M8[ns]", "<U8", "|O", "float32", "<f16", ""}[r.nextInt(11)]);
      case 7: return f.textNode(new String[] {"NaN", "Infinity", "-Infinity", "days since 1900-01-01", "banana since x",
          "hours since 2019-13-45", "../etc", "/abs", "a\\b"}[r.nextInt(9)]);
      case 8: {
        ArrayNode a = f.arrayNode();
        int n = r.nextInt(5);
        for (int i = 0; i < n; i++) a.add(randomJson(r, depth + 1));
        return a;
      }
      default: {
        ObjectNode o = f.objectNode();
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) o.set(new String[] {"id", "cname", "clevel", "shuffle", "blocksize", "level", "name",
            "configuration", "dtype", "elementsize", "astype", "scale", "offset", "keepbits", "digits"}[r.nextInt(15)],
            randomJson(r, depth + 1));
        return o;
      }
    }
  }

  static String randomString(Random r) {
    int n = r.nextInt(12);
    StringBuilder b = new StringBuilder();
    String alphabet = "ab./\\0.-_~%\u00e9\u0000 c1";
    for (int i = 0; i < n; i++) b.append(alphabet.charAt(r.nextInt(alphabet.length())));
    return b.toString();
  }

  static final String[] ZARRAY_FIELDS = {"zarr_format", "shape", "chunks", "dtype", "compressor", "fill_value", "order", "filters",
      "dimension_separator"};

  static ObjectNode mutate(Random r, ObjectNode base, String[] fields) {
    ObjectNode z = base.deepCopy();
    int edits = 1 + r.nextInt(3);
    for (int e = 0; e < edits; e++) {
      String f = fields[r.nextInt(fields.length)];
      switch (r.nextInt(4)) {
        case 0: z.remove(f); break;
        case 1: z.set(f, randomJson(r, 0)); break;
        case 2: { // a shape or chunk list of odd numbers
          ArrayNode a = z.putArray(f);
          int n = r.nextInt(5);
          for (int i = 0; i < n; i++) a.add(new long[] {0, 1, -1, 3, 1L << 31, Long.MAX_VALUE, 1L << 20}[r.nextInt(7)]);
          break;
        }
        default: z.set(f, randomJson(r, 1));
      }
    }
    return z;
  }

  static byte[] mutateBytes(Random r, byte[] in) {
    byte[] b = in.clone();
    switch (r.nextInt(5)) {
      case 0: // flip bits
        for (int i = 0, n = 1 + r.nextInt(4); i < n && b.length > 0; i++) b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
        return b;
      case 1: // truncate
        return java.util.Arrays.copyOf(b, b.length == 0 ? 0 : r.nextInt(b.length));
      case 2: { // extend with garbage
        byte[] c = java.util.Arrays.copyOf(b, b.length + 1 + r.nextInt(64));
        for (int i = b.length; i < c.length; i++) c[i] = (byte) r.nextInt(256);
        return c;
      }
      case 3: // random bytes overwriting a run
        if (b.length > 0) {
          int at = r.nextInt(b.length);
          for (int i = at; i < Math.min(b.length, at + 1 + r.nextInt(16)); i++) b[i] = (byte) r.nextInt(256);
        }
        return b;
      default: { // entirely random
        byte[] c = new byte[r.nextInt(300)];
        r.nextBytes(c);
        return c;
      }
    }
  }

  // ------------------------------------------------------------------------------------------
  // families

  /** The starting points are right: every codec's store and the v3 store decode to the values. */
  @Test
  void theValidStoresReadBackExactly() {
    for (String codec : CODECS) {
      ZarrArray a = ZarrArray.open(validStore(codec), "t");
      for (int ct = 0; ct < 2; ct++) for (int cx = 0; cx < 2; cx++) assertChunkValues(a.readChunk(new long[] {ct, 0, cx}), ct, cx);
    }
    for (boolean crc : new boolean[] {false, true}) {
      Dataset ds = Dataset.open(v3Store(zarrJson("/", crc), crc), new Dataset.Options());
      ZarrArray a = ds.variable("t").segments().get(0).array();
      for (int ct = 0; ct < 2; ct++) for (int cx = 0; cx < 2; cx++) assertChunkValues(a.readChunk(new long[] {ct, 0, cx}), ct, cx);
    }
  }

  @Test
  void mutatedZarrayMetadata() {
    Random r = new Random(SEED);
    assertTimeoutPreemptively(Duration.ofMinutes(3), () -> {
      for (int i = 0; i < N; i++) {
        String codec = CODECS[r.nextInt(CODECS.length)];
        MemoryStore m = validStore(codec);
        boolean asText = r.nextInt(4) == 0;
        byte[] z = asText ? mutateBytes(r, m.get("t/.zarray"))
            : json(mutate(r, zarray(compressorJson(codec)), ZARRAY_FIELDS));
        m.put("t/.zarray", z);
        int k = i;
        attempt("zarray", k + " " + new String(z, StandardCharsets.UTF_8), () -> openAndRead(m));
      }
    });
  }

  @Test
  void mutatedZattrs() {
    Random r = new Random(SEED + 1);
    String[] fields = {"_ARRAY_DIMENSIONS", "_FillValue", "missing_value", "scale_factor", "add_offset", "units", "calendar",
        "dtype", "_Unsigned"};
    ObjectNode base = (ObjectNode) MetadataParser.readJson(validStore("none").get("t/.zattrs"), ".zattrs");
    assertTimeoutPreemptively(Duration.ofMinutes(3), () -> {
      for (int i = 0; i < N; i++) {
        MemoryStore m = validStore("none");
        byte[] a = r.nextInt(4) == 0 ? mutateBytes(r, m.get("t/.zattrs")) : json(mutate(r, base, fields));
        m.put("t/.zattrs", a);
        if (r.nextBoolean()) m.put(".zattrs", mutateBytes(r, "{\"title\": \"x\"}".getBytes(StandardCharsets.UTF_8)));
        attempt("zattrs", i + " " + new String(a, StandardCharsets.UTF_8), () -> {
          Dataset ds = Dataset.open(m, new Dataset.Options());
          for (Variable v : ds.variables().values()) {
            if (v.isTime()) ds.timeValues(v.name());
            else if (v.rank() == 1) ds.coordinateValues(v.name());
            else readSome(v.segments().get(0).array());
          }
        });
      }
    });
  }

  @Test
  void mutatedConsolidatedMetadata() {
    Random r = new Random(SEED + 2);
    assertTimeoutPreemptively(Duration.ofMinutes(3), () -> {
      for (int i = 0; i < N; i++) {
        MemoryStore m = validStore("blosc-zstd");
        ObjectNode meta = MetadataParser.JSON.createObjectNode();
        meta.set(".zgroup", MetadataParser.readJson(m.get(".zgroup"), ".zgroup"));
        meta.set(".zattrs", MetadataParser.JSON.createObjectNode());
        String name = r.nextInt(3) == 0 ? new String[] {"../t", "/t", "t/../../x", "./t", "a\\t", "", "t//u", "..", "t\u0000"}[r.nextInt(9)] : "t";
        ObjectNode za = r.nextBoolean() ? mutate(r, zarray(blosc("zstd")), ZARRAY_FIELDS) : zarray(blosc("zstd"));
        meta.set(name + "/.zarray", za);
        meta.set(name + "/.zattrs", r.nextBoolean() ? randomJson(r, 0)
            : MetadataParser.readJson(m.get("t/.zattrs"), ".zattrs"));
        ObjectNode root = MetadataParser.JSON.createObjectNode();
        root.put("zarr_consolidated_format", 1);
        root.set("metadata", r.nextInt(10) == 0 ? randomJson(r, 0) : meta);
        byte[] z = r.nextInt(5) == 0 ? mutateBytes(r, json(root)) : json(root);
        m.put(".zmetadata", z);
        attempt("zmetadata", i + " " + new String(z, StandardCharsets.UTF_8), () -> openAndRead(m));
      }
    });
  }

  static ObjectNode zarrJson(String sep, boolean crc) {
    ObjectNode z = MetadataParser.JSON.createObjectNode();
    z.put("zarr_format", 3).put("node_type", "array");
    z.putArray("shape").add(6).add(4).add(5);
    z.put("data_type", "float32");
    ObjectNode grid = z.putObject("chunk_grid");
    grid.put("name", "regular");
    grid.putObject("configuration").putArray("chunk_shape").add(4).add(4).add(4);
    ObjectNode enc = z.putObject("chunk_key_encoding");
    enc.put("name", "default");
    enc.putObject("configuration").put("separator", sep);
    z.put("fill_value", "NaN");
    ArrayNode codecs = z.putArray("codecs");
    codecs.addObject().put("name", "bytes").putObject("configuration").put("endian", "little");
    if (crc) codecs.addObject().put("name", "crc32c");
    z.putArray("dimension_names").add("time").add("lat").add("lon");
    return z;
  }

  static MemoryStore v3Store(ObjectNode z, boolean crc) {
    MemoryStore m = new MemoryStore("fuzz-v3");
    m.put("zarr.json", "{\"zarr_format\": 3, \"node_type\": \"group\", \"attributes\": {}}".getBytes(StandardCharsets.UTF_8));
    m.put("t/zarr.json", json(z));
    for (int ct = 0; ct < 2; ct++) {
      for (int cx = 0; cx < 2; cx++) {
        byte[] raw = rawChunk(ct, cx);
        if (crc) {
          java.util.zip.CRC32C c = new java.util.zip.CRC32C();
          c.update(raw);
          raw = ByteBuffer.allocate(raw.length + 4).order(ByteOrder.LITTLE_ENDIAN).put(raw).putInt((int) c.getValue()).array();
        }
        m.put("t/c/" + ct + "/0/" + cx, raw);
      }
    }
    return m;
  }

  @Test
  void mutatedZarrJson() {
    Random r = new Random(SEED + 3);
    String[] fields = {"zarr_format", "node_type", "shape", "data_type", "chunk_grid", "chunk_key_encoding", "fill_value", "codecs",
        "dimension_names", "storage_transformers"};
    assertTimeoutPreemptively(Duration.ofMinutes(3), () -> {
      for (int i = 0; i < N; i++) {
        ObjectNode z = zarrJson("/", false);
        switch (r.nextInt(4)) {
          case 0: z = mutate(r, z, fields); break;
          case 1: ((ObjectNode) z.get("chunk_key_encoding").get("configuration")).set("separator",
              JsonNodeFactory.instance.textNode(new String[] {"/..", "..", "\\", "", "./", "/", "."}[r.nextInt(7)])); break;
          case 2: { // sharding with odd inner shapes and index codecs
            ObjectNode sh = MetadataParser.JSON.createObjectNode().put("name", "sharding_indexed");
            ObjectNode cfg = sh.putObject("configuration");
            cfg.set("chunk_shape", r.nextBoolean() ? randomJson(r, 1)
                : MetadataParser.JSON.createArrayNode().add(r.nextInt(5)).add(2).add(1L << r.nextInt(40)));
            cfg.set("codecs", z.get("codecs").deepCopy());
            cfg.set("index_codecs", r.nextBoolean() ? randomJson(r, 1)
                : MetadataParser.JSON.createArrayNode().add(MetadataParser.JSON.createObjectNode().put("name", "bytes")));
            z.putArray("codecs").add(sh);
            break;
          }
          default: z.putArray("codecs").add(randomJson(r, 0));
        }
        MemoryStore m = v3Store(zarrJson("/", false), false);
        byte[] b = r.nextInt(5) == 0 ? mutateBytes(r, json(z)) : json(z);
        m.put("t/zarr.json", b);
        if (r.nextInt(4) == 0) m.put("zarr.json", mutateBytes(r, m.get("zarr.json")));
        attempt("zarr.json", i + " " + new String(b, StandardCharsets.UTF_8), () -> openAndRead(m));
      }
    });
  }

  @Test
  void damagedChunksOfEveryCodec() {
    Random r = new Random(SEED + 4);
    assertTimeoutPreemptively(Duration.ofMinutes(3), () -> {
      for (int i = 0; i < N * 2; i++) {
        String codec = CODECS[i % CODECS.length];
        MemoryStore m = validStore(codec);
        String key = "t/" + r.nextInt(2) + ".0." + r.nextInt(2);
        byte[] orig = m.get(key);
        byte[] bad = mutateBytes(r, orig);
        m.put(key, bad);
        boolean same = java.util.Arrays.equals(orig, bad);
        attempt("chunk-" + codec, i + " " + key, () -> {
          ZarrArray a = ZarrArray.open(m, "t");
          String[] p = key.substring(2).split("\\.");
          long[] idx = {Long.parseLong(p[0]), 0, Long.parseLong(p[2])};
          RawChunk c = a.readChunk(idx);
          assertEquals(64, c.size());
          if (same) assertChunkValues(c, (int) idx[0], (int) idx[2]);
        });
      }
    });
  }

  static void assertChunkValues(RawChunk c, int ct, int cx) {
    ByteBuffer want = ByteBuffer.wrap(rawChunk(ct, cx)).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < 64; i++) {
      assertEquals(Float.floatToIntBits(want.getFloat(i * 4)), Float.floatToIntBits((float) c.getDouble(i)), "cell " + i);
    }
  }

  /** v3 with crc32c: a damaged chunk is refused or, if the damage missed the data, decodes to the same values. */
  @Test
  void checksummedChunksNeverDecodeToWrongValues() {
    Random r = new Random(SEED + 5);
    assertTimeoutPreemptively(Duration.ofMinutes(2), () -> {
      for (int i = 0; i < N; i++) {
        MemoryStore m = v3Store(zarrJson("/", true), true);
        int ct = r.nextInt(2);
        int cx = r.nextInt(2);
        String key = "t/c/" + ct + "/0/" + cx;
        m.put(key, mutateBytes(r, m.get(key)));
        attempt("crc32c", i + " " + key, () -> {
          Dataset ds = Dataset.open(m, new Dataset.Options());
          ZarrArray a = ds.variable("t").segments().get(0).array();
          assertChunkValues(a.readChunk(new long[] {ct, 0, cx}), ct, cx);
        });
      }
    });
  }

  /** Blosc frames whose header fields lie: sizes, block size, type size, flags. */
  @Test
  void bloscHeadersThatLie() {
    Random r = new Random(SEED + 6);
    assertTimeoutPreemptively(Duration.ofMinutes(2), () -> {
      for (int i = 0; i < N; i++) {
        String cname = new String[] {"lz4", "zstd", "blosclz", "zlib", "lz4hc"}[r.nextInt(5)];
        MemoryStore m = validStore("blosc-" + cname);
        byte[] f = m.get("t/0.0.0").clone();
        ByteBuffer h = ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN);
        int field = r.nextInt(6);
        int lie = new int[] {0, 1, 255, 256, 257, 4096, 0x7fffffff, -1, Integer.MIN_VALUE, r.nextInt()}[r.nextInt(10)];
        switch (field) {
          case 0: h.putInt(4, lie); break;           // nbytes: decoded size
          case 1: h.putInt(8, lie); break;           // blocksize
          case 2: h.putInt(12, lie); break;          // cbytes: frame size
          case 3: f[3] = (byte) lie; break;          // typesize
          case 4: f[2] = (byte) lie; break;          // flags (shuffle, memcpyed, ...)
          default: f[0] = (byte) lie;                // version
        }
        m.put("t/0.0.0", f);
        attempt("blosc-header", i + " field " + field + " = " + lie, () -> {
          RawChunk c = ZarrArray.open(m, "t").readChunk(new long[] {0, 0, 0});
          assertEquals(64, c.size());
          // Blosc frames carry no checksum: other block sizes, type sizes or shuffle flags are
          // valid frames that decode to other values. A lie about the decoded size or the frame
          // size must be refused, or be harmless (values unchanged).
          if (field == 0 || field == 2) assertChunkValues(c, 0, 0);
        });
      }
    });
  }

  static long allocatedBytes() {
    com.sun.management.ThreadMXBean t = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    return t.getThreadAllocatedBytes(Thread.currentThread().getId());
  }

  /** A real bomb for every codec: 64 MiB of zeros, well compressed, stored as a 256-byte chunk. */
  @Test
  void zipBombsAreRefusedWithinTheDeclaredSize() {
    byte[] zeros = new byte[64 << 20];
    for (String codec : CODECS) {
      if (codec.equals("none")) continue;
      byte[] bomb = codecOf(codec).encode(zeros);
      assertTrue(bomb.length < 4 << 20, codec + " bomb is " + bomb.length + " bytes");
      MemoryStore m = validStore(codec);
      m.put("t/0.0.0", bomb);
      ZarrArray a = ZarrArray.open(m, "t");
      for (int warm = 0; warm < 2; warm++) {
        long before = allocatedBytes();
        try {
          a.readChunk(new long[] {0, 0, 0});
          fail(codec + ": a 64 MiB stream decoded as a 256-byte chunk");
        } catch (ZarrException e) {
          assertTrue(e.getMessage().contains("0.0.0"), e.getMessage());
        }
        long used = allocatedBytes() - before;
        if (warm == 1) assertTrue(used < 8L << 20, codec + ": refusing the bomb allocated " + used + " bytes");
      }
    }
  }

  /** Keys from metadata never leave the store root, on a real file system. */
  @Test
  void keysFromMetadataNeverEscapeTheStoreRoot() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("store.zarr"));
    Path outside = Files.createDirectories(tmp.resolve("secret"));
    Files.write(outside.resolve(".zarray"), json(zarray(NO_COMPRESSOR)));
    Files.write(outside.resolve("0.0.0"), rawChunk(0, 0));
    HadoopStore s = new HadoopStore(root.toUri().toString(), org.spangeo.zarr.store.HadoopConf.of(Map.of()));
    List<String> names = new ArrayList<>(List.of("../secret", "t/../../secret", "/" + outside.toString().substring(1), "..",
        "./../secret", "t/./../../secret", "..\\secret", "%2e%2e/secret"));
    int refused = 0;
    for (String name : names) {
      ObjectNode meta = MetadataParser.JSON.createObjectNode();
      meta.set(".zgroup", MetadataParser.JSON.createObjectNode().put("zarr_format", 2));
      meta.set(name + "/.zarray", zarray(NO_COMPRESSOR));
      meta.set(name + "/.zattrs", MetadataParser.readJson(
          "{\"_ARRAY_DIMENSIONS\": [\"time\", \"lat\", \"lon\"]}".getBytes(StandardCharsets.UTF_8), "x"));
      ObjectNode z = MetadataParser.JSON.createObjectNode().put("zarr_consolidated_format", 1);
      z.set("metadata", meta);
      Files.write(root.resolve(".zmetadata"), json(z));
      try {
        Dataset ds = Dataset.open(s, new Dataset.Options());
        for (Variable v : ds.variables().values()) {
          RawChunk c = v.segments().get(0).array().readChunk(new long[] {0, 0, 0});
          for (int i = 0; i < c.size(); i++) {
            assertTrue(Double.isNaN(c.getDouble(i)), name + ": read data from outside the store root");
          }
        }
      } catch (ZarrException | IllegalArgumentException e) {
        refused++;
      }
    }
    // names with a '/' are sub-group arrays (not part of the root dataset) and are never opened;
    // the others that would leave the root are refused ("..", backslashes, absolute paths)
    assertTrue(refused >= 2, "only " + refused + " of " + names.size() + " escaping names refused");
    TALLY.put("escape", new int[] {names.size(), refused});
    // v3: chunk key separators other than '/' and '.' are refused
    for (String sep : new String[] {"/..", "..", "\\", "", "./"}) {
      MemoryStore m = v3Store(zarrJson(sep, false), false);
      attempt("v3-separator", sep, () -> {
        openAndRead(m);
        fail("separator '" + sep + "' accepted");
      });
    }
  }
}
