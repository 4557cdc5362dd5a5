package org.spangeo.jobs.convert;

import io.jhdf.object.datatype.ArrayDataType;
import io.jhdf.object.datatype.BitField;
import io.jhdf.object.datatype.CompoundDataType;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.EnumDataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import io.jhdf.object.datatype.OpaqueDataType;
import io.jhdf.object.datatype.Reference;
import io.jhdf.object.datatype.StringData;
import io.jhdf.object.datatype.VariableLength;
import java.nio.ByteOrder;
import org.spangeo.zarr.metadata.DType;

/** HDF5 datatypes as the connector's DType, and why the others are not converted. */
final class Hdf5Types {
  private Hdf5Types() {}

  /** The DType of an HDF5 integer or float type as stored; null for any other type. */
  static DType dtype(DataType t) {
    if (t instanceof FixedPoint) {
      FixedPoint f = (FixedPoint) t;
      int size = f.getSize();
      if (!(size == 1 || size == 2 || size == 4 || size == 8) || f.getBitOffset() != 0
          || f.getBitPrecision() != size * 8) {
        return null;
      }
      return new DType(f.isSigned() ? DType.Kind.INT : DType.Kind.UINT, size, size > 1 && big(f.getByteOrder()));
    }
    if (t instanceof FloatingPoint) {
      FloatingPoint f = (FloatingPoint) t;
      int size = f.getSize();
      if (size != 4 && size != 8) return null;
      return new DType(DType.Kind.FLOAT, size, big(f.getByteOrder()));
    }
    return null;
  }

  private static boolean big(ByteOrder o) {
    return o == ByteOrder.BIG_ENDIAN;
  }

  /** Why a type is not converted; null when {@link #dtype} maps it. */
  static String whyNot(DataType t) {
    if (dtype(t) != null) return null;
    if (t instanceof StringData) return "char or fixed-length string variable (NC_CHAR text), not a numeric array";
    if (t instanceof VariableLength) {
      return ((VariableLength) t).isVariableLengthString() ? "variable-length string variable (NC_STRING)"
          : "variable-length (NC_VLEN) variable";
    }
    if (t instanceof CompoundDataType) return "compound (struct) variable";
    if (t instanceof EnumDataType) return "enum (NC_ENUM) variable";
    if (t instanceof OpaqueDataType) return "opaque variable";
    if (t instanceof ArrayDataType) return "HDF5 array-typed variable";
    if (t instanceof Reference) return "HDF5 reference variable";
    if (t instanceof BitField) return "HDF5 bitfield variable";
    if (t instanceof FloatingPoint) return "float" + t.getSize() * 8 + " variable (only float32 and float64 are converted)";
    if (t instanceof FixedPoint) return "integer variable of an unusual size or precision (" + t.getSize() + " bytes)";
    return "variable of HDF5 type " + t.getClass().getSimpleName();
  }

  /** netCDF's default fill value (NC_FILL_*) for a dtype, as stored bytes. */
  static byte[] netcdfDefaultFill(DType d) {
    Number v;
    switch (d.kind()) {
      case FLOAT: v = d.size() == 4 ? (Number) 9.9692099683868690e+36f : (Number) 9.9692099683868690e+36; break;
      case INT:
        v = d.size() == 1 ? -127 : d.size() == 2 ? -32767 : d.size() == 4 ? -2147483647 : -9223372036854775806L;
        break;
      case UINT:
        v = d.size() == 1 ? 255 : d.size() == 2 ? 65535 : d.size() == 4 ? 4294967295L : -2L; // -2: 2^64 - 2
        break;
      default: v = 0;
    }
    return AttributeValues.element(d, v);
  }
}
