package org.spangeo.jobs.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.spangeo.zarr.ZarrException;
import org.spangeo.zarr.array.RawChunk;
import org.spangeo.zarr.codec.CodecException;
import org.spangeo.zarr.testing.PythonPeer;

/**
 * NetCDF-3 headers and data, mutated (classic, 64-bit offset and CDF-5 files written by
 * netCDF4-python and scipy): opening and reading every variable either works, with each read
 * returning exactly the cells asked for, or fails with a clear one-line error naming the file
 * (IllegalArgumentException, ZarrException or CodecException). Seeded (spangeo.fuzz.seed);
 * spangeo.fuzz.iterations cases per file (default 400).
 */
class NetCdf3FuzzTest {
  static final long SEED = Long.getLong("spangeo.fuzz.seed", 20261122L);
  static final int N = Integer.getInteger("spangeo.fuzz.iterations", 400);

  @Test
  void mutatedNetCdf3FilesFailCleanlyOrReadExactSizes() throws Exception {
    Path dir = PythonPeer.scratch("netcdf-fuzz");
    Random r = new Random(SEED);
    int cases = 0;
    int refused = 0;
    for (String name : new String[] {"nc3_classic.nc", "nc3_64bit.nc", "nc3_cdf5.nc", "nc3_scipy.nc"}) {
      byte[] orig = Files.readAllBytes(NetCdfSamples.file(name));
      int header = Math.min(orig.length, 1024);
      for (int i = 0; i < N; i++) {
        byte[] b = orig.clone();
        int edits = 1 + r.nextInt(4);
        for (int e = 0; e < edits; e++) {
          int at = r.nextInt(Math.min(header, b.length));
          switch (r.nextInt(4)) {
            case 0: b[at] ^= (byte) (1 << r.nextInt(8)); break;
            case 1: b[at] = (byte) new int[] {0, 0xff, 0x7f, 0x80, 1}[r.nextInt(5)]; break;
            case 2: { // a 4-byte big-endian count or offset set to something absurd
              int v = new int[] {0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 1 << 30, r.nextInt()}[r.nextInt(6)];
              for (int k = 0; k < 4 && at + k < b.length; k++) b[at + k] = (byte) (v >>> (24 - 8 * k));
              break;
            }
            default: b = java.util.Arrays.copyOf(b, Math.max(4, r.nextInt(b.length + 64)));
          }
        }
        Path p = dir.resolve("fuzz_" + name);
        Files.write(p, b);
        cases++;
        String what = name + " case " + i + " (seed " + SEED + ")";
        try {
          assertTimeoutPreemptively(Duration.ofSeconds(20), () -> readEverything(p), what);
        } catch (IllegalArgumentException | ZarrException | CodecException e) {
          String m = e.getMessage();
          if (m == null || m.contains("\n") || !m.contains(p.toString())) fail(what + ": unclear error: " + m, e);
          refused++;
        } catch (AssertionError e) {
          throw e;
        } catch (Throwable e) {
          fail(what + ": " + e, e);
        }
      }
    }
    System.out.println("NetCDF-3 fuzz (seed " + SEED + "): " + cases + " cases, " + refused + " refused with a clear error");
    assertTrue(refused > 0 && refused < cases, refused + " of " + cases);
  }

  /** Opens the file and reads each variable's first and last cells (at most 4096 per variable). */
  static void readEverything(Path p) {
    try (GriddedFile g = GriddedFile.open(p.toString())) {
      for (FileVariable v : g.variables()) {
        if (!v.convertible()) continue;
        long[] shape = v.shape();
        long[] start = new long[shape.length];
        int[] count = new int[shape.length];
        long cells = 1;
        for (int d = 0; d < shape.length; d++) {
          count[d] = (int) Math.min(shape[d], d == 0 ? 2 : 64);
          cells *= count[d];
        }
        if (cells == 0 || cells > 4096) continue;
        RawChunk c = v.read(start, count);
        assertEquals(cells, c.size(), v.name() + " read");
      }
    }
  }
}
