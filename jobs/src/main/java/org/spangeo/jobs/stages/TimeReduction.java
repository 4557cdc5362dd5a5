package org.spangeo.jobs.stages;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.spangeo.zarr.InvalidArgumentException;
import org.spangeo.zarr.blocks.Block;
import org.spangeo.zarr.blocks.Blocks;
import org.spangeo.zarr.dataset.Variable;
import org.spangeo.zarr.metadata.DType;
import org.spangeo.zarr.metadata.FillValue;
import org.spangeo.zarr.write.Compressors;
import org.spangeo.zarr.write.DatasetSpec;
import org.spangeo.zarr.write.Specs;
import org.spangeo.zarr.write.TimeEncoding;
import org.spangeo.zarr.write.VariableSpec;

/**
 * The common shape of climatology and resample: group the time steps, reduce each group with
 * a statistic, and write the groups in place of time. Accumulates in float64, writes float32.
 */
final class TimeReduction {
  private TimeReduction() {}

  static StageResult run(StageInput in, Grouping g, Stat stat, int groupChunk, String compressor) {
    return run(in, g, Statistic.of(stat), groupChunk, compressor);
  }

  /** Moments through {@link GroupReduce}; counts and quantiles through {@link Reduce} with the grouping. */
  static StageResult run(StageInput in, Grouping g, Statistic stat, int groupChunk, String compressor) {
    String time = in.timeDim();
    int chunk = Math.max(1, Math.min(groupChunk, g.groups()));
    DatasetSpec spec = new DatasetSpec().attributes(in.ds.attributes());
    // the group coordinate first, then the other coordinates of the selection
    if (g.labelsAreTimes) {
      VariableSpec t = new VariableSpec(g.dim, List.of(g.dim), new long[] {g.groups()}, new int[] {g.groups()},
          DType.parseV2("<i8"), FillValue.NONE, null, Specs.cleanAttrs(in.ds.variable(time).attributes()),
          TimeEncoding.choose(g.labels));
      spec.coordinate(t, g.labels);
    } else {
      double[] labels = new double[g.groups()];
      for (int i = 0; i < labels.length; i++) labels[i] = g.labels[i];
      VariableSpec c = new VariableSpec(g.dim, List.of(g.dim), new long[] {g.groups()}, new int[] {g.groups()},
          DType.parseV2("<i8"), FillValue.NONE, null, null, null);
      if (g.dim.equals("season")) {
        com.fasterxml.jackson.databind.node.ObjectNode a = org.spangeo.zarr.metadata.MetadataParser.JSON.createObjectNode();
        a.putArray("flag_values").add(1).add(2).add(3).add(4);
        a.put("flag_meanings", "DJF MAM JJA SON");
        c = c.withAttributes(a);
      }
      spec.coordinate(c, labels);
    }
    List<String> dims = new ArrayList<>();
    for (String v : in.vars) for (String d : in.ds.variable(v).dims()) if (!dims.contains(d)) dims.add(d);
    for (String d : in.ds.dims().keySet()) {
      if (!d.equals(time) && dims.contains(d) && in.ds.isCoordinate(d)) {
        spec.coordinate(Specs.coordinate(in.ds, in.sel, d), Specs.coordinateValues(in.ds, in.sel, d));
      }
    }
    for (String name : in.vars) {
      Variable v = in.ds.variable(name);
      int axis = v.axis(time);
      if (axis < 0) {
        throw new InvalidArgumentException("variable '" + name + "' has no '" + time + "' dim to reduce");
      }
      VariableSpec s = Specs.dataVariable(in.ds, in.sel, name, compressor == null ? Compressors.DEFAULT : compressor);
      List<String> od = new ArrayList<>(v.dims());
      od.set(axis, g.dim);
      long[] shape = s.shape();
      shape[axis] = g.groups();
      int[] ch = s.chunks();
      ch[axis] = chunk;
      com.fasterxml.jackson.databind.node.ObjectNode attrs = s.attributes();
      attrs.put("cell_methods", time + ": " + stat.label() + (g.labelsAreTimes ? "" : " (grouped by " + g.dim + ")"));
      DType t = DType.parseV2(stat.kind == Statistic.Kind.COUNT ? "<f8" : "<f4"); // NaN for periods without data
      spec.variable(s.withDims(od, shape, ch).withDType(t, FillValue.ofDouble(Double.NaN)).withAttributes(attrs));
    }
    JavaRDD<Block> blocks = Blocks.read(in.jsc, in.ds, in.sel, in.vars, 0, in.metrics);
    int parts = Math.max(in.jsc.defaultParallelism(), blocks.getNumPartitions() / 4);
    if (stat.kind == Statistic.Kind.COUNT || stat.kind == Statistic.Kind.QUANTILE) {
      int[] size = new int[g.groups()];
      int most = 1;
      for (int x : g.groupOf) if (x >= 0) most = Math.max(most, ++size[x]);
      Reduce r = new Reduce(java.util.Set.of(time), time, g.dim, in.jsc.broadcast(g.groupOf), stat, most, ReduceDims.tileBytes());
      return new StageResult(spec, r.apply(blocks, parts), in.cells());
    }
    GroupReduce gr = new GroupReduce(time, g.dim, in.jsc.broadcast(g.groupOf), stat.moments());
    return new StageResult(spec, gr.apply(blocks, parts), in.cells());
  }
}
