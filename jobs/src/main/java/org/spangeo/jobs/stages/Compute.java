package org.spangeo.jobs.stages;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.util.LongAccumulator;
import org.spangeo.jobs.expr.ArrayProgram;
import org.spangeo.jobs.expr.Ast;
import org.spangeo.jobs.expr.ExpressionException;
import org.spangeo.jobs.expr.Expressions;
import org.spangeo.zarr.array.ReadStats;
import org.spangeo.zarr.blocks.Block;
import org.spangeo.zarr.blocks.Blocks;
import org.spangeo.zarr.blocks.BlockKey;
import org.spangeo.zarr.blocks.ReadMetrics;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.dataset.Selection;
import org.spangeo.zarr.dataset.ValueType;
import org.spangeo.zarr.dataset.Variable;
import org.spangeo.zarr.metadata.DType;
import org.spangeo.zarr.metadata.MetadataParser;
import org.spangeo.zarr.write.Compressors;
import org.spangeo.zarr.write.DatasetSpec;
import org.spangeo.zarr.write.Specs;
import org.spangeo.zarr.write.VariableSpec;

/**
 * {@code ds["wind_speed"] = np.sqrt(ds.u10**2 + ds.v10**2)}: new variables from array
 * expressions over the input's variables and coordinates, broadcast by dim name as xarray
 * does. Each expression is compiled once ({@link ArrayProgram}); the executors evaluate it one
 * output block at a time: a task reads each input's box of that block (a surface variable once
 * for every level of a level variable it meets), lays it over the result's dims and runs the
 * compiled loops. Results that share their dims are evaluated together from one read.
 * Nothing is shuffled but the writer's assembly of chunks.
 */
public final class Compute {
  private Compute() {}

  /** The parsed and compiled expressions, made on the driver from metadata only. */
  public static final class Plan implements Serializable {
    private static final long serialVersionUID = 1L;
    final List<String> names = new ArrayList<>();
    final List<ArrayProgram> programs = new ArrayList<>();
    final List<String> keep;

    Plan(List<String> keep) {
      this.keep = List.copyOf(keep);
    }

    /** The input data variables the expressions read, then the kept ones. */
    public List<String> inputVariables(Dataset ds) {
      Set<String> out = new LinkedHashSet<>();
      for (ArrayProgram p : programs) {
        for (ArrayProgram.Leaf l : p.leaves()) if (!ds.isCoordinate(l.name())) out.add(l.name());
      }
      out.addAll(keep);
      return new ArrayList<>(out);
    }

    public List<String> results() {
      return names;
    }

    /** "wind_speed = sqrt(u10**2 + v10**2), ..." */
    public String describe() {
      List<String> t = new ArrayList<>();
      for (ArrayProgram p : programs) t.add(p.text());
      return String.join("; ", t);
    }
  }

  /** Parses and compiles every {@code --expr} against the dataset's names; {@code keep}: variables copied as they are. */
  public static Plan plan(Dataset ds, List<String> exprs, List<String> keep) {
    Plan plan = new Plan(keep);
    Map<String, Ast.Node> earlier = new HashMap<>();
    for (String text : exprs) {
      Expressions.Assignment a = Expressions.assignment(text, "--expr");
      String target = a.target();
      if (earlier.containsKey(target)) throw new ExpressionException("--expr", text, -1, "'" + target + "' is computed twice");
      if (ds.dims().containsKey(target) || ds.isCoordinate(target)) {
        throw new ExpressionException("--expr", text, -1, "'" + target + "' is a coordinate of the input: give the result another name");
      }
      if (keep.contains(target)) {
        throw new ExpressionException("--expr", text, -1, "'" + target + "' is also kept with --vars: give the result another name");
      }
      ArrayProgram.Resolver r = new ArrayProgram.Resolver() {
        @Override
        public ArrayProgram.Leaf leaf(String name) {
          if (!ds.hasVariable(name)) return null;
          Variable v = ds.variable(name);
          if (ds.isCoordinate(name) && !ds.dims().containsKey(name)) return null;
          if (v.isTime()) throw new org.spangeo.zarr.InvalidArgumentException("'" + name + "' holds dates; expressions compute on numbers");
          return new ArrayProgram.Leaf(name, v.dims(), ValueType.of(v) == ValueType.FLOAT);
        }

        @Override
        public Ast.Node earlier(String name) {
          return earlier.get(name);
        }

        @Override
        public Set<String> known() {
          Set<String> k = new LinkedHashSet<>(ds.dataVariableNames());
          for (String d : ds.dims().keySet()) if (ds.isCoordinate(d)) k.add(d);
          k.addAll(earlier.keySet());
          return k;
        }
      };
      plan.programs.add(ArrayProgram.compile(a.expression(), text, "--expr", r, ArrayProgram.Semantics.NUMPY));
      plan.names.add(target);
      earlier.put(target, a.expression());
    }
    return plan;
  }

