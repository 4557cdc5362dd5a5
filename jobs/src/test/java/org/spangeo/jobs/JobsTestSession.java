package org.spangeo.jobs;

import org.apache.spark.sql.SparkSession;

/**
 * The test Spark session for the jobs module: the connector's settings (Kryo with
 * registration required, local[2,2] with one retry) plus the jobs' Kryo classes.
 * Commands run in-process keep it alive (spangeo.keepSession).
 */
public final class JobsTestSession {
  private static SparkSession spark;

  private JobsTestSession() {}

  public static synchronized SparkSession get() {
    return get("spangeo-jobs-tests", "org.spangeo.zarr.SpangeoKryoRegistrator,org.spangeo.jobs.JobsKryoRegistrator");
  }

  /** The same session for a module above jobs, with its app name and Kryo registrators. */
  public static synchronized SparkSession get(String appName, String kryoRegistrators) {
    if (spark == null) {
      System.setProperty("spangeo.keepSession", "true");
      spark = SparkSession.builder()
          .master("local[2,2]")
          .appName(appName)
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "4")
          .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
          .config("spark.kryo.registrationRequired", "true")
          .config("spark.kryo.registrator", kryoRegistrators)
          .config("spark.sql.session.timeZone", "UTC")
          .config("spark.sql.extensions", "org.spangeo.zarr.datasource.SpangeoSqlExtensions")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.eventLog.enabled", "false")
          .getOrCreate();
    }
    return spark;
  }
}
