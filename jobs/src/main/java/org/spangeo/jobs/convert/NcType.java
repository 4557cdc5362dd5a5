package org.spangeo.jobs.convert;

import org.spangeo.zarr.metadata.DType;

/** The NetCDF-3 external types (nc_type codes), with CDF-5's unsigned and 64-bit ones. */
enum NcType {
  BYTE(1, 1, DType.Kind.INT, false),
  CHAR(2, 1, null, false),
  SHORT(3, 2, DType.Kind.INT, false),
  INT(4, 4, DType.Kind.INT, false),
  FLOAT(5, 4, DType.Kind.FLOAT, false),
  DOUBLE(6, 8, DType.Kind.FLOAT, false),
  UBYTE(7, 1, DType.Kind.UINT, true),
  USHORT(8, 2, DType.Kind.UINT, true),
  UINT(9, 4, DType.Kind.UINT, true),
  INT64(10, 8, DType.Kind.INT, true),
  UINT64(11, 8, DType.Kind.UINT, true);

  final int code;
  final int size;
  /** Null for CHAR (text). */
  final DType.Kind kind;
  final boolean cdf5Only;

  NcType(int code, int size, DType.Kind kind, boolean cdf5Only) {
    this.code = code;
    this.size = size;
    this.kind = kind;
    this.cdf5Only = cdf5Only;
  }

  /** The type of a code; null when unknown. */
  static NcType of(int code) {
    for (NcType t : values()) {
      if (t.code == code) return t;
    }
    return null;
  }

  /** The stored dtype: big-endian (one-byte types flagged little-endian, as "|i1" parses). */
  DType dtype() {
    return kind == null ? null : new DType(kind, size, size > 1);
  }
}
