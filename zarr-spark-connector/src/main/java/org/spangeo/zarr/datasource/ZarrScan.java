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
 * {@code partitionBytes} decoded bytes (or {@code chunksPerPartition} cells).
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
    return new CustomTaskMetric[] {ZarrMetrics.value(ZarrMetrics.CHUNKS_PLANNED, planned - pruned),
        ZarrMetrics.value(ZarrMetrics.CHUNKS_PRUNED, pruned)};
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
    long cellBudget = options.chunksPerPartition > 0 ? options.chunksPerPartition : Long.MAX_VALUE;
    List<InputPartition> parts = new ArrayList<>();
    List<CellBox> current = new ArrayList<>();
    long currentBytes = 0;
    if (cells > 0) {
      int[] pos = new int[nd];
      while (true) {
        long[] lo = new long[nd];
        int[] count = new int[nd];
        int[][] sel = new int[nd][];
        for (int d = 0; d < nd; d++) {
          int iv = kept[d][pos[d]];
          lo[d] = bounds[d][iv];
          count[d] = (int) (bounds[d][iv + 1] - bounds[d][iv]);
          sel[d] = keptSel[d][pos[d]];
        }
        CellBox cell = new CellBox(lo, count, sel);
        long bytes = cellBytes(cell, vars);
        if (!current.isEmpty() && (current.size() >= cellBudget
            || (options.chunksPerPartition <= 0 && currentBytes + bytes > options.partitionBytes))) {
          parts.add(partition(parts.size(), current));
          current = new ArrayList<>();
          currentBytes = 0;
        }
        current.add(cell);
        currentBytes += bytes;
        int d = nd - 1;
        while (d >= 0) {
          if (++pos[d] < kept[d].length) break;
          pos[d] = 0;
          d--;
        }
        if (d < 0) break;
      }
    }
    if (!current.isEmpty()) parts.add(partition(parts.size(), current));
    partitions = parts.toArray(new InputPartition[0]);
    return partitions;
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

  /** Decoded bytes a cell reads (its rows when it reads no array). */
  private long cellBytes(CellBox c, List<String> vars) {
    long total = 0;
    for (String n : vars) {
      Variable v = ds.variable(n);
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
      if (time) {
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
