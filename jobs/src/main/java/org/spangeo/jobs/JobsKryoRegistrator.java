package org.spangeo.jobs;

import com.esotericsoftware.kryo.Kryo;
import org.apache.spark.serializer.KryoRegistrator;

/** Kryo registration of the classes the stages shuffle (add after the connector's registrator). */
public class JobsKryoRegistrator implements KryoRegistrator {
  @Override
  public void registerClasses(Kryo kryo) {
    kryo.register(org.spangeo.jobs.stages.Accumulator.class);
    kryo.register(org.spangeo.jobs.stages.Stat.class);
    kryo.register(org.spangeo.jobs.stages.Reduce.Quantiles.class);
    kryo.register(org.spangeo.jobs.stages.Statistic.class);
    kryo.register(org.spangeo.jobs.stages.Statistic.Kind.class);
    kryo.register(org.spangeo.jobs.shards.Shards.Piece.class);
    kryo.register(org.spangeo.jobs.shards.Shards.Moments.class);
    kryo.register(double[][].class);
    kryo.register(java.util.HashMap.class);
    kryo.register(long[][].class);
    kryo.register(float[][].class);
  }
}
