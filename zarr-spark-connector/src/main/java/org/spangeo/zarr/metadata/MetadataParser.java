package org.spangeo.zarr.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.spangeo.zarr.codec.Codec;
import org.spangeo.zarr.codec.CodecRegistry;

/** Parses ".zarray" + ".zattrs" (v2) and "zarr.json" (v3) into {@link ArrayMetadata}. */
public final class MetadataParser {
  public static final ObjectMapper JSON = new ObjectMapper()
      .enable(com.fasterxml.jackson.core.JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS);

  private MetadataParser() {}

  public static JsonNode readJson(byte[] bytes, String what) {
    try {
      JsonNode n = JSON.readTree(bytes);
      if (n == null || n.isMissingNode()) throw new IllegalArgumentException(what + " is empty");
      return n;
    } catch (IOException e) {
      throw new IllegalArgumentException(what + " is not valid JSON: " + firstLine(e.getMessage()), e);
    }
  }

  static String firstLine(String s) {
    if (s == null) return "";
    int i = s.indexOf('\n');
    return i < 0 ? s : s.substring(0, i);
  }

  public static ArrayMetadata parseV2(JsonNode zarray, JsonNode zattrs) {
    if (!zarray.isObject()) throw new IllegalArgumentException(".zarray is not a JSON object");
    int format = zarray.path("zarr_format").asInt(-1);
    if (format != 2) throw new IllegalArgumentException(".zarray has zarr_format " + zarray.get("zarr_format") + ", expected 2");
    long[] shape = longs(zarray, "shape", ".zarray");
    int[] chunks = ints(zarray, "chunks", ".zarray");
    JsonNode dt = zarray.get("dtype");
    if (dt != null && dt.isArray()) {
      throw new IllegalArgumentException("structured dtype " + dt + " is not read (Spangeo reads one value per cell)");
    }
    if (dt == null || !dt.isTextual()) throw new IllegalArgumentException(".zarray has no dtype");
    JsonNode fl = zarray.get("filters");
    DType dtype;
    boolean vlen = false;
    if (dt.textValue().endsWith("O") && dt.textValue().length() == 2) {
      // object arrays: strings when the first filter is vlen-utf8, refused otherwise (pickle runs code)
      String first = fl != null && fl.isArray() && fl.size() > 0 ? fl.get(0).path("id").asText() : "none";
      if (!first.equals("vlen-utf8")) {
        throw new IllegalArgumentException("dtype '|O' with object codec '" + first + "' is not read"
            + (first.equals("pickle") ? " (unpickling can run arbitrary code)" : "") + "; Spangeo reads object arrays"
            + " of strings (vlen-utf8) only");
      }
      dtype = DType.VLEN_UTF8;
      vlen = true;
    } else {
      dtype = DType.parseV2(dt.textValue());
    }
    String order = zarray.path("order").asText("C");
    if (!order.equals("C") && !order.equals("F")) throw new IllegalArgumentException(".zarray order '" + order + "' is not C or F");
    Codec compressor = null;
    JsonNode comp = zarray.get("compressor");
    if (comp != null && !comp.isNull()) compressor = CodecRegistry.fromV2(comp, dtype);
    List<Codec> filters = new ArrayList<>();
    if (fl != null && !fl.isNull()) {
      if (!fl.isArray()) throw new IllegalArgumentException(".zarray filters is not a list");
      for (int i = vlen ? 1 : 0; i < fl.size(); i++) filters.add(CodecRegistry.fromV2(fl.get(i), dtype));
    }
    FillValue fill = FillValue.parse(zarray.get("fill_value"), dtype);
    String sep = zarray.path("dimension_separator").asText(".");
    ObjectNode attrs = zattrs != null && zattrs.isObject() ? ((ObjectNode) zattrs).deepCopy() : JSON.createObjectNode();
    List<String> dims = null;
    JsonNode ad = attrs.remove("_ARRAY_DIMENSIONS");
    if (ad != null && ad.isArray()) {
      dims = new ArrayList<>();
      for (JsonNode d : ad) dims.add(d.asText());
      if (dims.size() != shape.length) {
        throw new IllegalArgumentException("_ARRAY_DIMENSIONS " + dims + " has " + dims.size() + " names for "
            + shape.length + " dims");
      }
    }
    return new ArrayMetadata(2, shape, chunks, dtype, fill, new V2Pipeline(compressor, filters, order.equals("F")),
        ChunkKeyEncoding.v2(sep), dims, attrs);
  }

