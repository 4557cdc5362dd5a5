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
      if (v.time.calendar() != null) n.put("calendar", v.time.calendar()); // durations have none
    }
    return n;
  }

  /** A Zarr v3 array's zarr.json: regular grid, default "c/" keys, bytes (little endian) + compressor. */
  public static ObjectNode zarrJson(VariableSpec v) {
    ObjectNode n = MetadataParser.JSON.createObjectNode();
    n.put("zarr_format", 3);
    n.put("node_type", "array");
    ArrayNode shape = n.putArray("shape");
    for (long s : v.shape) shape.add(s);
    n.put("data_type", v.dtype.name());
    ObjectNode grid = n.putObject("chunk_grid");
    grid.put("name", "regular");
    ArrayNode cs = grid.putObject("configuration").putArray("chunk_shape");
    for (int c : v.chunks) cs.add(c);
    ObjectNode keys = n.putObject("chunk_key_encoding");
    keys.put("name", "default");
    keys.putObject("configuration").put("separator", "/");
    n.set("fill_value", v.fill.isPresent() ? fill(v.fill, v.dtype.isFloat()) : MetadataParser.JSON.getNodeFactory().numberNode(0));
    ArrayNode codecs = n.putArray("codecs");
    ArrayNode inner = codecs;
    if (v.shardInner != null) {
      ObjectNode sh = codecs.addObject();
      sh.put("name", "sharding_indexed");
      ObjectNode cfg = sh.putObject("configuration");
      ArrayNode ic = cfg.putArray("chunk_shape");
      for (int c : v.shardInner) ic.add(c);
      inner = cfg.putArray("codecs");
      ArrayNode idx = cfg.putArray("index_codecs");
      idx.addObject().put("name", "bytes").putObject("configuration").put("endian", "little");
      idx.addObject().put("name", "crc32c");
      cfg.put("index_location", "end");
    }
    ObjectNode bytes = inner.addObject();
    bytes.put("name", "bytes");
    bytes.putObject("configuration").put("endian", v.dtype.bigEndian() ? "big" : "little");
    if (v.compressor != null) inner.add(v3Codec(v));
    ObjectNode attrs = zattrs(v);
    attrs.remove("_ARRAY_DIMENSIONS");
    if (v.fill.isPresent()) {
      // v3 readers (xarray with zarr-python 3, Spangeo) mask the _FillValue attribute, not fill_value
      if (v.dtype.isFloat()) attrs.put("_FillValue", org.spangeo.zarr.dataset.CfDecoding.base64Double(v.fill.asDouble()));
      else attrs.put("_FillValue", v.fill.asLong());
    }
    n.set("attributes", attrs);
    ArrayNode dn = n.putArray("dimension_names");
    for (String d : v.dims) dn.add(d);
    return n;
  }

  private static ObjectNode v3Codec(VariableSpec v) {
    ObjectNode c = MetadataParser.JSON.createObjectNode();
    ObjectNode cfg = MetadataParser.JSON.createObjectNode();
    if (v.compressor instanceof org.spangeo.zarr.codec.BloscCodec) {
      org.spangeo.zarr.codec.BloscCodec b = (org.spangeo.zarr.codec.BloscCodec) v.compressor;
      c.put("name", "blosc");
      cfg.put("cname", b.cname());
      cfg.put("clevel", b.clevel());
      cfg.put("shuffle", b.shuffle() == 2 ? "bitshuffle" : b.shuffle() == 1 ? "shuffle" : "noshuffle");
      cfg.put("typesize", v.dtype.size());
      cfg.put("blocksize", 0);
    } else if (v.compressor.id().equals("zstd")) {
      c.put("name", "zstd");
      cfg.put("level", ((Number) v.compressor.toV2Config().get("level")).intValue());
      cfg.put("checksum", false);
    } else if (v.compressor.id().equals("gzip")) {
      c.put("name", "gzip");
      cfg.put("level", ((Number) v.compressor.toV2Config().get("level")).intValue());
    } else {
      throw new IllegalArgumentException("compressor " + v.compressor.id() + " has no Zarr v3 codec (use blosc, zstd or gzip)");
    }
    c.set("configuration", cfg);
    return c;
  }

  /** A Zarr v3 group's zarr.json; with {@code consolidated}, every array's metadata inline. */
  public static ObjectNode zarrJsonGroup(DatasetSpec spec, boolean consolidated) {
    ObjectNode n = MetadataParser.JSON.createObjectNode();
    n.put("zarr_format", 3);
    n.put("node_type", "group");
    n.set("attributes", spec.attributes.deepCopy());
    if (consolidated) {
      ObjectNode cm = n.putObject("consolidated_metadata");
      cm.put("kind", "inline");
      cm.put("must_understand", false);
      ObjectNode md = cm.putObject("metadata");
      for (VariableSpec v : spec.variables.values()) md.set(v.name, zarrJson(v));
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

  /**
   * The document as zarr-python writes it (json.dumps): non-ASCII escaped as \\uXXXX, since
   * zarr-python 2.13 decodes metadata as ASCII and fails on raw UTF-8 ("°C", a Chinese
   * long_name); NaN and infinities bare, so an attribute that was a float stays one.
   */
  public static byte[] bytes(JsonNode n) {
    try {
      return MetadataParser.JSON.writerWithDefaultPrettyPrinter()
          .with(com.fasterxml.jackson.core.json.JsonWriteFeature.ESCAPE_NON_ASCII)
          .without(com.fasterxml.jackson.core.json.JsonWriteFeature.WRITE_NAN_AS_STRINGS)
          .writeValueAsString(n).getBytes(StandardCharsets.US_ASCII);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
