package org.spangeo.jobs.sample;

/**
 * An invented but recognisable coastline for 10-40N 100-140E: polygons (lon, lat) for the Asian
 * mainland (Indochina, south China, the Yellow Sea and Bohai coasts), Liaodong and Korea,
 * Kyushu, Shikoku and Honshu, Hainan, a Taiwan-like island near 23.5N 121E, Luzon and the
 * Visayas. Coarse on purpose: a cheap analytic mask, not a map.
 */
final class Coastline {
  private Coastline() {}

  private static final double[][] POLYGONS = {
      // the mainland, from the north-west corner clockwise (Bohai, Shandong, the China coast, Indochina)
      {95, 45, 119.5, 45, 119.5, 39.8, 118.8, 39.2, 118, 38.9, 117.7, 38.4, 118.3, 37.7, 119.2, 37.2, 120.7, 37.8,
          122.6, 37.4, 122.3, 36.9, 120.7, 36.3, 119.5, 35.2, 120.2, 34.2, 120.9, 32.6, 121.9, 31.5, 121.8, 30.8,
          122, 30, 121.7, 29, 121, 28, 120.2, 27, 119.6, 26, 118.8, 25, 117.5, 23.8, 116, 22.9, 114.3, 22.3, 113.5, 22.2,
          112, 21.7, 110.5, 21.2, 110.3, 20.3, 109.8, 21.4, 108.5, 21.6, 107.5, 21.3, 106.7, 20.6, 105.9, 19.5,
          105.8, 18.8, 106.5, 18, 107.2, 17, 108.2, 16, 108.9, 15, 109.3, 13.5, 109.2, 12, 108.8, 11.2, 107.5, 10.5,
          106.7, 10.3, 106.3, 9.5, 104.8, 8.5, 104.8, 10.4, 103.5, 10.6, 102.5, 12, 101, 12.6, 100.9, 13.4, 100.2, 13.4,
          99.9, 12.5, 99.2, 10.2, 99.2, 5, 95, 5},
      // Liaodong, north-east China and Korea
      {121.5, 45, 121.5, 40.4, 121.1, 38.8, 122.2, 39.5, 123.5, 39.8, 124.5, 39.7, 125.1, 39.2, 125.4, 38.1, 126.2, 37.5,
          126.5, 36.8, 126.3, 35.2, 126.5, 34.4, 127.5, 34.6, 128.6, 34.9, 129.3, 35.3, 129.5, 36, 129.4, 37, 128.6, 38.3,
          127.5, 39.8, 128.5, 40.3, 129.7, 40.9, 131, 42.5, 131, 45},
      // Kyushu
      {129.7, 33.5, 130.9, 34, 132, 33.2, 131.3, 31.4, 130.6, 31, 130.2, 31.4, 129.8, 32.7},
      // Shikoku
      {132.5, 33.0, 133, 33.9, 134.6, 34.2, 134.7, 33.8, 134.1, 33.3, 133, 32.8},
      // Honshu
      {130.9, 34, 131.5, 34.6, 132.5, 35.5, 133.5, 35.5, 135.4, 35.7, 136, 35.9, 136.8, 37.3, 137.3, 36.8, 138.5, 37.4,
          139.5, 38.3, 140, 39.5, 140, 40.5, 141.5, 41.5, 142.5, 41.5, 142.5, 38, 141, 37.5, 140.8, 36, 140.9, 35.7,
          140.3, 35.1, 139.8, 35.2, 139.6, 34.9, 138.8, 34.6, 138.2, 34.6, 137, 34.6, 136.8, 34.3, 136.3, 33.8,
          135.8, 33.5, 135.1, 34.3, 134.3, 34.7, 133.3, 34.4, 132.3, 34.2, 131.8, 33.9},
      // Hainan
      {108.6, 19.2, 109.2, 20, 110.5, 20.1, 111, 19.6, 110.5, 18.6, 109.5, 18.2, 108.7, 18.5},
      // the Taiwan-like island
      {121.5, 25.3, 122, 25, 121.9, 24.3, 121.3, 22.8, 120.9, 21.9, 120.6, 22.3, 120.2, 23, 120.1, 23.6, 120.7, 24.6},
      // Luzon
      {120.6, 18.5, 122.2, 18.5, 122.5, 17, 122.2, 16.2, 121.6, 15.8, 121.6, 14.3, 122.5, 14.2, 124.1, 13, 123.8, 12.7,
          122.6, 13.5, 121.8, 13.8, 121, 13.6, 120.6, 14.2, 120.9, 14.6, 120.6, 14.8, 120, 15.2, 119.8, 16.3, 120.4, 16.2,
          120.4, 17.5},
      // Mindoro, Samar-Leyte, Panay-Negros, Palawan
      {120.3, 13.5, 121.5, 13.2, 121.2, 12.2, 120.4, 12.6},
      {124.2, 12.5, 125.7, 12.3, 125.7, 11, 125, 10.1, 124.3, 10.9},
      {121.9, 11.9, 123.2, 11.5, 123.5, 10.5, 123.2, 9.9, 122.4, 10, 122.0, 10.8},
      {117, 8.3, 119.7, 11.5, 119.2, 11.5, 116.8, 8.6},
  };

  /** True when the point lies on land (even-odd rule over all polygons). */
  static boolean isLand(double lon, double lat) {
    for (double[] p : POLYGONS) if (inside(p, lon, lat)) return true;
    return false;
  }

  private static boolean inside(double[] p, double x, double y) {
    boolean in = false;
    int n = p.length / 2;
    for (int i = 0, j = n - 1; i < n; j = i++) {
      double xi = p[2 * i];
      double yi = p[2 * i + 1];
      double xj = p[2 * j];
      double yj = p[2 * j + 1];
      if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) in = !in;
    }
    return in;
  }

  /**
   * Land fraction of the grid box centred on (lon, lat) of size res: the share of 6 x 6 points
   * inside it that are land (ERA5's land_sea_mask is such a fraction).
   */
  static double landFraction(double lon, double lat, double res) {
    int n = 6;
    int land = 0;
    for (int a = 0; a < n; a++) {
      for (int b = 0; b < n; b++) {
        double x = lon + res * ((a + 0.5) / n - 0.5);
        double y = lat + res * ((b + 0.5) / n - 0.5);
        if (isLand(x, y)) land++;
      }
    }
    return land / (double) (n * n);
  }
}
