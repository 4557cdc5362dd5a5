package org.spangeo.zarr.datasource;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.spangeo.zarr.ZarrException;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.dataset.Names;
import org.spangeo.zarr.dataset.ValueType;
import org.spangeo.zarr.dataset.Variable;

/**
 * The tidy-table view of a dataset, like {@code ds[vars].to_dataframe().reset_index()}: one
 * row per grid cell of the table dims, one column per dim (its coordinate, or the index when the
 * dim has none), then one column per data variable. Variables lacking a table dim are broadcast
 * along it, as xarray broadcasts them.
 */
final class TableLayout implements Serializable {
  private static final long serialVersionUID = 1L;

  final List<String> dims;
  final List<String> variables;
  final String primary; // the variable whose chunk grid partitions the table
  final StructType schema;

  private TableLayout(List<String> dims, List<String> variables, String primary, StructType schema) {
    this.dims = dims;
    this.variables = variables;
    this.primary = primary;
    this.schema = schema;
  }

  /** {@code requested} empty: every data variable over the dims of the one with the most dims. */
  static TableLayout of(Dataset ds, List<String> requested) {
    List<String> vars = new ArrayList<>();
    if (requested.isEmpty()) {
      // text variables are not columns unless asked for (and then refused, by name)
      List<String> columns = new ArrayList<>();
      for (String n : ds.dataVariableNames()) if (ds.variable(n).kind() != Variable.Kind.TEXT) columns.add(n);
      Variable widest = columns.stream().map(ds::variable).max(Comparator.comparingInt(Variable::rank)).orElse(null);
      if (widest == null) throw new ZarrException("dataset " + ds.sources() + " has no data variables");
      for (String n : columns) {
        if (widest.dims().containsAll(ds.variable(n).dims())) vars.add(n);
      }
      // auxiliary coordinates (2-D lat/lon of a curvilinear grid) are columns too, as in to_dataframe()
      for (String n : ds.auxiliaryCoordinateNames()) {
        Variable v = ds.variable(n);
        if (v.kind() != Variable.Kind.TEXT && widest.dims().containsAll(v.dims())) vars.add(n);
      }
    } else {
      for (String n : requested) {
        if (ds.unreadable().containsKey(n)) throw new ZarrException(ds.unreadable().get(n).message);
        if (!ds.hasVariable(n)) {
          throw new ZarrException("option variables: '" + n + "' is not in " + ds.sources()
              + Names.suggest(n, ds.variables().keySet()));
        }
        if (ds.isCoordinate(n)) continue; // coordinates are always columns
        Variable v = ds.variable(n);
        if (v.kind() == Variable.Kind.TEXT) {
          throw ZarrException.at(v.segments().get(0).array().store().location(), n, null, "holds " + v.describeKind()
              + "; the DataFrame reads numbers, bools, times and durations as columns (strings only as dim labels)");
        }
        if (!vars.contains(n)) vars.add(n);
      }
      if (vars.isEmpty()) throw new ZarrException("option variables: " + requested + " names no data variable");
    }
    Variable primary = vars.stream().map(ds::variable).max(Comparator.comparingInt(Variable::rank)).get();
    LinkedHashSet<String> dims = new LinkedHashSet<>(primary.dims());
    for (String n : vars) dims.addAll(ds.variable(n).dims());
    List<StructField> fields = new ArrayList<>();
    for (String d : dims) {
      DataType t = ds.isCoordinate(d) ? sparkType(ValueType.of(ds.variable(d))) : DataTypes.IntegerType;
      fields.add(new StructField(d, t, false, meta(ds, d, true)));
    }
    for (String n : vars) {
      fields.add(new StructField(n, sparkType(ValueType.of(ds.variable(n))), true, meta(ds, n, false)));
    }
    return new TableLayout(List.copyOf(dims), List.copyOf(vars), primary.name(), new StructType(fields.toArray(new StructField[0])));
  }

  private static Metadata meta(Dataset ds, String name, boolean dim) {
    MetadataBuilder mb = new MetadataBuilder();
    mb.putString("spangeo.kind", dim ? "dimension" : "variable");
    if (ds.hasVariable(name)) {
      Variable v = ds.variable(name);
      if (v.units() != null) mb.putString("units", v.units());
      if (v.attributes() != null && v.attributes().hasNonNull("long_name")) {
        mb.putString("long_name", v.attributes().get("long_name").asText());
      }
      if (!dim) mb.putString("dims", String.join(",", v.dims()));
      if (dim && ds.isCoordinate(name) && v.kind() == Variable.Kind.NUMBER) {
        double[] c = ds.coordinateValues(name);
        // the writer keeps this order when a table goes back to Zarr
        mb.putString("spangeo.order", c.length > 1 && c[0] > c[c.length - 1] ? "descending" : "ascending");
      }
    }
    return mb.build();
  }

  static DataType sparkType(ValueType t) {
    switch (t) {
      case FLOAT: return DataTypes.FloatType;
      case DOUBLE: return DataTypes.DoubleType;
      case BYTE: return DataTypes.ByteType;
      case SHORT: return DataTypes.ShortType;
      case INT: return DataTypes.IntegerType;
      case LONG: return DataTypes.LongType;
      case BOOLEAN: return DataTypes.BooleanType;
      case TIMESTAMP: return DataTypes.TimestampType;
      case DURATION: return DataTypes.createDayTimeIntervalType(); // microseconds, as timedelta64 in pandas
      case STRING: return DataTypes.StringType;
      default: throw new IllegalStateException(t.toString());
    }
  }

  boolean isDim(String column) {
    return dims.contains(column);
  }
}
