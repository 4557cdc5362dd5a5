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
  /** Attributes that describe how the source was stored, not what the values mean. */
  static final Set<String> ENCODING_ATTRS = Set.of("scale_factor", "add_offset", "_FillValue", "missing_value",
      "_ARRAY_DIMENSIONS", "_Unsigned");

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
    ObjectNode attrs = cleanAttrs(v.attributes());
    if (v.isTime()) {
      long[] t = (long[]) coordinateValues(ds, sel, dim);
      return VariableSpec.coordinate(dim, n).times(TimeEncoding.choose(t)).attributes(attrs).build();
    }
    DType t = v.decoding().kind() == CfDecoding.Kind.RAW ? v.dtype().withBigEndian(false)
        : v.decoding().kind() == CfDecoding.Kind.FLOAT32 ? DType.FLOAT32 : DType.FLOAT64;
    return VariableSpec.coordinate(dim, n).dtype(t).attributes(attrs).build();
  }

  public static Object coordinateValues(Dataset ds, Selection sel, String dim) {
    int[] idx = sel.indices(dim);
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

  /** A data variable over the selection, in its decoded type (float32 stays float32) with NaN fill. */
  public static VariableSpec dataVariable(Dataset ds, Selection sel, String name, String compressor) {
    Variable v = ds.variable(name);
    long[] shape = new long[v.rank()];
    int[] chunks = v.metadata().chunks();
    for (int i = 0; i < shape.length; i++) {
      shape[i] = sel.count(v.dims().get(i));
      chunks[i] = (int) Math.max(1, Math.min(chunks[i], shape[i]));
    }
    String t = v.decoding().kind() == CfDecoding.Kind.FLOAT64 ? "<f8" : "<f4";
    DType dt = DType.parseV2(t);
    return new VariableSpec(name, v.dims(), shape, chunks, dt, FillValue.ofDouble(Double.NaN),
        Compressors.parse(compressor == null ? Compressors.DEFAULT : compressor, dt.size()), cleanAttrs(v.attributes()), null);
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
