package org.spangeo.zarr.datasource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.Statistics;
import org.apache.spark.sql.connector.read.SupportsReportStatistics;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.dataset.Selection;
import org.spangeo.zarr.dataset.ValueType;
import org.spangeo.zarr.dataset.Variable;

/**
 * Plans a read: the primary variable's chunk grid over the table dims, cells that the
 * selection does not touch dropped, the rest grouped in C order into partitions of about
 * {@code partitionBytes} decoded bytes (or {@code chunksPerPartition} cells); more than one
 * partition become a whole number of rounds of the task slots, of even size. The cells are
 * walked twice (once to count, once to build the cut chosen) rather than kept in a side list,
 * so that the driver holds one plan's cells only.
 */
final class ZarrScan implements Scan, Batch, SupportsReportStatistics {
  private final Dataset ds;
  private final TableLayout layout;
  private final ZarrOptions options;
  private final StructType required;
  private final Selection selection;
  private final List<Predicate> pushed;
  private long planned;
  private long pruned;
  private InputPartition[] partitions;

  ZarrScan(Dataset ds, TableLayout layout, ZarrOptions options, StructType required, Selection selection,
      List<Predicate> pushed) {
    this.ds = ds;
    this.layout = layout;
    this.options = options;
    this.required = required;
    this.selection = selection;
    this.pushed = List.copyOf(pushed);
  }

  @Override
  public StructType readSchema() {
    return required;
  }

  @Override
  public String description() {
    List<String> vars = new ArrayList<>();
    for (StructField f : required.fields()) if (!layout.isDim(f.name())) vars.add(f.name());
    return "Zarr " + (ds.sources().size() == 1 ? ds.sources().get(0) : ds.sources().size() + " stores") + " variables="
        + vars + " " + selection + (pushed.isEmpty() ? "" : " pushed=" + pushed);
  }

  @Override
  public Batch toBatch() {
    return this;
  }

  @Override
  public CustomMetric[] supportedCustomMetrics() {
    return ZarrMetrics.all();
  }

  @Override
  public CustomTaskMetric[] reportDriverMetrics() {
    planInputPartitions();
    List<CustomTaskMetric> out = new ArrayList<>(List.of(ZarrMetrics.taskMetricZeros()));
    out.add(ZarrMetrics.value(ZarrMetrics.CHUNKS_PLANNED, planned - pruned));
    out.add(ZarrMetrics.value(ZarrMetrics.CHUNKS_PRUNED, pruned));
    return out.toArray(new CustomTaskMetric[0]);
  }

  /** The data variables this scan reads (columns asked for that are not dims). */
  List<String> readVariables() {
    List<String> out = new ArrayList<>();
    for (StructField f : required.fields()) if (!layout.isDim(f.name())) out.add(f.name());
    return out;
  }

  @Override
  public Statistics estimateStatistics() {
    long rows = 1;
    for (String d : layout.dims) rows *= selection.count(d);
    long rowBytes = 0;
    for (StructField f : required.fields()) rowBytes += f.dataType().defaultSize();
    final long r = rows;
    final long b = rows * Math.max(1, rowBytes);
    return new Statistics() {
      @Override public OptionalLong sizeInBytes() { return OptionalLong.of(b); }
      @Override public OptionalLong numRows() { return OptionalLong.of(r); }
    };
  }

