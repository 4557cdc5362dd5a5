package org.spangeo.ml;

import com.esotericsoftware.kryo.Kryo;
import org.apache.spark.serializer.KryoRegistrator;

/** Kryo registration of the classes the ML stages ship between JVMs (after the jobs' registrator). */
public class MlKryoRegistrator implements KryoRegistrator {
  @Override
  public void registerClasses(Kryo kryo) {
    // skill scores: the boxes scored, the partial sums merged per output block, the baselines' training sums
    kryo.register(org.spangeo.ml.scores.Box.class);
    kryo.register(org.spangeo.ml.scores.ScorePartial.class);
    kryo.register(org.spangeo.ml.scores.ScorePartial[].class);
    kryo.register(org.spangeo.ml.scores.ReliabilityPartial.class);
    kryo.register(org.spangeo.ml.scores.FssPartial.class);
    kryo.register(org.spangeo.ml.scores.FssPartial[].class);
    kryo.register(org.spangeo.ml.scores.Baselines.Training.class);
    // training samples handed from tasks to the trainer (toLocalIterator)
    kryo.register(org.spangeo.ml.train.SampleBlock.class);
    kryo.register(org.spangeo.ml.train.SampleBlock[].class);
    // broadcast of the patch order (CSR of output indices per xbatcher batch)
    kryo.register(int[][].class);
    // inference tiles (parallelized: their chunk blocks to read)
    kryo.register(org.spangeo.ml.inference.Tile.class);
    kryo.register(org.spangeo.zarr.blocks.BlockTask[].class);
  }
}