  public static ArrayMetadata parseV3(JsonNode z) {
    if (!z.isObject()) throw new IllegalArgumentException("zarr.json is not a JSON object");
    if (z.path("zarr_format").asInt(-1) != 3) throw new IllegalArgumentException("zarr.json has zarr_format " + z.get("zarr_format") + ", expected 3");
    if (!"array".equals(z.path("node_type").asText())) throw new IllegalArgumentException("zarr.json node_type is not 'array'");
    long[] shape = longs(z, "shape", "zarr.json");
    JsonNode grid = z.path("chunk_grid");
    if (!"regular".equals(grid.path("name").asText())) {
      throw new IllegalArgumentException("chunk_grid '" + grid.path("name").asText() + "' is not supported (regular only)");
    }
    int[] chunks = ints(grid.path("configuration"), "chunk_shape", "chunk_grid");
    DType dtype = DType.parseV3(z.path("data_type").asText());
    JsonNode kenc = z.path("chunk_key_encoding");
    String kname = kenc.path("name").asText("default");
    ChunkKeyEncoding keys;
    if (kname.equals("default")) keys = new ChunkKeyEncoding(true, kenc.path("configuration").path("separator").asText("/"));
    else if (kname.equals("v2")) keys = new ChunkKeyEncoding(false, kenc.path("configuration").path("separator").asText("."));
    else throw new IllegalArgumentException("chunk_key_encoding '" + kname + "' is not supported");
    V3Pipeline pipeline = V3Pipeline.parse(z.path("codecs"), dtype, chunks);
    dtype = pipeline.dtype();
    FillValue fill = FillValue.parse(z.get("fill_value"), dtype);
    pipeline = pipeline.withFill(fill);
    List<String> dims = null;
    JsonNode dn = z.get("dimension_names");
    if (dn != null && dn.isArray()) {
      dims = new ArrayList<>();
      for (JsonNode d : dn) dims.add(d.isNull() ? null : d.asText());
      if (dims.contains(null)) dims = null;
    }
    ObjectNode attrs = z.get("attributes") instanceof ObjectNode ? ((ObjectNode) z.get("attributes")).deepCopy() : JSON.createObjectNode();
    JsonNode ad = attrs.remove("_ARRAY_DIMENSIONS");
    if (dims == null && ad != null && ad.isArray()) {
      dims = new ArrayList<>();
      for (JsonNode d : ad) dims.add(d.asText());
    }
    return new ArrayMetadata(3, shape, chunks, dtype, fill, pipeline, keys, dims, attrs);
  }

  static long[] longs(JsonNode n, String key, String what) {
    JsonNode a = n.get(key);
    if (a == null || !a.isArray()) throw new IllegalArgumentException(what + " has no '" + key + "' list");
    long[] out = new long[a.size()];
    for (int i = 0; i < out.length; i++) {
      if (!a.get(i).isIntegralNumber()) throw new IllegalArgumentException(what + " " + key + " " + a + " holds a non-integer");
      out[i] = a.get(i).longValue();
    }
    return out;
  }

  static int[] ints(JsonNode n, String key, String what) {
    long[] l = longs(n, key, what);
    int[] out = new int[l.length];
    for (int i = 0; i < l.length; i++) {
      if (l[i] <= 0 || l[i] > Integer.MAX_VALUE) throw new IllegalArgumentException(what + " " + key + " " + n.get(key) + " must be positive");
      out[i] = (int) l[i];
    }
    return out;
  }
}