  /**
   * The stage: results (and the kept variables) over the selection. {@code attrs}: attributes
   * per result or kept variable; {@code infCells} counts result cells that are +-Inf.
   */
  public static StageResult run(StageInput in, Plan plan, Map<String, ObjectNode> attrs, String compressor,
      LongAccumulator infCells) {
    String comp = compressor == null ? Compressors.DEFAULT : compressor;
    for (String v : attrs.keySet()) {
      if (!plan.names.contains(v) && !plan.keep.contains(v)) {
        throw new org.spangeo.zarr.InvalidArgumentException("--attrs: '" + v + "' is not a result of --expr or a variable of --vars"
            + org.spangeo.zarr.dataset.Names.suggest(v, plan.names));
      }
    }
    // results sharing their dims are evaluated from one read of their inputs
    LinkedHashMap<List<String>, Group> groups = new LinkedHashMap<>();
    for (int i = 0; i < plan.programs.size(); i++) {
      ArrayProgram p = plan.programs.get(i);
      groups.computeIfAbsent(p.dims(), d -> new Group(d)).add(plan.names.get(i), p);
    }
    DatasetSpec spec = new DatasetSpec().attributes(in.ds.attributes());
    Set<String> dims = new LinkedHashSet<>();
    for (Group g : groups.values()) dims.addAll(g.dims);
    for (String v : plan.keep) dims.addAll(in.ds.variable(v).dims());
    for (String d : in.ds.dims().keySet()) {
      if (dims.contains(d) && in.ds.isCoordinate(d)) {
        spec.coordinate(Specs.coordinate(in.ds, in.sel, d), Specs.coordinateValues(in.ds, in.sel, d));
      }
    }
    for (String v : plan.keep) {
      VariableSpec s = Specs.dataVariable(in.ds, in.sel, v, comp);
      spec.variable(attrs.containsKey(v) ? s.withAttributes(a -> a.setAll(attrs.get(v))) : s);
    }
    List<long[]> tasks = new ArrayList<>();
    List<Group> gs = new ArrayList<>(groups.values());
    long cells = 0;
    for (int gi = 0; gi < gs.size(); gi++) {
      Group g = gs.get(gi);
      g.layout(in.ds, in.sel);
      for (int k = 0; k < g.names.size(); k++) {
        ArrayProgram p = g.programs.get(k);
        DType t = p.type() == ArrayProgram.Type.BOOL ? DType.BOOL : p.type() == ArrayProgram.Type.FLOAT64 ? DType.FLOAT64 : DType.FLOAT32;
        ObjectNode a = MetadataParser.JSON.createObjectNode();
        if (attrs.containsKey(g.names.get(k))) a.setAll(attrs.get(g.names.get(k)));
        spec.variable(VariableSpec.builder(g.names.get(k), g.dims, g.shape).chunks(g.chunks).dtype(t).compressor(comp).attributes(a)
            .build());
      }
      g.tasks(gi, tasks);
      long n = 1;
      for (long s : g.shape) n *= s;
      cells += n * g.names.size();
    }
    Selection sel = in.sel;
    Dataset ds = in.ds;
    ReadMetrics metrics = in.metrics;
    Map<String, double[]> coords = new HashMap<>();
    for (Group g : gs) {
      for (ArrayProgram.Leaf l : g.leaves.values()) {
        if (ds.isCoordinate(l.name())) coords.put(l.name(), (double[]) Specs.coordinateValues(ds, sel, l.name()));
      }
    }
    long bytes = cells * 8;
    int parts = (int) Math.max(in.jsc.defaultParallelism(), Math.min(tasks.size(), (bytes + Blocks.PARTITION_BYTES - 1) / Blocks.PARTITION_BYTES));
    parts = Math.max(1, Math.min(parts, Math.max(1, tasks.size())));
    JavaRDD<Block> results = in.jsc.parallelize(tasks, parts).mapPartitions(it -> {
      Evaluator e = new Evaluator(ds, sel, gs, coords);
      List<Block> out = new ArrayList<>();
      while (it.hasNext()) out.addAll(e.evaluate(it.next(), infCells));
      if (metrics != null) metrics.add(e.stats, e.cellsRead);
      else ReadMetrics.input(e.stats.storedBytes, e.cellsRead);
      return out.iterator();
    });
    if (!plan.keep.isEmpty()) results = results.union(Blocks.read(in.jsc, ds, sel, plan.keep, 0, metrics));
    return new StageResult(spec, results, in.cells());
  }

