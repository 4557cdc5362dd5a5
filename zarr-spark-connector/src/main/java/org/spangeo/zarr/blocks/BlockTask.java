package org.spangeo.zarr.blocks;

import java.io.Serializable;
import java.util.List;

/**
 * One block to read: a variable's stored chunk (box {@code lo}+{@code count} in the dataset's
 * index space), the selected indices inside it per dim (null: all), and where the block lands
 * in the selection's index space.
 */
public final class BlockTask implements Serializable {
  private static final long serialVersionUID = 1L;

  final String variable;
  final String[] dims;
  final long[] lo;
  final int[] count;
  final int[][] sel;
  final long[] outOffsets;
  final int[] outShape;

  BlockTask(String variable, List<String> dims, long[] lo, int[] count, int[][] sel, long[] outOffsets, int[] outShape) {
    this.variable = variable;
    this.dims = dims.toArray(new String[0]);
    this.lo = lo;
    this.count = count;
    this.sel = sel;
    this.outOffsets = outOffsets;
    this.outShape = outShape;
  }

  public BlockKey key() {
    return new BlockKey(variable, List.of(dims), outOffsets);
  }

  public int[] outShape() {
    return outShape.clone();
  }

  long cells() {
    long n = 1;
    for (int s : outShape) n *= s;
    return n;
  }
}
