package org.spangeo.jobs.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.spangeo.zarr.array.RawChunk;
import org.spangeo.zarr.metadata.DType;

/**
 * What netCDF4-python read from one file (netcdf_expect.py's manifest and raw little-endian
 * values), and the checks of a {@link GriddedFile} against it: dimensions, attributes,
 * variables, types, and every value bit for bit, whole and in partial boxes.
 */
final class Expected {
  final Path dir;
  final JsonNode m;
  /** Counts of what was compared, for the report. */
  int variablesChecked;
  int valuesChecked;
  int boxesChecked;
  int attributesChecked;

  private Expected(Path dir, JsonNode m) {
    this.dir = dir;
    this.m = m;
  }

  static Expected load(Path dir) {
    try {
      return new Expected(dir, new ObjectMapper().readTree(dir.resolve("manifest.json").toFile()));
    } catch (IOException e) {
      throw new AssertionError("cannot read the expectations in " + dir, e);
    }
  }

  boolean netcdf3() {
    return m.get("data_model").asText().startsWith("NETCDF3");
  }

  List<String> variableNames() {
    List<String> names = new ArrayList<>();
    for (JsonNode v : m.get("variables")) names.add(v.get("name").asText());
    return names;
  }

  byte[] values(String var) {
    for (JsonNode v : m.get("variables")) {
      if (v.get("name").asText().equals(var)) {
        try {
          return Files.readAllBytes(dir.resolve(v.get("data").asText()));
        } catch (IOException e) {
          throw new AssertionError(e);
        }
      }
    }
    throw new AssertionError("no expected values for " + var);
  }

  /** Every check; {@code boxes} random partial boxes per variable besides the fixed ones. */
  void assertMatches(GriddedFile g, int boxes) {
    String f = g.location();
    List<String> dimNames = new ArrayList<>();
    for (JsonNode d : m.get("dims")) {
      dimNames.add(d.get("name").asText());
      assertEquals(d.get("size").asLong(), g.dims().get(d.get("name").asText()), f + ": length of dimension "
          + d.get("name"));
    }
    assertEquals(dimNames, new ArrayList<>(g.dims().keySet()), f + ": dimensions in file order");
    assertAttributes(f + " global", m.get("attrs"), g.attributes());
    List<String> names = new ArrayList<>();
    for (FileVariable v : g.variables()) names.add(v.name());
    assertEquals(variableNames(), names, f + ": variables in file order");
    Random rnd = new Random(f.hashCode());
    for (JsonNode e : m.get("variables")) {
      FileVariable v = g.variable(e.get("name").asText());
      assertVariable(f + ": variable '" + v.name() + "'", e, v, rnd, boxes);
    }
  }

