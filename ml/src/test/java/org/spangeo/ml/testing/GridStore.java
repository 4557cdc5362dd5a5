package org.spangeo.ml.testing;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spangeo.zarr.metadata.DType;
import org.spangeo.zarr.metadata.MetadataParser;
import org.spangeo.zarr.store.HadoopConf;
import org.spangeo.zarr.write.DatasetSpec;
import org.spangeo.zarr.write.TimeEncoding;
import org.spangeo.zarr.write.VariableSpec;
import org.spangeo.zarr.write.ZarrWriter;

/**
 * Small ERA5-like test stores, (time, latitude, longitude) float32 variables with the given values
 * (C order), written chunk by chunk through the project's writer on the calling thread.
 */
public final class GridStore {
  public final long[] times;
  public final double[] lat;
  public final double[] lon;
  public final Map<String, float[]> vars = new LinkedHashMap<>();

  public GridStore(long[] times, double[] lat, double[] lon) {
    this.times = times;
    this.lat = lat;
    this.lon = lon;
  }

  /** {@code n} times from {@code start} (ISO date) every {@code hours}. */
  public static long[] times(String start, int n, int hours) {
    long t0 = Instant.parse(start + "T00:00:00Z").getEpochSecond() * 1_000_000L;
    long[] t = new long[n];
    for (int i = 0; i < n; i++) t[i] = t0 + i * hours * 3_600_000_000L;
    return t;
  }

  /** Latitudes from {@code north} descending by {@code step} (as ERA5), or longitudes ascending when step < 0. */
  public static double[] axis(double first, double step, int n) {
    double[] a = new double[n];
    for (int i = 0; i < n; i++) a[i] = first - i * step;
    return a;
  }

  public GridStore put(String name, float[] values) {
    if (values.length != times.length * lat.length * lon.length) throw new IllegalArgumentException(name + ": wrong size");
    vars.put(name, values);
    return this;
  }

  public int size() {
    return times.length * lat.length * lon.length;
  }

  public int index(int t, int i, int j) {
    return (t * lat.length + i) * lon.length + j;
  }

  /** Writes the store with chunks (ct, ci, cj). */
  public Path write(Path path, int ct, int ci, int cj) {
    HadoopConf conf = HadoopConf.of(Map.of());
    DatasetSpec spec = new DatasetSpec();
    var tAttrs = MetadataParser.JSON.createObjectNode().put("standard_name", "time");
    spec.coordinate(VariableSpec.coordinate("time", times.length).times(TimeEncoding.choose(times)).attributes(tAttrs).build(),
        times);
    spec.coordinate(VariableSpec.coordinate("latitude", lat.length).dtype(DType.FLOAT64)
        .attributes(MetadataParser.JSON.createObjectNode().put("units", "degrees_north")).build(), lat);
    spec.coordinate(VariableSpec.coordinate("longitude", lon.length).dtype(DType.FLOAT64)
        .attributes(MetadataParser.JSON.createObjectNode().put("units", "degrees_east")).build(), lon);
    long[] shape = {times.length, lat.length, lon.length};
    int[] chunks = {ct, ci, cj};
    for (String v : vars.keySet()) spec.variable(VariableSpec.float32(v, List.of("time", "latitude", "longitude"), shape, chunks));
    ZarrWriter w = ZarrWriter.begin(conf, path.toString(), spec, ZarrWriter.Mode.OVERWRITE);
    for (Map.Entry<String, float[]> e : vars.entrySet()) {
      float[] all = e.getValue();
      for (int t0 = 0; t0 < times.length; t0 += ct) {
        for (int i0 = 0; i0 < lat.length; i0 += ci) {
          for (int j0 = 0; j0 < lon.length; j0 += cj) {
            int nt = Math.min(ct, times.length - t0);
            int ni = Math.min(ci, lat.length - i0);
            int nj = Math.min(cj, lon.length - j0);
            float[] part = new float[nt * ni * nj];
            int k = 0;
            for (int t = 0; t < nt; t++) for (int i = 0; i < ni; i++) for (int j = 0; j < nj; j++) part[k++] = all[index(t0 + t, i0 + i, j0 + j)];
            w.writeChunk(e.getKey(), new long[] {t0 / ct, i0 / ci, j0 / cj}, new int[] {nt, ni, nj}, part);
          }
        }
      }
    }
    w.commit();
    return path;
  }
}
