package org.spangeo.zarr.dataset;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.spangeo.zarr.ZarrException;
import org.spangeo.zarr.array.ZarrArray;
import org.spangeo.zarr.store.HadoopConf;
import org.spangeo.zarr.store.HadoopStore;
import org.spangeo.zarr.store.Store;

/**
 * An xarray-style dataset over one or many Zarr stores: named dims, coordinate variables (1-D,
 * named like their dim, values loaded on the driver) and data variables (read chunk by chunk
 * where they are needed). Several stores are combined like
 * {@code xr.open_mfdataset(paths, combine='by_coords')}: laid end to end along the one dim whose
 * coordinate values differ, checked to agree on everything else.
 */
public final class Dataset implements Serializable {
  private static final long serialVersionUID = 1L;

  private final List<String> sources;
  private final LinkedHashMap<String, Long> dims;
  private final LinkedHashMap<String, Variable> variables;
  private final ObjectNode attributes;
  private final String concatDim; // null for one store
  private transient Map<String, double[]> coordCache;
  private transient Map<String, long[]> timeCache;

  private Dataset(List<String> sources, LinkedHashMap<String, Long> dims, LinkedHashMap<String, Variable> variables,
      ObjectNode attributes, String concatDim) {
    this.sources = List.copyOf(sources);
    this.dims = dims;
    this.variables = variables;
    this.attributes = attributes;
    this.concatDim = concatDim;
  }

  /** Options for opening, as in xr.open_zarr(mask_and_scale=..., decode_times=...). */
  public static final class Options implements Serializable {
    private static final long serialVersionUID = 1L;
    public boolean maskAndScale = true;
    public boolean decodeTimes = true;
  }

  public static Dataset open(HadoopConf conf, String... paths) {
    return open(conf, new Options(), Arrays.asList(paths));
  }

  /** Opens stores named by paths or globs ("data/era5_*.zarr"), on any Hadoop FileSystem. */
  public static Dataset open(HadoopConf conf, Options options, List<String> paths) {
    List<String> roots = expand(conf, paths);
    List<Dataset> parts = new ArrayList<>();
    for (String r : roots) parts.add(open(new HadoopStore(r, conf), options));
    return combine(parts);
  }

  /** Expands globs into sorted store paths; a pattern matching nothing is an error. */
  public static List<String> expand(HadoopConf conf, List<String> paths) {
    if (paths.isEmpty()) throw new ZarrException("no store path given");
    List<String> out = new ArrayList<>();
    for (String p : paths) {
      for (String piece : p.split(",")) {
        String s = piece.trim();
        if (s.isEmpty()) continue;
        if (s.matches(".*[*?\\[{].*")) {
          try {
            Path pat = new Path(s);
            FileSystem fs = pat.getFileSystem(conf.get());
            FileStatus[] st = fs.globStatus(pat);
            if (st == null || st.length == 0) throw new ZarrException("path pattern '" + s + "' matches no store");
            List<String> found = new ArrayList<>();
            for (FileStatus f : st) found.add(f.getPath().toString());
            found.sort(Comparator.naturalOrder());
            out.addAll(found);
          } catch (IOException e) {
            throw new ZarrException("path pattern '" + s + "': " + e.getMessage(), e);
          }
        } else {
          out.add(s);
        }
      }
    }
    if (out.isEmpty()) throw new ZarrException("no store path given");
    return out;
  }

  /** One store as a dataset. */
  public static Dataset open(Store store, Options options) {
    ZarrGroup g = ZarrGroup.open(store);
    LinkedHashMap<String, Variable> vars = new LinkedHashMap<>();
    LinkedHashMap<String, Long> dims = new LinkedHashMap<>();
    for (Map.Entry<String, ZarrArray> e : g.arrays().entrySet()) {
      Variable v = Variable.of(e.getKey(), e.getValue(), options.maskAndScale, options.decodeTimes);
      for (int i = 0; i < v.rank(); i++) {
        String d = v.dims().get(i);
        long n = v.shape()[i];
        Long prev = dims.putIfAbsent(d, n);
        if (prev != null && prev != n) {
          throw ZarrException.at(store.location(), v.name(), null, "dim '" + d + "' has size " + n
              + " here but " + prev + " in another variable");
        }
      }
      vars.put(v.name(), v);
    }
    // dims in the order of the variable with the most dims (time, level, latitude, longitude)
    LinkedHashMap<String, Long> ordered = new LinkedHashMap<>();
    vars.values().stream().max(Comparator.comparingInt(Variable::rank))
        .ifPresent(v -> v.dims().forEach(d -> ordered.put(d, dims.get(d))));
    dims.forEach(ordered::putIfAbsent);
    return new Dataset(List.of(store.location()), ordered, vars, g.attributes(), null);
  }

