package org.spangeo.zarr.write;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.spangeo.zarr.ZarrException;
import org.spangeo.zarr.metadata.DType;
import org.spangeo.zarr.metadata.FillValue;
import org.spangeo.zarr.metadata.MetadataParser;

/**
 * What a write produces: the arrays (coordinates and data variables, in order), the values of
 * the coordinates (written by the driver, they are small), and the group attributes. A stage
 * derives its output from the input's ({@link Specs#like}) with the template verbs
 * {@link #dropDims}, {@link #replaceDim} and {@link #withVariable}, as xarray-beam derives a
 * template dataset; the writer writes this metadata first.
 */
public final class DatasetSpec implements Serializable {
  private static final long serialVersionUID = 1L;

  final LinkedHashMap<String, VariableSpec> variables = new LinkedHashMap<>();
  /** Coordinate values: double[] for numbers, long[] epoch micros for times, String[] for labels. */
  final LinkedHashMap<String, Object> coordinateValues = new LinkedHashMap<>();
  /**
   * Values of the other small variables the driver writes whole, carried from the input as
   * xarray's operation carries them (bounds, names, 2-D coordinates, times): C order, as
   * {@link org.spangeo.zarr.dataset.Variable#readValues} gives them.
   */
  final LinkedHashMap<String, Object> carriedValues = new LinkedHashMap<>();
  ObjectNode attributes = MetadataParser.JSON.createObjectNode();

  public DatasetSpec coordinate(VariableSpec v, Object values) {
    if (v.dims.size() != 1 || !v.dims.get(0).equals(v.name)) {
      throw new IllegalArgumentException("coordinate '" + v.name + "' must be 1-D over its own dim");
    }
    int n = java.lang.reflect.Array.getLength(values);
    if (n != v.shape[0]) throw new IllegalArgumentException("coordinate '" + v.name + "' has " + n + " values for size " + v.shape[0]);
    variables.put(v.name, v);
    coordinateValues.put(v.name, values);
    return this;
  }

  /**
   * The coordinates of a regular time x latitude x longitude grid: times (epoch micros) CF-encoded
   * as {@link TimeEncoding#choose} picks, latitude and longitude as float64; each one chunk,
   * uncompressed, no attributes.
   */
  public DatasetSpec timeLatLon(long[] times, double[] lat, double[] lon) {
    coordinate(VariableSpec.coordinate("time", times.length).times(TimeEncoding.choose(times)).build(), times);
    coordinate(VariableSpec.coordinate("latitude", lat.length).dtype(DType.FLOAT64).build(), lat);
    return coordinate(VariableSpec.coordinate("longitude", lon.length).dtype(DType.FLOAT64).build(), lon);
  }

  /** A variable of any rank written whole by the driver from {@code values} (C order). */
  public DatasetSpec carried(VariableSpec v, Object values) {
    long n = 1;
    for (long x : v.shape) n *= x;
    if (java.lang.reflect.Array.getLength(values) != n) {
      throw new IllegalArgumentException("variable '" + v.name + "' has " + java.lang.reflect.Array.getLength(values)
          + " values for shape " + java.util.Arrays.toString(v.shape));
    }
    variable(v);
    carriedValues.put(v.name, values);
    return this;
  }

  public DatasetSpec variable(VariableSpec v) {
    for (int i = 0; i < v.dims.size(); i++) {
      String d = v.dims.get(i);
      VariableSpec c = variables.get(d);
      if (c != null && coordinateValues.containsKey(d) && c.shape[0] != v.shape[i]) {
        throw new ZarrException("variable '" + v.name + "' has " + v.shape[i] + " along '" + d + "' but the coordinate has "
            + c.shape[0]);
      }
    }
    variables.put(v.name, v);
    return this;
  }

  /** Every array of this spec written as Zarr v2 (the default) or v3. */
  public DatasetSpec withZarrFormat(int format) {
    return copy(c -> c.withZarrFormat(format), v -> v.withZarrFormat(format));
  }

