package org.spangeo.jobs.convert;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A local file read with FileChannel positioned reads (safe from several threads). */
final class LocalByteSource extends SizedByteSource {
  private final Path path;
  private final FileChannel channel;

  private LocalByteSource(String location, Path path, FileChannel channel, long size) {
    super(location, size);
    this.path = path;
    this.channel = channel;
  }

  static LocalByteSource open(String location, Path path) throws IOException {
    if (Files.isDirectory(path)) throw new IOException(location + ": is a directory, not a file");
    FileChannel ch;
    try {
      ch = FileChannel.open(path, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(location + ": no such file");
    }
    return new LocalByteSource(location, path, ch, ch.size());
  }

  Path path() {
    return path;
  }

  @Override
  public void readFully(long pos, byte[] dst, int off, int len) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(dst, off, len);
    long p = pos;
    while (b.hasRemaining()) {
      int n = channel.read(b, p);
      if (n < 0) {
        throw new EOFException(location + ": unexpected end of file at byte " + p + " (reading " + len
            + " bytes at " + pos + ", file size " + size + ")");
      }
      p += n;
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
