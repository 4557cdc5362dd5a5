package org.spangeo.jobs.sample;

import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.spangeo.zarr.AlreadyExistsException;
import org.spangeo.zarr.blocks.Block;
import org.spangeo.zarr.blocks.BlockKey;
import org.spangeo.zarr.store.HadoopConf;
import org.spangeo.zarr.write.ZarrWriter;

/**
 * Writes the {@link Radiation} sample as one Zarr store: a Spark task generates one chunk of
 * columns (every variable) and writes it through the store's {@link ZarrWriter}; the store is
 * committed only when the whole job succeeded.
 */
public final class RadiationSample {
  private RadiationSample() {}

  /** Columns per chunk. */
  public static final int CHUNK = 256;

  /** Writes {@code DIR/radiation_3dcorrection.zarr}; returns its path. */
  public static String write(JavaSparkContext jsc, HadoopConf conf, String outDir, int columns, long seed, boolean overwrite) {
    String target = new Path(outDir, Radiation.STORE).toString();
    try {
      Path p = new Path(target);
      if (!overwrite && p.getFileSystem(conf.get()).exists(p)) {
        throw new AlreadyExistsException("store '" + target + "' already exists (use --overwrite to replace it)");
      }
    } catch (java.io.IOException e) {
      throw new org.spangeo.zarr.SpangeoException("cannot check '" + target + "': " + e.getMessage(), e);
    }
    ZarrWriter w = ZarrWriter.begin(conf, target, Radiation.spec(columns, CHUNK, seed),
        overwrite ? ZarrWriter.Mode.OVERWRITE : ZarrWriter.Mode.ERROR_IF_EXISTS);
    try {
      List<Integer> chunks = new ArrayList<>();
      for (int c = 0; c * CHUNK < columns; c++) chunks.add(c);
      jsc.setJobDescription("sample-data: radiation sample, " + columns + " columns in " + chunks.size() + " chunks");
      jsc.parallelize(chunks, Math.max(1, chunks.size())).foreach(c -> {
        int first = c * CHUNK;
        Radiation.Chunk ch = Radiation.generate(seed, first, Math.min(CHUNK, columns - first));
        long[] o2 = {first, 0};
        long[] o3 = {first, 0, 0};
        w.writeBlock(Block.ofFloats(new BlockKey("sca_inputs", List.of("column", "sca_variable"), o2),
            new int[] {ch.n, Radiation.SCA.length}, ch.sca));
        w.writeBlock(Block.ofFloats(new BlockKey("col_inputs", List.of("column", "level", "col_variable"), o3),
            new int[] {ch.n, Radiation.LEVELS, Radiation.COL.length}, ch.col));
        w.writeBlock(Block.ofFloats(new BlockKey("hl_inputs", List.of("column", "half_level", "hl_variable"), o3),
            new int[] {ch.n, Radiation.HALF_LEVELS, Radiation.HL.length}, ch.hl));
        w.writeBlock(Block.ofFloats(new BlockKey("inter_inputs", List.of("column", "level_interface", "inter_variable"), o3),
            new int[] {ch.n, Radiation.INTERFACES, 1}, ch.inter));
        for (int f = 0; f < 4; f++) {
          w.writeBlock(Block.ofFloats(new BlockKey(Radiation.FLUXES[f], List.of("column", "half_level"), o2),
              new int[] {ch.n, Radiation.HALF_LEVELS}, ch.flux[f]));
        }
      });
      w.commit();
    } catch (RuntimeException e) {
      w.abort();
      throw e;
    } catch (Exception e) { // a failed job is a SparkException, checked but undeclared from Scala
      w.abort();
      throw new org.spangeo.zarr.SpangeoException(e.getMessage(), e);
    }
    return target;
  }
}
