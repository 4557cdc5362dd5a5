package org.spangeo.jobs.sample;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.LongAccumulator;
import org.spangeo.jobs.ui.SparkJobs;
import org.spangeo.zarr.AlreadyExistsException;
import org.spangeo.zarr.SpangeoException;
import org.spangeo.zarr.blocks.Block;
import org.spangeo.zarr.blocks.BlockKey;
import org.spangeo.zarr.store.HadoopConf;
import org.spangeo.zarr.write.ZarrWriter;

/**
 * Writes a sample: one store per year, all years in one Spark job. A task generates one time
 * chunk of one year (all variables) and writes each variable's chunk through that year's
 * {@link ZarrWriter}; the generated blocks are exactly the output chunks, so nothing is
 * shuffled (this is the map side of SparkBlockWriter for aligned blocks). Every store is
 * committed only after the whole job succeeded; a failure aborts every staging folder, so
 * existing stores are never left half-replaced.
 */
public final class SampleData {
  private SampleData() {}

  /** What was written. */
  public static final class Result {
    public final List<String> stores = new ArrayList<>();
    public final List<Long> storedBytes = new ArrayList<>();
    public long chunks;
    public long rawBytes;
    public int tasks;
  }

  /**
   * Refuses before anything is written when a target exists and overwrite is false (so an error
   * leaves every store, old or new, as it was).
   */
  public static List<String> targets(HadoopConf conf, String outDir, SampleGrid g, boolean overwrite) {
    List<String> out = new ArrayList<>();
    for (int y = 0; y < g.years(); y++) {
      String target = new Path(outDir, g.storeName(g.year(y))).toString();
      if (!overwrite && exists(conf, target)) {
        throw new AlreadyExistsException("store '" + target + "' already exists (use --overwrite to replace it)");
      }
      out.add(target);
    }
    return out;
  }

  public static Result write(JavaSparkContext jsc, HadoopConf conf, String outDir, SampleGrid g, boolean overwrite,
      int partitions) {
    List<String> targets = targets(conf, outDir, g, overwrite);
    ZarrWriter.Mode mode = overwrite ? ZarrWriter.Mode.OVERWRITE : ZarrWriter.Mode.ERROR_IF_EXISTS;
    List<ZarrWriter> writers = new ArrayList<>();
    Result r = new Result();
    try {
      List<Integer> tasks = new ArrayList<>();
      for (int y = 0; y < g.years(); y++) {
        writers.add(ZarrWriter.begin(conf, targets.get(y), SampleVariables.spec(g, g.year(y)), mode));
        for (int c = 0; c < g.chunksOf(g.year(y)); c++) tasks.add(y << 16 | c);
      }
      r.tasks = tasks.size();
      LongAccumulator chunks = jsc.sc().longAccumulator("sample chunks written");
      LongAccumulator bytes = jsc.sc().longAccumulator("sample bytes generated");
      ZarrWriter[] ws = writers.toArray(new ZarrWriter[0]);
      int slices = partitions > 0 ? partitions : tasks.size();
      // the stage by what it does (the command sets the job's description and group)
      try (SparkJobs.Site s = SparkJobs.site(jsc, "generate and write " + SparkJobs.count(targets.size(), "store") + " ("
          + SparkJobs.count(tasks.size(), "time chunk") + " of all variables)")) {
        jsc.parallelize(tasks, slices).foreach(task -> {
          int y = task >>> 16;
          int c = task & 0xffff;
          long n = writeChunk(g, ws[y], g.year(y), c);
          chunks.add(n >>> 40);
          bytes.add(n & ((1L << 40) - 1));
        });
      }
      for (ZarrWriter w : writers) w.commit();
      r.chunks = chunks.value();
      r.rawBytes = bytes.value();
    } catch (RuntimeException e) {
      for (ZarrWriter w : writers) w.abort();
      throw e;
    } catch (Exception e) { // a failed job is a SparkException, checked but undeclared from Scala
      for (ZarrWriter w : writers) w.abort();
      throw new IllegalStateException(e.getMessage(), e);
    }
    for (String t : targets) {
      r.stores.add(t);
      r.storedBytes.add(size(conf, t));
    }
    return r;
  }

  /** Generates and writes one time chunk of every variable; returns chunks << 40 | bytes. */
  static long writeChunk(SampleGrid g, ZarrWriter w, int year, int chunk) {
    Weather.Chunk ch = Weather.generate(g, year, chunk);
    int nlev = SampleGrid.LEVELS.length;
    long chunks = 0;
    long bytes = 0;
    List<String> levelDims = List.of("time", "level", "latitude", "longitude");
    for (int v = 0; v < Weather.LEVEL_VARIABLES; v++) {
      for (int l = 0; l < nlev; l++) {
        BlockKey k = new BlockKey(SampleVariables.LEVEL[v][0], levelDims, new long[] {ch.firstStep, l, 0, 0});
        w.writeBlock(Block.ofFloats(k, new int[] {ch.steps, 1, g.nlat, g.nlon}, ch.level[v][l]));
        chunks++;
        bytes += 4L * ch.level[v][l].length;
      }
    }
    List<String> surfaceDims = List.of("time", "latitude", "longitude");
    for (int v = 0; v < Weather.SURFACE_VARIABLES; v++) {
      BlockKey k = new BlockKey(SampleVariables.SURFACE[v][0], surfaceDims, new long[] {ch.firstStep, 0, 0});
      w.writeBlock(Block.ofFloats(k, new int[] {ch.steps, g.nlat, g.nlon}, ch.surface[v]));
      chunks++;
      bytes += 4L * ch.surface[v].length;
    }
    if (chunk == 0) {
      float[] lsm = Weather.landSeaMask(g);
      w.writeBlock(Block.ofFloats(new BlockKey(SampleVariables.LAND_SEA_MASK, List.of("latitude", "longitude"),
          new long[] {0, 0}), new int[] {g.nlat, g.nlon}, lsm));
      chunks++;
      bytes += 4L * lsm.length;
    }
    return chunks << 40 | bytes;
  }

  private static boolean exists(HadoopConf conf, String target) {
    try {
      Path p = new Path(target);
      return p.getFileSystem(conf.get()).exists(p);
    } catch (IOException e) {
      throw new SpangeoException("cannot check '" + target + "': " + e.getMessage());
    }
  }

  private static long size(HadoopConf conf, String target) {
    try {
      Path p = new Path(target);
      FileSystem fs = p.getFileSystem(conf.get());
      return fs.getContentSummary(p).getLength();
    } catch (IOException e) {
      return -1;
    }
  }
}
