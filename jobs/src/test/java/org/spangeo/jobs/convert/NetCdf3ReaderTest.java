package org.spangeo.jobs.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.spangeo.zarr.array.RawChunk;

/** NetCDF-3 files against netCDF4-python: generated samples of every format and type, and ERA-Interim. */
class NetCdf3ReaderTest {

  @ParameterizedTest
  @ValueSource(strings = {"nc3_classic.nc", "nc3_64bit.nc", "nc3_cdf5.nc", "nc3_scipy.nc", "nc3_onerec.nc",
      "nc3_scipy_64bit.nc"})
  void generatedFilesMatchNetCdf4Python(String name) {
    NetCdfSamples.assertSampleMatches(name, NetCdf3File.class);
  }

  @Test
  void formatVersionsAreDetected() {
    int[] versions = {1, 2, 5};
    String[] names = {"nc3_classic.nc", "nc3_64bit.nc", "nc3_cdf5.nc"};
    for (int i = 0; i < 3; i++) {
      try (GriddedFile g = GriddedFile.open(NetCdfSamples.file(names[i]).toString())) {
        assertEquals(versions[i], ((NetCdf3File) g).version(), names[i]);
      }
    }
  }

  @Test
  void eraInterimMatchesNetCdf4Python() {
    Path f = NetCdfSamples.sharedData("eraint_uvz.nc");
    Expected e = NetCdfSamples.expected("eraint_uvz.nc");
    try (GriddedFile g = GriddedFile.open(f.toString())) {
      assertEquals(2, ((NetCdf3File) g).version(), "64-bit offset");
      e.assertMatches(g, 8);
      // Latitude descends from 90 to -90, as stored.
      RawChunk lat = g.variable("latitude").read(new long[] {0}, new int[] {241});
      assertEquals(90.0, lat.getDouble(0));
      assertEquals(-90.0, lat.getDouble(240));
      assertEquals(-1.7250274674967954, g.variable("z").attributes().get("scale_factor"));
    }
  }

  @Test
  void recordVariableBoxesReadOnlyTheirRecords() throws IOException {
    Path f = NetCdfSamples.file("nc3_classic.nc");
    Expected e = NetCdfSamples.expected("nc3_classic.nc");
    List<long[]> reads = new ArrayList<>();
    try (ByteSource src = LocalByteSource.open(f.toString(), f)) {
      ByteSource spy = new ByteSource() {
        @Override
        public String location() {
          return src.location();
        }

        @Override
        public long size() {
          return src.size();
        }

        @Override
        public void readFully(long pos, byte[] dst, int off, int len) throws IOException {
          reads.add(new long[] {pos, len});
          src.readFully(pos, dst, off, len);
        }

        @Override
        public void close() {}
      };
      NetCdf3File g = NetCdf3File.open(spy);
      NetCdf3Header h = NetCdf3Header.parse(spy);
      NetCdf3Header.Var temp = h.vars.stream().filter(v -> v.name.equals("temp")).findFirst().orElseThrow();
      reads.clear();
      RawChunk c = g.variable("temp").read(new long[] {2, 1, 1}, new int[] {1, 2, 3});
      long lo = temp.begin + 2 * h.recsize;
      long hi = temp.begin + 2 * h.recsize + temp.bytes;
      assertTrue(!reads.isEmpty());
      for (long[] r : reads) {
        assertTrue(r[0] >= lo && r[0] + r[1] <= hi, "read of " + r[1] + " bytes at " + r[0] + " is outside record 2 ["
            + lo + ", " + hi + ")");
      }
      assertArrayEquals(Expected.slice(e.values("temp"), new long[] {4, 3, 5}, 4, new long[] {2, 1, 1},
          new long[] {1, 2, 3}), Expected.littleEndian(c));
    }
  }

  @Test
  void streamingRecordCountIsComputedFromTheFileSize() throws IOException {
    Path f = NetCdfSamples.file("nc3_64bit.nc");
    byte[] b = Files.readAllBytes(f);
    for (int i = 4; i < 8; i++) b[i] = (byte) 0xff; // numrecs = STREAMING
    Path s = f.resolveSibling("streaming_64bit.nc");
    Files.write(s, b);
    Expected e = NetCdfSamples.expected("nc3_64bit.nc");
    try (GriddedFile g = GriddedFile.open(s.toString())) {
      assertEquals(4L, g.dims().get("time"));
      // Everything else equals the original (the manifest names the original file).
      e.assertMatches(new Renamed(g, f.toString()), 4);
    }
  }

  @Test
  void hadoopFileSystemPathsReadTheSame() throws IOException {
    Path f = NetCdfSamples.file("nc3_cdf5.nc");
    Expected e = NetCdfSamples.expected("nc3_cdf5.nc");
    ByteSource src = HadoopByteSource.open(f.toUri().toString(), new Configuration());
    try (NetCdf3File g = NetCdf3File.open(src)) {
      e.assertMatches(g, 4);
    }
    // file: URIs and plain paths go to the local reader.
    try (GriddedFile g = GriddedFile.open(f.toUri().toString())) {
      e.assertMatches(g, 2);
    }
  }

  @Test
  void charVariablesAreReportedNotRead() {
    try (GriddedFile g = GriddedFile.open(NetCdfSamples.file("nc3_classic.nc").toString())) {
      FileVariable name = g.variable("name");
      assertEquals(List.of("y", "nchar"), name.dims());
      UnsupportedOperationException x = assertThrows(UnsupportedOperationException.class,
          () -> name.read(new long[] {0, 0}, new int[] {1, 1}));
      BadInputTest.assertOneLineNaming(x, g.location());
      assertTrue(x.getMessage().contains("'name'"), x.getMessage());
    }
  }

  @Test
  void boxesOutsideTheShapeAreRefused() {
    try (GriddedFile g = GriddedFile.open(NetCdfSamples.file("nc3_classic.nc").toString())) {
      FileVariable t = g.variable("temp");
      for (long[][] box : new long[][][] {{{0, 0, 0}, {5, 1, 1}}, {{-1, 0, 0}, {1, 1, 1}}, {{0, 0}, {1, 1}},
          {{3, 2, 4}, {1, 1, 2}}}) {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
            () -> t.read(box[0], Box.toInt(box[1])));
        BadInputTest.assertOneLineNaming(x, g.location());
      }
    }
  }

  /** A file seen under another location (the streaming copy compared with the original's manifest). */
  record Renamed(GriddedFile g, String location) implements GriddedFile {
    @Override
    public java.util.LinkedHashMap<String, Long> dims() {
      return g.dims();
    }

    @Override
    public List<FileVariable> variables() {
      return g.variables();
    }

    @Override
    public java.util.Map<String, Object> attributes() {
      return g.attributes();
    }

    @Override
    public void close() {
      g.close();
    }
  }
}