  /** Lays datasets end to end along the one dim whose coordinates differ. */
  public static Dataset combine(List<Dataset> parts) {
    if (parts.size() == 1) return parts.get(0);
    Dataset first = parts.get(0);
    for (Dataset d : parts.subList(1, parts.size())) first.checkSameLayout(d);
    // the dim whose coordinate differs: that is what the stores are split along
    String concat = null;
    for (String dim : first.dims.keySet()) {
      if (!first.variables.containsKey(dim)) continue;
      for (Dataset d : parts.subList(1, parts.size())) {
        if (!first.sameCoordinate(d, dim)) {
          if (concat != null && !concat.equals(dim)) {
            String other = dim.equals(first.timeDim()) ? concat : dim;
            throw new ZarrException("stores '" + first.sources.get(0) + "' and '" + d.sources.get(0)
                + "' differ along both '" + concat + "' and '" + dim + "' (" + first.coordinateDifference(d, other)
                + "); they can be combined along one dim only");
          }
          concat = dim;
        }
      }
    }
    if (concat == null) {
      throw new ZarrException("stores '" + first.sources.get(0) + "' and '" + parts.get(1).sources.get(0)
          + "' have identical coordinates; there is no dim to combine them along");
    }
    final String cd = concat;
    List<Dataset> sorted = new ArrayList<>(parts);
    sorted.sort(Comparator.comparingDouble(d -> d.firstCoordinateValue(cd)));
    for (int i = 1; i < sorted.size(); i++) {
      Dataset a = sorted.get(i - 1);
      Dataset b = sorted.get(i);
      if (a.lastCoordinateValue(cd) >= b.firstCoordinateValue(cd)) {
        throw new ZarrException("stores '" + a.sources.get(0) + "' and '" + b.sources.get(0) + "' overlap along '" + cd
            + "' (" + a.describeValue(cd, a.lastCoordinateValue(cd)) + " >= " + b.describeValue(cd, b.firstCoordinateValue(cd)) + ")");
      }
    }
    Dataset base = sorted.get(0);
    LinkedHashMap<String, Variable> vars = new LinkedHashMap<>();
    for (Variable v : base.variables.values()) {
      int axis = v.axis(cd);
      if (axis < 0) {
        vars.put(v.name(), v);
        continue;
      }
      List<Variable> rest = new ArrayList<>();
      for (Dataset d : sorted.subList(1, sorted.size())) rest.add(d.variables.get(v.name()));
      vars.put(v.name(), v.concat(rest, axis));
    }
    LinkedHashMap<String, Long> dims = new LinkedHashMap<>(base.dims);
    long total = 0;
    List<String> sources = new ArrayList<>();
    for (Dataset d : sorted) {
      total += d.dims.get(cd);
      sources.addAll(d.sources);
    }
    dims.put(cd, total);
    return new Dataset(sources, dims, vars, base.attributes, cd);
  }

  private void checkSameLayout(Dataset o) {
    String a = sources.get(0);
    String b = o.sources.get(0);
    Set<String> mine = new TreeSet<>(variables.keySet());
    Set<String> theirs = new TreeSet<>(o.variables.keySet());
    if (!mine.equals(theirs)) {
      Set<String> onlyA = new TreeSet<>(mine);
      onlyA.removeAll(theirs);
      Set<String> onlyB = new TreeSet<>(theirs);
      onlyB.removeAll(mine);
      throw new ZarrException("stores '" + a + "' and '" + b + "' hold different variables: "
          + (onlyA.isEmpty() ? "" : onlyA + " only in the first") + (onlyA.isEmpty() || onlyB.isEmpty() ? "" : ", ")
          + (onlyB.isEmpty() ? "" : onlyB + " only in the second"));
    }
    for (Variable v : variables.values()) {
      Variable w = o.variables.get(v.name());
      if (!v.dims().equals(w.dims())) {
        throw new ZarrException("stores '" + a + "' and '" + b + "': variable '" + v.name() + "' has dims " + v.dims()
            + " in the first and " + w.dims() + " in the second");
      }
      if (!v.dtype().equals(w.dtype()) && !(v.dtype().kind() == w.dtype().kind() && v.dtype().size() == w.dtype().size())) {
        throw new ZarrException("stores '" + a + "' and '" + b + "': variable '" + v.name() + "' is " + v.dtype().name()
            + " in the first and " + w.dtype().name() + " in the second");
      }
    }
  }

  /** How this dataset's coordinate {@code dim} differs from {@code o}'s, in words. */
  private String coordinateDifference(Dataset o, String dim) {
    long a = dims.get(dim);
    long b = o.dims.get(dim);
    if (a != b) return dim + " has " + a + " values in the first and " + b + " in the second";
    double[] x = coordinateValues(dim);
    double[] y = o.coordinateValues(dim);
    for (int i = 0; i < x.length; i++) {
      if (Double.compare(x[i], y[i]) != 0) {
        return dim + "[" + i + "] is " + describeValue(dim, x[i]) + " in the first and " + o.describeValue(dim, y[i])
            + " in the second";
      }
    }
    return dim + " values differ";
  }

