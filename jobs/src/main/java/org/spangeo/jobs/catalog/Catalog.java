package org.spangeo.jobs.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.spangeo.zarr.InvalidArgumentException;
import org.spangeo.zarr.NotFoundException;
import org.spangeo.zarr.dataset.Names;

/**
 * conf/catalog.yaml: datasets by name with a description, paths (globs, any Hadoop URI) and
 * preferred chunks, like an intake catalog. {@code --in catalog:era5_train} resolves here.
 */
public final class Catalog {
  private final File file;
  private final JsonNode datasets;

  private Catalog(File file, JsonNode datasets) {
    this.file = file;
    this.datasets = datasets;
  }

  public static Catalog load(File f) {
    if (!f.isFile()) throw new NotFoundException("catalog " + f + " does not exist");
    try {
      JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(f);
      JsonNode ds = root == null ? null : root.get("datasets");
      if (ds == null || !ds.isObject()) throw new InvalidArgumentException("catalog " + f + " has no 'datasets' mapping");
      return new Catalog(f, ds);
    } catch (IOException e) {
      throw new InvalidArgumentException("catalog " + f + " is not valid YAML: " + e.getMessage().split("\n")[0]);
    }
  }

  /** The default catalog: -Dspangeo.catalog, else $SPANGEO_CATALOG, else conf/catalog.yaml. */
  public static Catalog standard() {
    String p = System.getProperty("spangeo.catalog", System.getenv("SPANGEO_CATALOG"));
    return load(new File(p != null ? p : "conf/catalog.yaml"));
  }

  public List<String> paths(String name) {
    JsonNode d = datasets.get(name);
    if (d == null) {
      List<String> names = new ArrayList<>();
      datasets.fieldNames().forEachRemaining(names::add);
      throw new NotFoundException("catalog " + file + " has no dataset '" + name + "'" + Names.suggest(name, names));
    }
    List<String> out = new ArrayList<>();
    JsonNode p = d.get("paths");
    if (p == null) throw new InvalidArgumentException("catalog dataset '" + name + "' has no paths");
    if (p.isArray()) p.forEach(x -> out.add(x.asText()));
    else out.add(p.asText());
    return out;
  }

  public String description(String name) {
    JsonNode d = datasets.get(name);
    return d == null ? null : d.path("description").asText(null);
  }

  /** Expands "catalog:NAME" entries; other entries are returned as they are. */
  public static List<String> resolve(List<String> inputs) {
    List<String> out = new ArrayList<>();
    Catalog cat = null;
    for (String in : inputs) {
      if (in.startsWith("catalog:")) {
        if (cat == null) cat = standard();
        out.addAll(cat.paths(in.substring("catalog:".length())));
      } else {
        out.add(in);
      }
    }
    return out;
  }
}
