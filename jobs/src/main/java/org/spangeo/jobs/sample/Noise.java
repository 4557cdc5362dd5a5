package org.spangeo.jobs.sample;

/**
 * Seeded hash noise: a value is a pure function of (seed, stream, hour, cell), so a chunk's
 * values do not depend on which task computes it, on partitioning, or on what else is
 * generated. SplitMix64's finaliser mixes the keys; integer arithmetic only, so the bits are the
 * same on every JVM.
 */
final class Noise {
  private Noise() {}

  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** The key of a noise stream (one per use) for a seed. */
  static long stream(long seed, int stream) {
    return mix(mix(seed * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L) ^ (stream * 0xD1B54A32D192ED03L));
  }

  /** The key of one hour of a stream (hours since 1900-01-01, so the same hour has the same noise in any run). */
  static long hour(long stream, long hour) {
    return mix(stream ^ (hour * 0x9E3779B97F4A7C15L));
  }

  /** The key of a grid point, from its coordinates in hundredths of a degree (the same point on any grid). */
  static long cell(double lat, double lon) {
    long a = Math.round(lat * 100);
    long b = Math.round(lon * 100);
    return mix((a << 32) ^ (b & 0xffffffffL) ^ 0x5851F42D4C957F2DL);
  }

  /** Uniform on [0, 1). */
  static double uniform(long hourKey, long cellKey) {
    return (mix(hourKey ^ cellKey) >>> 11) * 0x1.0p-53;
  }

  /** About N(0, 1): the sum of four 16-bit uniforms (Irwin-Hall), scaled; bounded by +-3.46. */
  static double gauss(long hourKey, long cellKey) {
    long h = mix(hourKey ^ cellKey);
    long s = (h & 0xffff) + ((h >>> 16) & 0xffff) + ((h >>> 32) & 0xffff) + (h >>> 48);
    return (s * (1.0 / 65536.0) - 2.0) * 1.7320508075688772;
  }
}
