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
  /** Arrays that could not be read, with the reason; the others read as usual. */
  private final LinkedHashMap<String, Unreadable> unreadable;
  private transient Map<String, double[]> coordCache;
  private transient Map<String, long[]> timeCache;

  private Dataset(List<String> sources, LinkedHashMap<String, Long> dims, LinkedHashMap<String, Variable> variables,
      ObjectNode attributes, String concatDim, LinkedHashMap<String, Unreadable> unreadable) {
    this.sources = List.copyOf(sources);
    this.dims = dims;
    this.variables = variables;
    this.attributes = attributes;
    this.concatDim = concatDim;
    this.unreadable = unreadable;
  }

  /** An array Spangeo does not read (a complex, structured or pickled dtype, a codec it lacks): why, and where. */
  public static final class Unreadable implements Serializable {
    private static final long serialVersionUID = 1L;
    public final String name;
    public final List<String> dims; // empty when unknown
    public final String message; // one line naming the store, the array and what is unsupported

    Unreadable(String name, List<String> dims, String message) {
      this.name = name;
      this.dims = List.copyOf(dims);
      this.message = message;
    }
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

  /**
   * One store as a dataset. An array that cannot be read (its dtype, codec or time encoding) is
   * set aside with the reason, so that the others still read; a dimension coordinate that cannot
   * be read makes the whole store unreadable, since every variable on that dim needs it.
   */
  public static Dataset open(Store store, Options options) {
    ZarrGroup g = ZarrGroup.open(store);
    LinkedHashMap<String, Variable> vars = new LinkedHashMap<>();
    LinkedHashMap<String, Long> dims = new LinkedHashMap<>();
    LinkedHashMap<String, Unreadable> bad = new LinkedHashMap<>();
    g.unreadable().forEach((name, u) -> bad.put(name, new Unreadable(name, u.dims, u.message)));
    Map<String, ZarrArray> arrays = withBoundsUnits(g.arrays());
    for (Map.Entry<String, ZarrArray> e : arrays.entrySet()) {
      Variable v;
      try {
        v = Variable.of(e.getKey(), e.getValue(), options.maskAndScale, options.decodeTimes);
      } catch (ZarrException ex) {
        List<String> d = e.getValue().metadata().dimensionNames();
        if (d == null || (d.size() == 1 && d.get(0).equals(e.getKey()))) throw ex; // a dim coordinate: nothing works without it
        bad.put(e.getKey(), new Unreadable(e.getKey(), d, ex.getMessage()));
        continue;
      }
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
    refuseCharacterArrays(store, vars, bad);
    for (Unreadable u : bad.values()) {
      if (u.dims.size() == 1 && u.dims.get(0).equals(u.name) && dims.containsKey(u.name)) {
        throw new ZarrException(u.message + " (it is the coordinate of dim '" + u.name + "')");
      }
    }
    // dims in the order of the variable with the most dims (time, level, latitude, longitude)
    LinkedHashMap<String, Long> ordered = new LinkedHashMap<>();
    vars.values().stream().max(Comparator.comparingInt(Variable::rank))
        .ifPresent(v -> v.dims().forEach(d -> ordered.put(d, dims.get(d))));
    dims.forEach(ordered::putIfAbsent);
    return new Dataset(List.of(store.location()), ordered, vars, g.attributes(), null, bad);
  }

  /**
   * CF lets a time coordinate's bounds omit units and calendar; xarray copies them from the
   * coordinate (_update_bounds_attributes, xarray #2565) so the bounds decode as times too.
   */
  private static Map<String, ZarrArray> withBoundsUnits(Map<String, ZarrArray> arrays) {
    Map<String, ZarrArray> out = new LinkedHashMap<>(arrays);
    for (ZarrArray a : arrays.values()) {
      com.fasterxml.jackson.databind.JsonNode units = a.metadata().attribute("units");
      com.fasterxml.jackson.databind.JsonNode bounds = a.metadata().attribute("bounds");
      if (units == null || !units.isTextual() || !units.textValue().contains("since") || bounds == null) continue;
      ZarrArray b = out.get(bounds.asText());
      if (b == null) continue;
      ObjectNode attrs = b.metadata().attributes().deepCopy();
      if (!attrs.has("units")) attrs.set("units", units);
      com.fasterxml.jackson.databind.JsonNode cal = a.metadata().attribute("calendar");
      if (cal != null && !attrs.has("calendar")) attrs.set("calendar", cal);
      org.spangeo.zarr.metadata.ArrayMetadata m = b.metadata();
      out.put(bounds.asText(), new ZarrArray(b.store(), b.path(), new org.spangeo.zarr.metadata.ArrayMetadata(m.zarrFormat(),
          m.shape(), m.chunks(), m.dtype(), m.fillValue(), m.pipeline(), m.keyEncoding(), m.dimensionNames(), attrs)));
    }
    return out;
  }

  /**
   * netCDF character arrays (|S1 over a trailing dim without coordinate that only such arrays
   * use) are joined into strings by xarray's CharacterArrayCoder, which drops that dim. Spangeo
   * does not reshape variables while reading, so it sets them aside, by name.
   */
  private static void refuseCharacterArrays(Store store, LinkedHashMap<String, Variable> vars, Map<String, Unreadable> bad) {
    for (Variable v : new ArrayList<>(vars.values())) {
      if (v.rank() == 0 || !v.storedDType().equals(org.spangeo.zarr.metadata.DType.BYTES1)) continue;
      String last = v.dims().get(v.rank() - 1);
      if (vars.containsKey(last)) continue;
      boolean stackable = true;
      for (Variable w : vars.values()) {
        if (w.dims().contains(last) && (w.storedDType().kind() != org.spangeo.zarr.metadata.DType.Kind.BYTES
            || !w.dims().get(w.rank() - 1).equals(last))) {
          stackable = false;
        }
      }
      if (!stackable) continue;
      vars.remove(v.name());
      bad.put(v.name(), new Unreadable(v.name(), v.dims(), ZarrException.at(store.location(), v.name(), null,
          "is a character array (|S1 over dim '" + last + "'): xarray joins its characters into strings and drops the dim;"
          + " Spangeo does not reshape variables while reading (store the names as strings)").getMessage()));
    }
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
    if (first.variables.get(cd).kind() == Variable.Kind.TEXT) {
      throw new ZarrException("stores '" + first.sources.get(0) + "' and '" + parts.get(1).sources.get(0) + "' differ along '"
          + cd + "', a dim of strings: Spangeo orders stores by numbers or times only");
    }
    // in the order of the coordinate values, whatever the paths' names (xarray's combine="by_coords"):
    // ascending unless every store's coordinate descends (latitude from north to south)
    boolean descending = true;
    boolean any = false;
    for (Dataset d : parts) {
      if (d.dims.get(cd) < 2) continue;
      any = true;
      descending &= d.lastCoordinateValue(cd) < d.firstCoordinateValue(cd);
    }
    final double sign = any && descending ? -1 : 1;
    List<Dataset> sorted = new ArrayList<>();
    for (Dataset d : parts) if (d.dims.get(cd) > 0) sorted.add(d);
    if (sorted.isEmpty()) sorted.add(parts.get(0));
    sorted.sort(Comparator.comparingDouble(d -> sign * d.firstCoordinateValue(cd)));
    for (Dataset d : sorted) d.checkMonotonic(cd, sign);
    for (int i = 1; i < sorted.size(); i++) {
      Dataset a = sorted.get(i - 1);
      Dataset b = sorted.get(i);
      if (sign * a.lastCoordinateValue(cd) >= sign * b.firstCoordinateValue(cd)) {
        throw new ZarrException("stores '" + a.sources.get(0) + "' and '" + b.sources.get(0) + "' overlap along '" + cd
            + "' (" + a.describeValue(cd, a.lastCoordinateValue(cd)) + (sign > 0 ? " >= " : " <= ")
            + b.describeValue(cd, b.firstCoordinateValue(cd)) + ")");
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
    return new Dataset(sources, dims, vars, base.attributes, cd, base.unreadable);
  }

  private void checkSameLayout(Dataset o) {
    String a = sources.get(0);
    String b = o.sources.get(0);
    Set<String> mine = new TreeSet<>(variables.keySet());
    mine.addAll(unreadable.keySet());
    Set<String> theirs = new TreeSet<>(o.variables.keySet());
    theirs.addAll(o.unreadable.keySet());
    if (!mine.equals(theirs)) {
      Set<String> onlyA = new TreeSet<>(mine);
      onlyA.removeAll(theirs);
      Set<String> onlyB = new TreeSet<>(theirs);
      onlyB.removeAll(mine);
      throw new ZarrException("stores '" + a + "' and '" + b + "' hold different variables: "
          + (onlyA.isEmpty() ? "" : onlyA + " only in the first") + (onlyA.isEmpty() || onlyB.isEmpty() ? "" : ", ")
          + (onlyB.isEmpty() ? "" : onlyB + " only in the second"));
    }
    for (Unreadable u : unreadable.values()) {
      if (!o.unreadable.containsKey(u.name)) {
        throw new ZarrException("stores '" + a + "' and '" + b + "': variable '" + u.name + "' is read in the second but"
            + " not in the first: " + u.message);
      }
    }
    for (Variable v : variables.values()) {
      Variable w = o.variables.get(v.name());
      if (w == null) throw new ZarrException(o.unreadable.get(v.name()).message + " (it reads in '" + a + "')");
      if (!v.dims().equals(w.dims())) {
        throw new ZarrException("stores '" + a + "' and '" + b + "': variable '" + v.name() + "' has dims " + v.dims()
            + " in the first and " + w.dims() + " in the second");
      }
      // each store decodes with its own encoding (see Variable.concat); the kinds of value must agree
      if (v.kind() != w.kind()) {
        throw new ZarrException("stores '" + a + "' and '" + b + "': variable '" + v.name() + "' holds " + v.describeKind()
            + " in the first and " + w.describeKind() + " in the second");
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
    if (v.kind() == Variable.Kind.TEXT) return Arrays.equals(coordinateLabels(dim), o.coordinateLabels(dim));
    return Arrays.equals(coordinateValues(dim), o.coordinateValues(dim));
  }

  /** A store's coordinate along the concatenation dim must run one way (xarray: a monotonic index). */
  private void checkMonotonic(String dim, double sign) {
    double[] c = coordinateValues(dim);
    for (int i = 1; i < c.length; i++) {
      if (!(sign * c[i] > sign * c[i - 1])) {
        throw new ZarrException("store '" + sources.get(0) + "': coordinate '" + dim + "' is not " + (sign > 0 ? "increasing"
            : "decreasing") + " (" + describeValue(dim, c[i - 1]) + " then " + describeValue(dim, c[i]) + " at index " + i
            + "), so the stores cannot be put in order along it");
      }
    }
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

  /** Dimension coordinates, in dim order. */
  public List<String> coordinateNames() {
    List<String> out = new ArrayList<>();
    for (String d : dims.keySet()) if (isCoordinate(d)) out.add(d);
    return out;
  }

  /**
   * Non-dimension coordinates: the variables named in a {@code coordinates} attribute (of a
   * variable or of the group), as xarray's decode_coords makes them coordinates (2-D lat/lon of
   * a curvilinear grid, station names).
   */
  public List<String> auxiliaryCoordinateNames() {
    Set<String> named = new java.util.LinkedHashSet<>();
    addNames(named, attributes == null ? null : attributes.get("coordinates"));
    for (Variable v : variables.values()) addNames(named, v.attributes() == null ? null : v.attributes().get("coordinates"));
    List<String> out = new ArrayList<>();
    for (String n : variables.keySet()) if (named.contains(n) && !isCoordinate(n)) out.add(n);
    return out;
  }

  /** Variables that a coordinate's CF {@code bounds} attribute names (time_bnds, lat_bnds). */
  public List<String> boundsVariableNames() {
    Set<String> named = new java.util.LinkedHashSet<>();
    for (Variable v : variables.values()) {
      com.fasterxml.jackson.databind.JsonNode b = v.attributes() == null ? null : v.attributes().get("bounds");
      if (b != null && b.isTextual()) named.add(b.textValue().trim());
    }
    List<String> out = new ArrayList<>();
    for (String n : variables.keySet()) if (named.contains(n)) out.add(n);
    return out;
  }

  private static void addNames(Set<String> to, com.fasterxml.jackson.databind.JsonNode attr) {
    if (attr == null || !attr.isTextual()) return;
    for (String n : attr.textValue().trim().split("\\s+")) if (!n.isEmpty()) to.add(n);
  }

  /** Data variables as xarray lists them: neither dimension nor auxiliary coordinates. */
  public List<String> dataVariableNames() {
    List<String> aux = auxiliaryCoordinateNames();
    List<String> out = new ArrayList<>();
    for (String n : variables.keySet()) if (!isCoordinate(n) && !aux.contains(n)) out.add(n);
    return out;
  }

  /**
   * Whether the array stages compute on this variable: a data variable of numbers or bools that
   * is not a CF bounds variable. Strings, times, durations and bounds are carried or dropped
   * by each stage the way xarray's operation carries or drops them.
   */
  public boolean isComputable(String name) {
    Variable v = variables.get(name);
    return v != null && v.isNumeric() && !isCoordinate(name) && !auxiliaryCoordinateNames().contains(name)
        && !boundsVariableNames().contains(name);
  }

  /** The data variables the array stages compute on, in order. */
  public List<String> computableVariableNames() {
    List<String> out = new ArrayList<>();
    for (String n : dataVariableNames()) if (isComputable(n)) out.add(n);
    return out;
  }

  /** Arrays set aside because they cannot be read, with the reason for each. */
  public Map<String, Unreadable> unreadable() {
    return java.util.Collections.unmodifiableMap(unreadable);
  }

  public boolean hasVariable(String name) {
    return variables.containsKey(name);
  }

  /** The variable, or an error that lists the names closest to the one asked for (or says why it is not read). */
  public Variable variable(String name) {
    Variable v = variables.get(name);
    if (v == null) {
      Unreadable u = unreadable.get(name);
      if (u != null) throw new ZarrException(u.message);
      throw new ZarrException("variable '" + name + "' is not in " + describeSources() + Names.suggest(name, variables.keySet()));
    }
    return v;
  }

  String describeSources() {
    return sources.size() == 1 ? "'" + sources.get(0) + "'" : sources.size() + " stores (" + sources.get(0) + ", ...)";
  }

  /**
   * Decoded values of a dimension coordinate as numbers: numbers as they are, times as epoch
   * microseconds, durations as microseconds; the index 0..n-1 when the dim has no coordinate or
   * one of strings (see {@link #coordinateLabels}).
   */
  public synchronized double[] coordinateValues(String dim) {
    if (coordCache == null) coordCache = new java.util.HashMap<>();
    return coordCache.computeIfAbsent(dim, d -> {
      Variable v = isCoordinate(d) ? variables.get(d) : null;
      if (v == null || v.kind() == Variable.Kind.TEXT) {
        double[] idx = new double[(int) dimSize(d)];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        return idx;
      }
      if (v.kind() == Variable.Kind.NUMBER) return v.readAllAsDouble();
      long[] t = v.isTime() ? timeValues(d) : (long[]) v.readAll();
      double[] out = new double[t.length];
      for (int i = 0; i < t.length; i++) {
        if (t[i] == CfTime.NAT) throw notATime(d, i);
        out[i] = t[i];
      }
      return out;
    });
  }

  /** True when the dim's coordinate holds strings (see {@link #coordinateLabels}); reads no values. */
  public boolean coordinateLabelsKnown(String dim) {
    Variable v = isCoordinate(dim) ? variables.get(dim) : null;
    return v != null && v.kind() == Variable.Kind.TEXT;
  }

  /** The labels of a dim whose coordinate holds strings (station names), or null. */
  public String[] coordinateLabels(String dim) {
    Variable v = isCoordinate(dim) ? variables.get(dim) : null;
    return v == null || v.kind() != Variable.Kind.TEXT ? null : (String[]) v.readAll();
  }

  /** Epoch-microsecond values of a time coordinate; a NaT in it is refused (it cannot be ordered or selected). */
  public synchronized long[] timeValues(String dim) {
    if (timeCache == null) timeCache = new java.util.HashMap<>();
    return timeCache.computeIfAbsent(dim, d -> {
      Variable v = variable(d);
      if (!v.isTime()) throw new ZarrException("coordinate '" + d + "' of " + describeSources() + " does not hold times");
      long[] t = v.readAllAsTime();
      if (isCoordinate(d)) {
        for (int i = 0; i < t.length; i++) if (t[i] == CfTime.NAT) throw notATime(d, i);
      }
      return t;
    });
  }

  private ZarrException notATime(String dim, int i) {
    return new ZarrException("store " + describeSources() + ", array '" + dim + "': the coordinate holds NaN/NaT at index "
        + i + "; a coordinate with missing values cannot be ordered or selected (fill it, or drop those steps)");
  }

  /** The time-like dim (a coordinate with CF time units, or datetime64), or null. */
  public String timeDim() {
    if (isCoordinate("time") && variables.get("time").isTime()) return "time";
    for (String d : coordinateNames()) if (variables.get(d).isTime()) return d;
    return null;
  }

  /** The axes CF knows: time, vertical, latitude (Y), longitude (X). */
  public enum Axis { T, Z, Y, X }

  /**
   * The dim along {@code axis}, recognised as cf_xarray does from the coordinate's attributes
   * ({@code standard_name}, {@code units}, {@code axis}, {@code positive}) and only then from
   * the usual names; null when there is none. So {@code valid_time}, {@code pressure_level},
   * {@code lev}, {@code lat}/{@code lon} or {@code y}/{@code x} in degrees are found as such.
   */
  public String dimOf(Axis axis) {
    if (axis == Axis.T) return timeDim();
    String byAttr = null;
    String byName = null;
    String byAxisAttr = null;
    for (String d : dims.keySet()) {
      Variable v = isCoordinate(d) ? variables.get(d) : null;
      if (v != null && v.kind() == Variable.Kind.NUMBER) {
        String sn = text(v, "standard_name");
        String un = text(v, "units");
        String ax = text(v, "axis");
        boolean attr;
        switch (axis) {
          case Y:
            attr = sn.equals("latitude") || sn.equals("grid_latitude") || LAT_UNITS.contains(un);
            break;
          case X:
            attr = sn.equals("longitude") || sn.equals("grid_longitude") || LON_UNITS.contains(un);
            break;
          default:
            attr = Z_NAMES.contains(sn) || PRESSURE_UNITS.contains(un) || !text(v, "positive").isEmpty();
        }
        if (attr && byAttr == null) byAttr = d;
        if (ax.equalsIgnoreCase(axis.name()) && byAxisAttr == null) byAxisAttr = d;
      }
      List<String> names = axis == Axis.Y ? List.of("latitude", "lat") : axis == Axis.X ? List.of("longitude", "lon")
          : List.of("level", "plev", "pressure_level", "isobaricInhPa", "lev");
      if (names.contains(d) && byName == null) byName = d;
    }
    return byAttr != null ? byAttr : byName != null ? byName : byAxisAttr;
  }

  /** {@link #dimOf(Axis)}, or {@code orElse} (a name for the caller's error) when there is none. */
  public String dimOf(Axis axis, String orElse) {
    String d = dimOf(axis);
    return d != null ? d : orElse;
  }

  private static final Set<String> LAT_UNITS = Set.of("degrees_north", "degree_north", "degree_n", "degrees_n", "degreen",
      "degreesn");
  private static final Set<String> LON_UNITS = Set.of("degrees_east", "degree_east", "degree_e", "degrees_e", "degreee",
      "degreese");
  private static final Set<String> PRESSURE_UNITS = Set.of("pa", "hpa", "kpa", "mbar", "millibar", "millibars", "bar",
      "atm", "decibar");
  private static final Set<String> Z_NAMES = Set.of("air_pressure", "height", "altitude", "depth", "model_level_number",
      "atmosphere_hybrid_sigma_pressure_coordinate", "atmosphere_sigma_coordinate", "geopotential_height");

  private static String text(Variable v, String attr) {
    com.fasterxml.jackson.databind.JsonNode n = v.attributes() == null ? null : v.attributes().get(attr);
    return n != null && n.isTextual() ? n.textValue().trim().toLowerCase(java.util.Locale.ROOT) : "";
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
