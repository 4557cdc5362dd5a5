package org.spangeo.zarr.datasource;

import java.util.List;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.execution.vectorized.OnHeapColumnVector;
import org.apache.spark.sql.execution.vectorized.WritableColumnVector;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.spangeo.zarr.ZarrException;
import org.spangeo.zarr.array.RawChunk;
import org.spangeo.zarr.array.ReadStats;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.dataset.ValueType;
import org.spangeo.zarr.dataset.Values;
import org.spangeo.zarr.dataset.Variable;

/**
 * Reads one partition: for each chunk cell, each requested variable's box is read and decoded
 * once, and the selected cells are laid out as rows in C order of the table dims. When the
 * cell is read whole and the variable spans the table dims in order, values go into the column
 * with one bulk copy (straight from the chunk bytes for little-endian floats without CF
 * decoding); otherwise through one precomputed index map per cell.
 */
final class ZarrColumnarReader implements PartitionReader<ColumnarBatch> {
  private final Dataset ds;
  private final TableLayout layout;
  private final ZarrInputPartition part;
  private final StructField[] fields;
  private final int[] dimOf; // per column: table dim index, or -1 for a variable
  private final Variable[] vars; // per column: the variable, or null for a dim
  private final ValueType[] types;
  private final OnHeapColumnVector[] vectors;
  private final ColumnarBatch batch;
  private final ReadStats stats = new ReadStats();
  private int next;

  ZarrColumnarReader(Dataset ds, TableLayout layout, StructType required, ZarrInputPartition part) {
    this.ds = ds;
    this.layout = layout;
    this.part = part;
    this.fields = required.fields();
    int n = fields.length;
    dimOf = new int[n];
    vars = new Variable[n];
    types = new ValueType[n];
    int capacity = 1;
    for (CellBox c : part.cells) capacity = (int) Math.max(capacity, c.rows());
    vectors = new OnHeapColumnVector[n];
    for (int i = 0; i < n; i++) {
      String name = fields[i].name();
      dimOf[i] = layout.dims.indexOf(name);
      if (dimOf[i] < 0) {
        vars[i] = ds.variable(name);
        types[i] = ValueType.of(vars[i]);
      } else {
        types[i] = ds.isCoordinate(name) ? ValueType.of(ds.variable(name)) : ValueType.INT;
      }
      vectors[i] = new OnHeapColumnVector(capacity, fields[i].dataType());
    }
    batch = new ColumnarBatch(vectors.clone());
  }

  @Override
  public boolean next() {
    if (next >= part.cells.size()) return false;
    CellBox cell = part.cells.get(next++);
    int rows = (int) cell.rows();
    for (int i = 0; i < fields.length; i++) {
      vectors[i].reset();
      vectors[i].reserve(rows);
      if (dimOf[i] >= 0) fillDim(vectors[i], types[i], dimOf[i], cell);
      else fillVariable(vectors[i], vars[i], types[i], cell, rows);
    }
    batch.setNumRows(rows);
    return true;
  }

  @Override
  public ColumnarBatch get() {
    return batch;
  }

  @Override
  public CustomTaskMetric[] currentMetricsValues() {
    return new CustomTaskMetric[] {
        ZarrMetrics.value(ZarrMetrics.CHUNKS_READ, stats.chunksRead),
        ZarrMetrics.value(ZarrMetrics.CHUNKS_MISSING, stats.chunksMissing),
        ZarrMetrics.value(ZarrMetrics.STORED_BYTES, stats.storedBytes),
        ZarrMetrics.value(ZarrMetrics.DECODED_BYTES, stats.decodedBytes),
        ZarrMetrics.value(ZarrMetrics.DECODE_MS, stats.decodeNanos / 1_000_000),
        ZarrMetrics.value(ZarrMetrics.READ_MS, stats.readNanos / 1_000_000)};
  }

  @Override
  public void close() {
    batch.close();
  }

  ReadStats stats() {
    return stats;
  }

  // ---- dimension columns: each value repeated over the rows of the dims after it

