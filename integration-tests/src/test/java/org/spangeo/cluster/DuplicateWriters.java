package org.spangeo.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.spangeo.zarr.blocks.Block;
import org.spangeo.zarr.blocks.Blocks;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.dataset.Selection;
import org.spangeo.zarr.store.HadoopConf;
import org.spangeo.zarr.write.ChunkWriteHook;
import org.spangeo.zarr.write.SparkBlockWriter;
import org.spangeo.zarr.write.Specs;
import org.spangeo.zarr.write.ZarrWriter;

/**
 * What a speculative copy does, for every task at once: two jobs write all chunks of the same
 * write at the same time, each in one task on its own executor, racing chunk by chunk (the same
 * order, the same temporary-name-and-rename puts); then the write is committed once.
 */
final class DuplicateWriters {
  private DuplicateWriters() {}

  /**
   * Holds each writer before its first chunk until the other one is there too (files in a local
   * folder: the executors are separate JVMs on this machine), so the two really race.
   */
  static final class Barrier implements ChunkWriteHook {
    private static final long serialVersionUID = 1L;
    private final String dir;

    Barrier(String dir) {
      this.dir = dir;
    }

    @Override
    public void beforeChunk(String variable, String key) {
      if (!key.equals("t2m/0.0.0")) return;
      try {
        Path d = Path.of(dir);
        Files.createDirectories(d);
        // one file per stage (job): a retried attempt of the same stage cannot stand in for the other job
        Path mine = d.resolve("stage-" + org.apache.spark.TaskContext.get().stageId());
        if (!Files.exists(mine)) Files.createFile(mine);
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
          try (var s = Files.list(d)) {
            if (s.count() >= 2) return;
          }
          if (System.nanoTime() > deadline) throw new IllegalStateException("the other writer never arrived");
          Thread.sleep(20);
        }
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  static void copyTwiceConcurrently(SparkSession spark, HadoopConf conf, String in, String target) throws Exception {
    Dataset src = Dataset.open(conf, in);
    Selection all = Selection.all(src);
    String barrier = Stores.scratch("barrier-" + UUID.randomUUID()).toString();
    ZarrWriter w = ZarrWriter.begin(conf, target, Specs.like(src, all, List.of("t2m"), null), ZarrWriter.Mode.OVERWRITE)
        .withHook(new Barrier(barrier));
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<?> a = pool.submit(() -> write(jsc, src, all, w));
      Future<?> b = pool.submit(() -> write(jsc, src, all, w));
      a.get();
      b.get();
    } finally {
      pool.shutdownNow();
    }
    w.commit();
  }

  private static void write(JavaSparkContext jsc, Dataset src, Selection all, ZarrWriter w) {
    JavaRDD<Block> blocks = Blocks.read(jsc, src, all, List.of("t2m"), 1);
    SparkBlockWriter.writeChunks(blocks, w, 1L << 30); // one reduce task writes every chunk
  }
}
