package org.spangeo.zarr.datasource;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.spangeo.zarr.ZarrException;

/**
 * Which columns of a table being written are dims and which are variables: the option
 * {@code dims} ("time,latitude,longitude"), else the columns the reader marked as dims
 * (field metadata), else the usual names. Dims are numbers or timestamps; variables numbers
 * (written as float32 for float and smaller types, float64 for double and long).
 */
final class WriteLayout implements Serializable {
  private static final long serialVersionUID = 1L;
  static final List<String> USUAL_DIMS = List.of("time", "level", "latitude", "longitude", "lat", "lon", "plev", "y", "x");

  final String[] dims;
  final boolean[] dimIsTime;
  final boolean[] descending;
  final int[] dimOrdinal;
  final String[] vars;
  final boolean[] varIsDouble;
  final int[] varOrdinal;
  final DataType[] varType;
  final DataType[] dimType;

  private WriteLayout(List<StructField> dimFields, List<StructField> varFields, StructType schema, List<String> desc) {
    int nd = dimFields.size();
    dims = new String[nd];
    dimIsTime = new boolean[nd];
    descending = new boolean[nd];
    dimOrdinal = new int[nd];
    dimType = new DataType[nd];
    for (int i = 0; i < nd; i++) {
      StructField f = dimFields.get(i);
      dims[i] = f.name();
      dimIsTime[i] = f.dataType().equals(DataTypes.TimestampType);
      dimOrdinal[i] = schema.fieldIndex(f.name());
      dimType[i] = f.dataType();
      descending[i] = desc.contains(f.name())
          || (f.metadata().contains("spangeo.order") && f.metadata().getString("spangeo.order").equals("descending"));
    }
    int nv = varFields.size();
    vars = new String[nv];
    varIsDouble = new boolean[nv];
    varOrdinal = new int[nv];
    varType = new DataType[nv];
    for (int i = 0; i < nv; i++) {
      StructField f = varFields.get(i);
      vars[i] = f.name();
      varIsDouble[i] = f.dataType().equals(DataTypes.DoubleType) || f.dataType().equals(DataTypes.LongType);
      varOrdinal[i] = schema.fieldIndex(f.name());
      varType[i] = f.dataType();
    }
  }

  static WriteLayout of(StructType schema, CaseInsensitiveStringMap options) {
    List<String> dimNames = new ArrayList<>();
    String opt = options.get("dims");
    if (opt != null) {
      for (String d : opt.split(",")) if (!d.isBlank()) dimNames.add(d.trim());
    } else {
      for (StructField f : schema.fields()) {
        if (f.metadata().contains("spangeo.kind") && f.metadata().getString("spangeo.kind").equals("dimension")) dimNames.add(f.name());
      }
      if (dimNames.isEmpty()) {
        for (StructField f : schema.fields()) if (USUAL_DIMS.contains(f.name().toLowerCase(Locale.ROOT))) dimNames.add(f.name());
      }
    }
    if (dimNames.isEmpty()) {
      throw new ZarrException("write to zarr: no dim columns among " + Arrays.toString(schema.fieldNames())
          + " (name them with option dims, for example .option(\"dims\", \"time,latitude,longitude\"))");
    }
    List<StructField> dimFields = new ArrayList<>();
    for (String d : dimNames) {
      if (!Arrays.asList(schema.fieldNames()).contains(d)) {
        throw new ZarrException("write to zarr: option dims names '" + d + "', which is not a column of " + Arrays.toString(schema.fieldNames()));
      }
      StructField f = schema.apply(d);
      if (!f.dataType().equals(DataTypes.TimestampType) && !isNumber(f.dataType())) {
        throw new ZarrException("write to zarr: dim column '" + d + "' is " + f.dataType().simpleString()
            + "; dims must be numbers or timestamps");
      }
      dimFields.add(f);
    }
    List<StructField> varFields = new ArrayList<>();
    for (StructField f : schema.fields()) {
      if (dimNames.contains(f.name())) continue;
      if (!isNumber(f.dataType()) && !f.dataType().equals(DataTypes.BooleanType)) {
        throw new ZarrException("write to zarr: column '" + f.name() + "' is " + f.dataType().simpleString()
            + "; Zarr variables here are numbers (drop or cast the column)");
      }
      varFields.add(f);
    }
    if (varFields.isEmpty()) throw new ZarrException("write to zarr: the table has no variable columns, only dims " + dimNames);
    List<String> desc = new ArrayList<>();
    String d = options.get("descending");
    if (d != null) for (String x : d.split(",")) desc.add(x.trim());
    return new WriteLayout(dimFields, varFields, schema, desc);
  }

  static boolean isNumber(DataType t) {
    return t.equals(DataTypes.FloatType) || t.equals(DataTypes.DoubleType) || t.equals(DataTypes.IntegerType)
        || t.equals(DataTypes.LongType) || t.equals(DataTypes.ShortType) || t.equals(DataTypes.ByteType);
  }
}
