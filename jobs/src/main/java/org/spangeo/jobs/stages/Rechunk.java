package org.spangeo.jobs.stages;

import java.util.Map;
import org.spangeo.zarr.InvalidArgumentException;
import org.spangeo.zarr.blocks.Blocks;
import org.spangeo.zarr.dataset.Variable;
import org.spangeo.zarr.write.DatasetSpec;
import org.spangeo.zarr.write.Specs;
import org.spangeo.zarr.write.VariableSpec;

/**
 * rechunker's plan on Spark: source chunks are read one at a time and cut at the target's
 * chunk boundaries (consolidated reads: one task streams many chunks), pieces are shuffled by
 * target write group (consolidated writes: a group of target chunks of at most the budget),
 * and each reduce task assembles one group. No intermediate store is needed because the
 * shuffle is one; Spark's map outputs are its intermediate, spilled to local disk. Tasks: about
 * N/k reads plus M/g writes for N source and M target chunks, never N x M, and never single
 * cells.
 *
 * <p>Memory per task, bounded by {@code maxMem}: a map task holds one decoded source chunk and
 * its pieces (2 x source chunk, as float64 at most: {@link #mapBytes}); a reduce task holds one
 * write group ({@link #groupBytes}) plus one piece in flight.
 */
public final class Rechunk {
  private Rechunk() {}

  /** Bytes a map task holds for the largest source chunk: decoded block and its pieces. */
  public static long mapBytes(StageInput in) {
    long max = 0;
    for (String v : in.vars) {
      Variable var = in.ds.variable(v);
      long n = 1;
      for (int c : var.metadata().chunks()) n *= c;
      long raw = n * var.dtype().size();
      long decoded = n * (org.spangeo.zarr.dataset.ValueType.of(var) == org.spangeo.zarr.dataset.ValueType.FLOAT ? 4 : 8);
      max = Math.max(max, raw + 2 * decoded);
    }
    return max;
  }

  /** The write-group budget left by {@code maxMem} once a map task's chunk is accounted for. */
  public static long groupBytes(StageInput in, DatasetSpec out, long maxMem) {
    long map = mapBytes(in);
    long biggestTarget = 0;
    for (VariableSpec v : out.variables().values()) {
      if (!out.isCoordinate(v.name())) biggestTarget = Math.max(biggestTarget, v.chunkBytes());
    }
    long group = maxMem - map;
    if (map > maxMem || group < biggestTarget) {
      throw new InvalidArgumentException("--max-mem " + mb(maxMem) + " is too small: a source chunk needs " + mb(map)
          + " to read and a target chunk " + mb(biggestTarget) + " to assemble; give at least " + mb(map + biggestTarget));
    }
    return group;
  }

  public static StageResult compute(StageInput in, Map<String, Integer> chunks, String compressor) {
    for (String d : chunks.keySet()) {
      if (!in.ds.dims().containsKey(d)) {
        throw new InvalidArgumentException("--chunks: '" + d + "' is not a dim" + org.spangeo.zarr.dataset.Names.suggest(d, in.ds.dims().keySet()));
      }
    }
    DatasetSpec spec = Specs.like(in.ds, in.sel, in.vars, compressor).withChunks(chunks);
    return new StageResult(spec, Blocks.read(in.jsc, in.ds, in.sel, in.vars, 0, in.metrics), in.cells());
  }

  static String mb(long b) {
    return String.format(java.util.Locale.ROOT, "%.1f MB", b / 1e6);
  }
}