  /** Results with the same dims: one output block plan, one read of their inputs per block. */
  static final class Group implements Serializable {
    private static final long serialVersionUID = 1L;
    final List<String> dims;
    final List<String> names = new ArrayList<>();
    final List<ArrayProgram> programs = new ArrayList<>();
    final LinkedHashMap<String, ArrayProgram.Leaf> leaves = new LinkedHashMap<>();
    long[] shape;
    int[] chunks;
    /** Per dim: the output offset and length of each block (cut where the source's chunks are). */
    transient List<List<int[]>> runs;

    Group(List<String> dims) {
      this.dims = List.copyOf(dims);
    }

    void add(String name, ArrayProgram p) {
      names.add(name);
      programs.add(p);
      for (ArrayProgram.Leaf l : p.leaves()) leaves.putIfAbsent(l.name(), l);
    }

    /** Output shape and chunks; blocks follow the chunks of the first variable read along each dim. */
    void layout(Dataset ds, Selection sel) {
      int rank = dims.size();
      shape = new long[rank];
      chunks = new int[rank];
      runs = new ArrayList<>();
      for (int d = 0; d < rank; d++) {
        String dim = dims.get(d);
        shape[d] = sel.count(dim);
        long[] bounds = {0, ds.dimSize(dim)};
        int chunk = (int) Math.max(1, shape[d]);
        for (ArrayProgram.Leaf l : leaves.values()) {
          if (ds.isCoordinate(l.name()) || !l.dims().contains(dim)) continue;
          Variable v = ds.variable(l.name());
          bounds = v.chunkBoundaries(v.axis(dim));
          chunk = (int) Math.max(1, Math.min(v.metadata().chunks()[v.axis(dim)], shape[d]));
          break;
        }
        chunks[d] = chunk;
        int[] idx = sel.indices(dim);
        List<int[]> r = new ArrayList<>();
        int start = 0;
        int b = 1;
        for (int i = 0; i < idx.length; i++) {
          while (b < bounds.length - 1 && idx[i] >= bounds[b]) b++;
          if (i > start && idx[i - 1] < bounds[b - 1]) { // a new source chunk
            r.add(new int[] {start, i - start});
            start = i;
          }
        }
        if (idx.length > start) r.add(new int[] {start, idx.length - start});
        runs.add(r);
      }
    }

