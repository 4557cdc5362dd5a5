package org.spangeo.zarr.datasource;

import java.io.IOException;
import java.io.Serializable;
import java.util.Arrays;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.write.DataWriter;
import org.apache.spark.sql.connector.write.DataWriterFactory;
import org.apache.spark.sql.connector.write.WriterCommitMessage;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.spangeo.zarr.store.HadoopConf;

/** A write task: collects its rows as columns and stores them as one fragment at commit. */
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

  static final class Factory implements DataWriterFactory, Serializable {
    private static final long serialVersionUID = 1L;
    final WriteLayout layout;
    final String dir;
    final HadoopConf conf;

    Factory(WriteLayout layout, String dir, HadoopConf conf) {
      this.layout = layout;
      this.dir = dir;
      this.conf = conf;
    }

    @Override
    public DataWriter<InternalRow> createWriter(int partitionId, long taskId) {
      return new FragmentWriter(this, partitionId, taskId);
    }
  }

  private final Factory f;
  private final int partitionId;
  private final long taskId;
  private int rows;
  private long[][] dl;
  private double[][] dd;
  private double[][] v;

  FragmentWriter(Factory f, int partitionId, long taskId) {
    this.f = f;
    this.partitionId = partitionId;
    this.taskId = taskId;
    int nd = f.layout.dims.length;
    dl = new long[nd][];
    dd = new double[nd][];
    for (int d = 0; d < nd; d++) {
      if (f.layout.dimIsTime[d]) dl[d] = new long[1024];
      else dd[d] = new double[1024];
    }
    v = new double[f.layout.vars.length][1024];
  }

  @Override
  public void write(InternalRow row) {
    if (v.length > 0 && rows == v[0].length) grow();
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

  private void grow() {
    int n = Math.max(1024, rows * 2);
    for (int d = 0; d < dl.length; d++) {
      if (dl[d] != null) dl[d] = Arrays.copyOf(dl[d], n);
      else dd[d] = Arrays.copyOf(dd[d], n);
    }
    for (int k = 0; k < v.length; k++) v[k] = Arrays.copyOf(v[k], n);
  }

  @Override
  public WriterCommitMessage commit() throws IOException {
    int nd = dl.length;
    long[][] dlt = new long[nd][];
    double[][] ddt = new double[nd][];
    long[][] distinctL = new long[nd][];
    double[][] distinctD = new double[nd][];
    for (int d = 0; d < nd; d++) {
      if (dl[d] != null) {
        dlt[d] = Arrays.copyOf(dl[d], rows);
        distinctL[d] = Arrays.stream(dlt[d]).distinct().sorted().toArray();
      } else {
        ddt[d] = Arrays.copyOf(dd[d], rows);
        distinctD[d] = Arrays.stream(ddt[d]).distinct().sorted().toArray();
      }
    }
    double[][] vt = new double[v.length][];
    for (int k = 0; k < v.length; k++) vt[k] = Arrays.copyOf(v[k], rows);
    Path p = new Path(f.dir, "part-" + partitionId + "-" + taskId + ".frag");
    FileSystem fs = p.getFileSystem(f.conf.get());
    new Fragment(rows, dlt, ddt, vt).write(fs, p);
    return new Committed(p.toString(), rows, distinctL, distinctD);
  }

  @Override
  public void abort() {
    // nothing was stored: a fragment is written only at commit
  }

  @Override
  public void close() {
    dl = null;
    dd = null;
    v = null;
  }
}
