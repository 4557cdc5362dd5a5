package org.spangeo.zarr.metadata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.spangeo.zarr.array.RawChunk;
import org.spangeo.zarr.array.ZarrArray;
import org.spangeo.zarr.codec.CodecException;
import org.spangeo.zarr.store.MemoryStore;

/** The v2 and v3 chunk pipelines, metadata parsing details and chunk keys. */
class PipelineTest {

  static JsonNode json(String s) {
    return MetadataParser.readJson(s.getBytes(StandardCharsets.UTF_8), "test");
  }

  static String zarray(String dtype, String chunks, String compressor, String filters, String order, String extra) {
    return "{\"zarr_format\": 2, \"shape\": [10, 7, 5], \"chunks\": " + chunks + ", \"dtype\": \"" + dtype
        + "\", \"compressor\": " + compressor + ", \"filters\": " + filters + ", \"fill_value\": 0, \"order\": \""
        + order + "\"" + extra + "}";
  }

  static RawChunk random(DType t, int[] shape, long seed) {
    int n = 1;
    for (int s : shape) n *= s;
    byte[] b = new byte[n * t.size()];
    Random r = new Random(seed);
    if (t.isFloat()) {
      ByteBuffer bb = ByteBuffer.wrap(b).order(t.byteOrder());
      for (int i = 0; i < n; i++) {
        if (t.size() == 4) bb.putFloat(i * 4, (float) r.nextGaussian());
        else bb.putDouble(i * 8, r.nextGaussian());
      }
    } else {
      r.nextBytes(b);
    }
    return new RawChunk(t, shape, b);
  }

  @Test
  void crc32cMatchesTheStandardCheckValue() {
    V3Pipeline.Crc32c c = new V3Pipeline.Crc32c();
    byte[] enc = c.encode("123456789".getBytes(StandardCharsets.US_ASCII));
    assertEquals(13, enc.length);
    assertEquals(0xE3069283, ByteBuffer.wrap(enc, 9, 4).order(ByteOrder.LITTLE_ENDIAN).getInt(), "RFC 3720 check");
    assertArrayEquals("123456789".getBytes(StandardCharsets.US_ASCII), c.decode(enc, 100));
    enc[3] ^= 1;
    assertThrows(CodecException.class, () -> c.decode(enc, 100));
    assertThrows(CodecException.class, () -> c.decode(new byte[3], 100));
  }

  @Test
  void v2RoundTripsThroughEveryFilterAndOrder() {
    String[] compressors = {"null", "{\"id\": \"blosc\", \"cname\": \"zstd\", \"clevel\": 3, \"shuffle\": 2}",
        "{\"id\": \"zlib\", \"level\": 1}", "{\"id\": \"gzip\", \"level\": 1}", "{\"id\": \"zstd\", \"level\": 1}",
        "{\"id\": \"lz4\", \"acceleration\": 1}"};
    String[] filters = {"null", "[]", "[{\"id\": \"delta\", \"dtype\": \"<i4\"}]",
        "[{\"id\": \"shuffle\", \"elementsize\": 4}, {\"id\": \"delta\", \"dtype\": \"<i4\"}]"};
    for (String comp : compressors) {
      for (String filt : filters) {
        for (String order : List.of("C", "F")) {
          ArrayMetadata m = MetadataParser.parseV2(json(zarray("<i4", "[4, 3, 5]", comp, filt, order, "")), null);
          assertEquals(order.equals("F"), ((V2Pipeline) m.pipeline()).fortranOrder());
          RawChunk c = random(m.dtype(), m.chunks(), comp.hashCode() + filt.hashCode());
          byte[] stored = m.pipeline().encode(c);
          RawChunk back = m.pipeline().decode(stored, m.chunks(), m.dtype(), null);
          assertArrayEquals(c.bytes(), back.bytes(), comp + " " + filt + " " + order);
        }
      }
    }
  }