  /**
   * The template of a reduction over {@code dims} (an area mean): the dims leave every data
   * variable; their coordinates, and carried variables over them, go.
   */
  public DatasetSpec dropDims(String... dims) {
    List<String> gone = List.of(dims);
    return copy(c -> overAny(c, gone) ? null : c, v -> {
      List<String> d = new ArrayList<>();
      long[] shape = new long[v.shape.length];
      int[] chunks = new int[v.shape.length];
      int n = 0;
      for (int i = 0; i < v.dims.size(); i++) {
        if (gone.contains(v.dims.get(i))) continue;
        d.add(v.dims.get(i));
        shape[n] = v.shape[i];
        chunks[n++] = v.chunks[i];
      }
      return v.withDims(d, Arrays.copyOf(shape, n), Arrays.copyOf(chunks, n));
    });
  }

  /**
   * {@code dim} replaced, in place, by {@code coordinate} with its {@code values} (1-D over its
   * own dim, which may have another name: time by month). Every data variable over {@code dim}
   * takes the new dim's name and length, with its chunk cut to that length; carried variables
   * over {@code dim} go (their values are for the old one).
   */
  public DatasetSpec replaceDim(String dim, VariableSpec coordinate, Object values) {
    DatasetSpec s = new DatasetSpec().attributes(attributes);
    if (!isDimCoordinate(dim)) s.coordinate(coordinate, values);
    for (VariableSpec v : variables.values()) {
      if (v.name.equals(dim)) {
        s.coordinate(coordinate, values);
      } else if (isCoordinate(v.name)) {
        if (!v.dims.contains(dim)) s.put(v, this);
      } else {
        int a = v.dims.indexOf(dim);
        if (a < 0) {
          s.variable(v);
          continue;
        }
        List<String> d = new ArrayList<>(v.dims);
        d.set(a, coordinate.name);
        long[] shape = v.shape.clone();
        int[] chunks = v.chunks.clone();
        shape[a] = coordinate.shape[0];
        chunks[a] = (int) Math.max(1, Math.min(chunks[a], shape[a]));
        s.variable(v.withDims(d, shape, chunks));
      }
    }
    return s;
  }

  /** Data variable {@code name} stored as {@code dtype} (NaN fill for floats, none for integers) with {@code attrs}. */
  public DatasetSpec withVariable(String name, DType dtype, ObjectNode attrs) {
    return withVariable(name, dtype, a -> {
      a.removeAll();
      if (attrs != null) a.setAll(attrs);
    });
  }

  /** The same, with the data variable's attributes changed by {@code editAttributes}. */
  public DatasetSpec withVariable(String name, DType dtype, java.util.function.Consumer<ObjectNode> editAttributes) {
    variable(name); // names what is missing
    if (isCoordinate(name)) throw new IllegalArgumentException("'" + name + "' is a coordinate or carried variable, not data");
    FillValue fill = dtype.isFloat() ? FillValue.ofDouble(Double.NaN) : FillValue.NONE;
    return copy(c -> c, v -> v.name.equals(name) ? v.withDType(dtype, fill).withAttributes(editAttributes) : v);
  }

  /**
   * A copy with each array mapped: those whose values the spec holds (coordinates and carried
   * variables) by {@code held}, keeping their values; the data variables by {@code data}. A
   * mapping to null leaves the array out.
   */
  private DatasetSpec copy(UnaryOperator<VariableSpec> held, UnaryOperator<VariableSpec> data) {
    DatasetSpec s = new DatasetSpec().attributes(attributes);
    for (VariableSpec v : variables.values()) {
      boolean h = isCoordinate(v.name);
      VariableSpec o = h ? held.apply(v) : data.apply(v);
      if (o == null) continue;
      if (h) s.put(o, this);
      else s.variable(o);
    }
    return s;
  }

