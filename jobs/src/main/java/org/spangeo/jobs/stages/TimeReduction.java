package org.spangeo.jobs.stages;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.spangeo.zarr.InvalidArgumentException;
import org.spangeo.zarr.blocks.Block;
import org.spangeo.zarr.blocks.Blocks;
import org.spangeo.zarr.blocks.ChunkPlan;
import org.spangeo.zarr.blocks.Combine;
import org.spangeo.zarr.metadata.DType;
import org.spangeo.zarr.metadata.MetadataParser;
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
    for (String name : in.vars) {
      if (in.ds.variable(name).axis(time) < 0) {
        throw new InvalidArgumentException("variable '" + name + "' has no '" + time + "' dim to reduce");
      }
    }
    // the input's template with the groups in place of time, the reduced values as float32 (counts float64)
    VariableSpec groups;
    Object labels;
    if (g.labelsAreTimes) {
      groups = VariableSpec.coordinate(g.dim, g.groups()).times(TimeEncoding.choose(g.labels))
          .attributes(Specs.cleanAttrs(in.ds.variable(time).attributes())).build();
      labels = g.labels;
    } else {
      double[] codes = new double[g.groups()];
      for (int i = 0; i < codes.length; i++) codes[i] = g.labels[i];
      ObjectNode a = MetadataParser.JSON.createObjectNode();
      if (g.dim.equals("season")) {
        a.putArray("flag_values").add(1).add(2).add(3).add(4);
        a.put("flag_meanings", "DJF MAM JJA SON");
      }
      groups = VariableSpec.coordinate(g.dim, g.groups()).dtype(DType.INT64).attributes(a).build();
      labels = codes;
    }
    DatasetSpec spec = Specs.like(in.ds, in.sel, in.vars, compressor).replaceDim(time, groups, labels)
        .withChunks(Map.of(g.dim, chunk));
    for (String name : in.vars) {
      String method = time + ": " + stat.label() + (g.labelsAreTimes ? "" : " (grouped by " + g.dim + ")");
      // counts are float64: NaN for periods without data
      spec = spec.withVariable(name, stat.kind() == Statistic.Kind.COUNT ? DType.FLOAT64 : DType.FLOAT32,
          a -> a.put("cell_methods", method));
    }
    if (stat.kind() == Statistic.Kind.COUNT || stat.kind() == Statistic.Kind.QUANTILE) {
      JavaRDD<Block> blocks = Blocks.read(in.jsc, in.ds, in.sel, in.vars, 0, in.metrics);
      int parts = Math.max(in.jsc.defaultParallelism(), blocks.getNumPartitions() / 4);
      int[] size = new int[g.groups()];
      int most = 1;
      for (int x : g.groupOf) if (x >= 0) most = Math.max(most, ++size[x]);
      Reduce r = new Reduce(java.util.Set.of(time), time, g.dim, in.jsc.broadcast(g.groupOf), stat, most, ReduceDims.tileBytes());
      return new StageResult(spec, r.apply(blocks, parts), in.cells());
    }
    GroupReduce gr = new GroupReduce(time, g.dim, in.jsc.broadcast(g.groupOf), stat.moments());
    // reduce tasks sized to the output (its partials: count and one or two sums a cell), not to the input
    long partialBytes = 0;
    for (String name : in.vars) {
      long cells = 1;
      for (long x : spec.variable(name).shape()) cells *= x;
      partialBytes += cells * (stat.kind() == Statistic.Kind.STD ? 20 : 12);
    }
    // read tasks: fewer when the partials are large beside their input (one-step grid-sized chunks)
    ChunkPlan plan = Blocks.plan(in.ds, in.sel, in.vars);
    long inputBytes = plan.bytes();
    int readTasks = Combine.readPartitions(Blocks.partitionsFor(in.jsc, inputBytes), in.jsc.defaultParallelism(), inputBytes,
        partialBytes);
    JavaRDD<Block> blocks = Blocks.read(in.jsc, in.ds, plan, readTasks, in.metrics);
    int parts = Combine.partitionsFor(partialBytes, blocks.getNumPartitions());
    return new StageResult(spec, gr.apply(blocks, parts), in.cells());
  }
}
