package org.spangeo.zarr.write;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.spangeo.zarr.ZarrException;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.dataset.Variable;
import org.spangeo.zarr.metadata.V2Pipeline;
import org.spangeo.zarr.store.HadoopConf;
import org.spangeo.zarr.store.HadoopStore;

/**
 * Appending along one dim (usually time) to an existing store: the new part's spec is checked
 * against the store (same variables, dims, grid, dtypes; values strictly after the last), the
 * store's own chunking and encoding are kept, and the combined spec is what commit writes.
 */
final class Append {
  private Append() {}

  static ZarrWriter begin(HadoopConf conf, String target, DatasetSpec part) {
    Dataset.Options o = new Dataset.Options();
    o.maskAndScale = false;
    Dataset old = Dataset.open(new HadoopStore(target, conf), o);
    String where = "append to '" + target + "'";
    TreeSet<String> mine = new TreeSet<>(part.variables.keySet());
    TreeSet<String> theirs = new TreeSet<>(old.variables().keySet());
    if (!mine.equals(theirs)) {
      throw new ZarrException(where + ": the new data has variables " + mine + " but the store has " + theirs);
    }
    // the dim to grow: the coordinate whose values are new
    String dim = null;
    for (String c : part.coordinateValues.keySet()) {
      if (!sameValues(old, c, part.coordinateValues.get(c))) {
        if (dim != null) {
          throw new ZarrException(where + ": coordinates '" + dim + "' and '" + c + "' both differ from the store's;"
              + " only one dim can grow");
        }
        dim = c;
      }
    }
    if (dim == null) throw new ZarrException(where + ": every coordinate equals the store's; there is nothing to append");
    for (String c : part.carriedValues.keySet()) {
      if (part.variables.get(c).dims.contains(dim)) {
        throw new ZarrException(where + ": variable '" + c + "' (" + part.variables.get(c).dtype.name() + ", carried from the"
            + " input, not computed) cannot grow along '" + dim + "'; leave it out with --vars");
      }
    }
    long oldLen = old.dimSize(dim);
    Object newVals = part.coordinateValues.get(dim);
    Variable oldCoord = old.variable(dim);
    double lastOld = oldCoord.isTime() ? old.timeValues(dim)[(int) oldLen - 1] : old.coordinateValues(dim)[(int) oldLen - 1];
    double firstNew = newVals instanceof long[] ? ((long[]) newVals)[0] : ((double[]) newVals)[0];
    if (!(firstNew > lastOld)) {
      throw new ZarrException(where + ": the new '" + dim + "' values start at or before the store's last one");
    }
    DatasetSpec combined = new DatasetSpec().attributes(old.attributes());
    for (Map.Entry<String, VariableSpec> e : part.variables.entrySet()) {
      String name = e.getKey();
      VariableSpec nv = e.getValue();
      Variable ov = old.variable(name);
      if (!ov.dims().equals(nv.dims)) {
        throw new ZarrException(where + ": variable '" + name + "' has dims " + nv.dims + " but the store's has " + ov.dims());
      }
      long[] shape = ov.shape();
      for (int i = 0; i < shape.length; i++) {
        boolean grow = ov.dims().get(i).equals(dim);
        if (!grow && shape[i] != nv.shape[i]) {
          throw new ZarrException(where + ": variable '" + name + "' has " + nv.shape[i] + " along '" + ov.dims().get(i)
              + "' but the store's has " + shape[i]);
        }
        if (grow) shape[i] += nv.shape[i];
      }
      VariableSpec s = VariableSpec.builder(name, ov.dims(), shape).chunks(ov.metadata().chunks()).dtype(ov.dtype())
          .fill(ov.metadata().fillValue()).compressor(((V2Pipeline) ov.metadata().pipeline()).compressor())
          .attributes(ov.attributes()).times(ov.time()).build();
      if (old.isCoordinate(name)) {
        combined.coordinate(s, name.equals(dim) ? concat(old, name, part.coordinateValues.get(name))
            : old.variable(name).isTime() ? old.timeValues(name) : old.coordinateValues(name));
      } else {
        combined.variable(s);
      }
    }
    return ZarrWriter.forAppend(conf, target, combined, dim, oldLen);
  }

  private static boolean sameValues(Dataset old, String c, Object vals) {
    if (!old.isCoordinate(c)) return false;
    if (vals instanceof String[]) {
      String[] labels = old.coordinateLabels(c);
      if (labels != null && Arrays.equals(labels, (String[]) vals)) return true;
      throw new ZarrException("append to a store along '" + c + "', a dim of names, is not done: names have no order to grow in");
    }
    if (vals instanceof long[]) return old.variable(c).isTime() && Arrays.equals(old.timeValues(c), (long[]) vals);
    return !old.variable(c).isTime() && Arrays.equals(old.coordinateValues(c), (double[]) vals);
  }

  private static Object concat(Dataset old, String c, Object add) {
    if (add instanceof long[]) {
      long[] a = old.timeValues(c);
      long[] b = (long[]) add;
      long[] out = Arrays.copyOf(a, a.length + b.length);
      System.arraycopy(b, 0, out, a.length, b.length);
      return out;
    }
    double[] a = old.coordinateValues(c);
    double[] b = (double[]) add;
    double[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** New coordinate chunks, every .zarray with its new shape, then .zmetadata last. */
  static void commit(ZarrWriter w) {
    DatasetSpec spec = w.spec();
    HadoopStore s = new HadoopStore(w.target(), w.conf());
    for (String c : spec.coordinateValues.keySet()) w.writeCoordinate(c);
    Map<String, VariableSpec> vars = new LinkedHashMap<>(spec.variables);
    for (VariableSpec v : vars.values()) s.put(v.name + "/.zarray", MetadataJson.bytes(MetadataJson.zarray(v)));
    s.put(".zmetadata", MetadataJson.bytes(MetadataJson.consolidated(spec)));
  }
}
