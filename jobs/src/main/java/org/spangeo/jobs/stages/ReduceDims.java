package org.spangeo.jobs.stages;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.api.java.JavaRDD;
import org.spangeo.zarr.blocks.Block;
import org.spangeo.zarr.blocks.Blocks;
import org.spangeo.zarr.dataset.Names;
import org.spangeo.zarr.dataset.Variable;
import org.spangeo.zarr.metadata.DType;
import org.spangeo.zarr.metadata.FillValue;
import org.spangeo.zarr.write.Compressors;
import org.spangeo.zarr.write.DatasetSpec;
import org.spangeo.zarr.write.Specs;
import org.spangeo.zarr.write.VariableSpec;

/**
 * {@code ds.mean(dim=["time", "latitude"])} and the other reductions over any dims:
 * {@code ds.std("time")}, {@code ds.quantile(0.9, dim="time")}, {@code ds.count()}. Each
 * variable is reduced over the dims it has (a variable with none of them keeps its values, as
 * xarray's Dataset reductions do); reducing every dim gives a scalar (a 0-d array).
 * Written as float32 (counts as int64, as xarray gives them).
 */
public final class ReduceDims {
  private ReduceDims() {}

  /** Values one quantile key may hold (its tile of rows); see {@link Reduce}. Tests set smaller tiles. */
  static long tileBytes() {
    return Long.getLong("spangeo.quantileTileBytes", 32L << 20);
  }

  /** {@code dims}: the dims to reduce; null or empty for all of them. */
  public static StageResult compute(StageInput in, List<String> dims, Statistic stat, String compressor) {
    Set<String> red = new LinkedHashSet<>();
    if (dims == null || dims.isEmpty()) {
      for (String v : in.vars) red.addAll(in.ds.variable(v).dims());
    } else {
      for (String d : dims) {
        if (!in.ds.dims().containsKey(d)) {
          throw new org.spangeo.zarr.InvalidArgumentException("--dims: '" + d + "' is not a dim of the input" + Names.suggest(d, in.ds.dims().keySet()));
        }
        red.add(d);
      }
      boolean any = false;
      for (String v : in.vars) for (String d : red) any |= in.ds.variable(v).dims().contains(d);
      if (!any) throw new org.spangeo.zarr.InvalidArgumentException("--dims " + String.join(",", red) + ": no variable of " + in.vars + " has these dims");
    }
    String comp = compressor == null ? Compressors.DEFAULT : compressor;
    DatasetSpec spec = new DatasetSpec().attributes(in.ds.attributes());
    Set<String> kept = new LinkedHashSet<>();
    for (String v : in.vars) for (String d : in.ds.variable(v).dims()) if (!red.contains(d)) kept.add(d);
    for (String d : in.ds.dims().keySet()) {
      if (kept.contains(d) && in.ds.isCoordinate(d)) {
        spec.coordinate(Specs.coordinate(in.ds, in.sel, d), Specs.coordinateValues(in.ds, in.sel, d));
      }
    }
    long samples = 1;
    for (String v : in.vars) {
      Variable var = in.ds.variable(v);
      VariableSpec s = Specs.dataVariable(in.ds, in.sel, v, comp);
      List<String> od = new ArrayList<>();
      List<Long> shape = new ArrayList<>();
      List<Integer> chunks = new ArrayList<>();
      List<String> over = new ArrayList<>();
      long n = 1;
      for (int a = 0; a < var.rank(); a++) {
        String d = var.dims().get(a);
        if (red.contains(d)) {
          over.add(d);
          n *= in.sel.count(d);
          continue;
        }
        od.add(d);
        shape.add(s.shape()[a]);
        chunks.add(s.chunks()[a]);
      }
      samples = Math.max(samples, n);
      String method = over.isEmpty() ? null : String.join(": ", over) + ": " + stat.label();
      DType t = DType.parseV2(stat.kind() == Statistic.Kind.COUNT ? "<i8" : "<f4");
      spec.variable(s.withDims(od, shape.stream().mapToLong(Long::longValue).toArray(),
          chunks.stream().mapToInt(Integer::intValue).toArray())
          .withDType(t, t.isFloat() ? FillValue.ofDouble(Double.NaN) : FillValue.NONE)
          .withAttributes(a -> { if (method != null) a.put("cell_methods", method); }));
    }
    JavaRDD<Block> blocks = Blocks.read(in.jsc, in.ds, in.sel, in.vars, 0, in.metrics);
    Reduce r = new Reduce(red, null, null, null, stat, samples, tileBytes());
    int parts = Math.max(in.jsc.defaultParallelism(), blocks.getNumPartitions() / 4);
    return new StageResult(spec, r.apply(blocks, parts), in.cells());
  }
}
