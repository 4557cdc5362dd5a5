package org.spangeo.jobs.convert;

import java.util.List;
import java.util.Map;
import org.spangeo.zarr.array.RawChunk;
import org.spangeo.zarr.metadata.DType;

/** One variable of a {@link GriddedFile}. */
public interface FileVariable {
  String name();

  /** Dimension names, slowest first (C order). */
  List<String> dims();

  /** Current lengths, one per dimension (a copy). */
  long[] shape();

  /**
   * The stored type: kind, size and the byte order as stored (big-endian for NetCDF-3; as the
   * HDF5 datatype says for NetCDF-4; little-endian flag for one-byte types). Null when the
   * variable is not {@link #convertible()}.
   */
  DType dtype();

  /**
   * The variable's attributes (_FillValue, scale_factor, add_offset, units, calendar,
   * long_name...), typed as described at {@link GriddedFile#attributes()}.
   */
  Map<String, Object> attributes();

  /** False for char, string, compound, vlen, enum, opaque... variables, and undecodable filters. */
  boolean convertible();

  /** Why the variable is not convertible; null when it is. */
  String whyNotConvertible();

  /**
   * The box {@code start} .. {@code start + count} in C order, the values in {@link #dtype()}'s
   * byte order. The box must lie within {@link #shape()} and hold at most 2 GiB.
   */
  RawChunk read(long[] start, int[] count);
}