  @Override
  public synchronized InputPartition[] planInputPartitions() {
    if (partitions != null) return partitions;
    List<String> dims = layout.dims;
    int nd = dims.size();
    long[][] bounds = new long[nd][];
    for (int d = 0; d < nd; d++) {
      Variable v = gridVariable(dims.get(d));
      bounds[d] = v.chunkBoundaries(v.axis(dims.get(d)));
    }
    // per dim: the intervals the selection touches, and the selected indices inside each
    int[][] kept = new int[nd][];
    int[][][] keptSel = new int[nd][][];
    planned = 1;
    long cells = 1;
    for (int d = 0; d < nd; d++) {
      String dim = dims.get(d);
      List<Integer> k = new ArrayList<>();
      List<int[]> s = new ArrayList<>();
      for (int i = 0; i + 1 < bounds[d].length; i++) {
        if (selection.intersects(dim, bounds[d][i], bounds[d][i + 1])) {
          k.add(i);
          s.add(selection.localIndices(dim, bounds[d][i], bounds[d][i + 1]));
        }
      }
      kept[d] = k.stream().mapToInt(Integer::intValue).toArray();
      keptSel[d] = s.toArray(new int[0][]);
      planned *= bounds[d].length - 1;
      cells *= kept[d].length;
    }
    pruned = planned - cells;
    List<String> vars = readVariables();
    // A variable that lacks a table dim (a single-level variable beside pressure levels, a static
    // mask) has the same box in every cell along it: those cells come one after the other, in one
    // partition where the budget allows, so that the reader decodes the box once for all of them.
    int[] order = cellOrder(vars);
    boolean[][] lacks = new boolean[vars.size()][nd];
    for (int i = 0; i < vars.size(); i++) {
      for (int d = 0; d < nd; d++) lacks[i][d] = ds.variable(vars.get(i)).axis(dims.get(d)) < 0;
    }
    int groupFrom = groupStart(order, kept, vars, lacks);
    boolean[] reusable = new boolean[vars.size()]; // the dims it lacks all come after those it has
    for (int i = 0; i < vars.size(); i++) {
      int lastHad = -1;
      int firstLacked = nd;
      for (int k = 0; k < nd; k++) {
        if (lacks[i][order[k]]) firstLacked = Math.min(firstLacked, k);
        else lastHad = k;
      }
      reusable[i] = firstLacked < nd && lastHad < firstLacked;
    }
    Walk w = new Walk(bounds, kept, keptSel, order, groupFrom, vars, lacks, reusable);
    // a first walk only counts the greedy cut and the bytes (no cells kept): whether the read is
    // spread decides which cut the second walk builds, so the driver holds one plan's cells only.
    // A cut by chunksPerPartition is never spread: no count is needed, the one walk builds it.
    boolean maySpread = options.chunksPerPartition <= 0;
    long[] greedy = cells > 0 && maySpread ? cut(w, 0, 0, null) : new long[] {0, 0};
    int n = (int) greedy[0];
    int target = n;
    if (maySpread && n > 1) {
      // A read of more than one partition: as many partitions as a whole number of rounds of the
      // task slots, of even size. 9 tasks of 32 chunks on 2 cores leave one core idle while the
      // last runs; 10 of 26 keep both busy to the end (Spark's file sources size splits by the
      // bytes per core for the same reason).
      // Never below minPartitionBytes a task, as Spark's file sources: on a cluster of many
      // slots a read of two tasks must not become one tiny task per chunk.
      int slots = defaultParallelism();
      long bySize = Math.max(n, greedy[1] / Math.max(1, options.minPartitionBytes));
      target = (int) Math.min(Math.min(Integer.MAX_VALUE, bySize), ((long) n + slots - 1) / slots * slots);
    }
    List<InputPartition> parts = new ArrayList<>();
    if (target != n) {
      cut(w, target, greedy[1], parts);
      if (parts.size() <= n) parts.clear(); // the even cut gained no task (groups that stay whole): greedy it is
    }
    if (parts.isEmpty() && cells > 0) cut(w, 0, 0, parts);
    partitions = parts.toArray(new InputPartition[0]);
    return partitions;
  }

  /** What a walk over the cells needs: the grid, the cells kept, their order and grouping. */
  private record Walk(long[][] bounds, int[][] kept, int[][][] keptSel, int[] order, int groupFrom, List<String> vars,
      boolean[][] lacks, boolean[] reusable) {}