  private void assertVariable(String where, JsonNode e, FileVariable v, Random rnd, int boxes) {
    variablesChecked++;
    List<String> dims = new ArrayList<>();
    e.get("dims").forEach(d -> dims.add(d.asText()));
    assertEquals(dims, v.dims(), where + " dims");
    long[] shape = new long[e.get("shape").size()];
    for (int i = 0; i < shape.length; i++) shape[i] = e.get("shape").get(i).asLong();
    assertArrayEquals(shape, v.shape(), where + " shape");
    assertAttributes(where, e.get("attrs"), v.attributes());
    boolean numeric = e.get("numeric").asBoolean();
    assertEquals(numeric, v.convertible(), where + " convertible (" + v.whyNotConvertible() + ")");
    if (!numeric) {
      assertNull(v.dtype(), where + " dtype");
      assertNotNull(v.whyNotConvertible(), where);
      return;
    }
    assertNull(v.whyNotConvertible(), where);
    DType t = v.dtype();
    String kind = e.get("kind").asText();
    int size = e.get("itemsize").asInt();
    assertEquals(kind.equals("f") ? DType.Kind.FLOAT : kind.equals("i") ? DType.Kind.INT : DType.Kind.UINT, t.kind(),
        where + " kind");
    assertEquals(size, t.size(), where + " size");
    boolean big = size > 1 && (netcdf3() || e.get("endian").asText().equals("big"));
    assertEquals(big, t.bigEndian(), where + " byte order as stored");

    byte[] all = values(v.name());
    long total = 1;
    for (long s : shape) total *= s;
    assertEquals(total * size, all.length, where + ": expected data size");
    // The whole variable.
    RawChunk whole = v.read(new long[shape.length], Box.toInt(shape));
    assertEquals(t, whole.dtype(), where);
    assertArrayEquals(Box.toInt(shape), whole.shape(), where);
    assertBytes(where + " all values", all, littleEndian(whole));
    valuesChecked += (int) total;
    // Fixed and random partial boxes.
    List<long[][]> list = new ArrayList<>();
    if (shape.length > 0) {
      long[] s1 = new long[shape.length];
      long[] c1 = new long[shape.length];
      long[] s2 = new long[shape.length];
      long[] c2 = new long[shape.length];
      for (int d = 0; d < shape.length; d++) {
        s1[d] = shape[d] > 2 ? 1 : 0;
        c1[d] = shape[d] > 2 ? shape[d] - 2 : shape[d];
        s2[d] = Math.max(0, shape[d] - 1);
        c2[d] = Math.min(1, shape[d]);
      }
      list.add(new long[][] {s1, c1});
      list.add(new long[][] {s2, c2});
      long[] zero = c1.clone();
      zero[0] = 0;
      list.add(new long[][] {s1, zero});
      for (int i = 0; i < boxes; i++) {
        long[] s = new long[shape.length];
        long[] c = new long[shape.length];
        for (int d = 0; d < shape.length; d++) {
          if (shape[d] == 0) continue;
          s[d] = (long) (rnd.nextDouble() * shape[d]);
          c[d] = 1 + (long) (rnd.nextDouble() * (shape[d] - s[d]));
        }
        list.add(new long[][] {s, c});
      }
    }
    for (long[][] b : list) {
      RawChunk part = v.read(b[0], Box.toInt(b[1]));
      assertBytes(where + " box start " + Arrays.toString(b[0]) + " count " + Arrays.toString(b[1]),
          slice(all, shape, size, b[0], b[1]), littleEndian(part));
      boxesChecked++;
    }
  }

  private static void assertBytes(String where, byte[] expected, byte[] actual) {
    if (!Arrays.equals(expected, actual)) {
      int i = Arrays.mismatch(expected, actual);
      fail(where + ": differs from netCDF4-python at byte " + i + " (expected " + expected.length + " bytes, got "
          + actual.length + ")");
    }
  }

  /** A chunk's bytes, little-endian. */
  static byte[] littleEndian(RawChunk c) {
    byte[] b = c.bytes().clone();
    int s = c.dtype().size();
    if (c.dtype().bigEndian() && s > 1) {
      for (int i = 0; i < b.length; i += s) {
        for (int j = 0; j < s / 2; j++) {
          byte x = b[i + j];
          b[i + j] = b[i + s - 1 - j];
          b[i + s - 1 - j] = x;
        }
      }
    }
    return b;
  }

  /** The box of a C-order array, element by element (independent of the reader's own copying). */
  static byte[] slice(byte[] all, long[] shape, int size, long[] start, long[] count) {
    long n = 1;
    for (long c : count) n *= c;
    byte[] out = new byte[(int) (n * size)];
    long[] idx = new long[shape.length];
    for (long k = 0; k < n; k++) {
      long rem = k;
      for (int d = shape.length - 1; d >= 0; d--) {
        idx[d] = start[d] + rem % count[d];
        rem /= count[d];
      }
      long flat = 0;
      for (int d = 0; d < shape.length; d++) flat = flat * shape[d] + idx[d];
      System.arraycopy(all, (int) (flat * size), out, (int) (k * size), size);
    }
    return out;
  }

  void assertAttributes(String where, JsonNode exp, Map<String, Object> actual) {
    TreeSet<String> names = new TreeSet<>();
    exp.fieldNames().forEachRemaining(names::add);
    assertEquals(names, new TreeSet<>(actual.keySet()), where + " attribute names");
    for (Iterator<Map.Entry<String, JsonNode>> it = exp.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      assertAttribute(where + " attribute '" + e.getKey() + "'", e.getValue(), actual.get(e.getKey()));
      attributesChecked++;
    }
  }

