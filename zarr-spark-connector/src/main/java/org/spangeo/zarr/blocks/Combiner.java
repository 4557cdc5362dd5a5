package org.spangeo.zarr.blocks;

import java.io.Serializable;

/**
 * A keyed combine of inputs of any type into partials per key, and of each key's merged partial
 * into an output block: {@link BlockCombiner} for blocks, the general form for inputs that are
 * not one block (a box of several aligned fields, as the scores read). {@link Combine} runs both.
 *
 * @param <I> what is added: a block, a box of fields
 * @param <P> the partial of one key
 */
public interface Combiner<I, P> extends Serializable {
  /** Adds what {@code input} contributes to the partials of the keys it feeds ({@code get}, then {@code put} a new one). */
  void add(I input, Partials<P> partials);

  /** Merges {@code b} into {@code a} and returns the merged partial (either may be modified). */
  P merge(P a, P b);

  /** The output block of one key. */
  Block finish(BlockKey key, P partial);

  /** Heap bytes a partial holds (for the bound on the partials one task keeps). */
  long bytes(P partial);

  /**
   * A combiner from functions, for partials the driver assembles itself ({@link Combine#partials};
   * it has no output block to finish).
   */
  static <I, P> Combiner<I, P> of(Add<I, P> add, Merge<P> merge, Bytes<P> bytes) {
    return new Combiner<I, P>() {
      private static final long serialVersionUID = 1L;

      @Override
      public void add(I input, Partials<P> partials) {
        add.add(input, partials);
      }

      @Override
      public P merge(P a, P b) {
        return merge.merge(a, b);
      }

      @Override
      public Block finish(BlockKey key, P partial) {
        throw new UnsupportedOperationException("these partials are assembled by the caller");
      }

      @Override
      public long bytes(P partial) {
        return bytes.bytes(partial);
      }
    };
  }

  /** {@link #add} as a function. */
  interface Add<I, P> extends Serializable {
    void add(I input, Partials<P> partials);
  }

  /** {@link #merge} as a function. */
  interface Merge<P> extends Serializable {
    P merge(P a, P b);
  }

  /** {@link #bytes} as a function. */
  interface Bytes<P> extends Serializable {
    long bytes(P partial);
  }

  /** The partials of one task, by key. */
  interface Partials<P> {
    P get(BlockKey key);

    void put(BlockKey key, P partial);
  }
}
