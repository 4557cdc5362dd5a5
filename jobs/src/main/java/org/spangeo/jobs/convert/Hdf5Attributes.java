package org.spangeo.jobs.convert;

import io.jhdf.api.Attribute;
import io.jhdf.api.Node;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.StringData;
import io.jhdf.object.datatype.VariableLength;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import org.spangeo.zarr.metadata.DType;

/**
 * The NetCDF attributes of an HDF5 object: numbers and strings as {@link AttributeValues}
 * describes, without the attributes netCDF-C keeps for itself (dimension scale bookkeeping,
 * _Netcdf4*, _NCProperties...). Attributes of other HDF5 types (compound, enum, reference,
 * vlen of numbers) and attributes jHDF cannot decode are left out.
 */
final class Hdf5Attributes {
  static final Set<String> HIDDEN = Set.of("DIMENSION_LIST", "REFERENCE_LIST", "CLASS", "NAME", "_NCProperties",
      "_IsNetcdf4", "_SuperblockVersion", "_nc3_strict");

  private Hdf5Attributes() {}

  static boolean hidden(String name) {
    return HIDDEN.contains(name) || name.startsWith("_Netcdf4");
  }

  static LinkedHashMap<String, Object> of(Node node) {
    LinkedHashMap<String, Object> out = new LinkedHashMap<>();
    for (Attribute a : node.getAttributes().values()) {
      if (hidden(a.getName())) continue;
      Object v;
      try {
        v = value(a);
      } catch (RuntimeException e) {
        v = null; // an attribute jHDF cannot decode is left out, like other unsupported types
      }
      if (v != null) out.put(a.getName(), v);
    }
    return out;
  }

  /** The value, or null for types that are not numbers or strings. */
  static Object value(Attribute a) {
    DataType t = a.getDataType();
    DType d = Hdf5Types.dtype(t);
    int n = Math.toIntExact(a.getSize());
    if (d != null) {
      ByteBuffer b = a.getBuffer();
      if (b == null || n == 0) b = ByteBuffer.allocate(0);
      return AttributeValues.numbers(d.kind(), d.size(), b, d.byteOrder(), n);
    }
    boolean text = t instanceof StringData || (t instanceof VariableLength && ((VariableLength) t).isVariableLengthString());
    if (!text) return null;
    if (n == 0) return "";
    List<String> strings = new ArrayList<>();
    flatten(a.getData(), strings);
    if (strings.size() == 1) return strings.get(0);
    return strings.toArray(new String[0]);
  }

  private static void flatten(Object o, List<String> out) {
    if (o == null) {
      out.add("");
    } else if (o.getClass().isArray()) {
      for (int i = 0; i < Array.getLength(o); i++) flatten(Array.get(o, i), out);
    } else {
      out.add(AttributeValues.stripNul(o.toString()));
    }
  }
}