    /** One task per block: {group, offsets..., counts...}. */
    void tasks(int group, List<long[]> out) {
      int rank = dims.size();
      int[] pos = new int[rank];
      int[] sizes = runs.stream().mapToInt(List::size).toArray();
      if (runs.stream().anyMatch(List::isEmpty)) return;
      while (true) {
        long[] t = new long[1 + 2 * rank];
        t[0] = group;
        for (int d = 0; d < rank; d++) {
          int[] r = runs.get(d).get(pos[d]);
          t[1 + d] = r[0];
          t[1 + rank + d] = r[1];
        }
        out.add(t);
        if (!org.spangeo.zarr.array.BoxCopy.next(pos, sizes)) break;
      }
    }
  }

  /** Executor side: reads a block's inputs, broadcasts them and runs the compiled programs. */
  static final class Evaluator {
    final Dataset ds;
    final Selection sel;
    final List<Group> groups;
    final Map<String, double[]> coords;
    final Map<String, int[]> indices = new HashMap<>();
    final Map<ArrayProgram, ArrayProgram.Scratch> scratch = new HashMap<>();
    final ReadStats stats = new ReadStats();
    long cellsRead; // Spark's input records: the stored cells read

    Evaluator(Dataset ds, Selection sel, List<Group> groups, Map<String, double[]> coords) {
      this.ds = ds;
      this.sel = sel;
      this.groups = groups;
      this.coords = coords;
    }

    int[] indices(String dim) {
      return indices.computeIfAbsent(dim, sel::indices);
    }

    List<Block> evaluate(long[] task, LongAccumulator infCells) {
      Group g = groups.get((int) task[0]);
      int rank = g.dims.size();
      long[] off = new long[rank];
      int[] count = new int[rank];
      int n = 1;
      for (int d = 0; d < rank; d++) {
        off[d] = task[1 + d];
        count[d] = (int) task[1 + rank + d];
        n *= count[d];
      }
      Map<String, double[]> laid = new HashMap<>();
      for (ArrayProgram.Leaf l : g.leaves.values()) {
        List<String> ld = l.dims();
        int[][] idx = new int[ld.size()][];
        double[] values;
        if (ds.isCoordinate(l.name())) {
          int d = g.dims.indexOf(l.name());
          values = java.util.Arrays.copyOfRange(coords.get(l.name()), (int) off[d], (int) off[d] + count[d]);
        } else {
          for (int k = 0; k < ld.size(); k++) {
            int d = g.dims.indexOf(ld.get(k));
            idx[k] = java.util.Arrays.copyOfRange(indices(ld.get(k)), (int) off[d], (int) off[d] + count[d]);
          }
          values = SelectedBox.read(ds.variable(l.name()), idx, stats);
          cellsRead += values.length;
        }
        laid.put(l.name(), SelectedBox.broadcast(values, ld, g.dims, count));
      }
      List<Block> out = new ArrayList<>();
      long inf = 0;
      for (int k = 0; k < g.programs.size(); k++) {
        ArrayProgram p = g.programs.get(k);
        double[][] v = new double[p.leaves().size()][];
        for (int i = 0; i < v.length; i++) v[i] = laid.get(p.leaves().get(i).name());
        double[] r = p.evaluate(v, n, scratch.computeIfAbsent(p, ArrayProgram::scratch));
        BlockKey key = new BlockKey(g.names.get(k), g.dims, off);
        if (p.type() == ArrayProgram.Type.FLOAT64) {
          double[] d = r.clone();
          for (double x : d) if (Double.isInfinite(x)) inf++;
          out.add(Block.ofDoubles(key, count, d));
        } else {
          float[] f = new float[n];
          for (int i = 0; i < n; i++) f[i] = (float) r[i];
          if (p.type() == ArrayProgram.Type.FLOAT32) for (float x : f) if (Float.isInfinite(x)) inf++;
          out.add(Block.ofFloats(key, count, f));
        }
      }
      if (inf > 0 && infCells != null) infCells.add(inf);
      return out;
    }
  }
}
