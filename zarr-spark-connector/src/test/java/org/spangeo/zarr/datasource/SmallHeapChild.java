package org.spangeo.zarr.datasource;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What {@link SmallHeapTest} runs in a JVM with a heap smaller than one task's partition: a scan
 * of the whole store in one task, then the whole store written by one task through
 * {@code df.write.format("zarr")}. Prints "RESULT rows sum" for the parent to check.
 *
 * <p>usage: SmallHeapChild STORE OUT
 */
public final class SmallHeapChild {
  private SmallHeapChild() {}

  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().master("local[1]").appName("spangeo-small-heap")
        .config("spark.ui.enabled", "false")
        // Spark refuses a heap under 450 MB unless its reserve is set: the test is about our buffers
        .config("spark.testing.reservedMemory", "0")
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
        .config("spark.kryo.registrator", "org.spangeo.zarr.SpangeoKryoRegistrator")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate();
    try {
      // one task reads every chunk: batches of at most 65,536 rows, one chunk decoded at a time
      var df = spark.read().format("zarr").option("partitionBytes", "4g").option("batchRows", "65536").load(args[0]);
      Row r = df.selectExpr("count(*)", "sum(CAST(t2m AS DOUBLE))").first();
      System.out.println("RESULT " + r.getLong(0) + " " + r.getDouble(1));
      // one task writes every row: its fragment is streamed segment by segment
      df.coalesce(1).write().format("zarr").mode("overwrite").save(args[1]);
      System.out.println("WROTE");
    } finally {
      spark.stop();
    }
  }
}
