package org.spangeo.jobs.convert;

/** A {@link ByteSource} that knows its location and size when it is opened. */
abstract class SizedByteSource implements ByteSource {
  final String location;
  final long size;

  SizedByteSource(String location, long size) {
    this.location = location;
    this.size = size;
  }

  @Override
  public String location() {
    return location;
  }

  @Override
  public long size() {
    return size;
  }
}
