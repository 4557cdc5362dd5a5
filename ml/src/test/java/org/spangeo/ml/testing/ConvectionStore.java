package org.spangeo.ml.testing;

import java.nio.file.Path;
import java.util.Random;

/**
 * A synthetic ERA5-like convection store with a learnable relation, like the sample data: daily
 * 2019-2021 on a 16 x 16 grid (40 to 36.25 N, 120 to 123.75 E, 0.25 degrees). Per cell and day,
 * with independent standard normals u1..u4 and noise e:
 * CAPE = 1000 + 500 u1 J/kg, CIN = 80 + 40 u2 J/kg, K-index = 30 + 6 u3 K, BLH = 900 + 300 u4 m;
 * an event (total_precipitation 8 mm/h, else 0-1 mm/h) where u1 - u2 + u3 + 0.5 u4 + 0.4 e > 2.2,
 * about 12% of cells. CAPE alone explains about a third of the signal, so a threshold on CAPE is
 * a weak rule and a model of all four can do much better.
 */
public final class ConvectionStore {
  private ConvectionStore() {}

  public static GridStore make(long seed) {
    GridStore g = new GridStore(GridStore.times("2019-01-01", 1096, 24), GridStore.axis(40, 0.25, 16),
        GridStore.axis(120, -0.25, 16));
    int n = g.size();
    float[] cape = new float[n];
    float[] cin = new float[n];
    float[] k = new float[n];
    float[] blh = new float[n];
    float[] tp = new float[n];
    Random r = new Random(seed);
    for (int i = 0; i < n; i++) {
      double u1 = r.nextGaussian();
      double u2 = r.nextGaussian();
      double u3 = r.nextGaussian();
      double u4 = r.nextGaussian();
      double e = r.nextGaussian();
      cape[i] = (float) (1000 + 500 * u1);
      cin[i] = (float) (80 + 40 * u2);
      k[i] = (float) (30 + 6 * u3);
      blh[i] = (float) (900 + 300 * u4);
      boolean event = u1 - u2 + u3 + 0.5 * u4 + 0.4 * e > 2.2;
      tp[i] = (float) (event ? 0.008 : 0.001 * r.nextDouble());
    }
    return g.put("convective_available_potential_energy", cape).put("convective_inhibition", cin).put("k_index", k)
        .put("boundary_layer_height", blh).put("total_precipitation", tp);
  }

  public static Path write(Path path, long seed) {
    return make(seed).write(path, 64, 16, 16);
  }
}
