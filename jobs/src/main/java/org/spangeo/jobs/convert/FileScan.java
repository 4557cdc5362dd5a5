package org.spangeo.jobs.convert;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.spangeo.zarr.array.RawChunk;
import org.spangeo.zarr.dataset.CfTime;
import org.spangeo.zarr.metadata.DType;

/**
 * What the driver learns from one input file's header: dims, variables (without the dropped
 * ones), attributes, the unlimited dim, and the decoded values of its coordinate variables
 * (1-D variables named like their dim, small). Data values are not read here.
 */
final class FileScan {
  /** One variable as the header describes it. */
  static final class Var {
    final String name;
    final List<String> dims;
    final long[] shape;
    final DType dtype; // null when not convertible
    final LinkedHashMap<String, Object> attrs;
    final String whyNot;

    Var(FileVariable v) {
      this.name = v.name();
      this.dims = List.copyOf(v.dims());
      this.shape = v.shape();
      this.dtype = v.convertible() ? v.dtype() : null;
      this.attrs = new LinkedHashMap<>(v.attributes());
      this.whyNot = v.convertible() ? null : v.whyNotConvertible();
    }

    /** A dimension coordinate: 1-D over the dim of its own name. */
    boolean isCoordinate() {
      return dims.size() == 1 && dims.get(0).equals(name);
    }

    String units() {
      return AttrJson.text(attrs, "units");
    }

    String calendar() {
      return AttrJson.text(attrs, "calendar");
    }

    /** Units of the form "UNIT since DATE": xarray decodes such variables to dates. */
    boolean hasTimeUnits() {
      String u = units();
      return u != null && CfTime.isTimeUnits(u);
    }
  }

  final String location;
  final String format;
  final LinkedHashMap<String, Long> dims;
  /** The unlimited (record) dim, or null when there is none or the file does not say. */
  final String unlimited;
  final LinkedHashMap<String, Var> vars = new LinkedHashMap<>();
  final List<String> allNames = new ArrayList<>();
  /** Variables that are not numeric arrays (char, string, compound...) and not dropped. */
  final List<Var> notConvertible = new ArrayList<>();
  final Map<String, Object> attrs;
  final List<String> ignoredGroups;
  /** Decoded coordinate values: double[] for numbers, long[] epoch microseconds for decoded times. */
  final LinkedHashMap<String, Object> coordValues = new LinkedHashMap<>();
  /** The per-file decoding of every kept variable. */
  final LinkedHashMap<String, Decoder> decoders = new LinkedHashMap<>();
  /** The CF time of every time-valued variable (when times are decoded). */
  final LinkedHashMap<String, CfTime> times = new LinkedHashMap<>();

  private FileScan(GriddedFile f, Set<String> drop, boolean decodeTimes) {
    this.location = f.location();
    this.format = format(f);
    this.dims = f.dims();
    this.attrs = new LinkedHashMap<>(f.attributes());
    this.ignoredGroups = f instanceof Hdf5NetCdfFile ? ((Hdf5NetCdfFile) f).ignoredGroups() : List.of();
    String unl = null;
    for (FileVariable v : f.variables()) {
      allNames.add(v.name());
      if (unl == null) unl = unlimitedDim(v);
      if (drop.contains(v.name())) continue;
      Var x = new Var(v);
      if (x.dtype == null) notConvertible.add(x);
      else vars.put(x.name, x);
    }
    this.unlimited = unl;
    if (decodeTimes) inheritBoundsUnits();
    for (Var v : vars.values()) {
      decoders.put(v.name, Decoder.of(v.dtype, v.attrs, true));
      if (decodeTimes && v.hasTimeUnits()) times.put(v.name, cfTime(v));
    }
    for (Var v : vars.values()) {
      if (v.isCoordinate()) coordValues.put(v.name, readCoordinate(f.variable(v.name), v));
    }
  }

  /** Reads the header and the coordinates of one file. */
  static FileScan read(String location, Configuration conf, Set<String> drop, boolean decodeTimes) {
    try (GriddedFile f = GriddedFile.open(location, conf)) {
      return new FileScan(f, drop, decodeTimes);
    }
  }

  private static String format(GriddedFile f) {
    if (f instanceof NetCdf3File) {
      switch (((NetCdf3File) f).version()) {
        case 1: return "NetCDF-3 classic";
        case 2: return "NetCDF-3 64-bit offset";
        default: return "NetCDF-3 64-bit data";
      }
    }
    return "NetCDF-4/HDF5";
  }

  private static String unlimitedDim(FileVariable v) {
    if (v instanceof NetCdf3Variable) return ((NetCdf3Variable) v).isRecord() ? v.dims().get(0) : null;
    if (v instanceof Hdf5Variable) {
      boolean[] u = ((Hdf5Variable) v).unlimitedAxes();
      for (int d = 0; d < u.length; d++) if (u[d]) return v.dims().get(d);
    }
    return null;
  }

  /**
   * As xarray's _update_bounds_attributes: a time variable's bounds variable without units
   * takes the variable's units and calendar.
   */
  private void inheritBoundsUnits() {
    for (Var v : vars.values()) {
      String b = AttrJson.text(v.attrs, "bounds");
      if (b == null || !v.hasTimeUnits()) continue;
      Var bv = vars.get(b);
      if (bv == null || bv.attrs.containsKey("units")) continue;
      bv.attrs.put("units", v.units());
      if (v.calendar() != null && !bv.attrs.containsKey("calendar")) bv.attrs.put("calendar", v.calendar());
    }
  }

  private CfTime cfTime(Var v) {
    try {
      return CfTime.parse(v.units(), v.calendar());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(location + ": variable " + FormatDetector.quote(v.name) + " cannot be decoded to"
          + " dates: " + FormatDetector.oneLine(e) + "; convert with --no-decode-times to keep its numbers");
    }
  }

  private Object readCoordinate(FileVariable fv, Var v) {
    int n = Math.toIntExact(v.shape[0]);
    RawChunk raw = fv.read(new long[] {0}, new int[] {n});
    String where = location + ": variable " + FormatDetector.quote(v.name);
    Decoder d = decoders.get(v.name);
    double[] vals = d.doubles(raw, where);
    CfTime t = times.get(v.name);
    if (t == null) return vals;
    long[] micros = new long[n];
    for (int i = 0; i < n; i++) {
      if (Double.isNaN(vals[i]) || Double.isInfinite(vals[i])) {
        throw new IllegalArgumentException(where + ": time coordinate value " + i + " is missing (" + vals[i]
            + "); a coordinate needs every value");
      }
      micros[i] = t.decode(vals[i]);
    }
    return micros;
  }

  /** Refuses a variable that cannot be converted, suggesting --drop. */
  void checkConvertible() {
    if (notConvertible.isEmpty()) return;
    Var x = notConvertible.get(0);
    throw new IllegalArgumentException(location + ": variable " + FormatDetector.quote(x.name) + " cannot be converted to"
        + " Zarr (" + x.whyNot + "); leave it out with --drop " + x.name);
  }

  List<String> dataVariableNames() {
    List<String> out = new ArrayList<>();
    for (Var v : vars.values()) if (!v.isCoordinate()) out.add(v.name);
    return Collections.unmodifiableList(out);
  }

  @Override
  public String toString() {
    return format + " " + location;
  }
}
