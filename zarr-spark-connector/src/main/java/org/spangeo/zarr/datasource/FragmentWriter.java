package org.spangeo.zarr.datasource;

import java.io.IOException;
import java.io.Serializable;
import java.util.Arrays;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.write.DataWriter;
import org.apache.spark.sql.connector.write.DataWriterFactory;
import org.apache.spark.sql.connector.write.WriterCommitMessage;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.spangeo.zarr.store.HadoopConf;

/**
 * A write task: collects its rows as columns, a segment of at most {@link #SEGMENT_ROWS} rows at a
 * time, and streams each full segment to its fragment file, so a task holds one segment whatever
 * its partition's size. The fragment is renamed into place at commit; it reports the distinct dim
 * values it saw, merged segment by segment.
 */
final class FragmentWriter implements DataWriter<InternalRow> {

  /** What a task reports: its fragment and the distinct values of each dim it saw. */
  static final class Committed implements WriterCommitMessage {
    private static final long serialVersionUID = 1L;
    final String path;
    final long rows;
    final long[][] distinctLongs;
    final double[][] distinctDoubles;

    Committed(String path, long rows, long[][] dl, double[][] dd) {
      this.path = path;
      this.rows = rows;
      this.distinctLongs = dl;
      this.distinctDoubles = dd;
    }
  }

  record Factory(WriteLayout layout, String dir, HadoopConf conf) implements DataWriterFactory, Serializable {
    @Override
    public DataWriter<InternalRow> createWriter(int partitionId, long taskId) {
      return new FragmentWriter(this, partitionId, taskId);
    }
  }

  /** Rows a segment holds: 8 bytes a column each, a few MB for a handful of columns. */
  static final int SEGMENT_ROWS = 1 << 17;

  private final Factory f;
  private final int partitionId;
  private final long taskId;
  private final int capacity;
  private int rows;
  private long total;
  private long[][] dl;
  private double[][] dd;
  private double[][] v;
  private final long[][] distinctL;
  private final double[][] distinctD;
  private Fragment.Output out;
  private Path path;

  FragmentWriter(Factory f, int partitionId, long taskId) {
    this(f, partitionId, taskId, SEGMENT_ROWS);
  }

  FragmentWriter(Factory f, int partitionId, long taskId, int capacity) {
    this.f = f;
    this.partitionId = partitionId;
    this.taskId = taskId;
    this.capacity = capacity;
    int nd = f.layout.dims.length;
    dl = new long[nd][];
    dd = new double[nd][];
    distinctL = new long[nd][];
    distinctD = new double[nd][];
    for (int d = 0; d < nd; d++) {
      if (f.layout.dimIsTime[d]) {
        dl[d] = new long[capacity];
        distinctL[d] = new long[0];
      } else {
        dd[d] = new double[capacity];
        distinctD[d] = new double[0];
      }
    }
    v = new double[f.layout.vars.length][capacity];
  }

  @Override
  public void write(InternalRow row) throws IOException {
    if (rows == capacity) flush();
    WriteLayout l = f.layout;
    for (int d = 0; d < l.dims.length; d++) {
      int o = l.dimOrdinal[d];
      if (row.isNullAt(o)) throw new org.spangeo.zarr.ZarrException("write to zarr: dim column '" + l.dims[d] + "' has a null");
      if (dl[d] != null) dl[d][rows] = row.getLong(o);
      else dd[d][rows] = number(row, o, l.dimType[d]);
    }
    for (int k = 0; k < l.vars.length; k++) {
      int o = l.varOrdinal[k];
      v[k][rows] = row.isNullAt(o) ? Double.NaN : number(row, o, l.varType[k]);
    }
    rows++;
  }

  /** Appends the buffered rows to the fragment as one segment and merges their distinct dim values. */
  private void flush() throws IOException {
    if (rows == 0) return;
    if (out == null) {
      path = new Path(f.dir, "part-" + partitionId + "-" + taskId + ".frag");
      boolean[] isLong = new boolean[dl.length];
      for (int d = 0; d < isLong.length; d++) isLong[d] = dl[d] != null;
      out = new Fragment.Output(path.getFileSystem(f.conf.get()), path, isLong, v.length);
    }
    for (int d = 0; d < dl.length; d++) {
      if (dl[d] != null) distinctL[d] = union(distinctL[d], Arrays.stream(dl[d], 0, rows).distinct().sorted().toArray());
      else distinctD[d] = union(distinctD[d], Arrays.stream(dd[d], 0, rows).distinct().sorted().toArray());
    }
    out.write(new Fragment(rows, dl, dd, v));
    total += rows;
    rows = 0;
  }

  /** The sorted union of two sorted arrays without repeats. */
  static long[] union(long[] a, long[] b) {
    long[] out = new long[a.length + b.length];
    int i = 0;
    int j = 0;
    int n = 0;
    while (i < a.length || j < b.length) {
      long x = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i++] : b[j++];
      if (n == 0 || out[n - 1] != x) out[n++] = x;
    }
    return Arrays.copyOf(out, n);
  }

  static double[] union(double[] a, double[] b) {
    double[] out = new double[a.length + b.length];
    int i = 0;
    int j = 0;
    int n = 0;
    while (i < a.length || j < b.length) {
      double x = j >= b.length || (i < a.length && Double.compare(a[i], b[j]) <= 0) ? a[i++] : b[j++];
      if (n == 0 || Double.compare(out[n - 1], x) != 0) out[n++] = x;
    }
    return Arrays.copyOf(out, n);
  }

  static double number(InternalRow row, int o, DataType t) {
    if (t.equals(DataTypes.FloatType)) return row.getFloat(o);
    if (t.equals(DataTypes.DoubleType)) return row.getDouble(o);
    if (t.equals(DataTypes.IntegerType)) return row.getInt(o);
    if (t.equals(DataTypes.LongType)) return row.getLong(o);
    if (t.equals(DataTypes.ShortType)) return row.getShort(o);
    if (t.equals(DataTypes.ByteType)) return row.getByte(o);
    if (t.equals(DataTypes.BooleanType)) return row.getBoolean(o) ? 1 : 0;
    throw new IllegalStateException(t.toString());
  }

  @Override
  public WriterCommitMessage commit() throws IOException {
    flush();
    if (out == null) return new Committed(null, 0, distinctL, distinctD);
    out.commit();
    out = null;
    return new Committed(path.toString(), total, distinctL, distinctD);
  }

  @Override
  public void abort() {
    if (out != null) out.abort(); // the segments written so far, under their temporary name
    out = null;
  }

  @Override
  public void close() {
    dl = null;
    dd = null;
    v = null;
  }
}
