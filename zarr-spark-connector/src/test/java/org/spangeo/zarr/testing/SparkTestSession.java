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
      // 2 threads, a failed task is retried once
      spark = org.spangeo.zarr.LocalSession.builder("local[2,2]", "spangeo-tests", 4)
          .getOrCreate();
    }
    return spark;
  }
}
