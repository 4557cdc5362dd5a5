package org.spangeo.jobs;

import com.esotericsoftware.kryo.Kryo;
import org.apache.spark.serializer.KryoRegistrator;
import org.spangeo.zarr.RecordSerializer;

/** Kryo registration of the classes the stages shuffle (add after the connector's registrator). */
public class JobsKryoRegistrator implements KryoRegistrator {
  @Override
  public void registerClasses(Kryo kryo) {
    // records through RecordSerializer (Kryo 4 cannot build them), the rest with Kryo's default
    RecordSerializer.register(kryo,
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
