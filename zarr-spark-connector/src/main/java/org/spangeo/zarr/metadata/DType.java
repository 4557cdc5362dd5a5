package org.spangeo.zarr.metadata;

import java.io.Serializable;
import java.nio.ByteOrder;
import java.util.Locale;

/**
 * A Zarr data type: kind (f float, i signed int, u unsigned int, b bool, M datetime64, m
 * timedelta64, U fixed unicode, S fixed bytes, O strings with the vlen-utf8 codec), size in
 * bytes and byte order. Parsed from numpy type strings ("&lt;f4", "|u1", "&gt;i8", "&lt;M8[ns]",
 * "&lt;U12") in v2 and from names ("float32", "uint8", "bool") in v3, where byte order comes from
 * the bytes codec. The dtypes numpy has and Spangeo does not read (complex, structured, other
 * objects) are refused with the dtype named; callers add the store and the array.
 */
public record DType(Kind kind, int size, boolean bigEndian, String unit) implements Serializable {
  /** DATETIME and TIMEDELTA are int64 counts of {@link #unit()}; STRING is UCS-4, BYTES raw, VLEN_STRING UTF-8. */
  public enum Kind { FLOAT, INT, UINT, BOOL, DATETIME, TIMEDELTA, STRING, BYTES, VLEN_STRING }

  /** A type without a datetime64/timedelta64 {@code unit} ("ns", "s", "D", ...; null for the other kinds). */
  public DType(Kind kind, int size, boolean bigEndian) {
    this(kind, size, bigEndian, null);
  }

  /** Object arrays whose only filter is vlen-utf8: strings of any length (size is nominal). */
  public static final DType VLEN_UTF8 = new DType(Kind.VLEN_STRING, 8, false, null);

  private static final java.util.Set<String> TIME_UNITS = java.util.Set.of("Y", "M", "W", "D", "h", "m", "s", "ms", "us",
      "ns", "ps", "fs", "as");

  public static DType parseV2(String s) {
    if (s == null || s.length() < 3) throw new IllegalArgumentException("dtype '" + s + "' is not a numpy type string");
    char order = s.charAt(0);
    char k = s.charAt(1);
    if (order != '<' && order != '>' && order != '|' && order != '=') {
      throw new IllegalArgumentException("dtype '" + s + "' has an unknown byte order '" + order + "'");
    }
    if (k == 'M' || k == 'm') {
      // numpy datetime64 / timedelta64: "<M8[ns]", int64 counts of the unit since 1970-01-01
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("8\\[(\\d*)(\\w+)\\]").matcher(s.substring(2));
      if (!m.matches() || !m.group(1).isEmpty() || !TIME_UNITS.contains(m.group(2))) {
        throw new IllegalArgumentException("dtype '" + s + "' is not a datetime64/timedelta64 Spangeo reads (units Y..as,"
            + " no multiples)");
      }
      return new DType(k == 'M' ? Kind.DATETIME : Kind.TIMEDELTA, 8, order == '>', m.group(2));
    }
    int size;
    try {
      size = Integer.parseInt(s.substring(2));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("dtype '" + s + "' is not supported", e);
    }
    Kind kind;
    switch (k) {
      case 'f': kind = Kind.FLOAT; break;
      case 'i': kind = Kind.INT; break;
      case 'u': kind = Kind.UINT; break;
      case 'b': kind = Kind.BOOL; break;
      case 'U':
        if (size <= 0) throw new IllegalArgumentException("dtype '" + s + "' is a zero-length string");
        return new DType(Kind.STRING, size * 4, order == '>', null);
      case 'S':
        if (size <= 0) throw new IllegalArgumentException("dtype '" + s + "' is a zero-length string");
        return new DType(Kind.BYTES, size, false, null);
      case 'c':
        throw new IllegalArgumentException("dtype '" + s + "' (complex" + size * 8 + ") is not read: Spark columns and"
            + " Spangeo's stages have no complex type");
      case 'O':
        throw new IllegalArgumentException("dtype '" + s + "' (Python objects) is read only with the vlen-utf8 codec");
      case 'V':
        throw new IllegalArgumentException("dtype '" + s + "' (raw void records) is not read");
      default:
        throw new IllegalArgumentException("dtype '" + s + "' is not supported");
    }
    boolean ok = kind == Kind.FLOAT ? (size == 2 || size == 4 || size == 8)
        : kind == Kind.BOOL ? size == 1 : (size == 1 || size == 2 || size == 4 || size == 8);
    if (!ok) throw new IllegalArgumentException("dtype '" + s + "' is not supported (float128 and odd widths are not read)");
    if (size > 1 && order == '|') throw new IllegalArgumentException("dtype '" + s + "' needs a byte order");
    return new DType(kind, size, order == '>');
  }

