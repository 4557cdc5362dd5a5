package org.spangeo.zarr.datasource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spangeo.zarr.ZarrException;
import org.spangeo.zarr.testing.MultiYear;
import org.spangeo.zarr.testing.PythonPeer;
import org.spangeo.zarr.testing.SparkTestSession;

/** df.write.format("zarr"): what Spark writes from a tidy table, xarray reads back equal. */
class ZarrDataFrameWriteTest {
  static SparkSession spark;
  static Path out;

  @BeforeAll
  static void setUp() {
    spark = SparkTestSession.get();
    out = PythonPeer.scratch("df-write");
  }

  static Dataset<Row> era5() {
    return spark.read().format("zarr").option("variables", "t2m,sst").load(MultiYear.glob());
  }

  static void check(String store, String kase) {
    String ok = PythonPeer.run("check_df_write.py", store, MultiYear.glob(), kase);
    assertTrue(ok.contains("ok"), ok);
  }

  @Test
  void aTransformedTableWritesBackAsZarr() {
    String store = out.resolve("transform.zarr").toString();
    era5().where("latitude BETWEEN 15 AND 30")
        .withColumn("t2m_c", org.apache.spark.sql.functions.expr("t2m - CAST(273.15 AS FLOAT)"))
        .write().format("zarr").mode(SaveMode.Overwrite).option("chunks", "time=100").save(store);
    check(store, "transform");
    assertFalse(Files.exists(Path.of(out.resolve(".transform.zarr.spangeo-staging").toString())), "staging removed");
  }

  @Test
  void rowsThatAreMissingBecomeNaN() {
    String store = out.resolve("filtered.zarr").toString();
    era5().where("latitude BETWEEN 15 AND 30 AND t2m < 295").select("time", "latitude", "longitude", "t2m")
        .write().format("zarr").mode(SaveMode.Overwrite).save(store);
    check(store, "filtered");
  }

  @Test
  void appendGrowsTheStoreAlongTime() {
    String store = out.resolve("appended.zarr").toString();
    Dataset<Row> t = era5().where("latitude BETWEEN 20 AND 25").select("time", "latitude", "longitude", "t2m");
    t.where("time < TIMESTAMP '2020-07-01 00:00:00'").write().format("zarr").mode(SaveMode.Overwrite).save(store);
    t.where("time >= TIMESTAMP '2020-07-01 00:00:00'").write().format("zarr").mode(SaveMode.Append).save(store);
    check(store, "appended");
    // appending the same times again is refused by the writer, and the store stays as it was
    Throwable e = assertThrows(Exception.class,
        () -> t.where("time >= TIMESTAMP '2021-07-01 00:00:00'").write().format("zarr").mode(SaveMode.Append).save(store));
    assertTrue(rootMessage(e).contains("start at or before"), rootMessage(e));
    check(store, "appended");
  }

  @Test
  void columnsThatCannotBeZarrAreNamed() {
    String store = out.resolve("bad.zarr").toString();
    Throwable e = assertThrows(Exception.class, () -> era5().select("time", "latitude", "longitude", "t2m")
        .withColumn("note", org.apache.spark.sql.functions.lit("x"))
        .write().format("zarr").mode(SaveMode.Overwrite).save(store));
    assertTrue(rootMessage(e).contains("column 'note' is string"), rootMessage(e));
    assertFalse(Files.exists(Path.of(store)), "nothing written");
  }

  static String rootMessage(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) if (t instanceof ZarrException) return t.getMessage();
    return String.valueOf(e.getMessage());
  }
}
