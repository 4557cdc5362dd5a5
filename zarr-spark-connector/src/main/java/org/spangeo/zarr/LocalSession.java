package org.spangeo.zarr;

import org.apache.spark.sql.SparkSession;

/**
 * A local Spark session as the tests and benchmarks run one: Kryo with every class that crosses
 * the wire registered, UTC session time, Spangeo's SQL extensions, no UI, the driver on 127.0.0.1.
 */
public final class LocalSession {
  private LocalSession() {}

  public static SparkSession.Builder builder(String master, String appName, int shufflePartitions) {
    return SparkSession.builder()
        .master(master)
        .appName(appName)
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", String.valueOf(shufflePartitions))
        .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
        .config("spark.kryo.registrationRequired", "true")
        .config("spark.kryo.registrator", SpangeoKryoRegistrator.class.getName())
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.extensions", "org.spangeo.zarr.datasource.SpangeoSqlExtensions")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1");
  }
}
