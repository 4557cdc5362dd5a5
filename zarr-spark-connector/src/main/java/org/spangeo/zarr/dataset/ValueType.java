package org.spangeo.zarr.dataset;

import org.spangeo.zarr.metadata.DType;

/**
 * The type a variable's values have once decoded the way xarray decodes them, and the primitive
 * array that holds them: FLOAT float[], DOUBLE double[], BYTE byte[], SHORT short[], INT int[],
 * LONG long[], BOOLEAN boolean[], TIMESTAMP long[] (epoch microseconds, UTC), DURATION long[]
 * (microseconds), STRING String[]. Missing times and durations are {@link CfTime#NAT}.
 */
public enum ValueType {
  FLOAT, DOUBLE, BYTE, SHORT, INT, LONG, BOOLEAN, TIMESTAMP, DURATION, STRING;

  public static ValueType of(Variable v) {
    if (v.isTime()) return TIMESTAMP;
    if (v.kind() == Variable.Kind.DURATION) return DURATION;
    if (v.kind() == Variable.Kind.TEXT) return STRING;
    switch (v.decoding().kind()) {
      case FLOAT32: return FLOAT;
      case FLOAT64: return DOUBLE;
      default: return raw(v.dtype());
    }
  }

  /** Integers keep their width; unsigned ones move to the next signed type that holds them. */
  static ValueType raw(DType t) {
    if (t.kind() == DType.Kind.BOOL) return BOOLEAN;
    if (t.isFloat()) return t.size() == 4 ? FLOAT : DOUBLE;
    boolean u = t.kind() == DType.Kind.UINT;
    switch (t.size()) {
      case 1: return u ? SHORT : BYTE;
      case 2: return u ? INT : SHORT;
      case 4: return u ? LONG : INT;
      default: return LONG; // uint64 above 2^63 is refused when read
    }
  }

  public int bytes() {
    switch (this) {
      case BYTE: case BOOLEAN: return 1;
      case SHORT: return 2;
      case FLOAT: case INT: return 4;
      default: return 8;
    }
  }
}
