package org.spangeo.jobs.convert;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.nio.file.Path;

/**
 * A plain HDF5 file without netCDF's dimension scales, written with jHDF's writer, for the
 * phony-dimension rules (netCDF-C names such axes phony_dim_N).
 */
final class PlainHdf5 {
  private PlainHdf5() {}

  static void write(Path p) {
    try (WritableHdfFile f = HdfFile.write(p)) {
      float[][] a = new float[5][5];
      for (int i = 0; i < 5; i++) {
        for (int j = 0; j < 5; j++) a[i][j] = i * 5 + j + 0.25f;
      }
      f.putDataset("a", a);
      short[][] b = new short[5][3];
      for (int i = 0; i < 5; i++) {
        for (int j = 0; j < 3; j++) b[i][j] = (short) (i * 1000 - j * 7);
      }
      f.putDataset("b", b);
      f.putDataset("c", new byte[] {1, -2, 3});
      double[][][] d = new double[4][3][5];
      for (int i = 0; i < 4; i++) {
        for (int j = 0; j < 3; j++) {
          for (int k = 0; k < 5; k++) d[i][j][k] = Math.sin(i * 15 + j * 5 + k);
        }
      }
      f.putDataset("d", d).putAttribute("units", "m");
      f.putDataset("e", new long[] {Long.MIN_VALUE, -1, Long.MAX_VALUE, 4});
      f.putAttribute("title", "written by jHDF");
      f.putAttribute("n", 42);
      f.putAttribute("ds", new double[] {1.5, Double.NaN});
    }
  }
}