  /** Adds {@code v} as {@code from} holds the array of its name: a coordinate or a carried variable, with its values. */
  private void put(VariableSpec v, DatasetSpec from) {
    if (from.isDimCoordinate(v.name)) coordinate(v, from.coordinateValues.get(v.name));
    else carried(v, from.carriedValues.get(v.name));
  }

  private static boolean overAny(VariableSpec v, List<String> dims) {
    for (String d : v.dims) if (dims.contains(d)) return true;
    return false;
  }

  public int zarrFormat() {
    return variables.isEmpty() ? 2 : variables.values().iterator().next().zarrFormat;
  }

  public DatasetSpec attributes(ObjectNode a) {
    attributes = a == null ? MetadataParser.JSON.createObjectNode() : a.deepCopy();
    return this;
  }

  public Map<String, VariableSpec> variables() {
    return java.util.Collections.unmodifiableMap(variables);
  }

  public VariableSpec variable(String name) {
    VariableSpec v = variables.get(name);
    if (v == null) throw new ZarrException("the output has no variable '" + name + "' (it has " + variables.keySet() + ")");
    return v;
  }

  /** True when the spec holds the variable's values (a coordinate or a carried variable): no blocks are written for it. */
  public boolean isCoordinate(String name) {
    return coordinateValues.containsKey(name) || carriedValues.containsKey(name);
  }

  /** True for a 1-D coordinate over its own dim. */
  public boolean isDimCoordinate(String name) {
    return coordinateValues.containsKey(name);
  }

  /** True for a variable carried from the input (see {@link #carried}). */
  public boolean isCarried(String name) {
    return carriedValues.containsKey(name);
  }

  /** The values the spec holds for a coordinate or a carried variable. */
  public Object coordinateValues(String name) {
    Object c = coordinateValues.get(name);
    return c != null ? c : carriedValues.get(name);
  }

  /**
   * References between variables that name arrays this output lacks are dropped: a coordinate's
   * {@code bounds}, names in {@code coordinates}, a {@code grid_mapping}. (xarray would otherwise
   * look for variables that are not there.)
   */
  void tidyReferences() {
    for (java.util.Map.Entry<String, VariableSpec> e : new java.util.ArrayList<>(variables.entrySet())) {
      VariableSpec v = e.getValue();
      ObjectNode a = v.attrs.deepCopy();
      boolean changed = false;
      for (String key : new String[] {"bounds", "grid_mapping", "ancillary_variables"}) {
        com.fasterxml.jackson.databind.JsonNode b = a.get(key);
        if (b != null && b.isTextual() && !variables.containsKey(b.textValue().trim())) {
          a.remove(key);
          changed = true;
        }
      }
      com.fasterxml.jackson.databind.JsonNode c = a.get("coordinates");
      if (c != null && c.isTextual()) {
        StringBuilder kept = new StringBuilder();
        for (String n : c.textValue().trim().split("\\s+")) {
          if (variables.containsKey(n)) kept.append(kept.length() > 0 ? " " : "").append(n);
        }
        if (!kept.toString().equals(c.textValue())) {
          if (kept.length() == 0) a.remove("coordinates");
          else a.put("coordinates", kept.toString());
          changed = true;
        }
      }
      if (changed) variables.put(e.getKey(), v.withAttributes(a));
    }
  }

  public ObjectNode attributes() {
    return attributes.deepCopy();
  }

  /** Every data variable's spec with new chunks along the named dims (others kept). */
  public DatasetSpec withChunks(Map<String, Integer> chunks) {
    return copy(h -> h, v -> {
      int[] c = v.chunks.clone();
      // (withChunks keeps each array's Zarr format)
      for (int i = 0; i < c.length; i++) {
        Integer want = chunks.get(v.dims.get(i));
        if (want != null) c[i] = want <= 0 ? (int) Math.max(1, v.shape[i]) : want;
      }
      return v.withChunks(c);
    });
  }
}