  /**
   * Walks the kept cells in order and cuts them into partitions: greedily ({@code target} 0: a
   * partition ends before the cell that would pass the budget), or into about {@code target}
   * partitions of even bytes (a partition ends before the cell whose middle passes the next
   * k * total / target bytes). Either cut only where a partition may start: a group of cells
   * sharing a broadcast box stays whole. With {@code out} null it keeps nothing and only counts.
   *
   * @return the number of partitions and the cells' bytes
   */
  private long[] cut(Walk w, int target, long total, List<InputPartition> out) {
    int nd = w.kept.length;
    long cellBudget = options.chunksPerPartition > 0 ? options.chunksPerPartition : Long.MAX_VALUE;
    List<CellBox> current = new ArrayList<>();
    long currentCells = 0;
    long currentBytes = 0;
    long count = 0;
    long before = 0; // bytes of the cells before this one
    long k = 1;
    int[] pos = new int[nd];
    CellBox cell = null;
    while (true) {
      // a counting walk keeps no cell: one box, refilled, serves them all
      if (out != null || cell == null) cell = new CellBox(new long[nd], new int[nd], new int[nd][]);
      for (int d = 0; d < nd; d++) {
        int iv = w.kept[d][pos[d]];
        cell.lo[d] = w.bounds[d][iv];
        cell.count[d] = (int) (w.bounds[d][iv + 1] - w.bounds[d][iv]);
        cell.sel[d] = w.keptSel[d][pos[d]];
      }
      boolean groupStarts = true; // a cut only between groups of cells that share broadcast boxes
      for (int g = w.groupFrom; g < nd; g++) groupStarts &= pos[w.order[g]] == 0;
      // a cell's bytes as a run from the first cell counts them (boxes read again at a later
      // partition's start not counted): the even marks of every cut lie on the same scale
      long bytes = cellBytes(cell, w.vars, w.lacks, w.reusable, pos, count == 0 && currentCells == 0);
      boolean cut;
      if (target > 0) {
        cut = currentCells > 0 && groupStarts && before + bytes / 2.0 > k * (double) total / target;
      } else {
        cut = currentCells > 0 && groupStarts && (currentCells >= cellBudget
            || (options.chunksPerPartition <= 0 && currentBytes + bytes > options.partitionBytes));
      }
      if (cut) {
        count++;
        if (out != null) {
          out.add(partition(out.size(), current));
          current = new ArrayList<>();
        }
        currentCells = 0;
        if (target > 0) {
          while (before + bytes / 2.0 > k * (double) total / target) k++;
        } else {
          currentBytes = cellBytes(cell, w.vars, w.lacks, w.reusable, pos, true);
        }
      } else {
        currentBytes += bytes;
      }
      if (out != null) current.add(cell);
      currentCells++;
      before += bytes;
      int g = nd - 1;
      while (g >= 0) {
        int d = w.order[g];
        if (++pos[d] < w.kept[d].length) break;
        pos[d] = 0;
        g--;
      }
      if (g < 0) break;
    }
    if (currentCells > 0) {
      count++;
      if (out != null) out.add(partition(out.size(), current));
    }
    return new long[] {count, before};
  }

  /** The task slots of the active session (local[N]: N; a cluster: its cores), 1 without a session. */
  private static int defaultParallelism() {
    scala.Option<org.apache.spark.sql.SparkSession> s = org.apache.spark.sql.SparkSession.getActiveSession();
    if (s.isEmpty()) s = org.apache.spark.sql.SparkSession.getDefaultSession();
    return s.isDefined() ? Math.max(1, s.get().sparkContext().defaultParallelism()) : 1;
  }

  /** The variable whose chunking sets the grid along a dim: the primary one if it has the dim. */
  private Variable gridVariable(String dim) {
    Variable p = ds.variable(layout.primary);
    if (p.axis(dim) >= 0) return p;
    for (String n : layout.variables) {
      Variable v = ds.variable(n);
      if (v.axis(dim) >= 0) return v;
    }
    return ds.variable(dim);
  }

  /**
   * The order cells are enumerated in, outermost dim first: the table's order, except that dims
   * some read variables lack go innermost, those lacked by more variables further in, so that
   * the cells sharing a variable's box follow one another.
   */
  private int[] cellOrder(List<String> vars) {
    List<String> dims = layout.dims;
    int[] lacking = new int[dims.size()];
    for (String n : vars) {
      for (int d = 0; d < dims.size(); d++) if (ds.variable(n).axis(dims.get(d)) < 0) lacking[d]++;
    }
    return java.util.stream.IntStream.range(0, dims.size()).boxed()
        .sorted(java.util.Comparator.comparingInt(d -> lacking[d])).mapToInt(Integer::intValue).toArray();
  }