  static void assertAttribute(String where, JsonNode e, Object a) {
    String type = e.get("type").asText();
    if (type.equals("str")) {
      assertEquals(e.get("value").asText(), a, where);
      return;
    }
    if (type.equals("strs")) {
      List<String> exp = new ArrayList<>();
      e.get("value").forEach(x -> exp.add(x.asText()));
      if (exp.size() == 1) assertEquals(exp.get(0), a, where);
      else assertEquals(exp, Arrays.asList(assertInstanceOf(String[].class, a, where)), where);
      return;
    }
    int n = e.get("n").asInt();
    ByteBuffer b = ByteBuffer.wrap(HexFormat.of().parseHex(e.get("hex").asText())).order(ByteOrder.LITTLE_ENDIAN);
    boolean isFloat = type.startsWith("float");
    if (n == 1) {
      assertTrue(e.get("scalar").asBoolean(), where + ": netCDF4-python returns one value as a scalar");
      switch (type) {
        case "int8": assertEquals(b.get(0), assertInstanceOf(Byte.class, a, where), where); break;
        case "int16": assertEquals(b.getShort(0), assertInstanceOf(Short.class, a, where), where); break;
        case "int32": assertEquals(b.getInt(0), assertInstanceOf(Integer.class, a, where), where); break;
        case "int64": assertEquals(b.getLong(0), assertInstanceOf(Long.class, a, where), where); break;
        case "uint8": assertEquals((short) (b.get(0) & 0xff), assertInstanceOf(Short.class, a, where), where); break;
        case "uint16": assertEquals(b.getShort(0) & 0xffff, assertInstanceOf(Integer.class, a, where), where); break;
        case "uint32": assertEquals(b.getInt(0) & 0xffffffffL, assertInstanceOf(Long.class, a, where), where); break;
        case "uint64": {
          long v = b.getLong(0);
          if (v >= 0) assertEquals(v, assertInstanceOf(Long.class, a, where), where);
          else assertEquals(new BigInteger(Long.toUnsignedString(v)), assertInstanceOf(BigInteger.class, a, where), where);
          break;
        }
        case "float32":
          assertEquals(b.getInt(0),
              Float.floatToRawIntBits(assertInstanceOf(Float.class, a, where)), where + " (bits)");
          break;
        case "float64":
          assertEquals(b.getLong(0),
              Double.doubleToRawLongBits(assertInstanceOf(Double.class, a, where)), where + " (bits)");
          break;
        default: fail(where + ": unexpected attribute type " + type);
      }
      return;
    }
    if (isFloat) {
      double[] d = assertInstanceOf(double[].class, a, where);
      assertEquals(n, d.length, where);
      for (int i = 0; i < n; i++) {
        double x = type.equals("float32") ? b.getFloat(i * 4) : b.getDouble(i * 8);
        if (Double.isNaN(x)) assertTrue(Double.isNaN(d[i]), where + "[" + i + "]");
        else assertEquals(Double.doubleToRawLongBits(x), Double.doubleToRawLongBits(d[i]), where + "[" + i + "] bits");
      }
      return;
    }
    long[] l = assertInstanceOf(long[].class, a, where);
    assertEquals(n, l.length, where);
    int size = type.endsWith("64") ? 8 : type.endsWith("32") ? 4 : type.endsWith("16") ? 2 : 1;
    boolean unsigned = type.startsWith("u");
    for (int i = 0; i < n; i++) {
      long x;
      switch (size) {
        case 1: x = unsigned ? b.get(i) & 0xffL : b.get(i); break;
        case 2: x = unsigned ? b.getShort(i * 2) & 0xffffL : b.getShort(i * 2); break;
        case 4: x = unsigned ? b.getInt(i * 4) & 0xffffffffL : b.getInt(i * 4); break;
        default: x = b.getLong(i * 8);
      }
      assertEquals(x, l[i], where + "[" + i + "]");
    }
    assertFalse(l.length == 1, where);
  }
}
