package org.spangeo.cluster;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/**
 * {@code nonatomic:///path}: local files with an object store's semantics, as s3a had them
 * before S3 became strongly consistent (and as other object stores still have them):
 * <ul>
 *   <li>a file rename is a copy then a delete (each object appears whole, as an S3 server-side
 *       copy does); a folder rename copies its files one by one in listing order (names starting
 *       with '.' first, so .zmetadata before the chunks) and can fail midway;</li>
 *   <li>listing is eventually consistent: about half the files written less than
 *       {@code spangeo.nonatomic.listDelayMillis} ago (default 10 minutes, i.e. during the whole
 *       test; which half is decided by the name's hash, so runs repeat) are missing from
 *       listStatus, while a direct lookup (getFileStatus, open: S3's HEAD and GET) sees them at
 *       once. With the names Zarr uses, .zmetadata and .zarray are listed, .zattrs and chunk
 *       0.0.0 are not.</li>
 * </ul>
 * Deletes are as consistent as the local file system's. Driver-side faults are armed through
 * {@link #failFolderRenameAfter}.
 */
public final class NonAtomicFileSystem extends LocalWrapperFileSystem {
  public static final String SCHEME = "nonatomic";
  private static final AtomicInteger FAIL_AFTER = new AtomicInteger(-1);
  private static final AtomicInteger FILE_RENAMES_LEFT = new AtomicInteger(-1);
  /** Folder renames and the files they copied, for the tests' assertions. */
  public static final AtomicInteger FOLDER_RENAMES = new AtomicInteger();

  @Override
  protected String scheme() {
    return SCHEME;
  }

  /** The next folder rename in this JVM throws after copying {@code files} files (-1: never). */
  public static void failFolderRenameAfter(int files) {
    FAIL_AFTER.set(files);
  }

  /** File renames in this JVM fail after {@code n} more succeed (-1: never), until {@link #disarm}. */
  public static void failFileRenamesAfter(int n) {
    FILE_RENAMES_LEFT.set(n);
  }

  public static void disarm() {
    FAIL_AFTER.set(-1);
    FILE_RENAMES_LEFT.set(-1);
  }

  private long listDelay() {
    return getConf().getLong("spangeo.nonatomic.listDelayMillis", 600_000L);
  }

  @Override
  public FileStatus[] listStatus(Path f) throws IOException {
    long now = System.currentTimeMillis();
    List<FileStatus> visible = new ArrayList<>();
    for (FileStatus s : super.listStatus(f)) {
      boolean lagging = (s.getPath().getName().hashCode() & 1) == 0 && now - s.getModificationTime() < listDelay();
      if (s.isDirectory() || !lagging) visible.add(s);
    }
    visible.sort(Comparator.comparing(s -> s.getPath().getName()));
    return visible.toArray(new FileStatus[0]);
  }

  @Override
  public boolean rename(Path src, Path dst) throws IOException {
    FileStatus s;
    try {
      s = getFileStatus(src);
    } catch (java.io.FileNotFoundException e) {
      return false;
    }
    if (exists(dst)) return false; // s3a refuses to rename onto an existing object or folder too
    if (!s.isDirectory()) {
      if (FILE_RENAMES_LEFT.get() == 0) throw new IOException("injected fault: rename of " + src + " failed");
      FILE_RENAMES_LEFT.updateAndGet(n -> n > 0 ? n - 1 : n);
      copyFile(src, dst);
      delete(src, false);
      return true;
    }
    FOLDER_RENAMES.incrementAndGet();
    int failAfter = FAIL_AFTER.getAndSet(-1);
    int copied = 0;
    List<Path> files = new ArrayList<>();
    collect(src, files); // through the (eventually consistent) listing, as s3a's rename does
    mkdirs(dst);
    for (Path p : files) {
      if (copied == failAfter) throw new IOException("injected fault: rename of " + src + " failed after " + copied + " files");
      String rel = p.toUri().getPath().substring(src.toUri().getPath().length() + 1);
      copyFile(p, new Path(dst, rel));
      copied++;
    }
    for (Path p : files) delete(p, false);
    delete(src, true);
    return true;
  }

  private void collect(Path dir, List<Path> out) throws IOException {
    FileStatus[] st = listStatus(dir);
    Arrays.sort(st, Comparator.comparing(x -> x.getPath().getName()));
    for (FileStatus s : st) {
      if (s.isDirectory()) collect(s.getPath(), out);
      else out.add(s.getPath());
    }
  }

  /** One object copied whole: readers see it absent or complete, never partial. */
  private void copyFile(Path src, Path dst) throws IOException {
    byte[] data;
    try (FSDataInputStream in = open(src, 65536)) {
      data = in.readAllBytes();
    }
    Path tmpLocal = toLocal(new Path(dst.getParent(), ".copy-" + java.util.UUID.randomUUID()));
    local.mkdirs(tmpLocal.getParent());
    try (FSDataOutputStream out = local.create(tmpLocal, true, 65536, (short) 1, 64L << 20, null)) {
      out.write(data);
    }
    Path d = toLocal(dst);
    local.delete(d, false);
    if (!local.rename(tmpLocal, d)) throw new IOException("copy to " + dst + " failed");
  }
}
