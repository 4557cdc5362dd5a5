package org.spangeo.jobs.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.Map;
import org.spangeo.zarr.metadata.MetadataParser;

/**
 * NetCDF attribute values ({@link AttributeValues}) as the JSON xarray writes to .zattrs: text
 * as strings, integers as integers, float32 values widened to the double they are (as
 * numpy's {@code float32.tolist()} gives), several values as arrays.
 */
final class AttrJson {
  private AttrJson() {}

  static ObjectNode of(Map<String, Object> attrs) {
    ObjectNode n = MetadataParser.JSON.createObjectNode();
    if (attrs == null) return n;
    for (Map.Entry<String, Object> e : attrs.entrySet()) {
      JsonNode v = value(e.getValue());
      if (v != null) n.set(e.getKey(), v);
    }
    return n;
  }

  static JsonNode value(Object v) {
    JsonNodeFactory f = MetadataParser.JSON.getNodeFactory();
    if (v == null) return null;
    if (v instanceof String) return f.textNode((String) v);
    if (v instanceof Float) return f.numberNode((double) (Float) v);
    if (v instanceof Double) return f.numberNode((Double) v);
    if (v instanceof BigInteger) return f.numberNode((BigInteger) v);
    if (v instanceof Number) return f.numberNode(((Number) v).longValue());
    if (v instanceof double[]) {
      ArrayNode a = f.arrayNode();
      for (double d : (double[]) v) a.add(d);
      return a;
    }
    if (v instanceof long[]) {
      ArrayNode a = f.arrayNode();
      for (long d : (long[]) v) a.add(d);
      return a;
    }
    if (v instanceof String[]) {
      ArrayNode a = f.arrayNode();
      for (String s : (String[]) v) a.add(s);
      return a;
    }
    return f.textNode(v.toString());
  }

  /** The attribute as text, or null when it is not text. */
  static String text(Map<String, Object> attrs, String name) {
    Object v = attrs.get(name);
    return v instanceof String ? (String) v : null;
  }
}
