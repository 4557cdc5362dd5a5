package org.spangeo.zarr.datasource;

import java.util.List;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.execution.vectorized.OnHeapColumnVector;
import org.apache.spark.sql.execution.vectorized.WritableColumnVector;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarArray;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.apache.spark.sql.vectorized.ColumnarMap;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;
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
 * cell is read whole and the variable spans the table dims in order, little-endian floats
 * without CF decoding are not copied at all: the batch's column is a read-only view of the
 * decoded chunk bytes ({@link BytesView}); other values go into the column with one bulk copy,
 * or through one precomputed index map per cell. A cell of more than {@code maxRows} rows (a
 * big chunk) is decoded once and handed out in batches of at most {@code maxRows} rows, so the
 * column vectors stay bounded whatever the chunking.
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
  private final BytesView[] views; // per column: the zero-copy view, made when first used
  private final ColumnVector[] columns; // per column: what the current batch holds
  private final ColumnarBatch batch; // over the vectors, reused while no column is a view
  private ColumnarBatch current;
  private final ReadStats stats = new ReadStats();
  private final int maxRows;
  // per column of a variable that lacks a table dim: the box read last and its decoded values,
  // reused by the cells that follow along the dims it lacks (the planner puts them together)
  private final boolean[] broadcast;
  private final long[][] lastStart;
  private final int[][] lastCount;
  private final Object[] lastValues;
  private int next;
  // the cell being handed out: its rows, the next row, and per variable column its decoded values
  private CellBox cell;
  private int cellRows;
  private int cellRow;
  private final byte[][] cellBytes; // a view's or a little-endian copy's decoded chunk bytes
  private final Object[] cellValues; // decoded typed values otherwise
  private final int[][] cellMaps; // their index map (null: rows in order)

  /** Rows of a batch when the caller sets no cap: 1,048,576 (about 4 MB a float column). */
  static final int MAX_ROWS = 1 << 20;

  ZarrColumnarReader(Dataset ds, TableLayout layout, StructType required, ZarrInputPartition part) {
    this(ds, layout, required, part, MAX_ROWS);
  }

  ZarrColumnarReader(Dataset ds, TableLayout layout, StructType required, ZarrInputPartition part, int maxRows) {
    if (maxRows <= 0) throw new IllegalArgumentException("batch rows " + maxRows + " must be positive");
    this.maxRows = maxRows;
    this.ds = ds;
    this.layout = layout;
    this.part = part;
    this.fields = required.fields();
    int n = fields.length;
    dimOf = new int[n];
    vars = new Variable[n];
    types = new ValueType[n];
    int capacity = 1;
    for (CellBox c : part.cells) capacity = (int) Math.max(capacity, Math.min(maxRows, c.rows()));
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
    views = new BytesView[n];
    cellBytes = new byte[n][];
    cellValues = new Object[n];
    cellMaps = new int[n][];
    broadcast = new boolean[n];
    for (int i = 0; i < n; i++) {
      for (String d : layout.dims) broadcast[i] |= vars[i] != null && vars[i].axis(d) < 0;
    }
    lastStart = new long[n][];
    lastCount = new int[n][];
    lastValues = new Object[n];
    columns = new ColumnVector[n];
    batch = new ColumnarBatch(vectors.clone());
    current = batch;
  }

  @Override
  public boolean next() {
    while (cell == null || cellRow >= cellRows) {
      if (next >= part.cells.size()) return false;
      cell = part.cells.get(next++);
      cellRows = (int) cell.rows();
      cellRow = 0;
      for (int i = 0; i < fields.length; i++) if (dimOf[i] < 0) decodeVariable(i, cell, cellRows);
    }
    int from = cellRow;
    int rows = Math.min(maxRows, cellRows - from);
    boolean viewed = false;
    for (int i = 0; i < fields.length; i++) {
      vectors[i].reset();
      columns[i] = vectors[i];
      if (dimOf[i] >= 0) {
        vectors[i].reserve(rows);
        fillDim(vectors[i], types[i], dimOf[i], cell, from, rows);
      } else {
        columns[i] = fillVariable(i, from, rows);
        viewed |= columns[i] != vectors[i];
      }
    }
    cellRow += rows;
    current = viewed ? new ColumnarBatch(columns.clone()) : batch;
    current.setNumRows(rows);
    return true;
  }

  @Override
  public ColumnarBatch get() {
    return current;
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
    batch.close(); // the vectors; views hold nothing to free
  }

  ReadStats stats() {
    return stats;
  }

  // ---- dimension columns: each value repeated over the rows of the dims after it

  /** Rows [from, from + rows) of the cell's C-order rows: dim d's value repeats over the rows of the dims after it. */
  private void fillDim(WritableColumnVector vec, ValueType t, int d, CellBox c, int from, int rows) {
    ZarrInputPartition.CoordSlice slice = part.coords[d];
    int n = c.selected(d);
    long inner = 1;
    for (int k = d + 1; k < c.lo.length; k++) inner *= c.selected(k);
    int[] sel = c.sel[d];
    int base = (int) (c.lo[d] - slice.start);
    Object v;
    switch (t) {
      case STRING: {
        byte[][] a = new byte[n][];
        for (int j = 0; j < n; j++) {
          a[j] = slice.labels[base + (sel == null ? j : sel[j])].getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        v = a;
        break;
      }
      case TIMESTAMP:
      case DURATION:
      case LONG: {
        long[] a = new long[n];
        for (int j = 0; j < n; j++) {
          int g = base + (sel == null ? j : sel[j]);
          a[j] = slice.micros != null ? slice.micros[g] : (long) slice.values[g];
        }
        v = a;
        break;
      }
      case FLOAT: {
        float[] a = new float[n];
        for (int j = 0; j < n; j++) a[j] = (float) slice.values[base + (sel == null ? j : sel[j])];
        v = a;
        break;
      }
      case DOUBLE: {
        double[] a = new double[n];
        for (int j = 0; j < n; j++) a[j] = slice.values[base + (sel == null ? j : sel[j])];
        v = a;
        break;
      }
      case INT: {
        int[] a = new int[n];
        for (int j = 0; j < n; j++) a[j] = (int) slice.values[base + (sel == null ? j : sel[j])];
        v = a;
        break;
      }
      case SHORT: {
        short[] a = new short[n];
        for (int j = 0; j < n; j++) a[j] = (short) slice.values[base + (sel == null ? j : sel[j])];
        v = a;
        break;
      }
      case BYTE: {
        byte[] a = new byte[n];
        for (int j = 0; j < n; j++) a[j] = (byte) slice.values[base + (sel == null ? j : sel[j])];
        v = a;
        break;
      }
      default:
        throw new ZarrException("dim '" + layout.dims.get(d) + "' has a coordinate of type " + t + " that cannot be a column");
    }
    // runs: with inner == 1 consecutive values (a copy), otherwise one value repeated inner times
    long r = from;
    long end = (long) from + rows;
    int row = 0;
    while (r < end) {
      long q = r / inner;
      int j = (int) (q % n);
      if (inner == 1) {
        int span = (int) Math.min(end - r, n - j);
        putValues(vec, v, row, j, span);
        row += span;
        r += span;
      } else {
        int span = (int) (Math.min(end, (q + 1) * inner) - r);
        putRepeated(vec, v, row, j, span);
        row += span;
        r += span;
      }
    }
  }

  private static void putValues(WritableColumnVector vec, Object v, int row, int j, int n) {
    if (v instanceof byte[][]) for (int i = 0; i < n; i++) vec.putByteArray(row + i, ((byte[][]) v)[j + i]);
    else if (v instanceof long[]) vec.putLongs(row, n, (long[]) v, j);
    else if (v instanceof float[]) vec.putFloats(row, n, (float[]) v, j);
    else if (v instanceof double[]) vec.putDoubles(row, n, (double[]) v, j);
    else if (v instanceof int[]) vec.putInts(row, n, (int[]) v, j);
    else if (v instanceof short[]) vec.putShorts(row, n, (short[]) v, j);
    else vec.putBytes(row, n, (byte[]) v, j);
  }

  private static void putRepeated(WritableColumnVector vec, Object v, int row, int j, int n) {
    if (v instanceof byte[][]) for (int i = 0; i < n; i++) vec.putByteArray(row + i, ((byte[][]) v)[j]);
    else if (v instanceof long[]) vec.putLongs(row, n, ((long[]) v)[j]);
    else if (v instanceof float[]) vec.putFloats(row, n, ((float[]) v)[j]);
    else if (v instanceof double[]) vec.putDoubles(row, n, ((double[]) v)[j]);
    else if (v instanceof int[]) vec.putInts(row, n, ((int[]) v)[j]);
    else if (v instanceof short[]) vec.putShorts(row, n, ((short[]) v)[j]);
    else vec.putBytes(row, n, ((byte[]) v)[j]);
  }

  // ---- variable columns

  /**
   * Reads and decodes column {@code col}'s variable for cell {@code c}, once per cell: little-endian
   * floats of a whole cell in table order stay the decoded bytes (a view, or one bulk copy per
   * batch); other values are decoded to a typed array with an index map when the cell is cut.
   */
  private void decodeVariable(int col, CellBox c, int rows) {
    Variable v = vars[col];
    ValueType t = types[col];
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
    if (broadcast[col]) {
      // a single-level variable across levels, a mask across time: decoded once, then reused
      if (lastValues[col] == null || !java.util.Arrays.equals(lastStart[col], start) || !java.util.Arrays.equals(lastCount[col], count)) {
        lastValues[col] = null; // the old values may go before the next box is read
        lastValues[col] = Values.decode(v.read(start, count, stats), v);
        lastStart[col] = start;
        lastCount[col] = count;
      }
      cellBytes[col] = null;
      cellValues[col] = lastValues[col];
      cellMaps[col] = indexMap(v, c, count, rows);
      return;
    }
    cellBytes[col] = null;
    cellValues[col] = null;
    cellMaps[col] = null;
    RawChunk raw = v.read(start, count, stats);
    if (identity && v.decoding().isIdentity() && !raw.dtype().bigEndian() && raw.dtype().isFloat()) {
      int size = raw.dtype().size();
      if ((t == ValueType.FLOAT && size == 4) || (t == ValueType.DOUBLE && size == 8)) {
        cellBytes[col] = raw.bytes();
        return;
      }
    }
    cellValues[col] = Values.decode(raw, v);
    cellMaps[col] = identity ? null : indexMap(v, c, count, rows);
  }

  /** Rows [from, from + rows) of column {@code col} of the current cell; returns the vector the batch should hold. */
  private ColumnVector fillVariable(int col, int from, int rows) {
    OnHeapColumnVector vec = vectors[col];
    byte[] bytes = cellBytes[col];
    if (bytes != null) {
      int size = types[col] == ValueType.FLOAT ? 4 : 8;
      // the decoded chunk is the column: a view of its bytes instead of a copy (a fresh array per read)
      if (BytesView.NATIVE_LITTLE_ENDIAN) {
        if (views[col] == null) views[col] = new BytesView(fields[col].dataType(), size);
        return views[col].wrap(bytes, from);
      }
      vec.reserve(rows);
      if (size == 4) vec.putFloatsLittleEndian(0, rows, bytes, from * 4);
      else vec.putDoublesLittleEndian(0, rows, bytes, from * 8);
      return vec;
    }
    vec.reserve(rows);
    put(vec, types[col], cellValues[col], cellMaps[col], from, rows);
    return vec;
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

  /**
   * A read-only float or double column over decoded little-endian chunk bytes, without a copy.
   * Never null: CF masking (the only source of nulls) takes the copying path. Like the reader's
   * other vectors it is valid until the next batch, when the reader points it at the next chunk;
   * closing it ({@code closeIfFreeable} after each batch) frees nothing.
   */
  static final class BytesView extends ColumnVector {
    static final boolean NATIVE_LITTLE_ENDIAN = java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN;
    private final int size;
    private byte[] bytes;
    private long base; // byte offset of row 0: a batch may start inside the chunk

    BytesView(DataType type, int size) {
      super(type);
      this.size = size;
    }

    /** The view over {@code b} from its element {@code firstRow} on. */
    BytesView wrap(byte[] b, int firstRow) {
      bytes = b;
      base = Platform.BYTE_ARRAY_OFFSET + (long) firstRow * size;
      return this;
    }

    @Override
    public float getFloat(int rowId) {
      return Platform.getFloat(bytes, base + rowId * 4L);
    }

    @Override
    public double getDouble(int rowId) {
      if (size == 4) return getFloat(rowId);
      return Platform.getDouble(bytes, base + rowId * 8L);
    }

    @Override
    public float[] getFloats(int rowId, int count) {
      float[] out = new float[count];
      Platform.copyMemory(bytes, base + rowId * 4L, out, Platform.FLOAT_ARRAY_OFFSET, count * 4L);
      return out;
    }

    @Override
    public double[] getDoubles(int rowId, int count) {
      if (size == 4) return super.getDoubles(rowId, count);
      double[] out = new double[count];
      Platform.copyMemory(bytes, base + rowId * 8L, out, Platform.DOUBLE_ARRAY_OFFSET, count * 8L);
      return out;
    }

    @Override
    public void close() {
      // the bytes are a decoded chunk on the heap, replaced at the next batch
    }

    @Override
    public boolean hasNull() {
      return false;
    }

    @Override
    public int numNulls() {
      return 0;
    }

    @Override
    public boolean isNullAt(int rowId) {
      return false;
    }

    private UnsupportedOperationException unsupported() {
      return new UnsupportedOperationException("a " + type.simpleString() + " column has no such values");
    }

    @Override public boolean getBoolean(int rowId) { throw unsupported(); }
    @Override public byte getByte(int rowId) { throw unsupported(); }
    @Override public short getShort(int rowId) { throw unsupported(); }
    @Override public int getInt(int rowId) { throw unsupported(); }
    @Override public long getLong(int rowId) { throw unsupported(); }
    @Override public ColumnarArray getArray(int rowId) { throw unsupported(); }
    @Override public ColumnarMap getMap(int ordinal) { throw unsupported(); }
    @Override public Decimal getDecimal(int rowId, int precision, int scale) { throw unsupported(); }
    @Override public UTF8String getUTF8String(int rowId) { throw unsupported(); }
    @Override public byte[] getBinary(int rowId) { throw unsupported(); }
    @Override public ColumnVector getChild(int ordinal) { throw unsupported(); }
  }

  /** Rows [from, from + rows) of a cell's decoded values ({@code map}: each row's value index; null: in order). */
  private static void put(WritableColumnVector vec, ValueType t, Object vals, int[] map, int from, int rows) {
    switch (t) {
      case FLOAT: {
        float[] a = (float[]) vals;
        if (map == null) {
          vec.putFloats(0, rows, a, from);
        } else {
          float[] o = new float[rows];
          for (int r = 0; r < rows; r++) o[r] = a[map[from + r]];
          vec.putFloats(0, rows, o, 0);
        }
        break;
      }
      case DOUBLE: {
        double[] a = (double[]) vals;
        if (map == null) {
          vec.putDoubles(0, rows, a, from);
        } else {
          double[] o = new double[rows];
          for (int r = 0; r < rows; r++) o[r] = a[map[from + r]];
          vec.putDoubles(0, rows, o, 0);
        }
        break;
      }
      case LONG:
      case TIMESTAMP:
      case DURATION: {
        long[] a = (long[]) vals;
        if (map == null) {
          vec.putLongs(0, rows, a, from);
        } else {
          long[] o = new long[rows];
          for (int r = 0; r < rows; r++) o[r] = a[map[from + r]];
          vec.putLongs(0, rows, o, 0);
        }
        if (t != ValueType.LONG) {
          // NaT (a raw datetime64's, or a masked time) is SQL NULL, as pandas' NaT becomes null in Spark
          for (int r = 0; r < rows; r++) if (a[map == null ? from + r : map[from + r]] == org.spangeo.zarr.dataset.CfTime.NAT) vec.putNull(r);
        }
        break;
      }
      case INT: {
        int[] a = (int[]) vals;
        if (map == null) {
          vec.putInts(0, rows, a, from);
        } else {
          int[] o = new int[rows];
          for (int r = 0; r < rows; r++) o[r] = a[map[from + r]];
          vec.putInts(0, rows, o, 0);
        }
        break;
      }
      case SHORT: {
        short[] a = (short[]) vals;
        if (map == null) {
          vec.putShorts(0, rows, a, from);
        } else {
          short[] o = new short[rows];
          for (int r = 0; r < rows; r++) o[r] = a[map[from + r]];
          vec.putShorts(0, rows, o, 0);
        }
        break;
      }
      case BYTE: {
        byte[] a = (byte[]) vals;
        if (map == null) {
          vec.putBytes(0, rows, a, from);
        } else {
          byte[] o = new byte[rows];
          for (int r = 0; r < rows; r++) o[r] = a[map[from + r]];
          vec.putBytes(0, rows, o, 0);
        }
        break;
      }
      case BOOLEAN: {
        boolean[] a = (boolean[]) vals;
        for (int r = 0; r < rows; r++) vec.putBoolean(r, a[map == null ? from + r : map[from + r]]);
        break;
      }
      default:
        throw new IllegalStateException(t.toString());
    }
  }
}
