package org.spangeo.jobs.convert;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;

/** Picks the reader by magic bytes: NetCDF-3 ("CDF" + 1, 2 or 5) or HDF5 (NetCDF-4). */
final class FormatDetector {
  static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
  /** HDF5 files may start with a user block: the signature is then at 512, 1024, 2048... */
  private static final long MAX_HDF5_SIGNATURE_OFFSET = 1L << 20;

  enum Format { NETCDF3, HDF5 }

  private FormatDetector() {}

  static GriddedFile open(String location, Configuration conf) {
    if (location == null || location.isEmpty()) throw new IllegalArgumentException("no input file given");
    ByteSource src;
    try {
      src = ByteSource.open(location, conf);
    } catch (IOException e) {
      throw new UncheckedIOException(oneLine(e, location), e);
    }
    boolean handedOver = false;
    try {
      Format f = detect(src);
      GriddedFile g = f == Format.NETCDF3 ? NetCdf3File.open(src) : Hdf5NetCdfFile.open(src, conf);
      handedOver = true;
      return g;
    } catch (IOException e) {
      throw new UncheckedIOException(oneLine(e, location), e);
    } finally {
      if (!handedOver) closeQuietly(src);
    }
  }

  static Format detect(ByteSource src) throws IOException {
    String loc = src.location();
    long size = src.size();
    if (size < 4) {
      throw new IllegalArgumentException(loc + ": not a NetCDF file: only " + size + " bytes long");
    }
    byte[] head = new byte[(int) Math.min(8, size)];
    src.readFully(0, head, 0, head.length);
    if (head[0] == 'C' && head[1] == 'D' && head[2] == 'F') {
      if (head[3] == 1 || head[3] == 2 || head[3] == 5) return Format.NETCDF3;
      throw new IllegalArgumentException(loc + ": NetCDF-3 version byte " + (head[3] & 0xff)
          + " is not supported (1 classic, 2 64-bit offset and 5 64-bit data are)");
    }
    byte[] sig = new byte[8];
    for (long off = 0; off + 8 <= size && off <= MAX_HDF5_SIGNATURE_OFFSET; off = off == 0 ? 512 : off * 2) {
      src.readFully(off, sig, 0, 8);
      if (Arrays.equals(sig, HDF5_SIGNATURE)) return Format.HDF5;
    }
    throw new IllegalArgumentException(loc + ": not a NetCDF file: it starts with bytes " + hex(head)
        + ", neither a NetCDF-3 magic (CDF\\1, CDF\\2, CDF\\5) nor an HDF5 signature (NetCDF-4)");
  }

  static String hex(byte[] b) {
    StringBuilder sb = new StringBuilder();
    for (byte x : b) sb.append(String.format("%02x", x & 0xff));
    return sb.toString();
  }

  /** The exception's message on one line, prefixed by the location unless it names it already. */
  static String oneLine(Throwable e, String location) {
    String m = oneLine(e);
    return m.contains(location) ? m : location + ": " + m;
  }

  /** The exception's message on one line (its class name when it has none), without a location prefix. */
  static String oneLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
  }

  /** A name from a file, safe to put in a one-line message: control characters escaped, at most 80 characters. */
  static String quote(String name) {
    StringBuilder sb = new StringBuilder("'");
    for (int i = 0; i < name.length() && i < 80; i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c == 0x7f) sb.append(String.format("\\x%02x", (int) c));
      else sb.append(c);
    }
    if (name.length() > 80) sb.append("...");
    return sb.append('\'').toString();
  }

  static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // already failing; the first error is the one to report
    }
  }
}
