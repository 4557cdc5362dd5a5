package org.spangeo.jobs.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.dataset.Selection;
import org.spangeo.zarr.store.HadoopConf;
import org.spangeo.zarr.write.DatasetSpec;
import org.spangeo.zarr.write.VariableSpec;
import org.spangeo.zarr.write.ZarrWriter;

class FieldReaderTest {
  @TempDir Path tmp;

  /** A selection with gaps (every other time step and longitude) reads exactly those cells, in C order. */
  @Test
  void readSelectedGathersStridedIndices() {
    HadoopConf conf = HadoopConf.of(Map.of());
    String uri = tmp.resolve("small.zarr").toString();
    int nt = 4;
    int ny = 3;
    int nx = 5;
    DatasetSpec spec = new DatasetSpec().timeLatLon(new long[] {0, 3_600_000_000L, 7_200_000_000L, 10_800_000_000L},
        new double[] {30, 20, 10}, new double[] {100, 101, 102, 103, 104})
        .variable(VariableSpec.float32("t", List.of("time", "latitude", "longitude"), new long[] {nt, ny, nx},
            new int[] {nt, ny, nx}));
    ZarrWriter w = ZarrWriter.begin(conf, uri, spec, ZarrWriter.Mode.OVERWRITE);
    float[] v = new float[nt * ny * nx];
    for (int i = 0; i < v.length; i++) v[i] = (i / (ny * nx)) * 100 + (i / nx % ny) * 10 + i % nx;
    w.writeChunk("t", new long[3], new int[] {nt, ny, nx}, v);
    w.commit();

    Dataset ds = Dataset.open(conf, uri);
    Selection sel = Selection.all(ds).isel("time", 1, 4, 2).isel("latitude", 0, 2, 1).isel("longitude", 0, 5, 2);
    double[] expected = new double[2 * 2 * 3];
    int k = 0;
    for (int t : new int[] {1, 3}) {
      for (int y : new int[] {0, 1}) {
        for (int x : new int[] {0, 2, 4}) expected[k++] = t * 100 + y * 10 + x;
      }
    }
    assertArrayEquals(expected, FieldReader.readSelected(ds.variable("t"), sel));
  }
}
