package org.spangeo.jobs.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spangeo.zarr.metadata.DType;
import org.spangeo.zarr.testing.PythonPeer;
import org.spangeo.zarr.write.VariableSpec;

/** The driver side of convert, without Spark: headers, agreement, order, types and chunks. */
class NetCdfToZarrTest {
  static Path in;

  @BeforeAll
  static void inputs() {
    in = PythonPeer.scratch("convert-plan");
    PythonPeer.run("make_convert_inputs.py", in.toString());
  }

  static String f(String name) {
    return in.resolve(name).toString();
  }

  @Test
  void unlimitedDimsOfBothFormats() {
    assertEquals("time", FileScan.read(f("series_a.nc"), null, Set.of(), true).unlimited); // NetCDF-4: HDF5 max size
    assertEquals("time", FileScan.read(f("nc3_1990.nc"), null, Set.of(), true).unlimited); // NetCDF-3: record dim
    assertNull(FileScan.read(f("chars.nc"), null, Set.of("station_name", "label"), true).unlimited);
  }

  @Test
  void filesAreSortedAndDecodedPerFile() {
    NetCdfToZarr p = NetCdfToZarr.plan(List.of(f("series_b.nc"), f("series_a.nc")), new NetCdfToZarr.Options(), null);
    assertEquals(List.of(f("series_a.nc"), f("series_b.nc")), p.files());
    assertEquals("time", p.concatDim());
    assertArrayEquals(new long[] {0, 5}, p.offsets);
    assertArrayEquals(new long[] {5, 4}, p.lengths);
    NetCdfToZarr.Var tp = p.vars.stream().filter(v -> v.name().equals("tp")).findFirst().orElseThrow();
    assertEquals(0.01f, (float) tp.decoders()[0].cf.scale());
    assertEquals(0.02f, (float) tp.decoders()[1].cf.scale());
    assertTrue(tp.float32(), "int16 with _FillValue and add_offset decodes to float32 (xarray 2023.01)");
    NetCdfToZarr.Var bnds = p.vars.stream().filter(v -> v.name().equals("time_bnds")).findFirst().orElseThrow();
    assertNull(bnds.decoders()[0].from, "the first file's units are the output's");
    assertNotNull(bnds.decoders()[1].from, "the second file's days are re-counted in hours");
    VariableSpec time = p.spec().variable("time");
    assertEquals("hours since 2000-01-01 00:00", time.time().units());
    assertEquals(DType.parseV2("<i4"), p.spec().variable("count").dtype());
    assertEquals(DType.parseV2("|u1"), p.spec().variable("quality").dtype());
    assertEquals(DType.parseV2("<f4"), p.spec().variable("mask").dtype());
    assertEquals(-1, p.vars.stream().filter(v -> v.name().equals("mask")).findFirst().orElseThrow().concatAxis());
  }

  @Test
  void packedFloat64AndUnsignedBytes() {
    NetCdfToZarr p = NetCdfToZarr.plan(List.of(NetCdfSamples.sharedData("eraint_uvz.nc").toString()),
        new NetCdfToZarr.Options(), null);
    assertEquals(DType.parseV2("<f8"), p.spec().variable("z").dtype(), "int16 with add_offset and no fill: float64");
    assertEquals(DType.parseV2("<i4"), p.spec().variable("level").dtype());
    NetCdfToZarr q = NetCdfToZarr.plan(List.of(f("nc3_1990.nc")), new NetCdfToZarr.Options(), null);
    assertEquals(DType.Kind.UINT, q.vars.stream().filter(v -> v.name().equals("flag")).findFirst().orElseThrow()
        .decoders()[0].stored.kind());
  }

  @Test
  void chunksFollowTheOptionsAndTheTargetSize() {
    List<String> dims = List.of("time", "latitude", "longitude");
    long[] shape = {100, 721, 1440};
    assertArrayEquals(new int[] {2, 721, 1440}, NetCdfToZarr.chooseChunks("t", dims, shape, 4, Map.of(), 8L << 20));
    assertArrayEquals(new int[] {24, 60, 1440},
        NetCdfToZarr.chooseChunks("t", dims, shape, 4, Map.of("time", 24), 8L << 20));
    assertArrayEquals(new int[] {100, 50, 50},
        NetCdfToZarr.chooseChunks("t", dims, shape, 4, Map.of("time", 500, "latitude", 50, "longitude", 50), 8L << 20));
    assertArrayEquals(new int[0], NetCdfToZarr.chooseChunks("s", List.of(), new long[0], 8, Map.of(), 8L << 20));
    assertThrows(IllegalArgumentException.class,
        () -> NetCdfToZarr.chooseChunks("t", dims, new long[] {100000, 100000, 100000}, 4,
            Map.of("time", 100000, "latitude", 100000, "longitude", 100000), 8L << 20));
  }

  @Test
  void typesPromoteAsNumpyConcatenates() {
    DType f4 = DType.parseV2("<f4");
    DType f8 = DType.parseV2("<f8");
    assertEquals(f8, NetCdfToZarr.promote(f4, f8));
    assertEquals(f4, NetCdfToZarr.promote(DType.parseV2("<i2"), f4));
    assertEquals(f8, NetCdfToZarr.promote(DType.parseV2("<i4"), f4));
    assertEquals(DType.parseV2("<i4"), NetCdfToZarr.promote(DType.parseV2("<i2"), DType.parseV2("<i4")));
    assertEquals(DType.parseV2("<i2"), NetCdfToZarr.promote(DType.parseV2("|u1"), DType.parseV2("|i1")));
    assertEquals(f8, NetCdfToZarr.promote(DType.parseV2("<u8"), DType.parseV2("<i8")));
  }
}
