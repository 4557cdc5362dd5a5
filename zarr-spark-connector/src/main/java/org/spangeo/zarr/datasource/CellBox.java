package org.spangeo.zarr.datasource;

import java.io.Serializable;

/**
 * One cell of the partitioning grid (one chunk of the primary variable, cut to the table
 * dims): its box and, per dim, the selected indices inside it relative to the box start
 * (null: all of them).
 */
final class CellBox implements Serializable {
  private static final long serialVersionUID = 1L;
  final long[] lo;
  final int[] count;
  final int[][] sel;

  CellBox(long[] lo, int[] count, int[][] sel) {
    this.lo = lo;
    this.count = count;
    this.sel = sel;
  }

  int selected(int d) {
    return sel[d] == null ? count[d] : sel[d].length;
  }

  long rows() {
    long n = 1;
    for (int d = 0; d < lo.length; d++) n *= selected(d);
    return n;
  }
}