  private void fillDim(WritableColumnVector vec, ValueType t, int d, CellBox c) {
    ZarrInputPartition.CoordSlice slice = part.coords[d];
    int n = c.selected(d);
    long outer = 1;
    long inner = 1;
    for (int k = 0; k < d; k++) outer *= c.selected(k);
    for (int k = d + 1; k < c.lo.length; k++) inner *= c.selected(k);
    int[] sel = c.sel[d];
    int base = (int) (c.lo[d] - slice.start);
    int row = 0;
    switch (t) {
      case TIMESTAMP:
      case LONG: {
        long[] v = new long[n];
        for (int j = 0; j < n; j++) {
          int g = base + (sel == null ? j : sel[j]);
          v[j] = slice.micros != null ? slice.micros[g] : (long) slice.values[g];
        }
        if (inner == 1) for (long o = 0; o < outer; o++, row += n) vec.putLongs(row, n, v, 0);
        else for (long o = 0; o < outer; o++) for (int j = 0; j < n; j++, row += inner) vec.putLongs(row, (int) inner, v[j]);
        break;
      }
      case FLOAT: {
        float[] v = new float[n];
        for (int j = 0; j < n; j++) v[j] = (float) slice.values[base + (sel == null ? j : sel[j])];
        if (inner == 1) for (long o = 0; o < outer; o++, row += n) vec.putFloats(row, n, v, 0);
        else for (long o = 0; o < outer; o++) for (int j = 0; j < n; j++, row += inner) vec.putFloats(row, (int) inner, v[j]);
        break;
      }
      case DOUBLE: {
        double[] v = new double[n];
        for (int j = 0; j < n; j++) v[j] = slice.values[base + (sel == null ? j : sel[j])];
        if (inner == 1) for (long o = 0; o < outer; o++, row += n) vec.putDoubles(row, n, v, 0);
        else for (long o = 0; o < outer; o++) for (int j = 0; j < n; j++, row += inner) vec.putDoubles(row, (int) inner, v[j]);
        break;
      }
      case INT: {
        int[] v = new int[n];
        for (int j = 0; j < n; j++) v[j] = (int) slice.values[base + (sel == null ? j : sel[j])];
        if (inner == 1) for (long o = 0; o < outer; o++, row += n) vec.putInts(row, n, v, 0);
        else for (long o = 0; o < outer; o++) for (int j = 0; j < n; j++, row += inner) vec.putInts(row, (int) inner, v[j]);
        break;
      }
      case SHORT: {
        short[] v = new short[n];
        for (int j = 0; j < n; j++) v[j] = (short) slice.values[base + (sel == null ? j : sel[j])];
        if (inner == 1) for (long o = 0; o < outer; o++, row += n) vec.putShorts(row, n, v, 0);
        else for (long o = 0; o < outer; o++) for (int j = 0; j < n; j++, row += inner) vec.putShorts(row, (int) inner, v[j]);
        break;
      }
      case BYTE: {
        for (long o = 0; o < outer; o++) {
          for (int j = 0; j < n; j++, row += inner) {
            vec.putBytes(row, (int) inner, (byte) slice.values[base + (sel == null ? j : sel[j])]);
          }
        }
        break;
      }
      default:
        throw new ZarrException("dim '" + layout.dims.get(d) + "' has a coordinate of type " + t + " that cannot be a column");
    }
  }

  // ---- variable columns

  private void fillVariable(WritableColumnVector vec, Variable v, ValueType t, CellBox c, int rows) {
    int rank = v.rank();
    long[] start = new long[rank];
    int[] count = new int[rank];
    boolean identity = v.dims().equals(layout.dims);
    for (int a = 0; a < rank; a++) {
      int d = layout.dims.indexOf(v.dims().get(a));
      start[a] = c.lo[d];
      count[a] = c.count[d];
    }
    for (int d = 0; d < c.lo.length; d++) identity &= c.sel[d] == null;
    RawChunk raw = v.read(start, count, stats);
    if (identity && v.decoding().isIdentity() && !raw.dtype().isBigEndian()) {
      if (t == ValueType.FLOAT && raw.dtype().isFloat() && raw.dtype().size() == 4) {
        vec.putFloatsLittleEndian(0, rows, raw.bytes(), 0);
        return;
      }
      if (t == ValueType.DOUBLE && raw.dtype().isFloat() && raw.dtype().size() == 8) {
        vec.putDoublesLittleEndian(0, rows, raw.bytes(), 0);
        return;
      }
    }
    Object vals = Values.decode(raw, v);
    int[] map = identity ? null : indexMap(v, c, count, rows);
    put(vec, t, vals, map, rows);
  }

