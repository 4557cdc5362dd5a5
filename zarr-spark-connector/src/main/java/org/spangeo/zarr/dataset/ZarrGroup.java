package org.spangeo.zarr.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.spangeo.zarr.ZarrException;
import org.spangeo.zarr.array.ZarrArray;
import org.spangeo.zarr.metadata.ArrayMetadata;
import org.spangeo.zarr.metadata.MetadataParser;
import org.spangeo.zarr.store.Store;

/**
 * The arrays of a Zarr group (the root of a store), found the way xarray finds them: from the
 * consolidated metadata when there is one (one read, which matters on object stores), else by
 * listing the group. v2 (.zmetadata, .zgroup) and v3 (zarr.json, inline consolidated metadata).
 */
public record ZarrGroup(Store store, int zarrFormat, ObjectNode attributes, Map<String, ZarrArray> arrays,
    Map<String, Unreadable> unreadable) {
  /** Name of the marker a writer leaves while a store is being written (see the writer). */
  public static final String INCOMPLETE_MARKER = ".spangeo-incomplete";

  /** {@code unreadable}: the arrays of the group that do not parse, with the reason; {@code arrays} holds the others. */
  public ZarrGroup {
    arrays = java.util.Collections.unmodifiableMap(arrays);
    unreadable = java.util.Collections.unmodifiableMap(unreadable);
  }

  private static ZarrGroup of(Store store, int zarrFormat, JsonNode attrs, Map<String, ZarrArray> arrays,
      Map<String, Unreadable> unreadable) {
    ObjectNode a = attrs instanceof ObjectNode ? (ObjectNode) attrs : MetadataParser.JSON.createObjectNode();
    return new ZarrGroup(store, zarrFormat, a, arrays, unreadable);
  }

  /** An array whose metadata Spangeo cannot read (a dtype or codec it lacks): its dims and why. */
  public static final class Unreadable {
    public final java.util.List<String> dims;
    public final String message;

    Unreadable(java.util.List<String> dims, String message) {
      this.dims = dims;
      this.message = message;
    }
  }

  /** Dims from the attributes ("_ARRAY_DIMENSIONS") or v3 "dimension_names" of an array that does not parse. */
  private static java.util.List<String> dimsOf(JsonNode zattrs, JsonNode zarrJson) {
    JsonNode d = zarrJson != null ? zarrJson.get("dimension_names") : zattrs == null ? null : zattrs.get("_ARRAY_DIMENSIONS");
    java.util.List<String> out = new java.util.ArrayList<>();
    if (d != null && d.isArray()) for (JsonNode n : d) out.add(n.asText());
    return out;
  }

  public static ZarrGroup open(Store store) {
    String loc = store.location();
    if (store.exists(INCOMPLETE_MARKER)) {
      throw new ZarrException("store '" + loc + "': incomplete write (a Spangeo write into it has not finished;"
          + " rerun the job that writes it)");
    }
    try {
      byte[] zmeta = store.get(".zmetadata");
      if (zmeta != null) return fromConsolidatedV2(store, MetadataParser.readJson(zmeta, ".zmetadata"));
      byte[] zgroup = store.get(".zgroup");
      if (zgroup != null) {
        JsonNode g = MetadataParser.readJson(zgroup, ".zgroup");
        if (g.path("zarr_format").asInt(-1) != 2) throw new IllegalArgumentException(".zgroup has zarr_format " + g.get("zarr_format"));
        return listedV2(store);
      }
      byte[] zj = store.get("zarr.json");
      if (zj != null) return v3(store, MetadataParser.readJson(zj, "zarr.json"));
      if (store.exists(".zarray")) {
        // A store that is a single array: the variable is named after the store.
        ZarrArray a = ZarrArray.open(store, "");
        Map<String, ZarrArray> m = new LinkedHashMap<>();
        m.put(baseName(loc), a);
        return of(store, 2, null, m, Map.of());
      }
    } catch (IllegalArgumentException e) {
      throw new ZarrException("store '" + loc + "': bad metadata: " + e.getMessage(), e);
    }
    if (store.size("") < 0) throw new ZarrException("store '" + loc + "': does not exist");
    throw new ZarrException("store '" + loc + "': is not a Zarr store (no .zmetadata, .zgroup, zarr.json or .zarray)");
  }

  static String baseName(String loc) {
    String s = loc;
    while (s.endsWith("/")) s = s.substring(0, s.length() - 1);
    int i = s.lastIndexOf('/');
    s = i < 0 ? s : s.substring(i + 1);
    return s.endsWith(".zarr") ? s.substring(0, s.length() - 5) : s;
  }

  private static ZarrGroup fromConsolidatedV2(Store store, JsonNode z) {
    JsonNode md = z.get("metadata");
    if (md == null || !md.isObject()) throw new IllegalArgumentException(".zmetadata has no 'metadata' object");
    Map<String, ZarrArray> arrays = new LinkedHashMap<>();
    Map<String, Unreadable> bad = new LinkedHashMap<>();
    Iterator<String> names = md.fieldNames();
    java.util.List<String> keys = new java.util.ArrayList<>();
    names.forEachRemaining(keys::add);
    java.util.Collections.sort(keys);
    for (String key : keys) {
      if (!key.endsWith("/.zarray")) continue;
      String path = key.substring(0, key.length() - "/.zarray".length());
      if (path.contains("/")) continue; // arrays of sub-groups are not part of the root dataset
      org.spangeo.zarr.store.Store.checkKey(path);
      try {
        ArrayMetadata meta = MetadataParser.parseV2(md.get(key), md.get(path + "/.zattrs"));
        arrays.put(path, new ZarrArray(store, path, meta));
      } catch (IllegalArgumentException e) {
        bad.put(path, new Unreadable(dimsOf(md.get(path + "/.zattrs"), null),
            ZarrException.at(store.location(), path, null, e.getMessage()).getMessage()));
      }
    }
    JsonNode attrs = md.get(".zattrs");
    return of(store, 2, attrs, arrays, bad);
  }

  private static ZarrGroup listedV2(Store store) {
    Map<String, ZarrArray> arrays = new LinkedHashMap<>();
    Map<String, Unreadable> bad = new LinkedHashMap<>();
    for (String child : store.listChildren("")) {
      if (child.startsWith(".")) continue;
      if (!store.exists(child + "/.zarray")) continue;
      try {
        arrays.put(child, ZarrArray.open(store, child));
      } catch (ZarrException e) {
        if (!(e.getCause() instanceof IllegalArgumentException)) throw e;
        byte[] za = store.get(child + "/.zattrs");
        JsonNode at = null;
        try {
          at = za == null ? null : MetadataParser.readJson(za, ".zattrs");
        } catch (IllegalArgumentException ignored) {
          // the message already says what is wrong with this array
        }
        bad.put(child, new Unreadable(dimsOf(at, null), e.getMessage()));
      }
    }
    byte[] za = store.get(".zattrs");
    JsonNode attrs = za == null ? null : MetadataParser.readJson(za, ".zattrs");
    return of(store, 2, attrs, arrays, bad);
  }

  private static ZarrGroup v3(Store store, JsonNode root) {
    if (root.path("zarr_format").asInt(-1) != 3) throw new IllegalArgumentException("zarr.json has zarr_format " + root.get("zarr_format"));
    Map<String, ZarrArray> arrays = new LinkedHashMap<>();
    Map<String, Unreadable> bad = new LinkedHashMap<>();
    String type = root.path("node_type").asText();
    if (type.equals("array")) {
      arrays.put(baseName(store.location()), new ZarrArray(store, "", MetadataParser.parseV3(root)));
      return of(store, 3, null, arrays, Map.of());
    }
    if (!type.equals("group")) throw new IllegalArgumentException("zarr.json node_type '" + type + "' is not group or array");
    JsonNode cons = root.path("consolidated_metadata").path("metadata");
    if (cons.isObject() && cons.size() > 0) {
      java.util.List<String> keys = new java.util.ArrayList<>();
      cons.fieldNames().forEachRemaining(keys::add);
      java.util.Collections.sort(keys);
      for (String name : keys) {
        JsonNode node = cons.get(name);
        if (name.contains("/") || !"array".equals(node.path("node_type").asText())) continue;
        Store.checkKey(name);
        try {
          arrays.put(name, new ZarrArray(store, name, MetadataParser.parseV3(node)));
        } catch (IllegalArgumentException e) {
          bad.put(name, new Unreadable(dimsOf(null, node), ZarrException.at(store.location(), name, null, e.getMessage()).getMessage()));
        }
      }
    } else {
      for (String child : store.listChildren("")) {
        if (child.startsWith(".")) continue;
        byte[] zj = store.get(child + "/zarr.json");
        if (zj == null) continue;
        JsonNode n = MetadataParser.readJson(zj, child + "/zarr.json");
        if ("array".equals(n.path("node_type").asText())) {
          try {
            arrays.put(child, new ZarrArray(store, child, MetadataParser.parseV3(n)));
          } catch (IllegalArgumentException e) {
            bad.put(child, new Unreadable(dimsOf(null, n), ZarrException.at(store.location(), child, null, e.getMessage()).getMessage()));
          }
        }
      }
    }
    JsonNode attrs = root.get("attributes");
    return of(store, 3, attrs, arrays, bad);
  }
}