  @Test
  void v2OrderFStoresTheTranspose() {
    ArrayMetadata m = MetadataParser.parseV2(json(zarray("|u1", "[2, 3, 1]", "null", "null", "F", "")), null);
    byte[] c = {1, 2, 3, 4, 5, 6}; // [[1, 2, 3], [4, 5, 6]] (last dim of length 1)
    assertArrayEquals(new byte[] {1, 4, 2, 5, 3, 6}, m.pipeline().encode(new RawChunk(m.dtype(), m.chunks(), c)));
  }

  static String zarrJson(String dtype, String chunks, String codecs, String keys) {
    return "{\"zarr_format\": 3, \"node_type\": \"array\", \"shape\": [6, 8, 10], \"data_type\": \"" + dtype
        + "\", \"chunk_grid\": {\"name\": \"regular\", \"configuration\": {\"chunk_shape\": " + chunks + "}},"
        + " \"chunk_key_encoding\": " + keys + ", \"fill_value\": 0, \"codecs\": " + codecs
        + ", \"dimension_names\": [\"t\", \"y\", \"x\"], \"attributes\": {\"units\": \"K\"}}";
  }

  static final String DEFAULT_KEYS = "{\"name\": \"default\", \"configuration\": {\"separator\": \"/\"}}";

  @Test
  void v3RoundTripsWithTransposes() {
    Random r = new Random(3);
    for (int trial = 0; trial < 40; trial++) {
      int[] o1 = permutation(r);
      int[] o2 = permutation(r);
      String codecs = "[{\"name\": \"transpose\", \"configuration\": {\"order\": " + java.util.Arrays.toString(o1)
          + "}}, {\"name\": \"transpose\", \"configuration\": {\"order\": " + java.util.Arrays.toString(o2) + "}},"
          + " {\"name\": \"bytes\", \"configuration\": {\"endian\": \"" + (trial % 2 == 0 ? "big" : "little") + "\"}},"
          + " {\"name\": \"zstd\", \"configuration\": {\"level\": 1}}, {\"name\": \"crc32c\"}]";
      ArrayMetadata m = MetadataParser.parseV3(json(zarrJson("int16", "[3, 4, 5]", codecs, DEFAULT_KEYS)));
      assertEquals(trial % 2 == 0, m.dtype().bigEndian());
      RawChunk c = random(m.dtype(), m.chunks(), trial);
      byte[] stored = m.pipeline().encode(c);
      assertArrayEquals(c.bytes(), m.pipeline().decode(stored, m.chunks(), m.dtype(), null).bytes());
    }
  }

  static int[] permutation(Random r) {
    int[][] all = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
    return all[r.nextInt(all.length)];
  }

  @Test
  void v3TransposeStoresNumpysTranspose() {
    // a 1 x 2 x 3 chunk holding 0..5; order [2, 0, 1] stores a.transpose(2, 0, 1), shape 3 x 1 x 2
    String codecs = "[{\"name\": \"transpose\", \"configuration\": {\"order\": [2, 0, 1]}},"
        + " {\"name\": \"bytes\", \"configuration\": {}}]";
    ArrayMetadata m = MetadataParser.parseV3(json(zarrJson("uint8", "[1, 2, 3]", codecs, DEFAULT_KEYS)));
    byte[] stored = m.pipeline().encode(new RawChunk(m.dtype(), m.chunks(), new byte[] {0, 1, 2, 3, 4, 5}));
    // t[k, 0, j] = a[0, j, k]
    assertArrayEquals(new byte[] {0, 3, 1, 4, 2, 5}, stored);
  }

  @Test
  void v3MetadataDetails() {
    ArrayMetadata m = MetadataParser.parseV3(json(zarrJson("float64", "[3, 4, 5]",
        "[{\"name\": \"bytes\", \"configuration\": {\"endian\": \"little\"}}]", DEFAULT_KEYS)));
    assertEquals(3, m.zarrFormat());
    assertEquals(List.of("t", "y", "x"), m.dimensionNames());
    assertEquals("K", m.attribute("units").asText());
    assertArrayEquals(new long[] {2, 2, 2}, m.chunkGridShape());
    assertEquals(8, m.chunkCount());
    assertEquals("c/1/0/1", m.chunkKey(new long[] {1, 0, 1}));
  }

