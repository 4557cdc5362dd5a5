package org.spangeo.zarr.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DTypeTest {

  @ParameterizedTest
  @CsvSource({
      "<f4, FLOAT, 4, false, <f4", "<f8, FLOAT, 8, false, <f8", ">f4, FLOAT, 4, true, >f4", ">f8, FLOAT, 8, true, >f8",
      "|i1, INT, 1, false, |i1", "<i2, INT, 2, false, <i2", "<i4, INT, 4, false, <i4", "<i8, INT, 8, false, <i8",
      ">i2, INT, 2, true, >i2", ">i4, INT, 4, true, >i4", ">i8, INT, 8, true, >i8", "|u1, UINT, 1, false, |u1",
      "<u2, UINT, 2, false, <u2", "<u4, UINT, 4, false, <u4", "<u8, UINT, 8, false, <u8", ">u2, UINT, 2, true, >u2",
      ">u4, UINT, 4, true, >u4", ">u8, UINT, 8, true, >u8", "|b1, BOOL, 1, false, |b1",
      // numpy's other spellings of the same types
      "=f8, FLOAT, 8, false, <f8", "<i1, INT, 1, false, |i1", ">u1, UINT, 1, true, |u1",
  })
  void parseV2(String s, DType.Kind kind, int size, boolean big, String canonical) {
    DType t = DType.parseV2(s);
    assertEquals(kind, t.kind());
    assertEquals(size, t.size());
    assertEquals(big, t.bigEndian());
    assertEquals(big ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN, t.byteOrder());
    assertEquals(canonical, t.v2String());
    assertEquals(kind == DType.Kind.FLOAT, t.isFloat());
    assertEquals(kind == DType.Kind.INT || kind == DType.Kind.UINT, t.isInteger());
  }

  @ParameterizedTest
  @ValueSource(strings = {"<f16", "<c8", "<c16", "|O", "|O8", "<M8[3h]", "<m8", "<M8[fortnight]", "|S0", "<U0", "|V8", "f4",
      "<f", "", "|i4", "|f8", "<b2", "<i3", "<u16", "*f4", "<x4", "<fa", "<i-4"})
  void parseV2Refuses(String s) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DType.parseV2(s));
    assertTrue(e.getMessage().contains("'" + s + "'"), "message names the dtype: " + e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({"<f2,FLOAT,2,float16", "<M8[ns],DATETIME,8,datetime64[ns]", ">m8[s],TIMEDELTA,8,timedelta64[s]",
      "|S5,BYTES,5,|S5", "<U3,STRING,12,<U3", ">U2,STRING,8,<U2"})
  void parseV2ReadsTimesTextAndHalfFloats(String s, DType.Kind kind, int size, String name) {
    DType t = DType.parseV2(s);
    assertEquals(kind, t.kind());
    assertEquals(size, t.size());
    assertEquals(name, t.name());
    assertEquals(s, t.v2String());
    assertEquals(t.kind() == DType.Kind.FLOAT || t.kind() == DType.Kind.INT, t.isNumeric());
  }

  @Test
  void parseV2RefusesNull() {
    assertThrows(IllegalArgumentException.class, () -> DType.parseV2(null));
  }

  @ParameterizedTest
  @CsvSource({
      "bool, BOOL, 1", "int8, INT, 1", "int16, INT, 2", "int32, INT, 4", "int64, INT, 8", "uint8, UINT, 1",
      "uint16, UINT, 2", "uint32, UINT, 4", "uint64, UINT, 8", "float32, FLOAT, 4", "float64, FLOAT, 8",
  })
  void parseV3(String name, DType.Kind kind, int size) {
    DType t = DType.parseV3(name);
    assertEquals(kind, t.kind());
    assertEquals(size, t.size());
    assertFalse(t.bigEndian(), "byte order comes from the bytes codec, little until then");
    assertEquals(name, t.name());
    assertTrue(t.withBigEndian(true).bigEndian());
    assertEquals(t, t.withBigEndian(true).withBigEndian(false));
  }

  @ParameterizedTest
  @ValueSource(strings = {"float16", "complex64", "complex128", "string", "r16", "bytes", "", "int128", "datetime64"})
  void parseV3Refuses(String name) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DType.parseV3(name));
    assertTrue(e.getMessage().contains("'" + name + "'"), e.getMessage());
  }

  @Test
  void equalityIncludesByteOrder() {
    assertEquals(DType.parseV2("<i4"), DType.parseV3("int32"));
    assertEquals(DType.parseV2("<i4").hashCode(), DType.parseV3("int32").hashCode());
    assertNotEquals(DType.parseV2("<i4"), DType.parseV2(">i4"));
    assertNotEquals(DType.parseV2("<i4"), DType.parseV2("<u4"));
    assertNotEquals(DType.parseV2("<i4"), DType.parseV2("<f4"));
    assertEquals(">i4", DType.parseV2("<i4").withBigEndian(true).toString());
  }
}