  /**
   * Where, in {@code order}, the innermost dims begin along which partitions are not cut: the
   * dims some variable lacks, from the innermost out, as long as the cells they span fit one
   * partition's budget (a static mask's box, repeated over the whole table, is read again in
   * each partition rather than making one partition of everything).
   */
  private int groupStart(int[] order, int[][] kept, List<String> vars, boolean[][] lacks) {
    int nd = order.length;
    long cellBytes = 8;
    for (String n : vars) cellBytes += (long) ds.variable(n).metadata().chunkElements() * ValueType.of(ds.variable(n)).bytes();
    int from = nd;
    long group = 1;
    for (int k = nd - 1; k >= 0; k--) {
      int d = order[k];
      boolean lacked = false;
      for (boolean[] l : lacks) lacked |= l[d];
      if (!lacked) break;
      group *= Math.max(1, kept[d].length);
      boolean fits = options.chunksPerPartition > 0 ? group <= options.chunksPerPartition
          : group * cellBytes <= options.partitionBytes;
      if (!fits) break;
      from = k;
    }
    return from;
  }

  /**
   * Decoded bytes a cell reads (its rows when it reads no array). A variable whose box the
   * previous cell of the partition read already ({@code reusable}: the dims it lacks are
   * innermost in the enumeration, and the cell is not at the start of its box's run) counts 0:
   * the reader reuses what it decoded.
   */
  private long cellBytes(CellBox c, List<String> vars, boolean[][] lacks, boolean[] reusable, int[] pos, boolean partitionStart) {
    long total = 0;
    for (int i = 0; i < vars.size(); i++) {
      boolean again = false;
      if (reusable[i] && !partitionStart) for (int d = 0; d < pos.length; d++) again |= lacks[i][d] && pos[d] != 0;
      if (again) continue;
      Variable v = ds.variable(vars.get(i));
      long e = ValueType.of(v).bytes();
      for (String dim : v.dims()) e *= c.count[layout.dims.indexOf(dim)];
      total += e;
    }
    return total == 0 ? c.rows() * 8 : total;
  }

  private ZarrInputPartition partition(int index, List<CellBox> cells) {
    int nd = layout.dims.size();
    ZarrInputPartition.CoordSlice[] coords = new ZarrInputPartition.CoordSlice[nd];
    for (int d = 0; d < nd; d++) {
      String dim = layout.dims.get(d);
      if (required.getFieldIndex(dim).isEmpty()) continue; // column not read
      long lo = Long.MAX_VALUE;
      long hi = Long.MIN_VALUE;
      for (CellBox c : cells) {
        lo = Math.min(lo, c.lo[d]);
        hi = Math.max(hi, c.lo[d] + c.count[d]);
      }
      boolean time = ds.isCoordinate(dim) && ds.variable(dim).isTime();
      String[] labels = ds.coordinateLabels(dim);
      if (labels != null) {
        coords[d] = new ZarrInputPartition.CoordSlice(lo, null, null, Arrays.copyOfRange(labels, (int) lo, (int) hi));
      } else if (time) {
        coords[d] = new ZarrInputPartition.CoordSlice(lo, null, Arrays.copyOfRange(ds.timeValues(dim), (int) lo, (int) hi));
      } else {
        coords[d] = new ZarrInputPartition.CoordSlice(lo, Arrays.copyOfRange(ds.coordinateValues(dim), (int) lo, (int) hi), null);
      }
    }
    return new ZarrInputPartition(index, List.copyOf(cells), coords);
  }

  @Override
  public PartitionReaderFactory createReaderFactory() {
    return new ZarrReaderFactory(ds, layout, required, options.batchRows);
  }

  long chunksPlanned() {
    planInputPartitions();
    return planned - pruned;
  }

  long chunksPruned() {
    planInputPartitions();
    return pruned;
  }
}
