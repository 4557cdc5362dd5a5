package org.spangeo.jobs.stages;

import org.apache.spark.api.java.JavaRDD;
import org.spangeo.zarr.blocks.Block;
import org.spangeo.zarr.write.DatasetSpec;

/** What a stage produces: the output dataset's spec (metadata, coordinates) and its blocks. */
public final class StageResult {
  public final DatasetSpec spec;
  public final JavaRDD<Block> blocks;
  public final long cellsIn;
  /** Lines for the summary, asked for after the output is written (counts from accumulators, a scalar result). */
  public final java.util.List<java.util.function.Supplier<String>> notes = new java.util.ArrayList<>();

  public StageResult(DatasetSpec spec, JavaRDD<Block> blocks, long cellsIn) {
    this.spec = spec;
    this.blocks = blocks;
    this.cellsIn = cellsIn;
  }

  /** Cells of the data variables (not of coordinates, nor of the non-index ones they name in "coordinates"). */
  public long cellsOut() {
    java.util.Set<String> named = new java.util.HashSet<>();
    for (org.spangeo.zarr.write.VariableSpec v : spec.variables().values()) {
      com.fasterxml.jackson.databind.JsonNode c = v.attributes().get("coordinates");
      if (c != null) named.addAll(java.util.Arrays.asList(c.asText().trim().split("\\s+")));
    }
    long n = 0;
    for (org.spangeo.zarr.write.VariableSpec v : spec.variables().values()) {
      if (spec.isCoordinate(v.name()) || named.contains(v.name())) continue;
      long c = 1;
      for (long s : v.shape()) c *= s;
      n += c;
    }
    return n;
  }
}
