package org.spangeo.zarr.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.spangeo.zarr.array.RawChunk;
import org.spangeo.zarr.array.ZarrArray;
import org.spangeo.zarr.codec.BloscCodec;
import org.spangeo.zarr.codec.Codec;
import org.spangeo.zarr.codec.Filters;
import org.spangeo.zarr.codec.GzipCodec;
import org.spangeo.zarr.codec.Lz4Codec;
import org.spangeo.zarr.codec.ZlibCodec;
import org.spangeo.zarr.codec.ZstdCodec;
import org.spangeo.zarr.metadata.DType;
import org.spangeo.zarr.store.HadoopStore;
import org.spangeo.zarr.store.MemoryStore;
import org.spangeo.zarr.store.Store;

/**
 * The other direction: Spangeo encodes chunks (ZarrArray.writeChunk) with every codec it
 * writes, describing them in .zarray with the codecs' own toV2Config(), and zarr-python 2 must
 * read every array back exactly.
 */
class JavaWritesPythonReadsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> RESULTS = new LinkedHashMap<>();
  private static final List<String> NAMES = new ArrayList<>();

  /** One array to write: dtype, shape, chunks, compressor, filters, order, separator. */
  private record Spec(String name, String dtype, int[] shape, int[] chunks, Codec compressor, List<Codec> filters, String order,
      String sep) {}

  static List<Spec> specs() {
    List<Spec> l = new ArrayList<>();
    int[] s3 = {7, 11, 13};
    int[] c3 = {4, 6, 7}; // 8 chunks, all but one partial
    for (String cname : List.of("lz4", "lz4hc", "blosclz", "zstd", "zlib")) {
      for (int sh = 0; sh <= 2; sh++) {
        l.add(new Spec("blosc_" + cname + "_" + sh, "<f8", s3, c3, new BloscCodec(cname, 5, sh, 0, 8), List.of(), "C",
            "."));
        l.add(new Spec("blosc_" + cname + "_" + sh + "_be_i2", ">i2", s3, c3, new BloscCodec(cname, 5, sh, 0, 2),
            List.of(), "F", "/"));
      }
    }
    l.add(new Spec("zstd", "<i4", s3, c3, new ZstdCodec(3), List.of(), "C", "."));
    l.add(new Spec("zlib", ">f4", s3, c3, new ZlibCodec(6), List.of(), "F", "."));
    l.add(new Spec("gzip", "|u1", s3, c3, new GzipCodec(5), List.of(), "C", "/"));
    l.add(new Spec("lz4", "<u8", s3, c3, new Lz4Codec(1), List.of(), "C", "."));
    l.add(new Spec("raw", "|b1", s3, c3, null, List.of(), "F", "/"));
    l.add(new Spec("raw_1d", ">i8", new int[] {37}, new int[] {8}, null, List.of(), "C", "."));
    l.add(new Spec("raw_0d", "<f4", new int[0], new int[0], new ZlibCodec(1), List.of(), "C", "."));
    DType i4 = DType.parseV2("<i4");
    DType i8 = DType.parseV2("<i8");
    l.add(new Spec("delta_i4", "<i4", s3, c3, new ZlibCodec(1), List.of(new Filters.Delta(i4, i4)), "C", "."));
    l.add(new Spec("delta_i8_as_i4", "<i8", s3, c3, new ZstdCodec(1), List.of(new Filters.Delta(i8, i4)), "F", "."));
    l.add(new Spec("fixedscaleoffset", "<f8", s3, c3, new BloscCodec("lz4", 5, 1, 0, 2),
        List.of(new Filters.FixedScaleOffset(100.0, 4.0, DType.parseV2("<f8"), DType.parseV2("<i2"))), "C", "."));
    l.add(new Spec("shuffle_delta", "<i4", s3, c3, new GzipCodec(1),
        List.of(new Filters.Delta(i4, i4), new Filters.Shuffle(4)), "F", "/"));
    return l;
  }

  /** Values that every codec must carry exactly (fixedscaleoffset: multiples of 1/4 near 100). */
  static byte[] values(Spec s, DType t, int n) {
    Random r = new Random(s.name().hashCode());
    ByteBuffer b = ByteBuffer.allocate(n * t.size()).order(t.byteOrder());
    for (int i = 0; i < n; i++) {
      int o = i * t.size();
      if (s.name().startsWith("fixedscaleoffset")) b.putDouble(o, 100.0 + (r.nextInt(4000) - 2000) / 4.0);
      else if (s.name().startsWith("delta_i8")) b.putLong(o, 2_000_000_000L + r.nextInt(1000)); // first ones fit i4
      else if (t.kind() == DType.Kind.BOOL) b.put(o, (byte) r.nextInt(2));
      else if (t.isFloat() && t.size() == 4) b.putFloat(o, (float) (r.nextGaussian() * 1e3));
      else if (t.isFloat()) b.putDouble(o, Math.sin(i * 0.01) * 100 + r.nextInt(100) / 1e3);
      else {
        org.spangeo.zarr.testing.Bytes.putInteger(b, o, t.size(), r.nextLong());
      }
    }
    return b.array();
  }

  @BeforeAll
  static void writeAndLetPythonRead() throws IOException {
    Path root = InteropStores.moduleDir().resolve("target/java-written");
    if (Files.exists(root)) {
      try (Stream<Path> w = Files.walk(root)) {
        w.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    Files.createDirectories(root.resolve("expected"));
    // HadoopStore.put costs a few milliseconds an object on the local file system: most arrays
    // go through a MemoryStore copied to disk afterwards, every tenth through HadoopStore itself
    Store disk = HadoopStore.open(root.resolve("store").toString());
    MemoryStore memory = new MemoryStore("java-written");
    ArrayNode manifest = JSON.createArrayNode();
    List<Spec> specs = specs();
    for (int k = 0; k < specs.size(); k++) {
      Spec s = specs.get(k);
      Store store = k % 10 == 0 ? disk : memory;
      ObjectNode z = JSON.createObjectNode();
      z.put("zarr_format", 2);
      ArrayNode shape = z.putArray("shape");
      for (int v : s.shape()) shape.add(v);
      ArrayNode chunks = z.putArray("chunks");
      for (int v : s.chunks()) chunks.add(v);
      z.put("dtype", s.dtype());
      z.set("compressor", s.compressor() == null ? null : JSON.valueToTree(s.compressor().toV2Config()));
      if (s.filters().isEmpty()) z.putNull("filters");
      else {
        ArrayNode f = z.putArray("filters");
        for (Codec c : s.filters()) f.add(JSON.valueToTree(c.toV2Config()));
      }
      z.put("fill_value", 0);
      z.put("order", s.order());
      z.put("dimension_separator", s.sep());
      store.put(s.name() + "/.zarray", JSON.writeValueAsBytes(z));

      ZarrArray a = ZarrArray.open(store, s.name());
      DType t = a.metadata().dtype();
      int n = 1;
      for (int v : s.shape()) n *= v;
      byte[] all = values(s, t, n);
      writeAllChunks(a, s, t, all);

      // expected: little-endian C order
      ByteBuffer src = ByteBuffer.wrap(all).order(t.byteOrder());
      ByteBuffer le = ByteBuffer.allocate(all.length).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < n; i++) {
        int o = i * t.size();
        switch (t.size()) {
          case 1: le.put(o, src.get(o)); break;
          case 2: le.putShort(o, src.getShort(o)); break;
          case 4: le.putInt(o, src.getInt(o)); break;
          default: le.putLong(o, src.getLong(o));
        }
      }
      Files.write(root.resolve("expected/" + s.name() + ".bin"), le.array());
      ObjectNode m = manifest.addObject();
      m.put("name", s.name());
      m.put("path", s.name());
      m.put("dtype", s.dtype());
      ArrayNode ms = m.putArray("shape");
      for (int v : s.shape()) ms.add(v);
      m.put("expected", "expected/" + s.name() + ".bin");
      NAMES.add(s.name());
    }
    copyToDisk(memory, "", root.resolve("store"));
    ObjectNode top = JSON.createObjectNode();
    top.set("cases", manifest);
    Files.write(root.resolve("manifest.json"), JSON.writeValueAsBytes(top));

    String out = InteropStores.run("check_java_stores.py", root.toString());
    for (String line : out.split("\n")) {
      if (line.startsWith("OK ")) RESULTS.put(line.substring(3).trim(), "OK");
      else if (line.startsWith("FAIL ")) {
        String rest = line.substring(5);
        int colon = rest.indexOf(':');
        RESULTS.put(colon < 0 ? rest : rest.substring(0, colon), line);
      }
    }
  }

  private static void copyToDisk(MemoryStore m, String prefix, Path dir) throws IOException {
    for (String name : m.listChildren(prefix)) {
      String key = prefix.isEmpty() ? name : prefix + "/" + name;
      byte[] b = m.get(key);
      if (b != null) {
        Files.createDirectories(dir);
        Files.write(dir.resolve(name), b);
      } else {
        copyToDisk(m, key, dir.resolve(name));
      }
    }
  }

  /** Cuts the C-ordered array into chunks (edge chunks padded with the fill value 0). */
  static void writeAllChunks(ZarrArray a, Spec s, DType t, byte[] all) {
    int rank = s.shape().length;
    int es = t.size();
    long[] grid = a.metadata().chunkGridShape();
    long total = a.metadata().chunkCount();
    long[] idx = new long[rank];
    for (long k = 0; k < total; k++) {
      int cn = 1;
      for (int c : s.chunks()) cn *= c;
      byte[] chunk = new byte[cn * es];
      int[] p = new int[rank];
      for (int e = 0; e < cn; e++) {
        boolean inside = true;
        int flat = 0;
        for (int d = 0; d < rank; d++) {
          long g = idx[d] * s.chunks()[d] + p[d];
          inside &= g < s.shape()[d];
          flat = flat * s.shape()[d] + (int) g;
        }
        if (inside) System.arraycopy(all, flat * es, chunk, e * es, es);
        for (int d = rank - 1; d >= 0; d--) {
          if (++p[d] < s.chunks()[d]) break;
          p[d] = 0;
        }
      }
      a.writeChunk(idx.clone(), new RawChunk(t, s.chunks(), chunk));
      for (int d = rank - 1; d >= 0; d--) {
        if (++idx[d] < grid[d]) break;
        idx[d] = 0;
      }
    }
  }

  @TestFactory
  Stream<DynamicTest> zarrPythonReadsWhatSpangeoWrote() {
    assertEquals(specs().size(), NAMES.size());
    return NAMES.stream().map(name -> DynamicTest.dynamicTest(name, () -> {
      String r = RESULTS.get(name);
      assertTrue("OK".equals(r), name + ": zarr-python says " + (r == null ? "nothing" : r));
    }));
  }
}
