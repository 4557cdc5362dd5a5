package org.spangeo.jobs.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.spangeo.zarr.testing.PythonPeer;

/**
 * Malformed input: every failure is a one-line IllegalArgumentException or
 * UncheckedIOException naming the file, never an OutOfMemoryError, another exception or a hang.
 */
class BadInputTest {
  static final Path DIR = PythonPeer.scratch("netcdf-bad");

  static void assertOneLineNaming(Throwable x, String location) {
    String m = x.getMessage();
    assertNotNull(m, x.toString());
    assertFalse(m.contains("\n") || m.contains("\r"), "not one line: " + m);
    assertTrue(m.contains(location), "does not name " + location + ": " + m);
  }

  static void assertContains(String message, String part) {
    assertTrue(message.contains(part), "'" + part + "' is not in: " + message);
  }

  static Path write(String name, byte[] b) {
    try {
      Path p = DIR.resolve(name);
      Files.write(p, b);
      return p;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** Opening fails with an IllegalArgumentException naming the file; returns its message. */
  static String openFails(Path p) {
    IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> GriddedFile.open(p.toString()).close());
    assertOneLineNaming(x, p.toString());
    return x.getMessage();
  }

  /** A NetCDF-3 header written field by field (big-endian; NON_NEG counts 8 bytes in CDF-5). */
  static final class Cdf {
    final int version;
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    Cdf(int version, long numrecs) {
      this.version = version;
      raw('C', 'D', 'F', version).n(numrecs);
    }

    Cdf raw(int... b) {
      for (int x : b) bytes.write(x);
      return this;
    }

    /** Big-endian, as NetCDF-3 (write keeps each int's low byte). */
    Cdf i(int v) {
      return raw(v >>> 24, v >>> 16, v >>> 8, v);
    }

    Cdf l(long v) {
      return i((int) (v >>> 32)).i((int) v);
    }

    /** A NON_NEG: 4 bytes, 8 in CDF-5. */
    Cdf n(long v) {
      return version == 5 ? l(v) : i((int) v);
    }

    /** An OFFSET: 4 bytes in CDF-1, else 8. */
    Cdf off(long v) {
      return version == 1 ? i((int) v) : l(v);
    }

    Cdf list(int tag, long count) {
      return i(tag).n(count);
    }

    Cdf name(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      n(b.length);
      bytes.write(b, 0, b.length);
      for (int k = b.length; k % 4 != 0; k++) bytes.write(0);
      return this;
    }

    Cdf absent() {
      return i(0).n(0);
    }

    byte[] bytes() {
      return bytes.toByteArray();
    }
  }

  /** One dimension x = 4, no attributes, one variable v(x) of this type at {@code begin}; file padded to {@code size}. */
  static byte[] oneVar(int begin, int type, int size) {
    byte[] b = new Cdf(1, 0).list(0x0A, 1).name("x").n(4).absent().list(0x0B, 1).name("v").n(1).n(0).absent().i(type)
        .n(16).off(begin).bytes();
    assertEquals(80, b.length, "header size");
    return Arrays.copyOf(b, Math.max(size, b.length));
  }

  @Test
  void aValidHandWrittenHeaderOpens() {
    Path p = write("valid.nc", oneVar(80, 4, 96));
    try (GriddedFile g = GriddedFile.open(p.toString())) {
      assertEquals(4L, g.dims().get("x"));
      assertEquals(4, g.variable("v").read(new long[] {0}, new int[] {4}).size());
    }
  }

  @Test
  void wrongMagic() {
    assertContains(openFails(write("text.nc", "hello, this is not NetCDF".getBytes(StandardCharsets.UTF_8))),
        "not a NetCDF file");
    assertContains(openFails(write("cdf3.nc", new Cdf(3, 0).absent().absent().absent().bytes())), "version byte 3");
    assertContains(openFails(write("empty.nc", new byte[0])), "only 0 bytes");
    assertContains(openFails(write("tiny.nc", new byte[] {'C', 'D'})), "only 2 bytes");
    byte[] notHdf = new byte[2048];
    notHdf[0] = (byte) 0x89;
    notHdf[1] = 'H';
    assertContains(openFails(write("almost_hdf.nc", notHdf)), "not a NetCDF file");
  }

  @Test
  void missingFilesAndDirectories() {
    Path missing = DIR.resolve("no_such_file.nc");
    UncheckedIOException x = assertThrows(UncheckedIOException.class, () -> GriddedFile.open(missing.toString()));
    assertOneLineNaming(x, missing.toString());
    UncheckedIOException y = assertThrows(UncheckedIOException.class, () -> GriddedFile.open(DIR.toString()));
    assertOneLineNaming(y, DIR.toString());
  }

  @Test
  void hugeCountsAreRefusedBeforeAllocating() {
    assertContains(openFails(write("huge_dims.nc", new Cdf(1, 0).list(0x0A, Integer.MAX_VALUE).bytes())),
        "2147483647 dimensions");
    assertContains(openFails(write("huge_dims_cdf2.nc", new Cdf(2, 0).list(0x0A, 0xfffffff0L).bytes())),
        "4294967280 dimensions");
    assertContains(openFails(write("huge_dims_cdf5.nc", new Cdf(5, 0).list(0x0A, Long.MAX_VALUE).bytes())),
        "dimensions, more than");
    assertContains(openFails(write("huge_vars.nc", new Cdf(1, 0).absent().absent().list(0x0B, 0x7fffff00).bytes())),
        "variables, more than");
    assertContains(openFails(write("huge_gatts.nc", new Cdf(2, 0).absent().list(0x0C, 1 << 30).bytes())),
        "global attributes, more than");
    assertContains(openFails(write("huge_att_values.nc", new Cdf(1, 0).absent().list(0x0C, 1).name("a").i(6)
        .n(0x7fffffff).bytes())), "values, more than");
    assertContains(openFails(write("huge_att_values_cdf5.nc", new Cdf(5, 0).absent().list(0x0C, 1).name("a").i(6)
        .n(Long.MAX_VALUE / 2).bytes())), "values, more than");
    assertContains(openFails(write("huge_name.nc", new Cdf(1, 0).list(0x0A, 1).i(0x7ffffff0).bytes())), "name");
    assertContains(openFails(write("huge_rank.nc", Arrays.copyOf(new Cdf(1, 0).absent().absent().list(0x0B, 1)
        .name("v").n(1 << 20).bytes(), 200))), "claims 1048576 dimensions");
    // A variable of 2^40 x 2^40 x 4 bytes (CDF-5 dimension lengths): its size overflows.
    byte[] big = new Cdf(5, 0).list(0x0A, 2).name("a").n(1L << 40).name("b").n(1L << 40).absent().list(0x0B, 1)
        .name("v").n(2).n(0).n(1).absent().i(4).n(0).off(200).bytes();
    assertContains(openFails(write("huge_var.nc", Arrays.copyOf(big, 400))), "'v'");
    // 2^31 - 1 ints: fits the arithmetic, not the file.
    byte[] large = new Cdf(2, 0).list(0x0A, 1).name("a").n(Integer.MAX_VALUE).absent().list(0x0B, 1).name("v").n(1)
        .n(0).absent().i(4).n(0).off(100).bytes();
    assertContains(openFails(write("large_var.nc", Arrays.copyOf(large, 200))), "past the end");
  }

  @Test
  void inconsistentHeaders() {
    assertContains(openFails(write("bad_tag.nc", new Cdf(1, 0).list(0x0B, 1).bytes())), "tag");
    assertContains(openFails(write("bad_dimid.nc", Arrays.copyOf(new Cdf(1, 0).list(0x0A, 1).name("x").n(4).absent()
        .list(0x0B, 1).name("v").n(1).n(7).bytes(), 200))), "dimension id 7");
    assertContains(openFails(write("bad_type.nc", oneVar(80, 42, 96))), "type code 42");
    assertContains(openFails(write("cdf5_type_in_cdf1.nc", oneVar(80, 10, 96))), "CDF-5");
    assertContains(openFails(write("beyond_end.nc", oneVar(1000, 4, 96))), "past the end");
    assertContains(openFails(write("short_data.nc", oneVar(80, 4, 90))), "past the end");
    assertContains(openFails(write("inside_header.nc", oneVar(8, 4, 96))), "inside the header");
    assertContains(openFails(write("negative_numrecs.nc", new Cdf(1, -5).absent().absent().absent().bytes())),
        "negative");
    assertContains(openFails(write("two_unlimited.nc", new Cdf(1, 0).list(0x0A, 2).name("a").n(0).name("b").n(0)
        .bytes())), "second unlimited");
    assertContains(openFails(write("absent_with_count.nc", new Cdf(1, 0).i(0).n(3).bytes())), "absent");
    assertContains(openFails(write("empty_name.nc", Arrays.copyOf(new Cdf(1, 0).list(0x0A, 1).n(0).n(4).bytes(), 200))), "empty name");
    // The record dimension used as a second dimension.
    assertContains(openFails(write("rec_not_first.nc", Arrays.copyOf(new Cdf(1, 0).list(0x0A, 2).name("t").n(0)
        .name("x").n(2).absent().list(0x0B, 1).name("v").n(2).n(1).n(0).bytes(), 200))), "only the first");
  }

  @Test
  void absurdRecordCountIsRefused() throws IOException {
    byte[] b = Files.readAllBytes(NetCdfSamples.file("nc3_classic.nc"));
    b[4] = 0x10; // numrecs = 0x10000004
    String m = openFails(write("absurd_numrecs.nc", b));
    assertTrue(m.contains("past the end"), m);
  }

  @Test
  void everyTruncationFailsCleanly() throws IOException {
    for (String name : new String[] {"nc3_classic.nc", "nc3_cdf5.nc"}) {
      byte[] b = Files.readAllBytes(NetCdfSamples.file(name));
      int failures = 0;
      for (int len = 0; len < b.length - 4; len++) {
        Path p = write("cut_" + name, Arrays.copyOf(b, len));
        try (GriddedFile g = GriddedFile.open(p.toString())) {
          fail(name + " cut to " + len + " of " + b.length + " bytes opened: " + g.dims());
        } catch (IllegalArgumentException e) {
          assertOneLineNaming(e, p.toString());
          failures++;
        }
      }
      assertEquals(b.length - 4, failures);
    }
  }

  @Test
  void corruptHeadersNeverEscapeAsOtherErrors() throws IOException {
    byte[] orig = Files.readAllBytes(NetCdfSamples.file("nc3_64bit.nc"));
    Random rnd = new Random(7);
    int[] outcome = new int[2];
    assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
      for (int k = 0; k < 400; k++) {
        byte[] b = orig.clone();
        int flips = 1 + rnd.nextInt(3);
        for (int j = 0; j < flips; j++) b[4 + rnd.nextInt(Math.min(600, b.length - 4))] = (byte) rnd.nextInt(256);
        Path p = write("fuzz.nc", b);
        try (GriddedFile g = GriddedFile.open(p.toString())) {
          for (FileVariable v : g.variables()) {
            if (!v.convertible()) continue;
            long[] s = v.shape();
            int[] c = new int[s.length];
            for (int d = 0; d < s.length; d++) c[d] = (int) Math.min(s[d], 3);
            v.read(new long[s.length], c);
          }
          outcome[0]++;
        } catch (IllegalArgumentException | UncheckedIOException e) {
          assertOneLineNaming(e, p.toString());
          outcome[1]++;
        }
      }
    });
    assertTrue(outcome[1] > 0 && outcome[0] + outcome[1] == 400, Arrays.toString(outcome));
  }

  @Test
  void brokenHdf5Files() throws IOException {
    byte[] junk = new byte[4096];
    new Random(3).nextBytes(junk);
    System.arraycopy(FormatDetector.HDF5_SIGNATURE, 0, junk, 0, 8);
    openFails(write("junk.h5", junk));
    // A NetCDF-4 file cut in half: a clear error when opened or when read.
    byte[] nc4 = Files.readAllBytes(NetCdfSamples.sharedData("basin_mask.nc"));
    Path half = write("half.nc", Arrays.copyOf(nc4, nc4.length / 2));
    try (GriddedFile g = GriddedFile.open(half.toString())) {
      FileVariable basin = g.variable("basin");
      RuntimeException x = assertThrows(RuntimeException.class,
          () -> basin.read(new long[3], Arrays.stream(basin.shape()).mapToInt(l -> (int) l).toArray()));
      assertTrue(x instanceof IllegalArgumentException || x instanceof UncheckedIOException, x.toString());
      assertOneLineNaming(x, half.toString());
    } catch (IllegalArgumentException e) {
      assertOneLineNaming(e, half.toString());
    }
  }
}
