package org.spangeo.jobs.convert;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * A read-only SeekableByteChannel over a {@link ByteSource}, so that jHDF can read NetCDF-4
 * files on Hadoop FileSystems in place, without a local copy (jHDF locks around each
 * position-and-read pair).
 */
final class ByteSourceChannel implements SeekableByteChannel {
  private final ByteSource src;
  private long position;
  private boolean open = true;

  ByteSourceChannel(ByteSource src) {
    this.src = src;
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    if (!open) throw new ClosedChannelException();
    long left = src.size() - position;
    if (left <= 0) return dst.hasRemaining() ? -1 : 0;
    int n = (int) Math.min(dst.remaining(), Math.min(left, 1 << 20));
    if (dst.hasArray()) {
      src.readFully(position, dst.array(), dst.arrayOffset() + dst.position(), n);
      dst.position(dst.position() + n);
    } else {
      byte[] b = new byte[n];
      src.readFully(position, b, 0, n);
      dst.put(b);
    }
    position += n;
    return n;
  }

  @Override
  public int write(ByteBuffer src) {
    throw new NonWritableChannelException();
  }

  @Override
  public long position() {
    return position;
  }

  @Override
  public SeekableByteChannel position(long newPosition) {
    if (newPosition < 0) throw new IllegalArgumentException("negative position " + newPosition);
    position = newPosition;
    return this;
  }

  @Override
  public long size() {
    return src.size();
  }

  @Override
  public SeekableByteChannel truncate(long size) {
    throw new NonWritableChannelException();
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public void close() throws IOException {
    open = false;
    src.close();
  }
}
