package org.spangeo.cluster;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * Local files under another scheme ({@code SCHEME:///abs/path} is {@code file:///abs/path}), so
 * that a test can change one file-system behaviour (faults, non-atomic renames, stale listings)
 * while Spark, the connector and the executors use it through Hadoop's ordinary lookup
 * ({@code fs.SCHEME.impl}). Subclasses override the operations they change.
 */
public abstract class LocalWrapperFileSystem extends FileSystem {
  protected final RawLocalFileSystem local = new RawLocalFileSystem();
  private URI uri;
  private Path workingDir;

  protected abstract String scheme();

  @Override
  public String getScheme() {
    return scheme();
  }

  @Override
  public void initialize(URI name, Configuration conf) throws IOException {
    super.initialize(name, conf);
    local.initialize(URI.create("file:///"), conf);
    uri = URI.create(scheme() + ":///");
    workingDir = new Path(scheme() + ":///");
    setConf(conf);
  }

  @Override
  public URI getUri() {
    return uri;
  }

  protected Path toLocal(Path p) {
    Path q = p.isAbsolute() ? p : new Path(workingDir, p);
    return new Path("file", null, q.toUri().getPath());
  }

  protected Path toMine(Path p) {
    return new Path(scheme(), null, p.toUri().getPath());
  }

  protected FileStatus toMine(FileStatus s) {
    // no permission, owner or group: asking a local status for them forks "ls -ld" (no native library)
    return new FileStatus(s.getLen(), s.isDirectory(), s.getReplication(), s.getBlockSize(), s.getModificationTime(),
        s.getAccessTime(), null, null, null, toMine(s.getPath()));
  }

  @Override
  public FSDataInputStream open(Path f, int bufferSize) throws IOException {
    return local.open(toLocal(f), bufferSize);
  }

  @Override
  public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize, short replication,
      long blockSize, Progressable progress) throws IOException {
    // without the permission: with it, Hadoop (no native library here) forks chmod for every file
    return local.create(toLocal(f), overwrite, bufferSize, replication, blockSize, progress);
  }

  @Override
  public FSDataOutputStream append(Path f, int bufferSize, Progressable progress) throws IOException {
    throw new IOException("append is not supported by " + scheme() + "://");
  }

  @Override
  public boolean rename(Path src, Path dst) throws IOException {
    return local.rename(toLocal(src), toLocal(dst));
  }

  @Override
  public boolean delete(Path f, boolean recursive) throws IOException {
    return local.delete(toLocal(f), recursive);
  }

  @Override
  public FileStatus[] listStatus(Path f) throws IOException {
    FileStatus[] st = local.listStatus(toLocal(f));
    FileStatus[] out = new FileStatus[st.length];
    for (int i = 0; i < st.length; i++) out[i] = toMine(st[i]);
    return out;
  }

  @Override
  public void setWorkingDirectory(Path dir) {
    workingDir = dir;
  }

  @Override
  public Path getWorkingDirectory() {
    return workingDir;
  }

  @Override
  public boolean mkdirs(Path f, FsPermission permission) throws IOException {
    return local.mkdirs(toLocal(f)); // no chmod fork, as in create
  }

  @Override
  public FileStatus getFileStatus(Path f) throws IOException {
    try {
      return toMine(local.getFileStatus(toLocal(f)));
    } catch (FileNotFoundException e) {
      throw new FileNotFoundException(f + " does not exist");
    }
  }
}
