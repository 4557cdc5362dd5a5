package org.spangeo.jobs;

import org.spangeo.zarr.ClassListRegistrator;

/** Kryo registration of the classes the stages shuffle (add after the connector's registrator). */
public class JobsKryoRegistrator extends ClassListRegistrator {
  public JobsKryoRegistrator() {
    super(
        org.spangeo.jobs.stages.Accumulator.class,
        org.spangeo.jobs.stages.Stat.class,
        org.spangeo.jobs.stages.Reduce.Quantiles.class,
        org.spangeo.jobs.stages.Statistic.class,
        org.spangeo.jobs.stages.Statistic.Kind.class,
        org.spangeo.jobs.shards.Shards.Piece.class,
        org.spangeo.jobs.shards.Shards.Moments.class,
        double[][].class,
        java.util.HashMap.class,
        long[][].class,
        float[][].class);
  }
}
