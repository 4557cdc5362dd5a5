package org.spangeo.zarr.datasource;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.spangeo.zarr.ZarrException;

/**
 * A segment of the rows one write task received, columnar: per dim a long (times, micros) or
 * double column, per variable a double column (NaN for null). A fragment file holds a task's
 * segments one after the other, so neither its writer nor its reader ever holds more than one
 * segment: a private staging format between the task that writes it and the commit job that
 * turns it into chunks; never seen by users.
 */
final class Fragment {
  static final int MAGIC = 0x53504732; // "SPG2": a header, segments, an empty segment at the end

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

  /** A fragment file being written: segments appended under a temporary name, renamed at {@link #commit}. */
  static final class Output {
    private final FileSystem fs;
    private final Path path;
    private final Path tmp;
    private final DataOutputStream out;

    Output(FileSystem fs, Path path, boolean[] dimIsLong, int vars) throws IOException {
      this.fs = fs;
      this.path = path;
      this.tmp = new Path(path.getParent(), "." + path.getName() + ".tmp");
      this.out = new DataOutputStream(new BufferedOutputStream(fs.create(tmp, true), 1 << 16));
      out.writeInt(MAGIC);
      out.writeInt(dimIsLong.length);
      out.writeInt(vars);
      for (boolean b : dimIsLong) out.writeBoolean(b);
    }

    void write(Fragment f) throws IOException {
      if (f.rows == 0) return;
      out.writeInt(f.rows);
      for (int d = 0; d < f.dimLongs.length; d++) {
        for (int i = 0; i < f.rows; i++) {
          if (f.dimLongs[d] != null) out.writeLong(f.dimLongs[d][i]);
          else out.writeDouble(f.dimDoubles[d][i]);
        }
      }
      for (double[] v : f.vars) for (int i = 0; i < f.rows; i++) out.writeDouble(v[i]);
    }

    void commit() throws IOException {
      out.writeInt(0);
      out.close();
      if (!fs.rename(tmp, path)) {
        fs.delete(path, false);
        if (!fs.rename(tmp, path)) throw new IOException("cannot rename " + tmp + " to " + path);
      }
    }

    void abort() {
      try {
        out.close();
      } catch (IOException ignored) {
        // the temporary name is removed below either way
      }
      try {
        fs.delete(tmp, false);
      } catch (IOException ignored) {
        // best effort: the commit job deletes the fragment folder too
      }
    }
  }

  /** The segments of a fragment file, read one at a time; the file is closed after the last. */
  static Iterator<Fragment> read(FileSystem fs, Path p) throws IOException {
    DataInputStream in = new DataInputStream(new BufferedInputStream(fs.open(p), 1 << 16));
    int nd;
    int nv;
    boolean[] isLong;
    try {
      if (in.readInt() != MAGIC) throw new ZarrException("write fragment " + p + " is corrupt");
      nd = in.readInt();
      nv = in.readInt();
      isLong = new boolean[nd];
      for (int d = 0; d < nd; d++) isLong[d] = in.readBoolean();
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
    return new Iterator<>() {
      private Fragment next = advance();

      private Fragment advance() {
        try {
          int rows = in.readInt();
          if (rows == 0) {
            in.close();
            return null;
          }
          long[][] dl = new long[nd][];
          double[][] dd = new double[nd][];
          for (int d = 0; d < nd; d++) {
            if (isLong[d]) {
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
        } catch (java.io.EOFException e) {
          close();
          throw new ZarrException("write fragment " + p + " ends early (corrupt or half-written)", e);
        } catch (IOException e) {
          close();
          throw new UncheckedIOException("cannot read write fragment " + p + ": " + e.getMessage(), e);
        }
      }

      private void close() {
        try {
          in.close();
        } catch (IOException ignored) {
          // reading failed already; that error is the one reported
        }
      }

      @Override
      public boolean hasNext() {
        return next != null;
      }

      @Override
      public Fragment next() {
        if (next == null) throw new NoSuchElementException();
        Fragment f = next;
        next = advance();
        return f;
      }
    };
  }
}
