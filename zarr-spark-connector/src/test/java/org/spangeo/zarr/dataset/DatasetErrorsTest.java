package org.spangeo.zarr.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spangeo.zarr.ZarrException;
import org.spangeo.zarr.store.HadoopConf;
import org.spangeo.zarr.testing.PythonPeer;
import org.spangeo.zarr.testing.SparkTestSession;

/** Bad input at the dataset level: each is one clear line naming what and where. */
class DatasetErrorsTest {
  static Path dir;
  static final HadoopConf CONF = HadoopConf.of(Map.of());

  @BeforeAll
  static void stores() {
    dir = PythonPeer.scratch("bad-datasets");
    PythonPeer.run("make_bad_datasets.py", dir.toString());
  }

  static String store(String name) {
    return dir.resolve(name + ".zarr").toString();
  }

  static ZarrException refused(String... paths) {
    return assertThrows(ZarrException.class, () -> Dataset.open(CONF, paths));
  }

  static void oneLine(Throwable e) {
    assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
  }

  @Test
  void twoYearsCombineAlongTime() {
    Dataset ds = Dataset.open(CONF, store("a_2020"), store("b_2021"));
    assertEquals(16L, ds.dimSize("time"));
    assertEquals("time", ds.concatDim());
    long[] t = ds.timeValues("time");
    for (int i = 1; i < t.length; i++) assertTrue(t[i] > t[i - 1], "time increases");
  }

  @Test
  void missingStoreIsNamed() {
    ZarrException e = refused(store("nope"));
    assertTrue(e.getMessage().contains("nope.zarr") && e.getMessage().contains("does not exist"), e.getMessage());
    oneLine(e);
  }

  @Test
  void globMatchingNothingIsNamed() {
    ZarrException e = refused(dir + "/era5_*.zarr");
    assertTrue(e.getMessage().contains("era5_*.zarr") && e.getMessage().contains("matches no store"), e.getMessage());
    oneLine(e);
  }

  @Test
  void differentVariablesAreListed() {
    ZarrException e = refused(store("a_2020"), store("c_othervars"));
    assertTrue(e.getMessage().contains("[tp] only in the second"), e.getMessage());
    assertTrue(e.getMessage().contains("a_2020.zarr") && e.getMessage().contains("c_othervars.zarr"), e.getMessage());
    oneLine(e);
  }

  @Test
  void differentGridsAreNamed() {
    ZarrException e = refused(store("a_2020"), store("d_othergrid"));
    assertTrue(e.getMessage().contains("latitude has 5 values in the first and 11 in the second")
        && e.getMessage().contains("d_othergrid.zarr"), e.getMessage());
    oneLine(e);
  }

  @Test
  void overlappingTimesAreRefused() {
    ZarrException e = refused(store("a_2020"), store("e_overlap"));
    assertTrue(e.getMessage().contains("overlap along 'time'"), e.getMessage());
    oneLine(e);
  }

  @Test
  void sameStoreTwiceHasNothingToCombineAlong() {
    ZarrException e = refused(store("a_2020"), store("a_2020"));
    assertTrue(e.getMessage().contains("identical coordinates"), e.getMessage());
  }

  @Test
  void modelCalendarsAreRefusedClearly() {
    ZarrException e = refused(store("f_noleap"));
    assertTrue(e.getMessage().contains("calendar 'noleap' is not supported") && e.getMessage().contains("time"),
        e.getMessage());
    assertTrue(e.getMessage().contains("f_noleap.zarr"), e.getMessage());
    // and with decode_times off the values are plain numbers, as in xarray
    Dataset.Options o = new Dataset.Options();
    o.decodeTimes = false;
    Dataset ds = Dataset.open(CONF, o, List.of(store("f_noleap")));
    assertTrue(!ds.variable("time").isTime());
  }

  @Test
  void unknownVariableSuggestsTheCloseOnes() {
    Dataset ds = Dataset.open(CONF, store("a_2020"));
    ZarrException e = assertThrows(ZarrException.class, () -> ds.variable("t2"));
    assertTrue(e.getMessage().contains("did you mean 't2m'"), e.getMessage());
  }

  @Test
  void corruptChunkNamesStoreArrayAndKeyThroughSpark() {
    SparkSession spark = SparkTestSession.get();
    Throwable e = assertThrows(Exception.class,
        () -> spark.read().format("zarr").load(store("g_corrupt")).selectExpr("sum(t2m)").collectAsList());
    Throwable root = rootZarr(e);
    String m = root.getMessage();
    assertTrue(m.contains("g_corrupt.zarr") && m.contains("array 't2m'") && m.contains("chunk '0.0.0'"), m);
  }

  @Test
  void truncatedChunkNamesStoreArrayAndKey() {
    Dataset ds = Dataset.open(CONF, store("h_truncated"));
    ZarrException e = assertThrows(ZarrException.class, () -> ds.variable("t2m").read(new long[3], new int[] {8, 5, 4}));
    assertTrue(e.getMessage().contains("h_truncated.zarr") && e.getMessage().contains("'t2m'")
        && e.getMessage().contains("'0.0.0'"), e.getMessage());
    oneLine(e);
  }

  @Test
  void badReadOptionsAreNamed() {
    SparkSession spark = SparkTestSession.get();
    Throwable e = assertThrows(Exception.class,
        () -> spark.read().format("zarr").option("partitionBytes", "lots").load(store("a_2020")).schema());
    assertTrue(rootZarr(e).getMessage().contains("partitionBytes='lots'"), e.getMessage());
    Throwable m = assertThrows(Exception.class,
        () -> spark.read().format("zarr").option("minPartitionBytes", "-4m").load(store("a_2020")).schema());
    assertTrue(rootZarr(m).getMessage().contains("minPartitionBytes='-4m'"), rootZarr(m).getMessage());
    Throwable v = assertThrows(Exception.class,
        () -> spark.read().format("zarr").option("variables", "t2n").load(store("a_2020")).schema());
    assertTrue(rootZarr(v).getMessage().contains("did you mean 't2m'"), rootZarr(v).getMessage());
  }

  static Throwable rootZarr(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) if (t instanceof ZarrException) return t;
    throw new AssertionError("no ZarrException in the causes of " + e, e);
  }
}
