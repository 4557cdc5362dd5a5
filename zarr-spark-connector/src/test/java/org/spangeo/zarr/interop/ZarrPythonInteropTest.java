package org.spangeo.zarr.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.spangeo.zarr.ZarrException;
import org.spangeo.zarr.array.RawChunk;
import org.spangeo.zarr.array.ZarrArray;
import org.spangeo.zarr.interop.InteropStores.Case;
import org.spangeo.zarr.interop.InteropStores.Expected;
import org.spangeo.zarr.metadata.ArrayMetadata;
import org.spangeo.zarr.metadata.FillValue;
import org.spangeo.zarr.store.HadoopStore;
import org.spangeo.zarr.store.MemoryStore;
import org.spangeo.zarr.store.Store;

/**
 * Reads every array that zarr-python 2 / numcodecs / xarray (and the hand-written Zarr v3
 * stores) wrote, and compares it element for element with what the Python stack reads back.
 */
class ZarrPythonInteropTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void generate() {
    InteropStores.dir();
  }

  static ZarrArray open(Case c) {
    return ZarrArray.open(HadoopStore.open(c.storeDir().toString()), c.array);
  }

  private static Stream<DynamicTest> perCase(java.util.function.Consumer<Case> body) {
    return InteropStores.readable().map(c -> DynamicTest.dynamicTest(c.name, () -> body.accept(c)));
  }

  @TestFactory
  Stream<DynamicTest> metadataMatchesPython() {
    return perCase(c -> {
      ZarrArray a = open(c);
      ArrayMetadata m = a.metadata();
      assertEquals(c.format, m.zarrFormat(), "zarr format");
      assertArrayEquals(c.shape, m.shape(), "shape");
      assertArrayEquals(c.chunks, m.chunks(), "chunks");
      assertEquals(c.dtype, m.dtype().v2String(), "dtype");
      if (c.dimensionNames != null) assertEquals(c.dimensionNames, m.dimensionNames(), "dimension names");
      assertFill(c.fillValue, m.fillValue(), c.dtype);
    });
  }

  /** The fill value as the metadata JSON spells it, checked against the parsed one. */
  static void assertFill(JsonNode json, FillValue f, String dtype) {
    char kind = dtype.charAt(1);
    if (json == null || json.isNull()) {
      assertFalse(f.isPresent(), "fill value null must be absent");
      return;
    }
    assertTrue(f.isPresent(), "fill value " + json + " must be present");
    if (json.isTextual()) {
      String s = json.asText();
      if (s.equals("NaN")) assertTrue(Double.isNaN(f.asDouble()), "NaN fill");
      else if (s.equals("Infinity")) assertEquals(Double.POSITIVE_INFINITY, f.asDouble());
      else if (s.equals("-Infinity")) assertEquals(Double.NEGATIVE_INFINITY, f.asDouble());
      else if (s.startsWith("0x")) {
        long bits = Long.parseUnsignedLong(s.substring(2), 16);
        double want = dtype.endsWith("4") ? Float.intBitsToFloat((int) bits) : Double.longBitsToDouble(bits);
        if (Double.isNaN(want)) assertTrue(Double.isNaN(f.asDouble()), "hex NaN fill");
        else assertEquals(want, f.asDouble(), 0.0, "hex fill " + s);
      } else throw new AssertionError("unexpected fill spelling " + s);
    } else if (json.isBoolean()) {
      assertEquals(json.booleanValue() ? 1L : 0L, f.asLong(), "bool fill");
    } else if (kind == 'f') {
      assertEquals(json.doubleValue(), f.asDouble(), 0.0, "float fill");
    } else {
      // integers, uint64 as its bit pattern
      assertEquals(json.bigIntegerValue().longValue(), f.asLong(), "integer fill");
    }
  }

  @TestFactory
  Stream<DynamicTest> wholeArrayEqualsPython() {
    return perCase(c -> {
      ZarrArray a = open(c);
      RawChunk all = a.read(new long[c.shape.length], toInt(c.shape));
      assertArrayEquals(toInt(c.shape), all.shape(), "shape of the read box");
      c.expected().assertBlock(c.name + " (whole array)", all.bytes(), InteropStores.order(c.dtype),
          new long[c.shape.length], toInt(c.shape));
    });
  }

  @TestFactory
  Stream<DynamicTest> everyChunkEqualsPython() {
    return perCase(c -> {
      ZarrArray a = open(c);
      Expected e = c.expected();
      int rank = c.shape.length;
      long[] grid = new long[rank];
      long total = 1;
      for (int d = 0; d < rank; d++) {
        grid[d] = (c.shape[d] + c.chunks[d] - 1) / c.chunks[d];
        total *= grid[d];
      }
      long[] idx = new long[rank];
      int missingSeen = 0;
      for (long k = 0; k < total; k++) {
        String key = a.chunkKey(idx);
        if (c.isMissing(idx)) {
          missingSeen++;
          assertFalse(Files.exists(c.storeDir().resolve(key)), c.name + ": chunk " + key + " should be absent");
          assertNull(a.readStored(idx), c.name + ": absent chunk " + key + " must read as null bytes");
        } else if (rank > 0 && !Files.exists(c.storeDir().resolve(key))) {
          // zarr-python wrote no object for it (write_empty_chunks=False): a fill chunk
          assertNull(a.readStored(idx));
        }
        RawChunk chunk = a.readChunk(idx);
        assertArrayEquals(c.chunks, chunk.shape(), "chunk shape");
        long[] origin = new long[rank];
        for (int d = 0; d < rank; d++) origin[d] = idx[d] * c.chunks[d];
        e.assertBlock(c.name + " chunk " + key, chunk.bytes(), InteropStores.order(c.dtype), origin, c.chunks);
        for (int d = rank - 1; d >= 0; d--) {
          if (++idx[d] < grid[d]) break;
          idx[d] = 0;
        }
      }
      assertEquals(c.missing.size(), missingSeen, "every missing chunk is inside the grid");
    });
  }

  @TestFactory
  Stream<DynamicTest> randomBoxesEqualPython() {
    return perCase(c -> {
      ZarrArray a = open(c);
      Expected e = c.expected();
      int rank = c.shape.length;
      Random rnd = new Random(c.name.hashCode());
      List<long[][]> boxes = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        long[] start = new long[rank];
        long[] size = new long[rank];
        for (int d = 0; d < rank; d++) {
          if (c.shape[d] == 0) continue;
          start[d] = rnd.nextInt((int) c.shape[d]);
          size[d] = 1 + rnd.nextInt((int) (c.shape[d] - start[d]));
        }
        boxes.add(new long[][] {start, size});
      }
      // one element at the far corner, an empty box, and one box that is exactly the first chunk
      long[] corner = new long[rank];
      long[] one = new long[rank];
      long[] empty = new long[rank];
      long[] firstChunk = new long[rank];
      boolean fullChunkFits = true;
      for (int d = 0; d < rank; d++) {
        corner[d] = Math.max(0, c.shape[d] - 1);
        one[d] = Math.min(1, c.shape[d]);
        firstChunk[d] = c.chunks[d];
        fullChunkFits &= c.chunks[d] <= c.shape[d];
      }
      boxes.add(new long[][] {corner, one});
      boxes.add(new long[][] {new long[rank], empty});
      if (fullChunkFits) boxes.add(new long[][] {new long[rank], firstChunk});
      for (long[][] b : boxes) {
        RawChunk r = a.read(b[0], toInt(b[1]));
        e.assertBlock(c.name + " box " + Arrays.toString(b[0]) + "+" + Arrays.toString(b[1]), r.bytes(),
            InteropStores.order(c.dtype), b[0], toInt(b[1]));
      }
    });
  }

  @TestFactory
  Stream<DynamicTest> sameThroughMemoryStore() {
    return perCase(c -> {
      MemoryStore m = new MemoryStore(c.name);
      copyInto(c.storeDir(), m);
      ZarrArray a = ZarrArray.open(m, c.array);
      RawChunk all = a.read(new long[c.shape.length], toInt(c.shape));
      c.expected().assertBlock(c.name + " (memory store)", all.bytes(), InteropStores.order(c.dtype),
          new long[c.shape.length], toInt(c.shape));
    });
  }

  @TestFactory
  Stream<DynamicTest> refusedWithAClearMessage() {
    return InteropStores.cases().stream().filter(c -> c.error != null).map(c -> DynamicTest.dynamicTest(c.name, () -> {
      Store s = HadoopStore.open(c.storeDir().toString());
      ZarrException ex = assertThrows(ZarrException.class, () -> {
        ZarrArray a = ZarrArray.open(s, c.array);
        a.readChunk(new long[a.metadata().rank()]);
      }, c.note);
      String msg = ex.getMessage();
      assertTrue(msg.toLowerCase().contains(c.error.toLowerCase()), "message names '" + c.error + "': " + msg);
      assertTrue(msg.contains(s.location()), "message names the store: " + msg);
      assertTrue(msg.contains("'" + c.array + "'"), "message names the array: " + msg);
    }));
  }

  /** The generator covered what it promised: checked on the metadata it wrote, not on case names. */
  @Test
  void manifestCoversTheMatrix() throws IOException {
    Set<String> v2Dtypes = new TreeSet<>();
    Set<String> v3Types = new TreeSet<>();
    Set<String> compressors = new TreeSet<>();
    Set<String> filters = new TreeSet<>();
    Set<String> v3Codecs = new TreeSet<>();
    Set<String> orders = new TreeSet<>();
    Set<String> separators = new TreeSet<>();
    Set<String> fills = new TreeSet<>();
    Set<String> v3Keys = new TreeSet<>();
    Set<Integer> ranks = new TreeSet<>();
    int withMissing = 0;
    for (Case c : InteropStores.readable().collect(Collectors.toList())) {
      ranks.add(c.shape.length);
      if (!c.missing.isEmpty()) withMissing++;
      if (c.format == 2) {
        JsonNode z = JSON.readTree(c.arrayDir().resolve(".zarray").toFile());
        v2Dtypes.add(z.get("dtype").asText());
        JsonNode comp = z.get("compressor");
        if (comp.isNull()) compressors.add("none");
        else if (comp.get("id").asText().equals("blosc")) {
          compressors.add("blosc/" + comp.get("cname").asText() + "/" + comp.get("shuffle").asInt());
        } else compressors.add(comp.get("id").asText());
        if (z.get("filters").isArray()) z.get("filters").forEach(f -> filters.add(f.get("id").asText()));
        orders.add(z.get("order").asText());
        separators.add(z.path("dimension_separator").asText("."));
        JsonNode fv = z.get("fill_value");
        fills.add(fv.isNull() ? "null" : fv.isTextual() ? fv.asText() : "number");
      } else {
        JsonNode z = JSON.readTree(c.arrayDir().resolve("zarr.json").toFile());
        v3Types.add(z.get("data_type").asText());
        collectV3Codecs(z.get("codecs"), v3Codecs);
        v3Keys.add(z.get("chunk_key_encoding").get("name").asText() + " "
            + z.get("chunk_key_encoding").get("configuration").get("separator").asText());
      }
    }
    for (String d : List.of("<f4", "<f8", ">f4", ">f8", "|i1", "<i2", "<i4", "<i8", ">i2", ">i4", ">i8", "|u1", "<u2",
        "<u4", "<u8", ">u2", ">u4", "|b1")) {
      assertTrue(v2Dtypes.contains(d), "v2 dtype " + d + " covered: " + v2Dtypes);
    }
    for (String cname : List.of("lz4", "lz4hc", "blosclz", "zstd", "zlib")) {
      for (int sh = 0; sh <= 2; sh++) {
        assertTrue(compressors.contains("blosc/" + cname + "/" + sh), "blosc " + cname + " shuffle " + sh + ": " + compressors);
      }
    }
    assertTrue(compressors.containsAll(List.of("zstd", "zlib", "gzip", "lz4", "none")), compressors.toString());
    assertTrue(filters.containsAll(List.of("delta", "fixedscaleoffset", "quantize", "bitround", "astype", "shuffle")),
        filters.toString());
    assertEquals(Set.of("C", "F"), orders);
    assertEquals(Set.of(".", "/"), separators);
    assertTrue(fills.containsAll(List.of("number", "NaN", "Infinity", "-Infinity", "null")), fills.toString());
    assertTrue(v3Types.containsAll(List.of("bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32",
        "uint64", "float32", "float64")), v3Types.toString());
    assertTrue(v3Codecs.containsAll(List.of("bytes/little", "bytes/big", "transpose", "blosc", "gzip", "zstd", "crc32c",
        "sharding_indexed/end", "sharding_indexed/start")), v3Codecs.toString());
    assertEquals(Set.of("default /", "default .", "v2 .", "v2 /"), v3Keys);
    assertTrue(ranks.containsAll(List.of(0, 1, 2, 3, 4)), "ranks " + ranks);
    assertTrue(withMissing >= 10, "cases with missing chunks: " + withMissing);
  }

  private static void collectV3Codecs(JsonNode codecs, Set<String> out) {
    for (JsonNode c : codecs) {
      String name = c.get("name").asText();
      JsonNode cfg = c.path("configuration");
      if (name.equals("bytes")) out.add("bytes/" + cfg.path("endian").asText("none"));
      else if (name.equals("sharding_indexed")) {
        out.add("sharding_indexed/" + cfg.path("index_location").asText("end"));
        collectV3Codecs(cfg.get("codecs"), out);
        collectV3Codecs(cfg.get("index_codecs"), out);
      } else out.add(name);
    }
  }

  static int[] toInt(long[] a) {
    int[] r = new int[a.length];
    for (int i = 0; i < a.length; i++) r[i] = Math.toIntExact(a[i]);
    return r;
  }

  /** Puts every file under {@code root} into a store, keyed by its '/'-separated relative path. */
  static void copyInto(Path root, Store store) {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        String key = root.relativize(p).toString().replace(java.io.File.separatorChar, '/');
        store.put(key, Files.readAllBytes(p));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
