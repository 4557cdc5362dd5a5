package org.spangeo.jobs;

import org.junit.jupiter.api.Test;
import org.spangeo.jobs.stages.Stat;
import org.spangeo.jobs.stages.Statistic;
import org.spangeo.zarr.testing.KryoRoundTrip;

/** Every record the jobs' registrator registers crosses Spark's Kryo (and Java serialization) intact. */
class JobsKryoRecordsTest {
  static final String REGISTRATORS = "org.spangeo.zarr.SpangeoKryoRegistrator,org.spangeo.jobs.JobsKryoRegistrator";

  @Test
  void recordsRoundTrip() {
    KryoRoundTrip.assertRecordsRoundTrip(REGISTRATORS, Statistic.quantile(0.9), Statistic.of(Stat.STD));
  }
}
