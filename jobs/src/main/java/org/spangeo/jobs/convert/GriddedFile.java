package org.spangeo.jobs.convert;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * One gridded input file: its dimensions, variables and global attributes, and boxes of its
 * variables' values as stored (no CF decoding).
 *
 * <p>Errors are unchecked and one line, and name the file: {@link IllegalArgumentException}
 * for malformed or unsupported content and bad arguments, {@link java.io.UncheckedIOException}
 * for I/O failures, {@link UnsupportedOperationException} for reading a variable that is not
 * {@link FileVariable#convertible() convertible}.
 *
 * <p>Reads of a NetCDF-3 file may run from several threads at once; reads of a NetCDF-4 file
 * are serialized per file. Open one GriddedFile per task to read files in parallel.
 */
public interface GriddedFile extends AutoCloseable {
  /** The path or URI the file was opened from. */
  String location();

  /** Dimensions in file order; the unlimited (record) dimension with its current length. */
  LinkedHashMap<String, Long> dims();

  /** Every variable, coordinate variables included, in file order. */
  List<FileVariable> variables();

  /**
   * Global attributes: {@link String}; {@link Number} for one value (Byte, Short, Integer, Long,
   * Float, Double; unsigned types widen: ubyte to Short, ushort to Integer, uint to Long, uint64
   * to Long, or BigInteger above 2^63-1); {@code double[]} (float types) or {@code long[]}
   * (integer types; uint64 as its bit pattern) for zero or several values; {@code String[]} for
   * several NetCDF-4 strings.
   */
  Map<String, Object> attributes();

  /** The variable of that name, or null. */
  default FileVariable variable(String name) {
    for (FileVariable v : variables()) {
      if (v.name().equals(name)) return v;
    }
    return null;
  }

  @Override
  void close();

  /**
   * Opens a local path, a {@code file:} URI, or any Hadoop FileSystem URI (hdfs://, s3a://...,
   * with Hadoop's default configuration). The format is detected by the magic bytes: NetCDF-3
   * ({@code CDF\1}, {@code CDF\2}, {@code CDF\5}) or NetCDF-4/HDF5; anything else is refused
   * with an error naming the file.
   */
  static GriddedFile open(String pathOrUri) {
    return FormatDetector.open(pathOrUri, null);
  }

  /** As {@link #open(String)}, with this Hadoop configuration for non-local URIs. */
  static GriddedFile open(String pathOrUri, Configuration conf) {
    return FormatDetector.open(pathOrUri, conf);
  }
}
