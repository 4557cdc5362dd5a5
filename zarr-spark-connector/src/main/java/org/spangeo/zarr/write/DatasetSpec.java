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
  /** Coordinate values: double[] for numbers, long[] epoch micros for times. */
  final LinkedHashMap<String, Object> coordinateValues = new LinkedHashMap<>();
  ObjectNode attributes = MetadataParser.JSON.createObjectNode();

  public DatasetSpec coordinate(VariableSpec v, Object values) {
    if (v.dims.size() != 1 || !v.dims.get(0).equals(v.name)) {
      throw new IllegalArgumentException("coordinate '" + v.name + "' must be 1-D over its own dim");
    }
    int n = values instanceof double[] ? ((double[]) values).length : ((long[]) values).length;
    if (n != v.shape[0]) throw new IllegalArgumentException("coordinate '" + v.name + "' has " + n + " values for size " + v.shape[0]);
    variables.put(v.name, v);
    coordinateValues.put(v.name, values);
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

  public boolean isCoordinate(String name) {
    return coordinateValues.containsKey(name);
  }

  public Object coordinateValues(String name) {
    return coordinateValues.get(name);
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