  /** v3 names; byte order is set later by the "bytes" codec. */
  public static DType parseV3(String name) {
    switch (name.toLowerCase(Locale.ROOT)) {
      case "bool": return new DType(Kind.BOOL, 1, false);
      case "int8": return new DType(Kind.INT, 1, false);
      case "int16": return new DType(Kind.INT, 2, false);
      case "int32": return new DType(Kind.INT, 4, false);
      case "int64": return new DType(Kind.INT, 8, false);
      case "uint8": return new DType(Kind.UINT, 1, false);
      case "uint16": return new DType(Kind.UINT, 2, false);
      case "uint32": return new DType(Kind.UINT, 4, false);
      case "uint64": return new DType(Kind.UINT, 8, false);
      case "float32": return new DType(Kind.FLOAT, 4, false);
      case "float64": return new DType(Kind.FLOAT, 8, false);
      default:
        throw new IllegalArgumentException("data_type '" + name + "' is not supported (numeric and bool types only)");
    }
  }

  public DType withBigEndian(boolean big) {
    return new DType(kind, size, big, unit);
  }

  /** The same bytes read as another kind of the same size (xarray's _Unsigned and dtype: bool). */
  public DType withKind(Kind k) {
    return new DType(k, size, bigEndian, unit);
  }

  /** True for the kinds Spangeo computes on: numbers and bools. */
  public boolean isNumeric() {
    return kind == Kind.FLOAT || kind == Kind.INT || kind == Kind.UINT || kind == Kind.BOOL;
  }

  /** Fixed or variable-length text and bytes. */
  public boolean isText() {
    return kind == Kind.STRING || kind == Kind.BYTES || kind == Kind.VLEN_STRING;
  }

  public ByteOrder byteOrder() {
    return bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
  }

  public boolean isFloat() {
    return kind == Kind.FLOAT;
  }

  public boolean isInteger() {
    return kind == Kind.INT || kind == Kind.UINT;
  }

  /** The types the writers use, little-endian as numpy writes them on every common machine. */
  public static final DType FLOAT32 = new DType(Kind.FLOAT, 4, false);
  public static final DType FLOAT64 = new DType(Kind.FLOAT, 8, false);
  public static final DType INT8 = new DType(Kind.INT, 1, false);
  public static final DType INT32 = new DType(Kind.INT, 4, false);
  public static final DType INT64 = new DType(Kind.INT, 8, false);
  public static final DType BOOL = new DType(Kind.BOOL, 1, false);
  /** numpy's "|S1": one byte per element, the character arrays of netCDF-3 strings. */
  public static final DType BYTES1 = new DType(Kind.BYTES, 1, false);

  /** numpy's string, "&lt;f4" style. */
  public String v2String() {
    char o = size == 1 ? '|' : bigEndian ? '>' : '<';
    switch (kind) {
      case DATETIME: return o + "M8[" + unit + "]";
      case TIMEDELTA: return o + "m8[" + unit + "]";
      case STRING: return o + "U" + size / 4;
      case BYTES: return "|S" + size;
      case VLEN_STRING: return "|O";
      default:
    }
    char k = kind == Kind.FLOAT ? 'f' : kind == Kind.INT ? 'i' : kind == Kind.UINT ? 'u' : 'b';
    return "" + o + k + size;
  }

  /** numpy's name, "float32" style. */
  public String name() {
    switch (kind) {
      case FLOAT: return "float" + size * 8;
      case INT: return "int" + size * 8;
      case UINT: return "uint" + size * 8;
      case DATETIME: return "datetime64[" + unit + "]";
      case TIMEDELTA: return "timedelta64[" + unit + "]";
      case STRING: return "<U" + size / 4;
      case BYTES: return "|S" + size;
      case VLEN_STRING: return "object (vlen-utf8)";
      default: return "bool";
    }
  }

  @Override
  public String toString() {
    return v2String();
  }
}
