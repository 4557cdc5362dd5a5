package org.spangeo.zarr.write;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.spangeo.zarr.dataset.CfDecoding;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.dataset.Selection;
import org.spangeo.zarr.dataset.Variable;
import org.spangeo.zarr.metadata.DType;
import org.spangeo.zarr.metadata.FillValue;
import org.spangeo.zarr.metadata.MetadataParser;

/** Output specs derived from a source dataset, the way {@code ds.sel(...).to_zarr(...)} would write them. */
public final class Specs {
  /**
   * Attributes that describe how the source was stored, not what the values mean: an output
   * gets its own (a fill value in .zarray, time units chosen for its values), never the
   * input's. {@code dtype} is xarray's marker for bools stored as int8: copied onto a daily
   * fraction it made xarray read the fractions back as True/False.
   */
  static final Set<String> ENCODING_ATTRS = Set.of("scale_factor", "add_offset", "_FillValue", "missing_value",
      "_ARRAY_DIMENSIONS", "_Unsigned", "dtype", "_Encoding");

  /** In packed units when the input was packed; the output holds unpacked values. */
  static final Set<String> PACKED_RANGE_ATTRS = Set.of("valid_range", "valid_min", "valid_max");

  /** Values a carried variable may have: it is read and written on the driver. */
  public static final long CARRY_LIMIT = 16_000_000L;

  private Specs() {}

  /** The selection of {@code variables} of {@code ds}, with the source's chunks (cut to the selection). */
  public static DatasetSpec like(Dataset ds, Selection sel, List<String> variables, String compressor) {
    DatasetSpec spec = new DatasetSpec().attributes(ds.attributes());
    Set<String> dims = new LinkedHashSet<>();
    for (String v : variables) dims.addAll(ds.variable(v).dims());
    for (String d : ds.dims().keySet()) {
      if (dims.contains(d) && ds.isCoordinate(d)) spec.coordinate(coordinate(ds, sel, d), coordinateValues(ds, sel, d));
    }
    for (String v : variables) spec.variable(dataVariable(ds, sel, v, compressor));
    return spec;
  }

  /** A coordinate's spec over the selected values: times as int64 CF counts, numbers as float64/their int type. */
  public static VariableSpec coordinate(Dataset ds, Selection sel, String dim) {
    Variable v = ds.variable(dim);
    int n = (int) sel.count(dim);
    ObjectNode attrs = cleanAttrs(v);
    if (v.isTime()) {
      long[] t = (long[]) coordinateValues(ds, sel, dim);
      return VariableSpec.coordinate(dim, n).times(TimeEncoding.choose(t)).attributes(attrs).build();
    }
    if (v.kind() != Variable.Kind.NUMBER) {
      Object vals = coordinateValues(ds, sel, dim);
      return VariableSpec.coordinate(dim, n).dtype(storedType(v, vals)).fill(fillFor(v, vals)).times(encodingFor(v, vals))
          .attributes(attrs).build();
    }
    return VariableSpec.coordinate(dim, n).dtype(decodedType(v)).attributes(attrs).build();
  }

  public static Object coordinateValues(Dataset ds, Selection sel, String dim) {
    int[] idx = sel.indices(dim);
    Variable v = ds.variable(dim);
    if (v.kind() == Variable.Kind.TEXT) {
      String[] all = ds.coordinateLabels(dim);
      String[] out = new String[idx.length];
      for (int i = 0; i < idx.length; i++) out[i] = all[idx[i]];
      return out;
    }
    if (v.kind() == Variable.Kind.DURATION) {
      double[] all = ds.coordinateValues(dim);
      long[] out = new long[idx.length];
      for (int i = 0; i < idx.length; i++) out[i] = (long) all[idx[i]];
      return out;
    }
    if (ds.variable(dim).isTime()) {
      long[] all = ds.timeValues(dim);
      long[] out = new long[idx.length];
      for (int i = 0; i < idx.length; i++) out[i] = all[idx[i]];
      return out;
    }
    double[] all = ds.coordinateValues(dim);
    double[] out = new double[idx.length];
    for (int i = 0; i < idx.length; i++) out[i] = all[idx[i]];
    return out;
  }

  /**
   * A data variable over the selection, in its decoded type as xarray would write it: floats
   * keep their width with NaN fill, unmasked integers keep their type, bools are bools.
   */
  public static VariableSpec dataVariable(Dataset ds, Selection sel, String name, String compressor) {
    Variable v = ds.variable(name);
    long[] shape = new long[v.rank()];
    int[] chunks = v.metadata().chunks();
    for (int i = 0; i < shape.length; i++) {
      shape[i] = sel.count(v.dims().get(i));
      chunks[i] = (int) Math.max(1, Math.min(chunks[i], shape[i]));
    }
    return VariableSpec.builder(name, v.dims(), shape).chunks(chunks).dtype(decodedType(v)).compressor(compressor)
        .attributes(cleanAttrs(v)).build();
  }

  /** The type a number variable's values have once decoded: float32/float64, or the stored integers and bools (unmasked). */
  static DType decodedType(Variable v) {
    switch (v.decoding().kind()) {
      case FLOAT64: return DType.FLOAT64;
      case FLOAT32: return DType.FLOAT32;
      default: return v.dtype().withBigEndian(false);
    }
  }

  /** The input variable's attributes that still describe the output's values (see {@link #ENCODING_ATTRS}). */
  public static ObjectNode cleanAttrs(Variable v) {
    ObjectNode a = cleanAttrs(v.attributes());
    if (v.decoding().isScaled()) PACKED_RANGE_ATTRS.forEach(a::remove);
    if (v.kind() == Variable.Kind.TIME || v.kind() == Variable.Kind.DURATION) {
      a.remove("units");
      a.remove("calendar");
    }
    return a;
  }

