package org.spangeo.jobs.convert;

import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** A file on any Hadoop FileSystem, read with positioned reads (PositionedReadable). */
final class HadoopByteSource extends SizedByteSource {
  private final FSDataInputStream in;

  private HadoopByteSource(String location, FSDataInputStream in, long size) {
    super(location, size);
    this.in = in;
  }

  static HadoopByteSource open(String location, Configuration conf) throws IOException {
    Path p = new Path(location);
    // FileSystem.get is cached and shared: never close it, only the stream.
    FileSystem fs = p.getFileSystem(conf);
    FileStatus st;
    try {
      st = fs.getFileStatus(p);
    } catch (FileNotFoundException e) {
      throw new FileNotFoundException(location + ": no such file");
    }
    if (st.isDirectory()) throw new IOException(location + ": is a directory, not a file");
    return new HadoopByteSource(location, fs.open(p), st.getLen());
  }

  @Override
  public void readFully(long pos, byte[] dst, int off, int len) throws IOException {
    if (pos < 0 || pos + len > size) {
      throw new EOFException(location + ": reading " + len + " bytes at " + pos + " goes past the end of the file ("
          + size + " bytes)");
    }
    in.readFully(pos, dst, off, len);
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
