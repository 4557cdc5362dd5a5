package org.spangeo.zarr.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.spangeo.zarr.metadata.DType;

/** encode then decode gives the input back, for every codec and filter Spangeo writes. */
class CodecRoundTripTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Inputs: empty, tiny, odd-sized, random (incompressible), smooth (compressible), constant. */
  static List<byte[]> inputs(int elementSize) {
    Random rnd = new Random(elementSize * 31L + 5);
    List<byte[]> l = new ArrayList<>();
    l.add(new byte[0]);
    l.add(new byte[elementSize]);
    byte[] r = new byte[elementSize * 333];
    rnd.nextBytes(r);
    l.add(r);
    byte[] big = new byte[elementSize * 40_000];
    rnd.nextBytes(big);
    l.add(big);
    ByteBuffer smooth = ByteBuffer.allocate(8 * 20_000).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < 20_000; i++) smooth.putDouble(Math.sin(i * 0.001) * 100);
    l.add(smooth.array());
    byte[] constant = new byte[elementSize * 5000];
    java.util.Arrays.fill(constant, (byte) 7);
    l.add(constant);
    return l;
  }

  static void roundTrip(Codec c, byte[] raw) {
    byte[] enc = c.encode(raw);
    byte[] dec = c.decode(enc, raw.length);
    assertArrayEquals(raw, dec, c.id() + " " + c.toV2Config() + " on " + raw.length + " bytes");
    // the rebuilt codec (from what a .zarray would say) decodes it too
    JsonNode cfg = JSON.valueToTree(c.toV2Config());
    Codec again = CodecRegistry.fromV2(cfg, DType.parseV2("|u1"));
    assertArrayEquals(raw, again.decode(enc, raw.length), "codec rebuilt from " + cfg);
    if (raw.length > 0) {
      // a chunk may not decode to more than its size
      assertThrows(CodecException.class, () -> c.decode(enc, raw.length - 1), c.id() + " bound");
    }
  }

  @TestFactory
  Stream<DynamicTest> blosc() {
    List<DynamicTest> tests = new ArrayList<>();
    for (String cname : List.of("lz4", "lz4hc", "blosclz", "zstd", "zlib")) {
      for (int shuffle : new int[] {BloscCodec.NOSHUFFLE, BloscCodec.SHUFFLE, BloscCodec.BITSHUFFLE}) {
        for (int typesize : new int[] {1, 2, 4, 8}) {
          tests.add(DynamicTest.dynamicTest(cname + " shuffle " + shuffle + " typesize " + typesize, () -> {
            BloscCodec c = new BloscCodec(cname, 5, shuffle, 0, typesize);
            for (byte[] raw : inputs(typesize)) {
              roundTrip(c, raw);
              byte[] enc = c.encode(raw);
              // the c-blosc 1.x frame header: version 2, nbytes and cbytes little-endian
              ByteBuffer h = ByteBuffer.wrap(enc).order(ByteOrder.LITTLE_ENDIAN);
              assertEquals(2, enc[0], "blosc format version");
              assertEquals(raw.length, h.getInt(4), "nbytes");
              assertEquals(enc.length, h.getInt(12), "cbytes");
              assertEquals(typesize, enc[3] & 0xff, "typesize");
            }
          }));
        }
      }
    }
    tests.add(DynamicTest.dynamicTest("clevel 0 and a fixed blocksize", () -> {
      for (byte[] raw : inputs(4)) {
        roundTrip(new BloscCodec("lz4", 0, BloscCodec.SHUFFLE, 0, 4), raw);
        roundTrip(new BloscCodec("zstd", 9, BloscCodec.BITSHUFFLE, 4096, 4), raw);
      }
    }));
    return tests.stream();
  }

  @Test
  void bloscRefusesBadSettings() {
    assertThrows(IllegalArgumentException.class, () -> new BloscCodec("snappy", 5, 1, 0, 4));
    assertThrows(IllegalArgumentException.class, () -> new BloscCodec("lz4", 10, 1, 0, 4));
    assertThrows(IllegalArgumentException.class, () -> new BloscCodec("lz4", 5, 3, 0, 4));
    assertEquals("lz4", new BloscCodec("LZ4", 5, 1, 0, 4).cname());
  }

  @Test
  void bloscConfigIsWhatNumcodecsAccepts() {
    Map<String, Object> m = new BloscCodec("zstd", 3, BloscCodec.BITSHUFFLE, 0, 8).toV2Config();
    assertEquals(Map.of("id", "blosc", "cname", "zstd", "clevel", 3, "shuffle", 2, "blocksize", 0), m);
  }

  @TestFactory
  Stream<DynamicTest> streamCodecs() {
    List<Codec> codecs = new ArrayList<>();
    for (int level : new int[] {-5, 1, 3, 22}) codecs.add(new ZstdCodec(level));
    for (int level = 0; level <= 9; level += 3) codecs.add(new ZlibCodec(level));
    for (int level = 0; level <= 9; level += 3) codecs.add(new GzipCodec(level));
    for (int acc : new int[] {1, 10}) codecs.add(new Lz4Codec(acc));
    return codecs.stream().map(c -> DynamicTest.dynamicTest(c.id() + " " + c.toV2Config(), () -> {
      for (byte[] raw : inputs(8)) roundTrip(c, raw);
    }));
  }

  @Test
  void levelsAreChecked() {
    assertThrows(IllegalArgumentException.class, () -> new ZlibCodec(10));
    assertThrows(IllegalArgumentException.class, () -> new GzipCodec(-1));
    assertThrows(IllegalArgumentException.class, () -> new ZstdCodec(23));
  }

  @Test
  void lz4FrameIsNumcodecsLayout() {
    byte[] raw = new byte[1000];
    byte[] enc = new Lz4Codec(1).encode(raw);
    assertEquals(1000, ByteBuffer.wrap(enc).order(ByteOrder.LITTLE_ENDIAN).getInt(0), "4-byte little-endian size");
  }

  @Test
  void gzipAndZlibFraming() {
    byte[] raw = "hello hello hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] gz = new GzipCodec(5).encode(raw);
    assertEquals(0x1f, gz[0] & 0xff);
    assertEquals(0x8b, gz[1] & 0xff);
    byte[] z = new ZlibCodec(5).encode(raw);
    assertEquals(0x78, z[0] & 0xff, "zlib CMF: deflate, 32K window");
    assertEquals(0, ((z[0] & 0xff) * 256 + (z[1] & 0xff)) % 31, "zlib FCHECK");
    // two gzip members back to back decode to both (as Python's gzip module does)
    byte[] two = new byte[gz.length * 2];
    System.arraycopy(gz, 0, two, 0, gz.length);
    System.arraycopy(gz, 0, two, gz.length, gz.length);
    assertEquals(raw.length * 2, new GzipCodec(5).decode(two, 1000).length);
  }

  // ---------------------------------------------------------------------------------------------
  // filters

  static byte[] values(DType t, int n, long seed) {
    Random rnd = new Random(seed);
    ByteBuffer b = ByteBuffer.allocate(n * t.size()).order(t.byteOrder());
    for (int i = 0; i < n; i++) {
      int o = i * t.size();
      if (t.isFloat()) {
        double v = rnd.nextGaussian() * 1000;
        if (t.size() == 4) b.putFloat(o, (float) v);
        else b.putDouble(o, v);
      } else {
        org.spangeo.zarr.testing.Bytes.putInteger(b, o, t.size(), rnd.nextLong());
      }
    }
    return b.array();
  }

  @TestFactory
  Stream<DynamicTest> deltaRoundTrips() {
    // integer deltas wrap around exactly, so any integer data comes back
    return Stream.of("|i1", "<i2", ">i2", "<i4", ">i4", "<i8", ">i8", "|u1", "<u2", ">u4", "<u8")
        .map(s -> DynamicTest.dynamicTest(s, () -> {
          DType t = DType.parseV2(s);
          Filters.Delta d = new Filters.Delta(t, t);
          for (int n : new int[] {0, 1, 2, 1000}) {
            byte[] raw = values(t, n, n);
            assertArrayEquals(raw, d.decode(d.encode(raw), raw.length), s + " n=" + n);
          }
        }));
  }

  @Test
  void deltaIntoANarrowerType() {
    // i8 values with small steps, stored as i4 differences
    DType i8 = DType.parseV2("<i8");
    DType i4 = DType.parseV2("<i4");
    ByteBuffer b = ByteBuffer.allocate(8 * 100).order(ByteOrder.LITTLE_ENDIAN);
    long v = 1_000_000_000L;
    for (int i = 0; i < 100; i++) b.putLong(i * 8, v += (i % 7) * 1000 - 3000);
    Filters.Delta d = new Filters.Delta(i8, i4);
    byte[] enc = d.encode(b.array());
    assertEquals(400, enc.length);
    ByteBuffer e = ByteBuffer.wrap(enc).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(b.getLong(0), e.getInt(0), "first element stored as is");
    assertEquals(b.getLong(8) - b.getLong(0), e.getInt(4), "then differences");
    assertArrayEquals(b.array(), d.decode(enc, 800));
    assertThrows(CodecException.class, () -> d.decode(enc, 799));
    assertThrows(CodecException.class, () -> d.decode(new byte[7], 800), "7 bytes are no whole i4 elements");
  }

  @Test
  void deltaOnFloatsIsARunningSum() {
    DType f8 = DType.parseV2("<f8");
    ByteBuffer enc = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
    enc.putDouble(0, 1.5).putDouble(8, 0.25).putDouble(16, -2.0).putDouble(24, 0.125);
    ByteBuffer dec = ByteBuffer.wrap(new Filters.Delta(f8, f8).decode(enc.array(), 32)).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(1.5, dec.getDouble(0));
    assertEquals(1.75, dec.getDouble(8));
    assertEquals(-0.25, dec.getDouble(16));
    assertEquals(-0.125, dec.getDouble(24));
  }

  @Test
  void fixedScaleOffsetRoundTripsWithinHalfAStep() {
    DType f8 = DType.parseV2("<f8");
    for (String as : List.of("|u1", "<i2", ">i4", "<f4")) {
      DType astype = DType.parseV2(as);
      Filters.FixedScaleOffset f = new Filters.FixedScaleOffset(10.0, 8.0, f8, astype);
      ByteBuffer raw = ByteBuffer.allocate(8 * 200).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < 200; i++) raw.putDouble(i * 8, 10.0 + (i % 31) * 0.9);
      byte[] enc = f.encode(raw.array());
      assertEquals(200 * astype.size(), enc.length);
      ByteBuffer dec = ByteBuffer.wrap(f.decode(enc, raw.capacity())).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < 200; i++) {
        assertEquals(raw.getDouble(i * 8), dec.getDouble(i * 8), 0.5 / 8.0 + 1e-12, as + " element " + i);
      }
    }
  }

  @Test
  void shuffleRoundTripsAndLeavesATail() {
    for (int es : new int[] {1, 2, 3, 4, 8, 16}) {
      Filters.Shuffle s = new Filters.Shuffle(es);
      for (byte[] raw : inputs(1)) {
        assertArrayEquals(raw, s.decode(s.encode(raw), raw.length), "elementsize " + es);
      }
    }
    // bytes of 2-byte elements: all first bytes, then all second bytes
    assertArrayEquals(new byte[] {1, 3, 5, 2, 4, 6}, new Filters.Shuffle(2).encode(new byte[] {1, 2, 3, 4, 5, 6}));
    assertThrows(IllegalArgumentException.class, () -> new Filters.Shuffle(0));
  }

  @Test
  void castFiltersDecodeOnly() {
    DType f8 = DType.parseV2("<f8");
    DType f4 = DType.parseV2("<f4");
    Filters.Cast q = new Filters.Cast("quantize", f8, f4, Map.of("id", "quantize", "digits", 2));
    ByteBuffer enc = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(0, 1.25f).putFloat(4, -3.5f);
    ByteBuffer dec = ByteBuffer.wrap(q.decode(enc.array(), 16)).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(1.25, dec.getDouble(0));
    assertEquals(-3.5, dec.getDouble(8));
    assertThrows(UnsupportedOperationException.class, () -> q.encode(new byte[8]));
    assertEquals(Map.of("id", "quantize", "digits", 2), q.toV2Config());
    Filters.Cast i2 = new Filters.Cast("astype", f8, DType.parseV2("<i2"), Map.of());
    ByteBuffer d2 = ByteBuffer.wrap(i2.decode(new byte[] {(byte) 0xff, (byte) 0xff, 7, 0}, 16))
        .order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(-1.0, d2.getDouble(0));
    assertEquals(7.0, d2.getDouble(8));
  }

  @Test
  void registryRefusesObjectCodecsAndNamesUnknownOnes() {
    DType f8 = DType.parseV2("<f8");
    for (String id : List.of("pickle", "json2", "msgpack2", "vlen-utf8", "vlen-bytes", "vlen-array", "categorize")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> CodecRegistry.fromV2(JSON.createObjectNode().put("id", id), f8));
      assertTrue(e.getMessage().contains("'" + id + "'"), e.getMessage());
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CodecRegistry.fromV2(JSON.createObjectNode().put("id", "zfpy"), f8));
    assertTrue(e.getMessage().contains("'zfpy'"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> CodecRegistry.fromV2(JSON.createObjectNode(), f8));
    assertThrows(IllegalArgumentException.class, () -> CodecRegistry.fromV2(null, f8));
  }
}
