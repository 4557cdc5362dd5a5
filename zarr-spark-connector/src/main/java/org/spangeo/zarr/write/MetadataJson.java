package org.spangeo.zarr.write;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.spangeo.zarr.metadata.FillValue;
import org.spangeo.zarr.metadata.MetadataParser;

/** The Zarr v2 JSON documents a write produces, in the shape zarr-python 2 and xarray write them. */
public final class MetadataJson {
  private MetadataJson() {}

  public static ObjectNode zarray(VariableSpec v) {
    ObjectNode n = MetadataParser.JSON.createObjectNode();
    ArrayNode chunks = n.putArray("chunks");
    for (int c : v.chunks) chunks.add(c);
    if (v.compressor == null) {
      n.putNull("compressor");
    } else {
      ObjectNode c = n.putObject("compressor");
      for (Map.Entry<String, Object> e : v.compressor.toV2Config().entrySet()) c.set(e.getKey(), MetadataParser.JSON.valueToTree(e.getValue()));
    }
    n.put("dimension_separator", ".");
    n.put("dtype", v.dtype.v2String());
    n.set("fill_value", fill(v.fill, v.dtype.isFloat()));
    n.putNull("filters");
    n.put("order", "C");
    ArrayNode shape = n.putArray("shape");
    for (long s : v.shape) shape.add(s);
    n.put("zarr_format", 2);
    return n;
  }

  static JsonNode fill(FillValue f, boolean isFloat) {
    if (!f.isPresent()) return MetadataParser.JSON.nullNode();
    if (isFloat) {
      double d = f.asDouble();
      if (Double.isNaN(d)) return MetadataParser.JSON.getNodeFactory().textNode("NaN");
      if (d == Double.POSITIVE_INFINITY) return MetadataParser.JSON.getNodeFactory().textNode("Infinity");
      if (d == Double.NEGATIVE_INFINITY) return MetadataParser.JSON.getNodeFactory().textNode("-Infinity");
      return MetadataParser.JSON.getNodeFactory().numberNode(d);
    }
    return MetadataParser.JSON.getNodeFactory().numberNode(f.asLong());
  }

  public static ObjectNode zattrs(VariableSpec v) {
    ObjectNode n = MetadataParser.JSON.createObjectNode();
    ArrayNode dims = n.putArray("_ARRAY_DIMENSIONS");
    for (String d : v.dims) dims.add(d);
    v.attrs.fields().forEachRemaining(e -> {
      String k = e.getKey();
      // the fill value lives in .zarray (xarray reads it from there); time units are rewritten below
      if (!k.equals("_ARRAY_DIMENSIONS") && !k.equals("_FillValue")
          && !(v.time != null && (k.equals("units") || k.equals("calendar")))) {
        n.set(k, e.getValue());
      }
    });
    if (v.time != null) {
      n.put("units", v.time.units());
      n.put("calendar", v.time.calendar());
    }
    return n;
  }

  public static ObjectNode zgroup() {
    ObjectNode n = MetadataParser.JSON.createObjectNode();
    n.put("zarr_format", 2);
    return n;
  }

  /** The consolidated .zmetadata of a whole dataset, as zarr.consolidate_metadata writes it. */
  public static ObjectNode consolidated(DatasetSpec spec) {
    ObjectNode root = MetadataParser.JSON.createObjectNode();
    ObjectNode md = root.putObject("metadata");
    md.set(".zattrs", spec.attributes.deepCopy());
    md.set(".zgroup", zgroup());
    for (VariableSpec v : spec.variables.values()) {
      md.set(v.name + "/.zarray", zarray(v));
      md.set(v.name + "/.zattrs", zattrs(v));
    }
    root.put("zarr_consolidated_format", 1);
    return root;
  }

  public static byte[] bytes(JsonNode n) {
    try {
      return MetadataParser.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
