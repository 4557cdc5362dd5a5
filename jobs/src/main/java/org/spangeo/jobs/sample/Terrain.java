package org.spangeo.jobs.sample;

import java.util.concurrent.ConcurrentHashMap;

/**
 * What does not change with time, per grid cell: land fraction, terrain height, the noise key,
 * and the spatial parts of the diurnal cycle and of the travelling waves. Computed once per
 * executor JVM and grid (a few milliseconds), never on the driver.
 */
final class Terrain {
  private static final ConcurrentHashMap<String, Terrain> CACHE = new ConcurrentHashMap<>();

  final int n;
  final double[] lat;
  final double[] lon;
  final double[] land;
  final double[] height;
  final double[] surfacePressure0;
  final long[] key;
  /** cos and sin of the diurnal phase of each cell's longitude (local solar time), and of twice it (the tide). */
  final double[] cosLon;
  final double[] sinLon;
  final double[] cos2Lon;
  final double[] sin2Lon;
  /** Spatial phase of each travelling wave: [wave][cell]. */
  final double[][] waveCos;
  final double[][] waveSin;

  static Terrain of(SampleGrid g) {
    return CACHE.computeIfAbsent(g.res + "/" + g.seed, k -> new Terrain(g));
  }

  private Terrain(SampleGrid g) {
    n = g.cells();
    lat = new double[n];
    lon = new double[n];
    land = new double[n];
    height = new double[n];
    surfacePressure0 = new double[n];
    key = new long[n];
    cosLon = new double[n];
    sinLon = new double[n];
    cos2Lon = new double[n];
    sin2Lon = new double[n];
    Waves w = Waves.ALL;
    waveCos = new double[w.count()][n];
    waveSin = new double[w.count()][n];
    double[] phase = w.phases(g.seed);
    for (int i = 0; i < g.nlat; i++) {
      for (int j = 0; j < g.nlon; j++) {
        int c = i * g.nlon + j;
        double y = g.latitude(i);
        double x = g.longitude(j);
        lat[c] = y;
        lon[c] = x;
        land[c] = Coastline.landFraction(x, y, g.res);
        // the Yunnan-Guizhou plateau in the west, hills elsewhere on land
        double hills = 250 + 1800 * StrictMath.exp(-sq((x - 100) / 5.5) - sq((y - 27) / 6.0));
        height[c] = land[c] * hills;
        surfacePressure0[c] = 101325 * StrictMath.exp(-height[c] / 8000);
        key[c] = Noise.cell(y, x);
        // local solar time = UTC + lon/15: the diurnal cycle peaks at 15 local, the tide at 10 and 22
        double b = 2 * Math.PI * (x / 15 - 15) / 24;
        cosLon[c] = StrictMath.cos(b);
        sinLon[c] = StrictMath.sin(b);
        double b2 = 4 * Math.PI * (x / 15 - 10) / 24;
        cos2Lon[c] = StrictMath.cos(b2);
        sin2Lon[c] = StrictMath.sin(b2);
        for (int k = 0; k < w.count(); k++) {
          double s = w.kx[k] * x + w.ky[k] * y + phase[k];
          waveCos[k][c] = StrictMath.cos(s);
          waveSin[k][c] = StrictMath.sin(s);
        }
      }
    }
  }

  static double sq(double x) {
    return x * x;
  }
}
