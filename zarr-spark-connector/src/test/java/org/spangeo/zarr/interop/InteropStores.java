package org.spangeo.zarr.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The Zarr stores that the reference Python stack writes for these tests. The generator
 * (src/test/python/make_interop_stores.py) runs once per test JVM with Debian's
 * /usr/bin/python3 (python3-zarr 2.13, numcodecs 0.11, xarray), into target/interop-stores.
 * A missing interpreter or package is a test failure, never a skip: scripts/test installs them.
 */
public final class InteropStores {
  public static final String PYTHON = "/usr/bin/python3";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Path dir;
  private static List<Case> cases;

  private InteropStores() {}

  /** The module folder (surefire runs in it and sets "basedir"). */
  public static Path moduleDir() {
    return Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
  }

  /** Generates the stores on first use and returns their folder. */
  public static synchronized Path dir() {
    if (dir == null) dir = generate();
    return dir;
  }

  private static Path generate() {
    Path out = moduleDir().resolve("target/interop-stores");
    run("make_interop_stores.py", out.toString());
    if (!Files.isRegularFile(out.resolve("manifest.json"))) throw new AssertionError("no manifest.json in " + out);
    return out;
  }

  /**
   * Runs src/test/python/{@code script} with Debian's interpreter and returns its output
   * (stdout and stderr). A missing interpreter, a missing package or a non-zero exit status
   * fails the calling test, with the script's output in the message.
   */
  public static String run(String script, String... args) {
    Path python = Path.of(PYTHON);
    if (!Files.isExecutable(python)) {
      throw new AssertionError(PYTHON + " is missing: the interoperability tests need Debian's Python with"
          + " python3-zarr (2.x), python3-numcodecs, python3-numpy and python3-xarray (scripts/test installs them)");
    }
    Path file = moduleDir().resolve("src/test/python").resolve(script);
    if (!Files.isRegularFile(file)) throw new AssertionError("Python script not found: " + file);
    List<String> cmd = new ArrayList<>(List.of(PYTHON, file.toString()));
    cmd.addAll(Arrays.asList(args));
    try {
      Path work = moduleDir().resolve("target");
      Files.createDirectories(work);
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      // Debian's interpreter with Debian's packages only: no pyenv or virtualenv leaking in.
      pb.environment().remove("PYTHONPATH");
      pb.environment().remove("PYTHONHOME");
      pb.environment().put("PYTHONNOUSERSITE", "1");
      pb.directory(work.toFile());
      Process p = pb.start();
      ByteArrayOutputStream log = new ByteArrayOutputStream();
      Thread pump = new Thread(() -> {
        try (InputStream in = p.getInputStream()) {
          in.transferTo(log);
        } catch (IOException ignored) {
          // the exit status tells
        }
      });
      pump.start();
      if (!p.waitFor(300, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(script + " did not finish in 300 s");
      }
      pump.join(10_000);
      String output = log.toString(java.nio.charset.StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        throw new AssertionError(script + " failed (exit " + p.exitValue() + "); it needs " + PYTHON
            + " with python3-zarr 2.x, numcodecs, numpy and xarray (scripts/test installs them). Output:\n" + output);
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + cmd, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running " + script, e);
    }
  }

  /** Every case of the manifest. */
  public static synchronized List<Case> cases() {
    if (cases == null) {
      try {
        JsonNode m = JSON.readTree(dir().resolve("manifest.json").toFile());
        List<Case> list = new ArrayList<>();
        for (JsonNode c : m.get("cases")) list.add(new Case(c));
        cases = Collections.unmodifiableList(list);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return cases;
  }

  /** The cases with data to compare (not the ones Spangeo must refuse). */
  public static Stream<Case> readable() {
    return cases().stream().filter(c -> c.error == null);
  }

  public static Case named(String name) {
    return cases().stream().filter(c -> c.name.equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no case '" + name + "' in the manifest"));
  }

  /** One array of the manifest. */
  public static final class Case {
    public final String name;
    public final int format;
    public final String store;
    public final String array;
    public final String dtype;
    public final String error;
    public final long[] shape;
    public final int[] chunks;
    public final String expectedFile;
    public final List<long[]> missing = new ArrayList<>();
    public final List<String> dimensionNames;
    public final JsonNode fillValue;
    public final String note;

    Case(JsonNode c) {
      name = c.get("name").asText();
      format = c.get("format").asInt();
      store = c.get("store").asText();
      array = c.get("array").asText();
      error = c.hasNonNull("error") ? c.get("error").asText() : null;
      dtype = c.path("dtype").asText(null);
      note = c.path("note").asText("");
      if (error == null) {
        shape = new long[c.get("shape").size()];
        for (int i = 0; i < shape.length; i++) shape[i] = c.get("shape").get(i).asLong();
        chunks = new int[c.get("chunks").size()];
        for (int i = 0; i < chunks.length; i++) chunks[i] = c.get("chunks").get(i).asInt();
        expectedFile = c.get("expected").asText();
        for (JsonNode m : c.get("missing_chunks")) {
          long[] idx = new long[m.size()];
          for (int i = 0; i < idx.length; i++) idx[i] = m.get(i).asLong();
          missing.add(idx);
        }
        JsonNode dn = c.get("dimension_names");
        if (dn != null && dn.isArray()) {
          List<String> names = new ArrayList<>();
          dn.forEach(n -> names.add(n.asText()));
          dimensionNames = names;
        } else {
          dimensionNames = null;
        }
        fillValue = c.get("fill_value");
        String exp = c.get("expected_dtype").asText();
        String le = dtype.length() > 0 && dtype.charAt(0) == '>' ? "<" + dtype.substring(1) : dtype;
        if (!exp.equals(le)) throw new AssertionError(name + ": expected_dtype " + exp + " is not " + le);
      } else {
        shape = null;
        chunks = null;
        expectedFile = null;
        dimensionNames = null;
        fillValue = null;
      }
    }

    public Path storeDir() {
      return dir().resolve(store);
    }

    public Path arrayDir() {
      return array.isEmpty() ? storeDir() : storeDir().resolve(array);
    }

    public Expected expected() {
      try {
        return new Expected(dtype, shape, Files.readAllBytes(dir().resolve(expectedFile)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    public boolean isMissing(long[] chunk) {
      return missing.stream().anyMatch(m -> Arrays.equals(m, chunk));
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /**
   * An expected array: little-endian, C order, as the generator wrote it. Elements are compared
   * as bit patterns, except that any NaN equals any NaN.
   */
  public static final class Expected {
    public final char kind; // f i u b
    public final int size;
    public final long[] shape;
    private final ByteBuffer data;

    Expected(String dtype, long[] shape, byte[] bytes) {
      this.kind = dtype.charAt(1);
      this.size = Integer.parseInt(dtype.substring(2));
      this.shape = shape;
      long n = 1;
      for (long s : shape) n *= s;
      if (n * size != bytes.length) {
        throw new AssertionError("expected file has " + bytes.length + " bytes, shape " + Arrays.toString(shape)
            + " of " + dtype + " needs " + n * size);
      }
      this.data = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    public long bitsAt(long flat) {
      return bits(data, (int) flat, size);
    }

    /** The flat C-order index of a multi-index. */
    public long flat(long[] idx) {
      long f = 0;
      for (int d = 0; d < shape.length; d++) f = f * shape[d] + idx[d];
      return f;
    }

    public boolean same(long actualBits, long expectedBits) {
      if (actualBits == expectedBits) return true;
      return kind == 'f' && isNaN(actualBits) && isNaN(expectedBits);
    }

    boolean isNaN(long bits) {
      return size == 4 ? Float.isNaN(Float.intBitsToFloat((int) bits)) : Double.isNaN(Double.longBitsToDouble(bits));
    }

    public String show(long bits) {
      switch (kind) {
        case 'f':
          return (size == 4 ? Float.toString(Float.intBitsToFloat((int) bits))
              : Double.toString(Double.longBitsToDouble(bits))) + " (0x" + Long.toHexString(bits) + ")";
        case 'i':
          return Long.toString(size == 8 ? bits : (bits << (64 - 8 * size)) >> (64 - 8 * size));
        default:
          return Long.toUnsignedString(bits);
      }
    }

    /**
     * Compares a C-ordered block of {@code blockShape} (bytes in {@code order}) whose element
     * [0..] sits at {@code origin} of the expected array; only elements inside the array are
     * compared (edge chunks are padded beyond it). Fails with the first differing element.
     */
    public void assertBlock(String what, byte[] actual, ByteOrder order, long[] origin, int[] blockShape) {
      int rank = blockShape.length;
      long n = 1;
      for (int s : blockShape) n *= s;
      if (actual.length != n * size) {
        throw new AssertionError(what + ": " + actual.length + " bytes for a block of " + Arrays.toString(blockShape)
            + " elements of " + size + " bytes");
      }
      ByteBuffer a = ByteBuffer.wrap(actual).order(order);
      long[] idx = new long[rank];
      int bad = 0;
      String first = null;
      for (long e = 0; e < n; e++) {
        boolean inside = true;
        long[] g = new long[rank];
        for (int d = 0; d < rank; d++) {
          g[d] = origin[d] + idx[d];
          inside &= g[d] < shape[d];
        }
        if (inside) {
          long ab = bits(a, (int) e, size);
          long eb = bitsAt(flat(g));
          if (!same(ab, eb)) {
            if (first == null) {
              first = "element " + Arrays.toString(g) + " is " + show(ab) + ", expected " + show(eb);
            }
            bad++;
          }
        }
        for (int d = rank - 1; d >= 0; d--) {
          if (++idx[d] < blockShape[d]) break;
          idx[d] = 0;
        }
      }
      if (bad > 0) throw new AssertionError(what + ": " + bad + " element(s) differ; first: " + first);
    }
  }

  static long bits(ByteBuffer b, int i, int size) {
    switch (size) {
      case 1: return b.get(i) & 0xffL;
      case 2: return b.getShort(i * 2) & 0xffffL;
      case 4: return b.getInt(i * 4) & 0xffffffffL;
      default: return b.getLong(i * 8);
    }
  }

  /** Byte order of a numpy type string ("&gt;i4" big, anything else little). */
  public static ByteOrder order(String dtype) {
    return dtype.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
  }
}
