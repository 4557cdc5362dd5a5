package org.spangeo.jobs.convert;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.spangeo.zarr.array.RawChunk;
import org.spangeo.zarr.metadata.DType;

/**
 * A NetCDF-3 variable. A box is read run by run from the file (records of a record variable
 * one stride {@code recsize} apart), so only the records and rows it covers are read.
 */
final class NetCdf3Variable implements FileVariable {
  private final ByteSource src;
  private final NetCdf3Header.Var v;
  private final DType dtype;

  NetCdf3Variable(ByteSource src, NetCdf3Header.Var v) {
    this.src = src;
    this.v = v;
    this.dtype = v.type.dtype();
  }

  @Override
  public String name() {
    return v.name;
  }

  @Override
  public List<String> dims() {
    return v.dims;
  }

  @Override
  public long[] shape() {
    return v.shape.clone();
  }

  @Override
  public DType dtype() {
    return dtype;
  }

  @Override
  public Map<String, Object> attributes() {
    return Collections.unmodifiableMap(v.attrs);
  }

  @Override
  public boolean convertible() {
    return dtype != null;
  }

  @Override
  public String whyNotConvertible() {
    return dtype != null ? null : "char variable (NC_CHAR text), not a numeric array";
  }

  /** True for variables along the record (unlimited) dimension. */
  boolean isRecord() {
    return v.record;
  }

  @Override
  public RawChunk read(long[] start, int[] count) {
    String where = src.location() + ": variable " + FormatDetector.quote(v.name);
    if (dtype == null) {
      throw new UnsupportedOperationException(where + " cannot be read as numbers: " + whyNotConvertible());
    }
    byte[] out = new byte[Box.bytes(where, v.shape, start, count, dtype.size())];
    try {
      StridedGather.gather(src, v.begin, v.strides, v.shape, dtype.size(), start, count, out);
    } catch (IOException e) {
      throw new UncheckedIOException(where + ": " + FormatDetector.oneLine(e).replace(src.location() + ": ", ""), e);
    }
    return new RawChunk(dtype, count.clone(), out);
  }

  @Override
  public String toString() {
    return v.name + v.dims + " " + (dtype == null ? "char" : dtype.name());
  }
}
