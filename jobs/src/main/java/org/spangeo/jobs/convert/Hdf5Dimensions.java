package org.spangeo.jobs.convert;

import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * NetCDF dimensions of a NetCDF-4 (HDF5) root group, found as netCDF-C finds them:
 * <ul>
 *   <li>every dimension scale (CLASS = DIMENSION_SCALE) is a dimension named after its dataset,
 *       numbered by its {@code _Netcdf4Dimid} attribute when every scale has one; a scale whose
 *       NAME starts "This is a netCDF dimension but not a netCDF variable" is only a dimension;
 *       others are coordinate variables;</li>
 *   <li>a variable's dimensions come from its {@code _Netcdf4Coordinates} dimension ids, else
 *       from its {@code DIMENSION_LIST} references; a 1-D scale's dimension is itself;</li>
 *   <li>axes still without a dimension (plain HDF5 datasets) get phony dimensions: the first
 *       dimension of the same length (and unlimitedness) not yet used by that variable, else a
 *       new {@code phony_dim_N}, N the number of dimensions so far;</li>
 *   <li>a dimension's length is the largest extent along it (an unlimited dimension grows with
 *       its longest variable; shorter variables read fill values past their end).</li>
 * </ul>
 */
final class Hdf5Dimensions {
  static final String DIM_ONLY = "This is a netCDF dimension but not a netCDF variable";

  private static final class Dim {
    final String name;
    long length;
    final boolean unlimited;

    Dim(String name, long length, boolean unlimited) {
      this.name = name;
      this.length = length;
      this.unlimited = unlimited;
    }
  }

  private final List<Dim> dims = new ArrayList<>();
  private final Map<Dataset, Dim[]> varDims = new IdentityHashMap<>();
  private final List<Dataset> variables = new ArrayList<>();

  private Hdf5Dimensions() {}

  static Hdf5Dimensions resolve(List<Dataset> datasets) {
    return resolve(datasets, true);
  }

  /** As netCDF-C; without {@code useDimids}, only DIMENSION_LIST references (as for files without the hints). */
  static Hdf5Dimensions resolve(List<Dataset> datasets, boolean useDimids) {
    Hdf5Dimensions r = new Hdf5Dimensions();
    r.find(datasets, useDimids);
    return r;
  }

  /** The datasets that are NetCDF variables, in order. */
  List<Dataset> variables() {
    return variables;
  }

  LinkedHashMap<String, Long> lengths() {
    LinkedHashMap<String, Long> m = new LinkedHashMap<>();
    for (Dim d : dims) m.put(d.name, d.length);
    return m;
  }

  List<String> dimsOf(Dataset ds) {
    List<String> names = new ArrayList<>();
    for (Dim d : varDims.get(ds)) names.add(d.name);
    return Collections.unmodifiableList(names);
  }

  long[] shapeOf(Dataset ds) {
    Dim[] ds1 = varDims.get(ds);
    long[] s = new long[ds1.length];
    for (int i = 0; i < s.length; i++) s[i] = ds1[i].length;
    return s;
  }

  private void find(List<Dataset> datasets, boolean useDimids) {
    Map<Long, Dim> byAddress = new HashMap<>();
    Map<Integer, Dim> byId = new HashMap<>();
    Map<Dim, Integer> idOf = new IdentityHashMap<>();
    for (Dataset ds : datasets) {
      if (!"DIMENSION_SCALE".equals(string(ds, "CLASS"))) {
        variables.add(ds);
        continue;
      }
      int[] ext = ds.getDimensions();
      long[] max = ds.getMaxSize();
      Dim d = new Dim(ds.getName(), ext.length > 0 ? ext[0] : 0, max != null && max.length > 0 && max[0] < 0);
      dims.add(d);
      byAddress.put(ds.getAddress(), d);
      Integer id = integer(ds, "_Netcdf4Dimid");
      if (id != null) {
        byId.put(id, d);
        idOf.put(d, id);
      }
      String name = string(ds, "NAME");
      if (name == null || !name.startsWith(DIM_ONLY)) variables.add(ds);
    }
    if (idOf.size() == dims.size()) dims.sort(Comparator.comparingInt(idOf::get));
    for (Dataset ds : variables) {
      int[] ext = ds.getDimensions();
      long[] max = ds.getMaxSize();
      Dim[] vd = new Dim[ext.length];
      if (ext.length > 0 && byAddress.containsKey(ds.getAddress())) vd[0] = byAddress.get(ds.getAddress());
      int[] coords = useDimids ? ints(ds, "_Netcdf4Coordinates") : null;
      if (coords != null && coords.length == ext.length) {
        for (int i = 0; i < vd.length; i++) {
          if (vd[i] == null) vd[i] = byId.get(coords[i]);
        }
      }
      if (hasGap(vd)) fromDimensionList(ds, vd, byAddress);
      for (int i = 0; i < vd.length; i++) {
        if (vd[i] == null) vd[i] = phony(vd, i, ext[i], max != null && max.length > i && max[i] < 0);
      }
      for (int i = 0; i < vd.length; i++) vd[i].length = Math.max(vd[i].length, ext[i]);
      varDims.put(ds, vd);
    }
  }

  private static boolean hasGap(Dim[] vd) {
    for (Dim d : vd) {
      if (d == null) return true;
    }
    return false;
  }

  /** DIMENSION_LIST: one variable-length list of object references per axis. */
  private static void fromDimensionList(Dataset ds, Dim[] vd, Map<Long, Dim> byAddress) {
    Attribute a = ds.getAttribute("DIMENSION_LIST");
    if (a == null) return;
    Object data;
    try {
      data = a.getData();
    } catch (RuntimeException e) {
      return; // unreadable references: phony dimensions instead
    }
    if (data == null || !data.getClass().isArray() || Array.getLength(data) != vd.length) return;
    for (int i = 0; i < vd.length; i++) {
      if (vd[i] != null) continue;
      Object refs = Array.get(data, i);
      if (refs != null && refs.getClass().isArray() && Array.getLength(refs) > 0) {
        Object first = Array.get(refs, 0);
        if (first instanceof Number) vd[i] = byAddress.get(((Number) first).longValue());
      }
    }
  }

  private Dim phony(Dim[] vd, int axis, long length, boolean unlimited) {
    for (Dim d : dims) {
      if (d.length != length || d.unlimited != unlimited) continue;
      boolean used = false;
      for (int k = 0; k < axis; k++) used |= vd[k] == d;
      if (!used) return d;
    }
    Dim d = new Dim("phony_dim_" + dims.size(), length, unlimited);
    dims.add(d);
    return d;
  }

  private static String string(Dataset ds, String name) {
    try {
      Attribute a = ds.getAttribute(name);
      Object v = a == null ? null : a.getData();
      if (v != null && v.getClass().isArray() && Array.getLength(v) == 1) v = Array.get(v, 0);
      return v instanceof String ? (String) v : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static Integer integer(Dataset ds, String name) {
    int[] v = ints(ds, name);
    return v != null && v.length == 1 ? v[0] : null;
  }

  private static int[] ints(Dataset ds, String name) {
    try {
      Attribute a = ds.getAttribute(name);
      Object v = a == null ? null : a.getData();
      if (v instanceof Number) return new int[] {((Number) v).intValue()};
      if (v == null || !v.getClass().isArray()) return null;
      int[] out = new int[Array.getLength(v)];
      for (int i = 0; i < out.length; i++) {
        Object x = Array.get(v, i);
        if (!(x instanceof Number)) return null;
        out[i] = ((Number) x).intValue();
      }
      return out;
    } catch (RuntimeException e) {
      return null;
    }
  }
}
