package org.spangeo.jobs.convert;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.spangeo.zarr.testing.PythonPeer;

/**
 * The test files: small NetCDF files written by Python (make_netcdf_samples.py), a plain HDF5
 * file written by jHDF, and the real files under shared/data; with what netCDF4-python reads
 * from each (netcdf_expect.py). Generated once per test JVM.
 */
final class NetCdfSamples {
  static final List<String> GENERATED = List.of("nc3_classic.nc", "nc3_64bit.nc", "nc3_cdf5.nc", "nc3_scipy.nc",
      "nc3_onerec.nc", "nc3_scipy_64bit.nc", "nc4.nc", "nc4_classic.nc");
  static final String PLAIN_HDF5 = "plain_jhdf.h5";

  private static Path dir;

  private NetCdfSamples() {}

  /** shared/data: the system property spangeo.shared (set by surefire), else ../../shared. */
  static Path sharedData(String name) {
    String shared = System.getProperty("spangeo.shared");
    Path base = shared != null ? Path.of(shared) : Path.of("../../shared");
    Path p = base.resolve("data").resolve(name).toAbsolutePath().normalize();
    if (!Files.isRegularFile(p)) throw new AssertionError("test data file " + p + " is missing");
    return p;
  }

  static synchronized Path dir() {
    if (dir == null) {
      Path d = PythonPeer.scratch("netcdf-samples");
      String out = PythonPeer.run("make_netcdf_samples.py", d.toString());
      for (String f : GENERATED) {
        if (!out.contains(f) || !Files.isRegularFile(d.resolve(f))) {
          throw new AssertionError("make_netcdf_samples.py did not write " + f + ":\n" + out);
        }
      }
      PlainHdf5.write(d.resolve(PLAIN_HDF5));
      List<String> args = new ArrayList<>();
      args.add(d.resolve("expected").toString());
      for (String f : GENERATED) args.add(d.resolve(f).toString());
      args.add(d.resolve(PLAIN_HDF5).toString());
      args.add(sharedData("eraint_uvz.nc").toString());
      args.add(sharedData("basin_mask.nc").toString());
      PythonPeer.run("netcdf_expect.py", args.toArray(new String[0]));
      dir = d;
    }
    return dir;
  }

  /** A generated file. */
  static Path file(String name) {
    return dir().resolve(name);
  }

  /** What netCDF4-python reads from a file (by its file name). */
  /** The generated sample {@code name} is opened by {@code reader} and matches netCDF4-python (12 boxes checked). */
  static void assertSampleMatches(String name, Class<? extends GriddedFile> reader) {
    Expected e = expected(name);
    try (GriddedFile g = GriddedFile.open(file(name).toString())) {
      org.junit.jupiter.api.Assertions.assertInstanceOf(reader, g);
      e.assertMatches(g, 12);
    }
    org.junit.jupiter.api.Assertions.assertTrue(e.valuesChecked > 0 && e.boxesChecked > 0, name);
  }

  static Expected expected(String fileName) {
    return Expected.load(dir().resolve("expected").resolve(fileName));
  }
}
