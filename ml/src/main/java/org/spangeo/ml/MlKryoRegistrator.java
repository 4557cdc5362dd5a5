package org.spangeo.ml;

import org.spangeo.zarr.ClassListRegistrator;

/** Kryo registration of the classes the ML stages ship between JVMs (after the jobs' registrator). */
public class MlKryoRegistrator extends ClassListRegistrator {
  public MlKryoRegistrator() {
    super(
        // skill scores: the boxes scored, the partial sums merged per output block, the baselines' training sums
        org.spangeo.ml.scores.Box.class,
        org.spangeo.ml.scores.ScorePartial.class,
        org.spangeo.ml.scores.ScorePartial[].class,
        org.spangeo.ml.scores.ReliabilityPartial.class,
        org.spangeo.ml.scores.FssPartial.class,
        org.spangeo.ml.scores.FssPartial[].class,
        org.spangeo.ml.scores.Baselines.Training.class,
        // training samples handed from tasks to the trainer (toLocalIterator)
        org.spangeo.ml.train.SampleBlock.class,
        org.spangeo.ml.train.SampleBlock[].class,
        // broadcast of the patch order (CSR of output indices per xbatcher batch)
        int[][].class,
        // inference tiles (parallelized: their chunk blocks to read)
        org.spangeo.ml.inference.Tile.class,
        org.spangeo.zarr.blocks.BlockTask[].class);
  }
}
