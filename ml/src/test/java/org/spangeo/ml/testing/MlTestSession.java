package org.spangeo.ml.testing;

import org.apache.spark.sql.SparkSession;
import org.spangeo.jobs.JobsTestSession;

/**
 * The test Spark session for the ml module: the jobs' (Kryo with registration required,
 * local[2,2] with one retry) plus the ML Kryo classes. Commands run in-process keep it alive.
 */
public final class MlTestSession {
  private MlTestSession() {}

  public static SparkSession get() {
    return JobsTestSession.get("spangeo-ml-tests",
        "org.spangeo.zarr.SpangeoKryoRegistrator,org.spangeo.jobs.JobsKryoRegistrator,org.spangeo.ml.MlKryoRegistrator");
  }
}
