package org.spangeo.zarr.testing;

import org.apache.spark.sql.SparkSession;

/**
 * One local Spark session for the test JVM, configured as the project requires of tests: Kryo
 * with registration required (so every class that crosses the wire is registered), no UI.
 */
public final class SparkTestSession {
  private static SparkSession spark;

  private SparkTestSession() {}

  public static synchronized SparkSession get() {
    if (spark == null) {
      spark = SparkSession.builder()
          .master("local[2,2]") // 2 threads, a failed task is retried once
          .appName("spangeo-tests")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "4")
          .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
          .config("spark.kryo.registrationRequired", "true")
          .config("spark.kryo.registrator", "org.spangeo.zarr.SpangeoKryoRegistrator")
          .config("spark.sql.session.timeZone", "UTC")
          .config("spark.sql.extensions", "org.spangeo.zarr.datasource.SpangeoSqlExtensions")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .getOrCreate();
    }
    return spark;
  }
}
