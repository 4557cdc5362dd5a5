package org.spangeo.ml.testing;

import java.util.Map;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.dataset.Values;
import org.spangeo.zarr.dataset.Variable;
import org.spangeo.zarr.store.HadoopConf;

/** What predict wrote: the whole (time, latitude, longitude) convection_probability of a store. */
public final class Predictions {
  private Predictions() {}

  public static double[] read(String store) {
    Variable v = Dataset.open(HadoopConf.of(Map.of()), store).variable("convection_probability");
    long[] s = v.shape();
    return Values.decodeDouble(v.read(new long[3], new int[] {(int) s[0], (int) s[1], (int) s[2]}), v);
  }
}
