package org.spangeo.zarr.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.spangeo.zarr.array.RawChunk;
import org.spangeo.zarr.array.ZarrArray;
import org.spangeo.zarr.dataset.CfTime;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.dataset.Variable;
import org.spangeo.zarr.metadata.ArrayMetadata;
import org.spangeo.zarr.metadata.DType;
import org.spangeo.zarr.metadata.FillValue;
import org.spangeo.zarr.metadata.MetadataParser;
import org.spangeo.zarr.store.HadoopConf;
import org.spangeo.zarr.store.HadoopStore;
import org.spangeo.zarr.testing.PythonPeer;
import org.spangeo.zarr.write.Compressors;
import org.spangeo.zarr.write.DatasetSpec;
import org.spangeo.zarr.write.MetadataJson;
import org.spangeo.zarr.write.VariableSpec;
import org.spangeo.zarr.write.ZarrWriter;

/**
 * Zarr v3 against an independent implementation: zarrita.js (pinned in src/test/node, installed
 * by scripts/test with npm ci, run by Debian's Node). zarrita reads, value for value, every v3
 * layout Spangeo writes (sharding_indexed with its index at either end, transpose, blosc, zstd,
 * gzip, crc32c, both byte orders, fill values, missing chunks, dimension_names, inline
 * consolidated metadata), and Spangeo reads the stores zarrita writes.
 */
class ZarritaInteropTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HadoopConf CONF = HadoopConf.of(Map.of());
  static final Path NODE_DIR = Path.of("src/test/node").toAbsolutePath();

  /** Runs the zarrita peer; a missing Node or npm ci is a failure with the fix, never a skip. */
  static String node(String... args) {
    String nodeBin = System.getProperty("spangeo.node", "node");
    if (!Files.isDirectory(NODE_DIR.resolve("node_modules/zarrita"))) {
      fail("zarrita is not installed in " + NODE_DIR + ": run scripts/test, or npm ci there (Debian: apt-get install nodejs npm)");
    }
    List<String> cmd = new ArrayList<>(List.of(nodeBin, NODE_DIR.resolve("zarrita_interop.mjs").toString()));
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).directory(NODE_DIR.toFile()).redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(5, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        fail("zarrita timed out");
      }
      String text = new String(out, StandardCharsets.UTF_8);
      if (p.exitValue() != 0) fail("zarrita: " + String.join(" ", args) + " failed (exit " + p.exitValue() + "):\n" + text);
      return text;
    } catch (IOException e) {
      throw new AssertionError("cannot run Node (" + nodeBin + "): " + e.getMessage() + "; Debian: apt-get install nodejs", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  // ---- Spangeo writes, zarrita reads

  /** One v3 array layout: dtype, shape, chunks and the codecs list as zarr.json spells them. */
  record Layout(String name, String dtype, long[] shape, int[] chunks, String codecs, String fill, String keys) {}

  static List<Layout> layouts() {
    String le = "{\"name\": \"bytes\", \"configuration\": {\"endian\": \"little\"}}";
    String be = "{\"name\": \"bytes\", \"configuration\": {\"endian\": \"big\"}}";
    String zstd = "{\"name\": \"zstd\", \"configuration\": {\"level\": 3, \"checksum\": false}}";
    String gzip = "{\"name\": \"gzip\", \"configuration\": {\"level\": 5}}";
    String crc = "{\"name\": \"crc32c\"}";
    long[] s3 = {7, 6, 5};
    String dflt = "{\"name\": \"default\", \"configuration\": {\"separator\": \"/\"}}";
    return List.of(
        new Layout("blosc_zstd_bitshuffle", "float32", s3, new int[] {4, 3, 5}, le + ", {\"name\": \"blosc\", \"configuration\":"
            + " {\"cname\": \"zstd\", \"clevel\": 3, \"shuffle\": \"bitshuffle\", \"typesize\": 4, \"blocksize\": 0}}", "\"NaN\"", dflt),
        new Layout("blosc_lz4_shuffle", "int16", s3, new int[] {3, 6, 2}, le + ", {\"name\": \"blosc\", \"configuration\":"
            + " {\"cname\": \"lz4\", \"clevel\": 5, \"shuffle\": \"shuffle\", \"typesize\": 2, \"blocksize\": 0}}", "-9999", dflt),
        new Layout("zstd", "float64", s3, new int[] {7, 2, 5}, le + ", " + zstd, "\"NaN\"", dflt),
        new Layout("gzip", "int32", s3, new int[] {2, 6, 5}, le + ", " + gzip, "0", dflt),
        new Layout("big_endian_gzip", "float32", s3, new int[] {4, 3, 5}, be + ", " + gzip, "-9999.5", dflt),
        new Layout("big_endian_zstd_int64", "int64", s3, new int[] {4, 4, 4}, be + ", " + zstd, "-1", dflt),
        new Layout("bytes_only_uint8", "uint8", s3, new int[] {7, 6, 5}, le, "0", dflt),
        new Layout("crc32c_uint16", "uint16", s3, new int[] {5, 5, 5}, le + ", " + crc, "7", dflt),
        new Layout("transpose", "float32", s3, new int[] {4, 3, 5},
            "{\"name\": \"transpose\", \"configuration\": {\"order\": [2, 0, 1]}}, " + le + ", " + zstd, "\"NaN\"", dflt),
        new Layout("sharding_index_end", "float32", new long[] {12, 6, 5}, new int[] {6, 6, 5}, sharding(le + ", " + zstd,
            le + ", " + crc, "end", "3, 3, 5"), "\"NaN\"", dflt),
        new Layout("sharding_index_start", "int32", new long[] {12, 6, 5}, new int[] {12, 6, 5}, sharding(be + ", " + gzip,
            le, "start", "4, 2, 5"), "-1", dflt),
        new Layout("sharding_inner_transpose", "float64", new long[] {8, 6, 5}, new int[] {4, 6, 5},
            sharding("{\"name\": \"transpose\", \"configuration\": {\"order\": [1, 2, 0]}}, " + le + ", " + zstd, le + ", "
                + crc, "end", "2, 3, 5"), "\"NaN\"", dflt),
        new Layout("bool", "bool", new long[] {7, 6}, new int[] {4, 4}, le, "false", dflt),
        new Layout("v2_chunk_keys", "float32", s3, new int[] {4, 3, 5}, le + ", " + zstd, "\"NaN\"",
            "{\"name\": \"v2\", \"configuration\": {\"separator\": \".\"}}"));
  }

  static String sharding(String inner, String index, String where, String innerShape) {
    return "{\"name\": \"sharding_indexed\", \"configuration\": {\"chunk_shape\": [" + innerShape + "], \"codecs\": [" + inner
        + "], \"index_codecs\": [" + index + "], \"index_location\": \"" + where + "\"}}";
  }

  @Test
  void zarritaReadsEveryV3LayoutSpangeoWrites() throws IOException {
    Path dir = PythonPeer.scratch("zarrita-reads");
    ObjectNode manifest = JSON.createObjectNode();
    ArrayNode arrays = manifest.putArray("arrays");
    // arrays, one per layout, written chunk by chunk through Spangeo's codec pipeline
    String arraysStore = dir.resolve("layouts.zarr").toString();
    HadoopStore store = new HadoopStore(arraysStore, CONF);
    store.put("zarr.json", "{\"zarr_format\": 3, \"node_type\": \"group\", \"attributes\": {}}".getBytes(StandardCharsets.UTF_8));
    for (Layout l : layouts()) {
      ObjectNode z = (ObjectNode) JSON.readTree("{\"zarr_format\": 3, \"node_type\": \"array\", \"shape\": "
          + JSON.writeValueAsString(l.shape) + ", \"data_type\": \"" + l.dtype + "\", \"chunk_grid\": {\"name\": \"regular\","
          + " \"configuration\": {\"chunk_shape\": " + JSON.writeValueAsString(l.chunks) + "}}, \"chunk_key_encoding\": "
          + l.keys + ", \"codecs\": [" + l.codecs + "], \"fill_value\": " + l.fill + ", \"dimension_names\": "
          + (l.shape.length == 3 ? "[\"time\", \"y\", \"x\"]" : "[\"y\", \"x\"]") + ", \"attributes\": {\"layout\": \""
          + l.name + "\"}}");
      ArrayMetadata meta = MetadataParser.parseV3(z);
      store.put(l.name + "/zarr.json", MetadataJson.bytes(z));
      arrays.add(writeArray(new ZarrArray(store, l.name, meta), l, arraysStore));
    }
    // a dataset as the stages write it: consolidated zarr.json, coordinates, a sharded variable
    String ds = dir.resolve("dataset.zarr").toString();
    ObjectNode group = writeDataset(ds, arrays);
    manifest.putArray("groups").add(group);
    Path mf = dir.resolve("manifest.json");
    Files.write(mf, JSON.writeValueAsBytes(manifest));
    String out = node("read", mf.toString());
    assertTrue(out.contains("ok " + (arrays.size() + 1)), out);
    // and Spangeo reads its own v3 dataset with the int32 coordinate still int32
    Dataset back = Dataset.open(CONF, ds);
    assertEquals("int32", back.variable("level").decodedType());
    assertArrayEquals(new double[] {1000, 850, 500}, back.coordinateValues("level"));
    assertEquals(List.of("time", "level", "y"), back.variable("tp").dims());
  }

  /** Writes every chunk but one (left missing: it reads as the fill value) and returns zarrita's expectations. */
  static ObjectNode writeArray(ZarrArray a, Layout l, String storePath) {
    ArrayMetadata m = a.metadata();
    DType t = m.dtype();
    long total = 1;
    for (long s : l.shape) total *= s;
    long[] grid = m.chunkGridShape();
    long[] skip = new long[grid.length];
    skip[0] = grid[0] - 1; // the last chunk along the first dim is never written
    Object full = values(t, (int) total, m.fillValue());
    ObjectNode e = JSON.createObjectNode();
    e.put("name", l.name);
    e.put("store", storePath);
    e.put("path", l.name);
    e.put("dtype", l.dtype);
    e.set("shape", JSON.valueToTree(l.shape));
    e.set("dimension_names", JSON.valueToTree(m.dimensionNames()));
    e.set("attributes", JSON.createObjectNode().put("layout", l.name));
    ArrayNode vals = e.putArray("values");
    long[] idx = new long[grid.length];
    int rank = grid.length;
    int[] cs = m.chunks();
    while (true) {
      boolean missing = java.util.Arrays.equals(idx, skip);
      RawChunk raw = RawChunk.filled(t, cs, m.fillValue().asDouble(), m.fillValue().asLong());
      ByteBuffer b = raw.buffer();
      int n = raw.size();
      for (int i = 0; i < n; i++) {
        // position i of the chunk in the array, C order
        long flat = 0;
        int rem = i;
        boolean inside = true;
        long[] p = new long[rank];
        for (int d = rank - 1; d >= 0; d--) {
          p[d] = idx[d] * cs[d] + rem % cs[d];
          rem /= cs[d];
          inside &= p[d] < l.shape[d];
        }
        if (!inside) continue;
        for (int d = 0; d < rank; d++) flat = flat * l.shape[d] + p[d];
        if (missing) setFill(full, (int) flat, m.fillValue());
        else put(b, t, i, full, (int) flat);
      }
      if (!missing) a.writeChunk(idx.clone(), raw);
      int d = rank - 1;
      while (d >= 0 && ++idx[d] >= grid[d]) idx[d--] = 0;
      if (d < 0) break;
    }
    for (int i = 0; i < total; i++) vals.add(json(full, i));
    e.set("fill_value", json(values(t, 1, m.fillValue()) instanceof double[] ? new double[] {m.fillValue().asDouble()}
        : t.kind() == DType.Kind.BOOL ? new boolean[] {m.fillValue().asLong() != 0} : new long[] {m.fillValue().asLong()}, 0));
    return e;
  }

  /** Deterministic values: a ramp with negatives, NaN and infinities for floats, extremes for ints. */
  static Object values(DType t, int n, FillValue fill) {
    switch (t.kind()) {
      case FLOAT: {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
          double x = i % 11 == 3 ? Double.NaN : i % 13 == 5 ? Double.NEGATIVE_INFINITY : (i - n / 2.0) * 0.37 + 0.001;
          v[i] = t.size() == 4 ? (float) x : x;
        }
        return v;
      }
      case BOOL: {
        boolean[] v = new boolean[n];
        for (int i = 0; i < n; i++) v[i] = i % 3 == 0;
        return v;
      }
      default: {
        long[] v = new long[n];
        int bits = t.size() * 8;
        for (int i = 0; i < n; i++) {
          long x = (i * 2654435761L) % (1L << Math.min(bits - 1, 40));
          if (t.kind() == DType.Kind.INT && i % 2 == 1) x = -x;
          if (i == 1 && bits == 64) x = Long.MIN_VALUE + 5;
          v[i] = x;
        }
        return v;
      }
    }
  }

  static void setFill(Object full, int i, FillValue f) {
    if (full instanceof double[]) ((double[]) full)[i] = f.asDouble();
    else if (full instanceof boolean[]) ((boolean[]) full)[i] = f.asLong() != 0;
    else ((long[]) full)[i] = f.asLong();
  }

  static void put(ByteBuffer b, DType t, int i, Object full, int j) {
    int o = i * t.size();
    if (full instanceof double[]) {
      double x = ((double[]) full)[j];
      if (t.size() == 4) b.putFloat(o, (float) x);
      else b.putDouble(o, x);
    } else if (full instanceof boolean[]) {
      b.put(o, (byte) (((boolean[]) full)[j] ? 1 : 0));
    } else {
      long x = ((long[]) full)[j];
      switch (t.size()) {
        case 1: b.put(o, (byte) x); break;
        case 2: b.putShort(o, (short) x); break;
        case 4: b.putInt(o, (int) x); break;
        default: b.putLong(o, x);
      }
    }
  }

  /** A value as the zarrita script compares it: NaN and infinities as text, int64 as decimal text. */
  static JsonNode json(Object arr, int i) {
    if (arr instanceof double[]) {
      double x = ((double[]) arr)[i];
      if (Double.isNaN(x)) return JSON.getNodeFactory().textNode("NaN");
      if (Double.isInfinite(x)) return JSON.getNodeFactory().textNode(x > 0 ? "Infinity" : "-Infinity");
      return JSON.getNodeFactory().numberNode(x);
    }
    if (arr instanceof boolean[]) return JSON.getNodeFactory().booleanNode(((boolean[]) arr)[i]);
    return JSON.getNodeFactory().textNode(Long.toString(((long[]) arr)[i]));
  }

  /** The stages' writer on a small dataset (no Spark: chunks written on this thread). */
  static ObjectNode writeDataset(String path, ArrayNode arrays) {
    long h = 3_600_000_000L;
    long t0 = CfTime.parseIso("2020-01-01");
    long[] times = {t0, t0 + 6 * h, t0 + 12 * h, t0 + 18 * h, t0 + 24 * h};
    ObjectNode attrs = MetadataParser.JSON.createObjectNode().put("title", "Spangeo v3 output").put("units_note", "°C ✓");
    DatasetSpec spec = new DatasetSpec().attributes(attrs);
    spec.coordinate(VariableSpec.coordinate("time", 5).times(org.spangeo.zarr.write.TimeEncoding.choose(times)).build(), times);
    spec.coordinate(VariableSpec.coordinate("level", 3).dtype(DType.INT32).build(), new double[] {1000, 850, 500});
    spec.coordinate(VariableSpec.coordinate("y", 4).dtype(DType.FLOAT64).build(), new double[] {30, 29.5, 29, 28.5});
    List<String> dims = List.of("time", "level", "y");
    long[] shape = {5, 3, 4};
    VariableSpec t = VariableSpec.builder("t", dims, shape).chunks(2, 3, 4).compressor(Compressors.DEFAULT).build();
    VariableSpec tp = VariableSpec.builder("tp", dims, shape).chunks(4, 3, 4).dtype(DType.FLOAT64)
        .fill(FillValue.ofDouble(-9999)).compressor("zstd:3").build().withShards(new int[] {2, 3, 2});
    VariableSpec big = VariableSpec.builder("big", dims, shape).chunks(5, 1, 4).dtype(DType.parseV2(">f4"))
        .compressor("gzip:4").build();
    spec.variable(t).variable(tp).variable(big);
    spec = spec.withZarrFormat(3);
    ZarrWriter w = ZarrWriter.begin(CONF, path, spec, ZarrWriter.Mode.OVERWRITE);
    java.util.LinkedHashMap<String, double[]> data = new java.util.LinkedHashMap<>();
    for (String v : List.of("t", "tp", "big")) {
      VariableSpec s = spec.variable(v);
      double[] all = new double[60];
      for (int i = 0; i < 60; i++) all[i] = i % 7 == 2 ? Double.NaN : (v.equals("t") ? 280 + i * 0.25 : i * 1.5 - 10);
      if (v.equals("t")) for (int i = 0; i < 60; i++) all[i] = (float) all[i];
      if (v.equals("big")) for (int i = 0; i < 60; i++) all[i] = (float) all[i];
      data.put(v, all);
      int[] c = s.chunks();
      for (int a = 0; a * c[0] < 5; a++) {
        for (int b = 0; b * c[1] < 3; b++) {
          for (int d = 0; d * c[2] < 4; d++) {
            int na = Math.min(c[0], 5 - a * c[0]);
            int nb = Math.min(c[1], 3 - b * c[1]);
            int nd = Math.min(c[2], 4 - d * c[2]);
            double[] part = new double[na * nb * nd];
            int k = 0;
            for (int i = 0; i < na; i++) {
              for (int j = 0; j < nb; j++) {
                for (int q = 0; q < nd; q++) part[k++] = all[((a * c[0] + i) * 3 + b * c[1] + j) * 4 + d * c[2] + q];
              }
            }
            w.writeChunk(v, new long[] {a, b, d}, new int[] {na, nb, nd}, part);
          }
        }
      }
    }
    w.commit();
    // zarrita's expectations: raw stored values (v3 readers do not mask fill values)
    CfTime enc = spec.variable("time").time();
    long[] counts = new long[5];
    for (int i = 0; i < 5; i++) counts[i] = enc.encodeExact(times[i]);
    arrays.add(expect(path, "time", "int64", new long[] {5}, List.of("time"), counts));
    arrays.add(expect(path, "level", "int32", new long[] {3}, List.of("level"), new long[] {1000, 850, 500}));
    arrays.add(expect(path, "y", "float64", new long[] {4}, List.of("y"), new double[] {30, 29.5, 29, 28.5}));
    double[] tpStored = data.get("tp").clone();
    for (int i = 0; i < tpStored.length; i++) if (Double.isNaN(tpStored[i])) tpStored[i] = -9999; // NaN stored as the fill value
    arrays.add(expect(path, "t", "float32", new long[] {5, 3, 4}, dims, data.get("t")));
    arrays.add(expect(path, "tp", "float64", new long[] {5, 3, 4}, dims, tpStored));
    arrays.add(expect(path, "big", "float32", new long[] {5, 3, 4}, dims, data.get("big")));
    ObjectNode g = JSON.createObjectNode();
    g.put("store", path);
    g.set("attributes", attrs);
    g.set("arrays", JSON.valueToTree(List.of("big", "level", "t", "time", "tp", "y")));
    return g;
  }

  static ObjectNode expect(String store, String name, String dtype, long[] shape, List<String> dims, Object values) {
    ObjectNode e = JSON.createObjectNode();
    e.put("name", "dataset/" + name);
    e.put("store", store);
    e.put("path", name);
    e.put("dtype", dtype);
    e.set("shape", JSON.valueToTree(shape));
    e.set("dimension_names", JSON.valueToTree(dims));
    ArrayNode v = e.putArray("values");
    int n = java.lang.reflect.Array.getLength(values);
    for (int i = 0; i < n; i++) v.add(json(values, i));
    return e;
  }

  // ---- zarrita writes, Spangeo reads

  @Test
  void spangeoReadsWhatZarritaWrites() throws IOException {
    Path dir = PythonPeer.scratch("zarrita-writes");
    String out = node("write", dir.toString());
    assertTrue(out.contains("ok wrote"), out);
    JsonNode expected = JSON.readTree(dir.resolve("expected.json").toFile());
    Dataset ds = Dataset.open(CONF, dir.resolve("zarrita.zarr").toString());
    assertEquals(expected.get("attributes"), ds.attributes(), "group attributes (non-ASCII text)");
    assertTrue(ds.unreadable().isEmpty(), "every array reads: " + ds.unreadable().keySet());
    int checked = 0;
    for (var it = expected.get("arrays").fields(); it.hasNext(); ) {
      var e = it.next();
      String name = e.getKey();
      JsonNode want = e.getValue();
      Variable v = ds.variable(name);
      List<String> dims = new ArrayList<>();
      want.get("dims").forEach(d -> dims.add(d.asText()));
      assertEquals(dims, v.dims(), name + " dims from dimension_names");
      String dtype = want.get("dtype").asText();
      assertEquals(dtype, v.decodedType(), name + ": " + dtype + " keeps its type (v3 fill values do not mask)");
      Object got = v.readAll();
      JsonNode wv = want.get("values");
      assertEquals(wv.size(), java.lang.reflect.Array.getLength(got), name + " size");
      for (int i = 0; i < wv.size(); i++) {
        JsonNode x = wv.get(i);
        String where = name + "[" + i + "]";
        if (got instanceof float[] || got instanceof double[]) {
          double g = java.lang.reflect.Array.getDouble(got, i);
          double w = x.isTextual() ? Double.parseDouble(x.asText()) : x.asDouble();
          assertEquals(Double.doubleToLongBits(w), Double.doubleToLongBits(g), where + ": " + g + " != " + w);
        } else if (got instanceof boolean[]) {
          assertEquals(x.asBoolean(), ((boolean[]) got)[i], where);
        } else {
          assertEquals(Long.parseLong(x.asText()), ((Number) java.lang.reflect.Array.get(got, i)).longValue(), where);
        }
      }
      checked++;
    }
    assertEquals(8, checked, "every array zarrita wrote");
    assertArrayEquals(new double[] {1000, 850, 500}, ds.coordinateValues("level"));
    assertEquals("int32", ds.variable("level").decodedType(), "an int32 coordinate stays int32");
  }
}
