package org.spangeo.jobs.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.spangeo.zarr.array.RawChunk;
import org.spangeo.zarr.metadata.DType;

/** NetCDF-4 (HDF5) files against netCDF4-python: generated samples, a plain HDF5 file, basin_mask.nc. */
class NetCdf4ReaderTest {

  @ParameterizedTest
  @ValueSource(strings = {"nc4.nc", "nc4_classic.nc", NetCdfSamples.PLAIN_HDF5})
  void generatedFilesMatchNetCdf4Python(String name) {
    NetCdfSamples.assertSampleMatches(name, Hdf5NetCdfFile.class);
  }

  @Test
  void basinMaskMatchesNetCdf4Python() {
    Path f = NetCdfSamples.sharedData("basin_mask.nc");
    Expected e = NetCdfSamples.expected("basin_mask.nc");
    try (GriddedFile g = GriddedFile.open(f.toString())) {
      e.assertMatches(g, 8);
      FileVariable basin = g.variable("basin");
      assertEquals(List.of("Z", "Y", "X"), basin.dims());
      assertEquals(new DType(DType.Kind.INT, 1, false), basin.dtype());
    }
  }

  @Test
  void unlimitedDimensionGrowsWithItsLongestVariable() {
    try (GriddedFile g = GriddedFile.open(NetCdfSamples.file("nc4.nc").toString())) {
      assertEquals(5L, g.dims().get("time"));
      // time holds 3 values; the 2 past its end read as its fill value (netCDF's default for f8).
      RawChunk t = g.variable("time").read(new long[] {2}, new int[] {3});
      assertEquals(12.0, t.getDouble(0));
      assertEquals(9.969209968386869E36, t.getDouble(1));
      assertEquals(9.969209968386869E36, t.getDouble(2));
    }
  }

  @Test
  void missingChunksReadAsTheFillValue() {
    try (GriddedFile g = GriddedFile.open(NetCdfSamples.file("nc4.nc").toString())) {
      FileVariable s = g.variable("sparse");
      assertEquals(-1, ((Number) s.attributes().get("_FillValue")).intValue());
      RawChunk c = s.read(new long[] {1, 3}, new int[] {3, 3});
      long[] expected = {-1, -1, -1, -1, 1, 2, -1, 3, 4};
      for (int i = 0; i < 9; i++) assertEquals(expected[i], c.getLong(i), "element " + i);
    }
  }

  @Test
  void charStringAndGroupsAreReportedNotRead() {
    try (GriddedFile g = GriddedFile.open(NetCdfSamples.file("nc4.nc").toString())) {
      for (String name : new String[] {"name", "label"}) {
        FileVariable v = g.variable(name);
        assertFalse(v.convertible(), name);
        assertNull(v.dtype(), name);
        UnsupportedOperationException x = assertThrows(UnsupportedOperationException.class,
            () -> v.read(new long[v.shape().length], new int[v.shape().length]));
        BadInputTest.assertOneLineNaming(x, g.location());
        assertTrue(x.getMessage().contains("'" + name + "'"), x.getMessage());
      }
      assertTrue(g.variable("label").whyNotConvertible().contains("string"));
      assertTrue(g.variable("name").whyNotConvertible().contains("char"));
      // The variable netCDF-C stores as _nc4_non_coord_x is x, along lat.
      assertEquals(List.of("lat"), g.variable("x").dims());
      assertEquals(List.of("grp"), ((Hdf5NetCdfFile) g).ignoredGroups());
      assertNull(g.variable("inner"));
      // Stored big-endian, reported big-endian.
      assertTrue(g.variable("big").dtype().bigEndian());
      assertTrue(g.variable("big_i4").dtype().bigEndian());
    }
  }

  @Test
  void dimensionListReferencesGiveTheSameDimensions() throws Exception {
    // Files from older netCDF-C lack _Netcdf4Coordinates: resolve nc4.nc's dimensions from its
    // DIMENSION_LIST references alone and compare with the full resolution (checked against Python).
    for (Path f : List.of(NetCdfSamples.file("nc4.nc"), NetCdfSamples.sharedData("basin_mask.nc"))) {
      try (io.jhdf.HdfFile h = new io.jhdf.HdfFile(f)) {
        List<io.jhdf.api.Dataset> ds = LinkOrder.rootDatasets(h);
        Hdf5Dimensions a = Hdf5Dimensions.resolve(ds, true);
        Hdf5Dimensions b = Hdf5Dimensions.resolve(ds, false);
        assertEquals(a.lengths(), b.lengths(), f.toString());
        for (io.jhdf.api.Dataset d : a.variables()) {
          assertEquals(a.dimsOf(d), b.dimsOf(d), d.getName());
          assertArrayEquals(a.shapeOf(d), b.shapeOf(d), d.getName());
        }
      }
    }
  }

  @Test
  void hadoopFileSystemPathsReadInPlace() throws IOException {
    Path f = NetCdfSamples.file("nc4.nc");
    Expected e = NetCdfSamples.expected("nc4.nc");
    ByteSource src = HadoopByteSource.open(f.toUri().toString(), new Configuration());
    try (Hdf5NetCdfFile g = Hdf5NetCdfFile.open(src, new Configuration())) {
      e.assertMatches(g, 4);
    }
  }

  @Test
  void boxesOutsideTheShapeAreRefused() {
    try (GriddedFile g = GriddedFile.open(NetCdfSamples.file("nc4.nc").toString())) {
      FileVariable t = g.variable("temp");
      assertArrayEquals(new long[] {5, 6, 8}, t.shape());
      IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
          () -> t.read(new long[] {0, 0, 0}, new int[] {6, 1, 1}));
      BadInputTest.assertOneLineNaming(x, g.location());
    }
  }
}
