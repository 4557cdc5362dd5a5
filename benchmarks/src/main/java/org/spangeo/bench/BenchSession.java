package org.spangeo.bench;

import org.apache.spark.sql.SparkSession;

/** The Spark session the stage benchmarks run the spangeo commands in (local[N], the project's settings). */
final class BenchSession {
  private BenchSession() {}

  static SparkSession start(String name, int cores) {
    System.setProperty("spangeo.keepSession", "true");
    return SparkSession.builder().master("local[" + cores + "]").appName(name)
        .config("spark.ui.enabled", "false")
        .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
        .config("spark.kryo.registrator", "org.spangeo.zarr.SpangeoKryoRegistrator,org.spangeo.jobs.JobsKryoRegistrator,org.spangeo.ml.MlKryoRegistrator")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate();
  }
}
