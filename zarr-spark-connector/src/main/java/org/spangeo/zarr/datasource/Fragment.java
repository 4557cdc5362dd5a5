package org.spangeo.zarr.datasource;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.spangeo.zarr.ZarrException;

/**
 * The rows one write task received, columnar: per dim a long (times, micros) or double column,
 * per variable a double column (NaN for null). A private staging format between the task that
 * writes it and the commit job that turns it into chunks; never seen by users.
 */
final class Fragment {
  static final int MAGIC = 0x53504746; // "SPGF"

  final int rows;
  final long[][] dimLongs;
  final double[][] dimDoubles;
  final double[][] vars;

  Fragment(int rows, long[][] dimLongs, double[][] dimDoubles, double[][] vars) {
    this.rows = rows;
    this.dimLongs = dimLongs;
    this.dimDoubles = dimDoubles;
    this.vars = vars;
  }

  void write(FileSystem fs, Path p) throws IOException {
    Path tmp = new Path(p.getParent(), "." + p.getName() + ".tmp");
    try (FSDataOutputStream raw = fs.create(tmp, true);
         DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16))) {
      out.writeInt(MAGIC);
      out.writeInt(rows);
      out.writeInt(dimLongs.length);
      out.writeInt(vars.length);
      for (int d = 0; d < dimLongs.length; d++) {
        out.writeBoolean(dimLongs[d] != null);
        for (int i = 0; i < rows; i++) {
          if (dimLongs[d] != null) out.writeLong(dimLongs[d][i]);
          else out.writeDouble(dimDoubles[d][i]);
        }
      }
      for (double[] v : vars) for (int i = 0; i < rows; i++) out.writeDouble(v[i]);
    }
    if (!fs.rename(tmp, p)) {
      fs.delete(p, false);
      if (!fs.rename(tmp, p)) throw new IOException("cannot rename " + tmp + " to " + p);
    }
  }

  static Fragment read(FileSystem fs, Path p) throws IOException {
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(fs.open(p), 1 << 16))) {
      if (in.readInt() != MAGIC) throw new ZarrException("write fragment " + p + " is corrupt");
      int rows = in.readInt();
      int nd = in.readInt();
      int nv = in.readInt();
      long[][] dl = new long[nd][];
      double[][] dd = new double[nd][];
      for (int d = 0; d < nd; d++) {
        if (in.readBoolean()) {
          dl[d] = new long[rows];
          for (int i = 0; i < rows; i++) dl[d][i] = in.readLong();
        } else {
          dd[d] = new double[rows];
          for (int i = 0; i < rows; i++) dd[d][i] = in.readDouble();
        }
      }
      double[][] v = new double[nv][rows];
      for (int k = 0; k < nv; k++) for (int i = 0; i < rows; i++) v[k][i] = in.readDouble();
      return new Fragment(rows, dl, dd, v);
    }
  }
}
