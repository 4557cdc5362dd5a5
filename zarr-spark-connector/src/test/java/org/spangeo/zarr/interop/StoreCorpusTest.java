package org.spangeo.zarr.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.spangeo.zarr.ZarrException;
import org.spangeo.zarr.dataset.CfTime;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.dataset.Variable;
import org.spangeo.zarr.metadata.DType;
import org.spangeo.zarr.metadata.MetadataParser;
import org.spangeo.zarr.store.HadoopConf;
import org.spangeo.zarr.testing.PythonPeer;
import org.spangeo.zarr.testing.SparkTestSession;

/**
 * The store corpus (make_corpus.py): odd but legal stores written at test time by Debian's
 * zarr-python 2.13 and xarray 2023.01. Each case is either read as xarray reads it, variable by
 * variable (Spangeo's reading is dumped to JSON and check_corpus.py compares it with xarray's), or
 * refused with one line naming the store, the array and what is unsupported, while the store's
 * other variables still read.
 */
class StoreCorpusTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HadoopConf CONF = HadoopConf.of(Map.of());

  private static Path dir;

  @BeforeAll
  static void corpus() {
    dir = PythonPeer.scratch("corpus");
    PythonPeer.run("make_corpus.py", dir.resolve("stores").toString());
  }

  static String store(String name) {
    return dir.resolve("stores").resolve(name).toString();
  }

  @TestFactory
  Stream<DynamicTest> everyStoreReadsAsXarrayOrIsRefusedByName() throws IOException {
    Path manifest = dir.resolve("stores/manifest.json");
    Path dumps = Files.createDirectories(dir.resolve("spangeo"));
    JsonNode cases = JSON.readTree(manifest.toFile()).get("cases");
    assertTrue(cases.size() >= 40, "the corpus has at least 40 cases: " + cases.size());
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : cases) {
      tests.add(DynamicTest.dynamicTest(c.get("name").asText() + " (" + c.get("expect").asText() + ")", () -> run(c, dumps)));
    }
    long compared = 0; // equal cases, and refused ones whose other variables still read
    for (JsonNode c : cases) if (c.get("expect").asText().equals("equal") || c.hasNonNull("vars")) compared++;
    final long want = compared;
    tests.add(DynamicTest.dynamicTest("xarray reads the same values, dims, dtypes and attributes", () -> {
      String out = PythonPeer.run("check_corpus.py", manifest.toString(), dumps.toString());
      System.out.print(out);
      assertTrue(out.lines().anyMatch(l -> l.equals("ok " + want)), "every one of " + want + " cases compared:\n" + out);
    }));
    return tests.stream();
  }

  private static void run(JsonNode c, Path dumps) throws IOException {
    List<String> paths = new ArrayList<>();
    c.get("paths").forEach(p -> paths.add(p.asText()));
    List<String> words = new ArrayList<>();
    c.get("words").forEach(w -> words.add(w.asText()));
    boolean refused = c.get("expect").asText().equals("refused");
    List<String> refusedVars = new ArrayList<>();
    if (c.hasNonNull("vars")) c.get("vars").forEach(v -> refusedVars.add(v.asText()));
    if (refused && refusedVars.isEmpty()) {
      // the whole store: opening it, or reading its coordinates, fails with one line
      ZarrException e = null;
      try {
        Dataset ds = Dataset.open(CONF, new Dataset.Options(), paths);
        for (String n : ds.variables().keySet()) readAll(ds, n);
      } catch (ZarrException x) {
        e = x;
      }
      if (e == null) fail(c.get("name").asText() + " should be refused with " + words);
      assertRefusal(e, words);
      return;
    }
    Dataset ds = Dataset.open(CONF, new Dataset.Options(), paths);
    for (String v : refusedVars) {
      assertTrue(ds.unreadable().containsKey(v), v + " is listed as not read: " + ds.unreadable().keySet());
      ZarrException e = org.junit.jupiter.api.Assertions.assertThrows(ZarrException.class, () -> ds.variable(v));
      assertRefusal(e, words);
      assertTrue(ds.summary().contains(e.getMessage()), "inspect says why " + v + " is not read:\n" + ds.summary());
    }
    Files.write(dumps.resolve(c.get("name").asText() + ".json"), JSON.writeValueAsBytes(dump(ds)));
  }

  /** The DataFrame view of the odd dtypes: NaT as NULL, durations as intervals, a dim of names as strings, bools. */
  @Test
  void theDataFrameReadsTheOddDtypesAsTheDatasetDoes() {
    SparkSession spark = SparkTestSession.get();
    Dataset dt = Dataset.open(CONF, store("datetime64_raw.zarr"));
    long[] want = (long[]) dt.variable("valid_from").readAll();
    List<Row> rows = spark.read().format("zarr").load(store("datetime64_raw.zarr")).select("time", "valid_from").distinct()
        .orderBy("time").collectAsList();
    assertEquals(want.length, rows.size());
    for (int i = 0; i < want.length; i++) {
      if (want[i] == CfTime.NAT) assertTrue(rows.get(i).isNullAt(1), "NaT is NULL at " + i);
      else assertEquals(want[i], org.apache.spark.sql.catalyst.util.DateTimeUtils.fromJavaTimestamp(rows.get(i).getTimestamp(1)));
    }
    long[] age = (long[]) Dataset.open(CONF, store("timedelta64_raw.zarr")).variable("age").readAll();
    rows = spark.read().format("zarr").load(store("timedelta64_raw.zarr")).select("time", "age").distinct().orderBy("time")
        .collectAsList();
    for (int i = 0; i < age.length; i++) {
      assertEquals(java.time.Duration.ofNanos(age[i] * 1000), rows.get(i).get(1), "timedelta64 as an interval at " + i);
    }
    String[] stations = Dataset.open(CONF, store("string_dim_coordinate.zarr")).coordinateLabels("station");
    rows = spark.read().format("zarr").load(store("string_dim_coordinate.zarr")).groupBy("station").count().orderBy("station")
        .collectAsList();
    List<String> got = new ArrayList<>();
    rows.forEach(r -> got.add(r.getString(0)));
    List<String> sorted = new ArrayList<>(List.of(stations));
    java.util.Collections.sort(sorted);
    assertEquals(sorted, got, "a dim of names is a string column");
    assertEquals(6, spark.read().format("zarr").load(store("string_dim_coordinate.zarr")).where("station = 'Tainan'").count(),
        "a filter on names (6 time steps of one station) is left to Spark, never pruned by the index");
    boolean[] wet = (boolean[]) Dataset.open(CONF, store("bool_xarray.zarr")).variable("wet").readAll();
    long trues = 0;
    for (boolean b : wet) if (b) trues++;
    assertEquals(trues, spark.read().format("zarr").load(store("bool_xarray.zarr")).where("wet").count(), "bools as BooleanType");
    ZarrException e = org.junit.jupiter.api.Assertions.assertThrows(ZarrException.class,
        () -> spark.read().format("zarr").option("variables", "label").load(store("unicode_fixed.zarr")).schema());
    assertRefusal(e, List.of("unicode_fixed.zarr", "label", "<U9"));
    e = org.junit.jupiter.api.Assertions.assertThrows(ZarrException.class,
        () -> spark.read().format("zarr").option("variables", "spectrum").load(store("complex.zarr")).schema());
    assertRefusal(e, List.of("complex.zarr", "spectrum", "complex128"));
  }

  static void assertRefusal(ZarrException e, List<String> words) {
    String m = e.getMessage();
    assertFalse(m.contains("\n"), "one line: " + m);
    for (String w : words) assertTrue(m.contains(w), "'" + m + "' names '" + w + "'");
  }

  static Object readAll(Dataset ds, String name) {
    Variable v = ds.variable(name);
    if (ds.isCoordinate(name)) {
      // coordinates as the dataset hands them to selections (a NaT there is refused)
      if (v.isTime()) return ds.timeValues(name);
      if (v.kind() == Variable.Kind.TEXT) return ds.coordinateLabels(name);
      if (v.kind() == Variable.Kind.NUMBER) ds.coordinateValues(name);
    }
    return v.readAll();
  }

  /** Everything Spangeo read, in the form check_corpus.py compares with xarray. */
  static ObjectNode dump(Dataset ds) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode dims = root.putObject("dims");
    ds.dims().forEach(dims::put);
    ObjectNode vars = root.putObject("variables");
    List<String> aux = ds.auxiliaryCoordinateNames();
    for (String n : ds.variables().keySet()) {
      Variable v = ds.variable(n);
      ObjectNode o = vars.putObject(n);
      ArrayNode d = o.putArray("dims");
      v.dims().forEach(d::add);
      o.put("dtype", dtype(v));
      o.put("coord", ds.isCoordinate(n) || aux.contains(n));
      o.set("attrs", v.attributes() == null ? JSON.createObjectNode() : v.attributes());
      ArrayNode values = o.putArray("values");
      Object a = readAll(ds, n);
      if (a instanceof float[]) {
        for (float x : (float[]) a) if (Float.isNaN(x)) values.addNull(); else values.add((double) x);
      } else if (a instanceof double[]) {
        for (double x : (double[]) a) if (Double.isNaN(x)) values.addNull(); else values.add(x);
      } else if (a instanceof long[]) {
        for (long x : (long[]) a) if (x == CfTime.NAT && v.kind() != Variable.Kind.NUMBER) values.addNull(); else values.add(x);
      } else if (a instanceof int[]) {
        for (int x : (int[]) a) values.add(x);
      } else if (a instanceof short[]) {
        for (short x : (short[]) a) values.add(x);
      } else if (a instanceof byte[]) {
        for (byte x : (byte[]) a) values.add(x);
      } else if (a instanceof boolean[]) {
        for (boolean x : (boolean[]) a) values.add(x);
      } else if (a instanceof String[]) {
        for (String x : (String[]) a) values.add(x);
      } else {
        throw new AssertionError(n + ": values of " + a.getClass());
      }
    }
    root.set("attrs", ds.attributes() == null ? MetadataParser.JSON.createObjectNode() : ds.attributes());
    return root;
  }

  /** The dtype name check_corpus.py gives xarray's array (datetime64 and str without their units and widths). */
  static String dtype(Variable v) {
    switch (v.kind()) {
      case TIME: return "datetime64";
      case DURATION: return "timedelta64";
      case TEXT: return v.storedDType().kind() == DType.Kind.BYTES && v.textEncoding() == null ? "bytes" : "str";
      default: return v.decodedType();
    }
  }
}
