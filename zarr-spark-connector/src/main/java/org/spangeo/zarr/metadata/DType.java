package org.spangeo.zarr.metadata;

import java.io.Serializable;
import java.nio.ByteOrder;
import java.util.Locale;

/**
 * A Zarr data type: kind (f float, i signed int, u unsigned int, b bool), size in bytes and
 * byte order. Parsed from numpy type strings ("&lt;f4", "|u1", "&gt;i8") in v2 and from
 * names ("float32", "uint8", "bool") in v3, where byte order comes from the bytes codec.
 */
public final class DType implements Serializable {
  private static final long serialVersionUID = 1L;

  public enum Kind { FLOAT, INT, UINT, BOOL }

  private final Kind kind;
  private final int size;
  private final boolean bigEndian;

  public DType(Kind kind, int size, boolean bigEndian) {
    this.kind = kind;
    this.size = size;
    this.bigEndian = bigEndian;
  }

  public static DType parseV2(String s) {
    if (s == null || s.length() < 3) throw new IllegalArgumentException("dtype '" + s + "' is not a numpy type string");
    char order = s.charAt(0);
    char k = s.charAt(1);
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
      default:
        throw new IllegalArgumentException("dtype '" + s + "' is not supported (numeric and bool dtypes only;"
            + " strings, datetimes and objects are not read)");
    }
    if (order != '<' && order != '>' && order != '|' && order != '=') {
      throw new IllegalArgumentException("dtype '" + s + "' has an unknown byte order '" + order + "'");
    }
    boolean ok = kind == Kind.FLOAT ? (size == 4 || size == 8)
        : kind == Kind.BOOL ? size == 1 : (size == 1 || size == 2 || size == 4 || size == 8);
    if (!ok) throw new IllegalArgumentException("dtype '" + s + "' is not supported (float16 and complex are not read)");
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
    return new DType(kind, size, big);
  }

  public Kind kind() {
    return kind;
  }

  public int size() {
    return size;
  }

  public boolean isBigEndian() {
    return bigEndian;
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

  /** numpy's string, "&lt;f4" style. */
  public String v2String() {
    char k = kind == Kind.FLOAT ? 'f' : kind == Kind.INT ? 'i' : kind == Kind.UINT ? 'u' : 'b';
    char o = size == 1 ? '|' : bigEndian ? '>' : '<';
    return "" + o + k + size;
  }

  /** numpy's name, "float32" style. */
  public String name() {
    switch (kind) {
      case FLOAT: return "float" + size * 8;
      case INT: return "int" + size * 8;
      case UINT: return "uint" + size * 8;
      default: return "bool";
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DType && ((DType) o).kind == kind && ((DType) o).size == size
        && ((DType) o).bigEndian == bigEndian;
  }

  @Override
  public int hashCode() {
    return (kind.ordinal() * 31 + size) * 2 + (bigEndian ? 1 : 0);
  }

  @Override
  public String toString() {
    return v2String();
  }
}