  @Test
  void chunkKeys() {
    assertEquals("1.0.12", ChunkKeyEncoding.v2(".").key(new long[] {1, 0, 12}));
    assertEquals("1/0/12", ChunkKeyEncoding.v2("/").key(new long[] {1, 0, 12}));
    assertEquals("1.0.12", ChunkKeyEncoding.v2(null).key(new long[] {1, 0, 12}));
    assertEquals("0", ChunkKeyEncoding.v2(".").key(new long[0]), "zarr-python 2 names the chunk of a 0-d array 0");
    assertEquals("c/1/0/12", new ChunkKeyEncoding(true, "/").key(new long[] {1, 0, 12}));
    assertEquals("c.1.0.12", new ChunkKeyEncoding(true, ".").key(new long[] {1, 0, 12}));
    assertEquals("c", new ChunkKeyEncoding(true, "/").key(new long[0]));
    assertEquals("7", ChunkKeyEncoding.v2("/").key(new long[] {7}));
    assertThrows(IllegalArgumentException.class, () -> ChunkKeyEncoding.v2("-"));
  }

  @Test
  void v2MetadataDetails() {
    // keys that older writers leave out or set to null mean their defaults
    ArrayMetadata m = MetadataParser.parseV2(json("{\"zarr_format\": 2, \"shape\": [4], \"chunks\": [2],"
        + " \"dtype\": \"<f8\", \"fill_value\": NaN, \"dimension_separator\": null, \"order\": null}"), null);
    assertEquals("1", m.chunkKey(new long[] {1}));
    assertTrue(Double.isNaN(m.fillValue().asDouble()));
    assertFalse(((V2Pipeline) m.pipeline()).fortranOrder());
    assertNull(((V2Pipeline) m.pipeline()).compressor());
    assertNull(m.dimensionNames());
    // _ARRAY_DIMENSIONS become dimension names and leave the attributes
    ArrayMetadata d = MetadataParser.parseV2(json(zarray("<f8", "[4, 3, 5]", "null", "null", "C",
        ", \"dimension_separator\": \"/\"")), json("{\"_ARRAY_DIMENSIONS\": [\"time\", \"lat\", \"lon\"], \"units\": \"m\"}"));
    assertEquals(List.of("time", "lat", "lon"), d.dimensionNames());
    assertNull(d.attribute("_ARRAY_DIMENSIONS"));
    assertEquals("m", d.attribute("units").asText());
    assertEquals("2/0/1", d.chunkKey(new long[] {2, 0, 1}));
    assertArrayEquals(new long[] {3, 3, 1}, d.chunkGridShape());
  }

  @Test
  void writeChunkThenReadChunk() {
    MemoryStore s = new MemoryStore("w");
    s.put("a/.zarray", zarray(">f8", "[4, 3, 5]", "{\"id\": \"blosc\", \"cname\": \"lz4\", \"clevel\": 5, \"shuffle\": 1}",
        "null", "F", ", \"dimension_separator\": \"/\"").getBytes(StandardCharsets.UTF_8));
    ZarrArray a = ZarrArray.open(s, "a");
    RawChunk c = random(a.metadata().dtype(), a.metadata().chunks(), 9);
    a.writeChunk(new long[] {2, 1, 0}, c);
    assertTrue(s.exists("a/2/1/0"));
    assertArrayEquals(c.bytes(), a.readChunk(new long[] {2, 1, 0}).bytes());
    assertThrows(org.spangeo.zarr.ZarrException.class,
        () -> a.writeChunk(new long[] {0, 0, 0}, random(a.metadata().dtype(), new int[] {4, 3, 4}, 1)));
    assertThrows(org.spangeo.zarr.ZarrException.class, () -> a.writeChunk(new long[] {3, 0, 0}, c));
  }
}
