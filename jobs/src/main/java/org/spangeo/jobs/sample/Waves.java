package org.spangeo.jobs.sample;

/**
 * Eastward-travelling waves: phase kx*lon + ky*lat + p - omega*t with omega = kx*c, c > 0 in
 * degrees of longitude a day. Waves 0-2 are synoptic (3,000-6,000 km, 6-11 deg/day; they carry
 * the temperature, pressure and wind disturbances, strongest in the north in winter); waves 3-5
 * are smaller convective disturbances (1,000-2,000 km, 5-10 deg/day; they carry moisture and
 * mid-level cooling, and organise the rain). Phases are drawn from the seed.
 */
final class Waves {
  static final Waves ALL = new Waves(
      new double[] {40, 28, 60, 14, 9, 20},       // wavelength along longitude (deg)
      new double[] {60, -45, 90, 12, -10, 25},    // wavelength along latitude (deg; sign: tilt)
      new double[] {9, 11, 6, 7, 5, 10},          // eastward speed (deg lon/day)
      new double[] {0.6, 0.5, 0.4, 0.5, 0.4, 0.5}); // amplitude
  static final int SYNOPTIC = 3;

  final double[] kx;
  final double[] ky;
  final double[] omega; // radians per day
  final double[] amp;
  final double[] unitX; // kx/|k|, ky/|k|: the wind of a streamfunction wave
  final double[] unitY;

  private Waves(double[] lx, double[] ly, double[] speed, double[] amp) {
    int n = lx.length;
    kx = new double[n];
    ky = new double[n];
    omega = new double[n];
    unitX = new double[n];
    unitY = new double[n];
    this.amp = amp;
    for (int k = 0; k < n; k++) {
      kx[k] = 2 * Math.PI / lx[k];
      ky[k] = 2 * Math.PI / ly[k];
      omega[k] = kx[k] * speed[k];
      double norm = Math.sqrt(kx[k] * kx[k] + ky[k] * ky[k]);
      unitX[k] = kx[k] / norm;
      unitY[k] = ky[k] / norm;
    }
  }

  int count() {
    return kx.length;
  }

  double[] phases(long seed) {
    double[] p = new double[count()];
    long s = Noise.stream(seed, 900);
    for (int k = 0; k < p.length; k++) p[k] = 2 * Math.PI * ((Noise.mix(s + k) >>> 11) * 0x1.0p-53);
    return p;
  }
}
