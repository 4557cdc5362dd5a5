package org.spangeo.zarr.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import org.junit.jupiter.api.Test;

class FillValueTest {
  static final DType F4 = DType.parseV2("<f4");
  static final DType F8 = DType.parseV2("<f8");
  static final DType I2 = DType.parseV2("<i2");
  static final DType I8 = DType.parseV2("<i8");
  static final DType U8 = DType.parseV2("<u8");
  static final DType B1 = DType.parseV2("|b1");

  static JsonNode json(String s) {
    return MetadataParser.readJson(s.getBytes(java.nio.charset.StandardCharsets.UTF_8), "test");
  }

  static FillValue parse(String json, DType t) {
    return FillValue.parse(json("{\"v\": " + json + "}").get("v"), t);
  }

  @Test
  void absent() {
    assertSame(FillValue.NONE, FillValue.parse(null, F8));
    assertSame(FillValue.NONE, FillValue.parse(MissingNode.getInstance(), F8));
    FillValue f = parse("null", I2);
    assertFalse(f.isPresent());
    assertEquals("null", f.toString());
  }

  @Test
  void specialFloats() {
    assertTrue(Double.isNaN(parse("\"NaN\"", F8).asDouble()));
    assertTrue(parse("\"NaN\"", F8).isPresent());
    assertEquals(Double.POSITIVE_INFINITY, parse("\"Infinity\"", F4).asDouble());
    assertEquals(Double.NEGATIVE_INFINITY, parse("\"-Infinity\"", F8).asDouble());
    // bare NaN / Infinity, as Python's json module writes them
    assertTrue(Double.isNaN(parse("NaN", F8).asDouble()));
    assertEquals(Double.NEGATIVE_INFINITY, parse("-Infinity", F4).asDouble());
  }

  @Test
  void numbers() {
    assertEquals(42.5, parse("42.5", F8).asDouble());
    assertEquals(-0.0, parse("-0.0", F8).asDouble());
    assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(parse("-0.0", F8).asDouble()));
    assertEquals(3.0, parse("3", F4).asDouble()); // an integer literal for a float array
    assertEquals(1e-40, parse("1e-40", F4).asDouble());
    assertEquals(-7L, parse("-7", I2).asLong());
    assertEquals(-7.0, parse("-7", I2).asDouble());
    assertEquals(Long.MIN_VALUE, parse("-9223372036854775808", I8).asLong());
    assertEquals(Long.MAX_VALUE, parse("9223372036854775807", I8).asLong());
    assertEquals(-1L, parse("18446744073709551615", U8).asLong(), "uint64 max keeps its bit pattern");
    assertEquals(1L << 63, parse("9223372036854775808", U8).asLong());
    assertEquals(2L, parse("2.0", I2).asLong(), "an integral float literal for an integer array");
  }

  @Test
  void booleans() {
    assertEquals(1L, parse("true", B1).asLong());
    assertEquals(0L, parse("false", B1).asLong());
    assertTrue(parse("false", B1).isPresent());
  }

  @Test
  void v3HexBitPatterns() {
    FillValue nan = parse("\"0x7fc00001\"", F4);
    assertTrue(Double.isNaN(nan.asDouble()));
    assertEquals(Math.PI, parse("\"0x400921fb54442d18\"", F8).asDouble());
    assertEquals(1.0, parse("\"0x3f800000\"", F4).asDouble());
    assertEquals(Double.NEGATIVE_INFINITY, parse("\"0xfff0000000000000\"", F8).asDouble());
  }

  @Test
  void refused() {
    assertThrows(IllegalArgumentException.class, () -> parse("\"lots\"", F8));
    assertThrows(IllegalArgumentException.class, () -> parse("1.5", I2));
    assertThrows(IllegalArgumentException.class, () -> parse("\"0x10\"", I2));
    assertThrows(IllegalArgumentException.class, () -> parse("[1, 2]", F8));
    assertThrows(IllegalArgumentException.class, () -> parse("{\"a\": 1}", F8));
  }

  @Test
  void factories() {
    assertEquals(5L, FillValue.ofDouble(5.75).asLong());
    assertEquals(5.75, FillValue.ofDouble(5.75).asDouble());
    assertEquals(-3.0, FillValue.ofLong(-3).asDouble());
    assertEquals("NaN", FillValue.ofDouble(Double.NaN).toString());
    assertEquals("-3", FillValue.ofLong(-3).toString());
    assertEquals("0.5", FillValue.ofDouble(0.5).toString());
  }
}
