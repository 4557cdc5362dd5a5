package org.spangeo.ml.testing;

import org.apache.spark.sql.SparkSession;

/**
 * The test Spark session for the ml module: as the jobs' (Kryo with registration required,
 * local[2,2] with one retry) plus the ML Kryo classes. Commands run in-process keep it alive.
 */
public final class MlTestSession {
  private static SparkSession spark;

  private MlTestSession() {}

  public static synchronized SparkSession get() {
    if (spark == null) {
      System.setProperty("spangeo.keepSession", "true");
      spark = SparkSession.builder()
          .master("local[2,2]")
          .appName("spangeo-ml-tests")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "4")
          .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
          .config("spark.kryo.registrationRequired", "true")
          .config("spark.kryo.registrator",
              "org.spangeo.zarr.SpangeoKryoRegistrator,org.spangeo.jobs.JobsKryoRegistrator,org.spangeo.ml.MlKryoRegistrator")
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