  private boolean sameCoordinate(Dataset o, String dim) {
    if (!dims.get(dim).equals(o.dims.get(dim))) return false;
    Variable v = variables.get(dim);
    if (v.isTime()) return Arrays.equals(timeValues(dim), o.timeValues(dim));
    return Arrays.equals(coordinateValues(dim), o.coordinateValues(dim));
  }

  private double firstCoordinateValue(String dim) {
    return variables.get(dim).isTime() ? timeValues(dim)[0] : coordinateValues(dim)[0];
  }

  private double lastCoordinateValue(String dim) {
    if (variables.get(dim).isTime()) {
      long[] t = timeValues(dim);
      return t[t.length - 1];
    }
    double[] c = coordinateValues(dim);
    return c[c.length - 1];
  }

  private String describeValue(String dim, double v) {
    return variables.get(dim).isTime() ? CfTime.format((long) v) : Double.toString(v);
  }

  public List<String> sources() {
    return sources;
  }

  /** Dim names and sizes, in the order of the variable with the most dims. */
  public LinkedHashMap<String, Long> dims() {
    return new LinkedHashMap<>(dims);
  }

  public long dimSize(String dim) {
    Long n = dims.get(dim);
    if (n == null) throw new ZarrException("dataset " + sources + " has no dim '" + dim + "' (dims: " + dims.keySet() + ")");
    return n;
  }

  public ObjectNode attributes() {
    return attributes;
  }

  public String concatDim() {
    return concatDim;
  }

  public Map<String, Variable> variables() {
    return java.util.Collections.unmodifiableMap(variables);
  }

  /** True for a 1-D variable named like its dim (xarray's dimension coordinate). */
  public boolean isCoordinate(String name) {
    Variable v = variables.get(name);
    return v != null && v.rank() == 1 && v.dims().get(0).equals(name);
  }

  public List<String> coordinateNames() {
    List<String> out = new ArrayList<>();
    for (String d : dims.keySet()) if (isCoordinate(d)) out.add(d);
    return out;
  }

  public List<String> dataVariableNames() {
    List<String> out = new ArrayList<>();
    for (String n : variables.keySet()) if (!isCoordinate(n)) out.add(n);
    return out;
  }

  public boolean hasVariable(String name) {
    return variables.containsKey(name);
  }

  /** The variable, or an error that lists the names closest to the one asked for. */
  public Variable variable(String name) {
    Variable v = variables.get(name);
    if (v == null) {
      throw new ZarrException("variable '" + name + "' is not in " + describeSources() + Names.suggest(name, variables.keySet()));
    }
    return v;
  }

  String describeSources() {
    return sources.size() == 1 ? "'" + sources.get(0) + "'" : sources.size() + " stores (" + sources.get(0) + ", ...)";
  }

  /** Decoded values of a numeric dimension coordinate; the index 0..n-1 when the dim has none. */
  public synchronized double[] coordinateValues(String dim) {
    if (coordCache == null) coordCache = new java.util.HashMap<>();
    return coordCache.computeIfAbsent(dim, d -> {
      if (!isCoordinate(d)) {
        double[] idx = new double[(int) dimSize(d)];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        return idx;
      }
      Variable v = variables.get(d);
      if (v.isTime()) {
        long[] t = timeValues(d);
        double[] out = new double[t.length];
        for (int i = 0; i < t.length; i++) out[i] = t[i];
        return out;
      }
      return v.readAllAsDouble();
    });
  }

  /** Epoch-microsecond values of a time coordinate. */
  public synchronized long[] timeValues(String dim) {
    if (timeCache == null) timeCache = new java.util.HashMap<>();
    return timeCache.computeIfAbsent(dim, d -> {
      Variable v = variable(d);
      if (!v.isTime()) throw new ZarrException("coordinate '" + d + "' of " + describeSources() + " does not hold times");
      return v.readAllAsTime();
    });
  }

  /** The time-like dim (a coordinate with CF time units), or null. */
  public String timeDim() {
    if (isCoordinate("time") && variables.get("time").isTime()) return "time";
    for (String d : coordinateNames()) if (variables.get(d).isTime()) return d;
    return null;
  }

  /** An xarray-like multi-line summary, for the inspect command and spark-shell. */
  public String summary() {
    return DatasetSummary.of(this);
  }

  @Override
  public String toString() {
    return "Dataset(" + describeSources() + ", dims=" + dims + ", variables=" + dataVariableNames() + ")";
  }
}
