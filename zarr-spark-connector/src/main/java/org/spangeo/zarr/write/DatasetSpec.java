package org.spangeo.zarr.write;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.spangeo.zarr.ZarrException;
import org.spangeo.zarr.metadata.MetadataParser;

/**
 * What a write produces: the arrays (coordinates and data variables, in order), the values of
 * the coordinates (written by the driver, they are small), and the group attributes.
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
    DatasetSpec s = new DatasetSpec();
    s.attributes = attributes.deepCopy();
    for (VariableSpec v : variables.values()) {
      if (coordinateValues.containsKey(v.name)) s.coordinate(v.withZarrFormat(format), coordinateValues.get(v.name));
      else if (carriedValues.containsKey(v.name)) s.carried(v.withZarrFormat(format), carriedValues.get(v.name));
      else s.variable(v.withZarrFormat(format));
    }
    return s;
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
    DatasetSpec s = new DatasetSpec();
    s.attributes = attributes.deepCopy();
    for (VariableSpec v : variables.values()) {
      if (coordinateValues.containsKey(v.name)) {
        s.coordinate(v, coordinateValues.get(v.name));
        continue;
      }
      if (carriedValues.containsKey(v.name)) {
        s.carried(v, carriedValues.get(v.name));
        continue;
      }
      int[] c = v.chunks.clone();
      // (withChunks keeps each array's Zarr format)
      for (int i = 0; i < c.length; i++) {
        Integer want = chunks.get(v.dims.get(i));
        if (want != null) c[i] = want <= 0 ? (int) Math.max(1, v.shape[i]) : want;
      }
      s.variable(v.withChunks(c));
    }
    return s;
  }
}