  /** For each row of the cell, the offset of its value in the variable's box (C order). */
  private int[] indexMap(Variable v, CellBox c, int[] boxCount, int rows) {
    int nd = c.lo.length;
    int[] stride = new int[nd];
    int s = 1;
    for (int a = v.rank() - 1; a >= 0; a--) {
      stride[layout.dims.indexOf(v.dims().get(a))] = s;
      s *= boxCount[a];
    }
    for (int d = 0; d < nd; d++) {
      if (v.axis(layout.dims.get(d)) < 0) stride[d] = 0; // broadcast along a dim the variable lacks
    }
    int[][] idx = new int[nd][];
    for (int d = 0; d < nd; d++) {
      idx[d] = c.sel[d];
      if (idx[d] == null) {
        idx[d] = new int[c.count[d]];
        for (int j = 0; j < idx[d].length; j++) idx[d][j] = j;
      }
    }
    int[] map = new int[rows];
    if (nd == 0) return map;
    int last = nd - 1;
    int[] pos = new int[nd];
    int r = 0;
    int[] li = idx[last];
    int sl = stride[last];
    while (r < rows) {
      int base = 0;
      for (int d = 0; d < last; d++) base += idx[d][pos[d]] * stride[d];
      for (int j = 0; j < li.length; j++) map[r++] = base + li[j] * sl;
      int d = last - 1;
      while (d >= 0) {
        if (++pos[d] < idx[d].length) break;
        pos[d] = 0;
        d--;
      }
      if (d < 0) break;
    }
    return map;
  }

  private static void put(WritableColumnVector vec, ValueType t, Object vals, int[] map, int rows) {
    switch (t) {
      case FLOAT: {
        float[] a = (float[]) vals;
        if (map == null) {
          vec.putFloats(0, rows, a, 0);
        } else {
          float[] o = new float[rows];
          for (int r = 0; r < rows; r++) o[r] = a[map[r]];
          vec.putFloats(0, rows, o, 0);
        }
        break;
      }
      case DOUBLE: {
        double[] a = (double[]) vals;
        if (map == null) {
          vec.putDoubles(0, rows, a, 0);
        } else {
          double[] o = new double[rows];
          for (int r = 0; r < rows; r++) o[r] = a[map[r]];
          vec.putDoubles(0, rows, o, 0);
        }
        break;
      }
      case LONG:
      case TIMESTAMP: {
        long[] a = (long[]) vals;
        if (map == null) {
          vec.putLongs(0, rows, a, 0);
        } else {
          long[] o = new long[rows];
          for (int r = 0; r < rows; r++) o[r] = a[map[r]];
          vec.putLongs(0, rows, o, 0);
        }
        break;
      }
      case INT: {
        int[] a = (int[]) vals;
        if (map == null) {
          vec.putInts(0, rows, a, 0);
        } else {
          int[] o = new int[rows];
          for (int r = 0; r < rows; r++) o[r] = a[map[r]];
          vec.putInts(0, rows, o, 0);
        }
        break;
      }
      case SHORT: {
        short[] a = (short[]) vals;
        if (map == null) {
          vec.putShorts(0, rows, a, 0);
        } else {
          short[] o = new short[rows];
          for (int r = 0; r < rows; r++) o[r] = a[map[r]];
          vec.putShorts(0, rows, o, 0);
        }
        break;
      }
      case BYTE: {
        byte[] a = (byte[]) vals;
        if (map == null) {
          vec.putBytes(0, rows, a, 0);
        } else {
          byte[] o = new byte[rows];
          for (int r = 0; r < rows; r++) o[r] = a[map[r]];
          vec.putBytes(0, rows, o, 0);
        }
        break;
      }
      case BOOLEAN: {
        boolean[] a = (boolean[]) vals;
        for (int r = 0; r < rows; r++) vec.putBoolean(r, a[map == null ? r : map[r]]);
        break;
      }
      default:
        throw new IllegalStateException(t.toString());
    }
  }

}
