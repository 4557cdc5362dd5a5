package org.spangeo.jobs.convert;

/**
 * HDF5's fletcher32 chunk checksum (H5_checksum_fletcher32). jHDF 0.9.4 neither checks nor
 * strips it, so a chunk whose innermost filter is fletcher32 decodes to its data plus 4
 * checksum bytes; {@link Hdf5ChunkReader} verifies and drops them.
 */
final class Fletcher32 {
  private Fletcher32() {}

  static int checksum(byte[] data, int len) {
    long sum1 = 0;
    long sum2 = 0;
    int words = len / 2;
    int i = 0;
    while (words > 0) {
      int t = Math.min(words, 360);
      words -= t;
      for (; t > 0; t--) {
        sum1 += ((data[i] & 0xff) << 8) | (data[i + 1] & 0xff);
        i += 2;
        sum2 += sum1;
      }
      sum1 = (sum1 & 0xffff) + (sum1 >>> 16);
      sum2 = (sum2 & 0xffff) + (sum2 >>> 16);
    }
    if ((len & 1) != 0) {
      sum1 += (data[i] & 0xff) << 8;
      sum2 += sum1;
      sum1 = (sum1 & 0xffff) + (sum1 >>> 16);
      sum2 = (sum2 & 0xffff) + (sum2 >>> 16);
    }
    sum1 = (sum1 & 0xffff) + (sum1 >>> 16);
    sum2 = (sum2 & 0xffff) + (sum2 >>> 16);
    return (int) ((sum2 << 16) | sum1);
  }

  /** True when the 4 bytes after {@code len} hold the checksum of the first {@code len} (either byte order). */
  static boolean matches(byte[] data, int len) {
    int stored = (data[len] & 0xff) | (data[len + 1] & 0xff) << 8 | (data[len + 2] & 0xff) << 16
        | (data[len + 3] & 0xff) << 24;
    int c = checksum(data, len);
    return stored == c || Integer.reverseBytes(stored) == c;
  }
}
