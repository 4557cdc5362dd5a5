package org.spangeo.jobs.stages;

import org.spangeo.zarr.blocks.Blocks;
import org.spangeo.zarr.write.Specs;

/** {@code ds.sel(...)[vars].to_zarr(out)}: the selection, in its decoded types, with the source's chunks. */
public final class Subset {
  private Subset() {}

  public static StageResult compute(StageInput in, String compressor) {
    return new StageResult(Specs.like(in.ds, in.sel, in.vars, compressor),
        Blocks.read(in.jsc, in.ds, in.sel, in.vars, 0, in.metrics), in.cells());
  }
}
