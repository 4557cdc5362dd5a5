package org.spangeo.zarr.store;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.spangeo.zarr.ZarrException;

/**
 * A store on any Hadoop FileSystem: file://, hdfs://, s3a://, ... Keys are paths below the root.
 * Writes go to a hidden temporary name in the same folder and are renamed into place, so a
 * reader never sees half an object and a retried task rewrites identical bytes. On s3a:// a
 * single PUT gives the same guarantee without the copy a rename costs there.
 */
public final class HadoopStore implements Store {
  private static final long serialVersionUID = 1L;

  private final String root;
  private final HadoopConf conf;
  private transient FileSystem fs;
  private transient Path rootPath;

  public HadoopStore(String root, HadoopConf conf) {
    this.root = stripSlash(root);
    this.conf = conf;
  }

  /** A store on a path or URI, with Hadoop's default configuration. */
  public static HadoopStore open(String root) {
    return new HadoopStore(root, new HadoopConf(new org.apache.hadoop.conf.Configuration()));
  }

  private static String stripSlash(String s) {
    while (s.length() > 1 && s.endsWith("/")) s = s.substring(0, s.length() - 1);
    return s;
  }

  @Override
  public String location() {
    return root;
  }

  private FileSystem fs() {
    if (fs == null) {
      try {
        rootPath = new Path(root);
        URI uri = rootPath.toUri();
        fs = FileSystem.get(uri, conf.get());
        // Local files: skip Hadoop's checksummed wrapper. It writes a hidden .crc file beside
        // every chunk (clutter in the store that other Zarr readers see) and costs several
        // extra file operations per write; Zarr codecs (crc32c in v3) carry their own checks.
        if (fs instanceof org.apache.hadoop.fs.LocalFileSystem) {
          fs = ((org.apache.hadoop.fs.LocalFileSystem) fs).getRawFileSystem();
        }
        rootPath = fs.makeQualified(rootPath);
      } catch (IOException e) {
        throw new ZarrException("store '" + root + "': cannot open its file system: " + e.getMessage(), e);
      }
    }
    return fs;
  }

  private Path path(String key) {
    fs();
    Store.checkKey(key);
    return key.isEmpty() ? rootPath : new Path(rootPath, key);
  }

  @Override
  public byte[] get(String key) {
    if (fs() instanceof org.apache.hadoop.fs.RawLocalFileSystem) {
      Store.checkKey(key);
      return getLocal(localPath(key), key);
    }
    Path p = path(key);
    // No getFileStatus: on HDFS it is a second NameNode call per chunk, on S3A a second HEAD request
    try (FSDataInputStream in = fs.open(p)) {
      return readToEnd(in, key);
    } catch (FileNotFoundException e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("store '" + root + "': cannot read '" + key + "': " + e.getMessage(), e);
    }
  }

  private transient java.nio.file.Path localRoot;

  /** A key's local file, without Hadoop's Path (a URI parse and a normalising regex per chunk). */
  private java.nio.file.Path localPath(String key) {
    if (localRoot == null) localRoot = ((org.apache.hadoop.fs.RawLocalFileSystem) fs).pathToFile(rootPath).toPath();
    return key.isEmpty() ? localRoot : localRoot.resolve(key);
  }

  /** Size of the last object read, the first guess for the next (chunks of one array are alike). */
  private transient int sizeHint = 64 << 10;

  private byte[] readToEnd(java.io.InputStream in, String key) throws IOException {
    // one byte more than the guess: an object of exactly the guessed size ends without a copy
    byte[] buf = new byte[sizeHint + 1];
    int n = 0;
    while (true) {
      if (n == buf.length) {
        if (buf.length >= Integer.MAX_VALUE - 8) {
          throw new ZarrException("store '" + root + "': object '" + key + "' is over 2 GiB");
        }
        buf = java.util.Arrays.copyOf(buf, (int) Math.min(Integer.MAX_VALUE - 8L, 2L * buf.length));
      }
      int r = in.read(buf, n, buf.length - n);
      if (r < 0) break;
      n += r;
    }
    sizeHint = Math.max(1, n);
    return n == buf.length ? buf : java.util.Arrays.copyOf(buf, n);
  }

