package org.spangeo.ml;

import com.esotericsoftware.kryo.Kryo;
import org.apache.spark.serializer.KryoRegistrator;

/** Kryo registration of the classes the ML stages ship between JVMs (after the jobs' registrator). */
public class MlKryoRegistrator implements KryoRegistrator {
  @Override
  public void registerClasses(Kryo kryo) {
    // classes are added here as the patch, inference and score stages need them
    // skill scores: the boxes scored, the partial sums merged per output block, the baselines' training sums
    kryo.register(org.spangeo.ml.scores.Box.class);
    kryo.register(org.spangeo.ml.scores.ScorePartial.class);
    kryo.register(org.spangeo.ml.scores.ScorePartial[].class);
    kryo.register(org.spangeo.ml.scores.Baselines.Training.class);
  }
}
