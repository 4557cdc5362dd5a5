package org.spangeo.jobs.convert;

import java.io.IOException;
import java.io.UncheckedIOException;

/** A NetCDF-3 file (CDF-1, CDF-2 or CDF-5) read with positioned reads of its {@link ByteSource}. */
final class NetCdf3File extends ParsedFile {
  private final ByteSource src;
  private final NetCdf3Header header;

  private NetCdf3File(ByteSource src, NetCdf3Header header) {
    this.src = src;
    this.header = header;
    for (NetCdf3Header.Dim d : header.dims) dims.put(d.name(), d.record() ? header.numrecs : d.length());
    for (NetCdf3Header.Var v : header.vars) variables.add(new NetCdf3Variable(src, v));
    attrs.putAll(header.attrs);
  }

  /** Parses the header; the file takes ownership of {@code src}. */
  static NetCdf3File open(ByteSource src) {
    return new NetCdf3File(src, NetCdf3Header.parse(src));
  }

  /** The NetCDF-3 version byte: 1 classic, 2 64-bit offset, 5 64-bit data. */
  int version() {
    return header.version;
  }

  @Override
  public String location() {
    return src.location();
  }

  @Override
  public void close() {
    try {
      src.close();
    } catch (IOException e) {
      throw new UncheckedIOException(FormatDetector.oneLine(e, src.location()), e);
    }
  }

  @Override
  public String toString() {
    return "NetCDF-3 (CDF-" + header.version + ") " + src.location();
  }
}