  /**
   * Local files through java.nio: one open, one size, one read. Hadoop's local open allocates a
   * 64 KiB stream buffer per file and a file status is a second stat: together 3-4 times the
   * cost of decoding a 96 KiB chunk (measured, docs/performance.md).
   */
  private byte[] getLocal(java.nio.file.Path f, String key) {
    try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.READ)) {
      long len = ch.size();
      if (len > Integer.MAX_VALUE - 8) {
        throw new ZarrException("store '" + root + "': object '" + key + "' is " + len + " bytes, over 2 GiB");
      }
      byte[] buf = new byte[(int) len];
      java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(buf);
      while (bb.hasRemaining()) {
        if (ch.read(bb) < 0) throw new java.io.EOFException("the file ended at " + bb.position() + " of " + len + " bytes");
      }
      return buf;
    } catch (java.nio.file.NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      // a folder, or a path through a file, is no object (as Hadoop's open says)
      if (java.nio.file.Files.isDirectory(f) || !java.nio.file.Files.exists(f)) return null;
      throw new UncheckedIOException("store '" + root + "': cannot read '" + key + "': " + e.getMessage(), e);
    }
  }

  @Override
  public byte[] getRange(String key, long offset, int length) {
    Path p = path(key);
    try (FSDataInputStream in = fs().open(p)) {
      long start = offset;
      if (offset < 0) start = fs.getFileStatus(p).getLen() + offset;
      if (start < 0) {
        throw new ZarrException("store '" + root + "': range " + offset + "+" + length + " is outside '" + key + "'");
      }
      byte[] buf = new byte[length];
      in.readFully(start, buf);
      return buf;
    } catch (FileNotFoundException e) {
      return null;
    } catch (java.io.EOFException e) {
      throw new ZarrException("store '" + root + "': object '" + key + "' is shorter than the range "
          + offset + "+" + length + " (truncated?)", e);
    } catch (IOException e) {
      throw new UncheckedIOException("store '" + root + "': cannot read '" + key + "': " + e.getMessage(), e);
    }
  }

  @Override
  public long size(String key) {
    try {
      FileStatus st = fs().getFileStatus(path(key));
      return st.isDirectory() ? 0 : st.getLen();
    } catch (FileNotFoundException e) {
      return -1;
    } catch (IOException e) {
      throw new UncheckedIOException("store '" + root + "': cannot stat '" + key + "': " + e.getMessage(), e);
    }
  }

  /**
   * Bytes of every object under {@code prefix} (the stored size of an array): local folders are
   * walked with java.nio (Hadoop's listing builds a file status and a normalised path per file,
   * most of an inspect of 17,000 chunks); other file systems answer with their content summary.
   */
  public long bytesUnder(String prefix) {
    Path p = path(prefix);
    try {
      if (fs instanceof org.apache.hadoop.fs.RawLocalFileSystem) {
        java.nio.file.Path dir = ((org.apache.hadoop.fs.RawLocalFileSystem) fs).pathToFile(p).toPath();
        long[] total = {0};
        java.nio.file.Files.walkFileTree(dir, new java.nio.file.SimpleFileVisitor<>() {
          @Override
          public java.nio.file.FileVisitResult visitFile(java.nio.file.Path f, java.nio.file.attribute.BasicFileAttributes a) {
            total[0] += a.size();
            return java.nio.file.FileVisitResult.CONTINUE;
          }
        });
        return total[0];
      }
      return fs.getContentSummary(p).getLength();
    } catch (IOException e) {
      throw new UncheckedIOException("store '" + root + "': cannot list '" + prefix + "': " + e.getMessage(), e);
    }
  }

  @Override
  public List<String> listChildren(String prefix) {
    try {
      FileStatus[] st = fs().listStatus(path(prefix));
      List<String> names = new ArrayList<>(st.length);
      for (FileStatus s : st) names.add(s.getPath().getName());
      Collections.sort(names);
      return names;
    } catch (FileNotFoundException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("store '" + root + "': cannot list '" + prefix + "': " + e.getMessage(), e);
    }
  }

  @Override
  public void put(String key, byte[] data) {
    if (fs() instanceof org.apache.hadoop.fs.RawLocalFileSystem) {
      Store.checkKey(key);
      java.nio.file.Path dst = localPath(key);
      try {
        putLocal(dst.resolveSibling("." + dst.getFileName() + "." + UUID.randomUUID() + ".tmp"), dst, data);
      } catch (IOException e) {
        throw new UncheckedIOException("store '" + root + "': cannot write '" + key + "': " + e.getMessage(), e);
      }
      return;
    }
    Path target = path(key);
    Path tmp = new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
    try {
      if ("s3a".equals(fs.getScheme())) {
        putObject(target, data);
        return;
      }
      try (FSDataOutputStream out = fs.create(tmp, true)) {
        out.write(data);
      }
      // Local renames replace the target atomically. HDFS and others refuse to overwrite:
      // then delete and rename again (a reader in between sees the key absent, so the fill
      // value, never a partial object; the retried or rerun write restores it).
      if (!renameOver(tmp, target)) {
        fs.delete(target, false);
        if (!fs.rename(tmp, target)) throw new IOException("rename of " + tmp + " to " + target + " failed");
      }
    } catch (IOException e) {
      try {
        fs.delete(tmp, false);
      } catch (IOException ignored) {
        // best effort; the temporary name is hidden from readers
      }
      throw new UncheckedIOException("store '" + root + "': cannot write '" + key + "': " + e.getMessage(), e);
    }
  }

  /** A rename that reports an existing target as false, as HDFS does, where others throw. */
  private boolean renameOver(Path tmp, Path target) throws IOException {
    try {
      return fs.rename(tmp, target);
    } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
      return false;
    }
  }

  /**
   * S3: one PUT straight to the key. The object becomes visible whole when the stream closes
   * (S3 has no partial objects), while a rename is a copy of every byte and refuses an existing
   * key (rewriting the last chunk on append, overwriting a chunk on a retry). A failed write is
   * aborted so that close() never publishes part of it.
   */
  private void putObject(Path target, byte[] data) throws IOException {
    FSDataOutputStream out = fs.create(target, true);
    try {
      out.write(data);
    } catch (IOException | RuntimeException e) {
      out.abort();
      throw e;
    }
    out.close();
  }

  /**
   * Local files through java.nio: Hadoop's local create sets the file's permission by running
   * {@code chmod} in a new process when its native library is absent (Spark's Hadoop client
   * ships none), a fork and exec per chunk written, which cost the anomaly's 1,095-chunk write
   * seconds of CPU. Same protocol: a hidden temporary name, then an atomic rename over the key.
   */
  private static void putLocal(java.nio.file.Path t, java.nio.file.Path dst, byte[] data) throws IOException {
    try {
      java.nio.file.Files.createDirectories(t.getParent());
      java.nio.file.Files.write(t, data);
      java.nio.file.Files.move(t, dst, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      try {
        java.nio.file.Files.deleteIfExists(t);
      } catch (IOException ignored) {
        // best effort, as below; the first error is the one to report
      }
      throw e;
    }
  }

  @Override
  public void delete(String key) {
    try {
      fs().delete(path(key), true);
    } catch (IOException e) {
      throw new UncheckedIOException("store '" + root + "': cannot delete '" + key + "': " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "HadoopStore(" + root + ")";
  }
}
