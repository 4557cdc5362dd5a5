package org.spangeo.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spangeo.jobs.stages.Statistic;
import org.spangeo.ml.inference.Tile;
import org.spangeo.ml.testing.GridStore;
import org.spangeo.ml.train.SampleBlock;
import org.spangeo.zarr.store.HadoopConf;
import org.spangeo.zarr.blocks.BlockTask;
import org.spangeo.zarr.blocks.Blocks;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.dataset.Selection;
import org.spangeo.zarr.testing.KryoRoundTrip;

/** Every record the ML sessions register (theirs, the jobs', the connector's) crosses Spark's Kryo intact. */
class MlKryoRecordsTest {
  static final String REGISTRATORS =
      "org.spangeo.zarr.SpangeoKryoRegistrator,org.spangeo.jobs.JobsKryoRegistrator,org.spangeo.ml.MlKryoRegistrator";

  @Test
  void recordsRoundTrip(@TempDir Path tmp) {
    float[] tp = new float[4 * 4 * 4];
    for (int i = 0; i < tp.length; i++) tp[i] = i * 0.5f;
    Path store = new GridStore(GridStore.times("2020-01-01", 4, 24), GridStore.axis(40, 0.25, 4), GridStore.axis(120, -0.25, 4))
        .put("total_precipitation", tp).write(tmp.resolve("s.zarr"), 2, 4, 2);
    Dataset ds = Dataset.open(HadoopConf.of(Map.of()), store.toString());
    List<BlockTask> tasks = new java.util.ArrayList<>();
    Blocks.plan(ds, Selection.all(ds), List.of("total_precipitation")).forEach(tasks::add);
    assertEquals(4, tasks.size(), "blocks planned");
    KryoRoundTrip.assertRecordsRoundTrip(REGISTRATORS,
        new SampleBlock(new float[] {1, Float.NaN, -2}, new float[] {0, 1}, 1),
        new Tile(0, 4, new long[] {0, 2}, 2, tasks.toArray(new BlockTask[0])),
        Statistic.quantile(0.5), Statistic.of(org.spangeo.jobs.stages.Stat.MEAN));
  }
}
