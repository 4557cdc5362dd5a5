package org.spangeo.zarr.blocks;

/**
 * A reduction of blocks per key, as xarray-beam's combine-per-key: every block adds what it
 * contributes to the partials of the keys it feeds (a month of a spatial block, a window of
 * coarse cells, a variable's statistics), partials merge in any order, and each key's merged
 * partial becomes one output block. {@link Combine} runs it on Spark: partials are combined in
 * each task before the shuffle, merged per key after it, and finished. Partials hold primitive
 * arrays (no per-cell objects); the hot loops live in {@link #add} and {@link #merge}.
 *
 * <p>Reductions built on it: GroupReduce (climatology, resample, anomaly's climatology), Coarsen,
 * AreaMean, the patch statistics and the score partials. Each is a small combiner plus its key
 * function; {@link Moments} is the one place variances are merged.
 *
 * @param <P> the partial: count, sums, moments, ... for the cells of one key
 * @see Combiner the same for inputs other than blocks (the score boxes of two aligned fields)
 */
public interface BlockCombiner<P> extends Combiner<Block, P> {
  /**
   * Adds what {@code block} contributes to the partials of the keys it feeds: look a key's
   * partial up with {@code partials.get}, and {@code put} a new one the first time. The block's
   * arrays may be reused once this returns: keep none of them.
   */
  @Override
  void add(Block block, Partials<P> partials);
}
