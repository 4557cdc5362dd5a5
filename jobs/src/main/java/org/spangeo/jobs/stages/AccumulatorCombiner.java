package org.spangeo.jobs.stages;

import org.spangeo.zarr.blocks.BlockCombiner;

/** A combiner whose partials are {@link Accumulator}s: they merge and size themselves. */
public interface AccumulatorCombiner extends BlockCombiner<Accumulator> {
  @Override
  default Accumulator merge(Accumulator a, Accumulator b) {
    return a.merge(b);
  }

  @Override
  default long bytes(Accumulator p) {
    return p.bytes();
  }
}