  /**
   * Adds to {@code spec} the variables a stage does not compute on but carries, as xarray's
   * operation carries them: strings, times, durations, CF bounds, auxiliary coordinates. Each is
   * read on the driver over the selection; one that has a dim the stage reduces or replaces
   * ({@code removedDims}), or that is too large for the driver, is left out, and the returned map
   * says why, by name.
   */
  public static java.util.Map<String, String> carry(DatasetSpec spec, Dataset ds, Selection sel, List<String> names,
      java.util.Collection<String> removedDims) {
    java.util.Map<String, String> dropped = new java.util.LinkedHashMap<>();
    for (String name : names) {
      if (spec.variables.containsKey(name)) continue;
      Variable v = ds.variable(name);
      String gone = null;
      for (String d : v.dims()) if (removedDims.contains(d)) gone = d;
      if (gone != null) {
        dropped.put(name, v.describeKind() + " over '" + gone + "', which this stage reduces");
        continue;
      }
      long n = 1;
      for (String d : v.dims()) n *= sel.count(d);
      if (n > CARRY_LIMIT) {
        dropped.put(name, v.describeKind() + ", " + n + " values: too many to carry on the driver");
        continue;
      }
      Object vals = selectedValues(v, sel);
      long[] shape = new long[v.rank()];
      int[] chunks = new int[v.rank()];
      for (int i = 0; i < shape.length; i++) {
        shape[i] = sel.count(v.dims().get(i));
        chunks[i] = (int) Math.max(1, shape[i]);
      }
      VariableSpec vs = VariableSpec.builder(name, v.dims(), shape).chunks(chunks).dtype(storedType(v, vals))
          .fill(fillFor(v, vals)).compressor(Compressors.DEFAULT).attributes(cleanAttrs(v)).times(encodingFor(v, vals)).build();
      spec.carried(vs, writable(vals));
    }
    return dropped;
  }

  /** The selected cells of a variable (any kind), C order, read on the driver. */
  static Object selectedValues(Variable v, Selection sel) {
    int rank = v.rank();
    long[] start = new long[rank];
    int[] count = new int[rank];
    int[][] idx = new int[rank][];
    boolean all = true;
    for (int a = 0; a < rank; a++) {
      idx[a] = sel.indices(v.dims().get(a));
      if (idx[a].length == 0) return java.lang.reflect.Array.newInstance(v.readValues(new long[rank], new int[rank])
          .getClass().getComponentType(), 0);
      start[a] = idx[a][0];
      count[a] = idx[a][idx[a].length - 1] - idx[a][0] + 1;
      all &= count[a] == idx[a].length;
    }
    Object box = v.readValues(start, count);
    if (all) return box;
    long n = 1;
    for (int[] i : idx) n *= i.length;
    Object out = java.lang.reflect.Array.newInstance(box.getClass().getComponentType(), (int) n);
    int[] pos = new int[rank];
    for (int o = 0; o < n; o++) {
      int src = 0;
      for (int a = 0; a < rank; a++) src = src * count[a] + (int) (idx[a][pos[a]] - start[a]);
      System.arraycopy(box, src, out, o, 1);
      for (int a = rank - 1; a >= 0; a--) {
        if (++pos[a] < idx[a].length) break;
        pos[a] = 0;
      }
    }
    return out;
  }

  /** Integers as long[] (what the chunk encoder takes); the rest as they are. */
  private static Object writable(Object vals) {
    int n = java.lang.reflect.Array.getLength(vals);
    if (vals instanceof byte[] || vals instanceof short[] || vals instanceof int[]) {
      long[] out = new long[n];
      for (int i = 0; i < n; i++) out[i] = ((Number) java.lang.reflect.Array.get(vals, i)).longValue();
      return out;
    }
    return vals;
  }

  /** The stored dtype of a carried variable or a coordinate that is not a number. */
  private static DType storedType(Variable v, Object vals) {
    switch (v.kind()) {
      case TIME:
      case DURATION:
        return DType.INT64;
      case TEXT: {
        int w = 1;
        boolean bytes = v.storedDType().kind() == DType.Kind.BYTES && v.textEncoding() == null;
        for (String s : (String[]) vals) w = Math.max(w, bytes ? s.length() : s.codePointCount(0, s.length()));
        return DType.parseV2(bytes ? "|S" + w : "<U" + w);
      }
      default:
        return decodedType(v);
    }
  }

  private static FillValue fillFor(Variable v, Object vals) {
    if (v.kind() == Variable.Kind.TIME || v.kind() == Variable.Kind.DURATION) {
      for (long x : (long[]) vals) if (x == org.spangeo.zarr.dataset.CfTime.NAT) return FillValue.ofLong(Long.MIN_VALUE);
      return FillValue.NONE;
    }
    if (v.kind() == Variable.Kind.NUMBER && v.decoding().kind() != CfDecoding.Kind.RAW) return FillValue.ofDouble(Double.NaN);
    return FillValue.NONE;
  }

  private static org.spangeo.zarr.dataset.CfTime encodingFor(Variable v, Object vals) {
    if (v.kind() == Variable.Kind.TIME) return TimeEncoding.choose((long[]) vals);
    if (v.kind() == Variable.Kind.DURATION) return TimeEncoding.chooseDuration((long[]) vals);
    return null;
  }

  public static ObjectNode cleanAttrs(ObjectNode a) {
    ObjectNode out = MetadataParser.JSON.createObjectNode();
    if (a == null) return out;
    List<String> keys = new ArrayList<>();
    a.fieldNames().forEachRemaining(keys::add);
    for (String k : keys) if (!ENCODING_ATTRS.contains(k)) out.set(k, a.get(k));
    return out;
  }
}
