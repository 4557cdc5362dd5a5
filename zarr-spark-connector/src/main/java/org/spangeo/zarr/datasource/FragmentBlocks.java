package org.spangeo.zarr.datasource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.spangeo.zarr.blocks.Block;
import org.spangeo.zarr.blocks.BlockKey;

/**
 * Rows of one fragment to blocks: each row's cell is found on the output grid, rows are
 * grouped by output chunk, and each group becomes one block over the box its rows span,
 * NaN where it has no row (the writer treats NaN there as "no value", so fragments that
 * share a chunk complete each other).
 */
final class FragmentBlocks {
  private FragmentBlocks() {}

  static List<Block> of(Fragment f, WriteLayout l, Object[] coords, int[] chunks) {
    int nd = l.dims.length;
    int n = f.rows;
    int[][] idx = new int[nd][n];
    long[] grid = new long[nd];
    for (int d = 0; d < nd; d++) {
      int len = coords[d] instanceof long[] ? ((long[]) coords[d]).length : ((double[]) coords[d]).length;
      grid[d] = (len + chunks[d] - 1) / chunks[d];
      for (int i = 0; i < n; i++) {
        int j = l.dimIsTime[d] ? Arrays.binarySearch(asc((long[]) coords[d], l.descending[d]), f.dimLongs[d][i])
            : Arrays.binarySearch(asc((double[]) coords[d], l.descending[d]), f.dimDoubles[d][i]);
        if (j < 0) throw new IllegalStateException("row value not on the output grid of '" + l.dims[d] + "'");
        idx[d][i] = l.descending[d] ? len - 1 - j : j;
      }
    }
    // sort rows by chunk: key = chunk id << 32 | row
    long[] keys = new long[n];
    for (int i = 0; i < n; i++) {
      long c = 0;
      for (int d = 0; d < nd; d++) c = c * grid[d] + idx[d][i] / chunks[d];
      keys[i] = (c << 32) | i;
    }
    Arrays.sort(keys);
    List<Block> out = new ArrayList<>();
    List<String> dims = Arrays.asList(l.dims);
    int start = 0;
    while (start < n) {
      long chunk = keys[start] >>> 32;
      int end = start;
      while (end < n && (keys[end] >>> 32) == chunk) end++;
      long[] lo = new long[nd];
      int[] shape = new int[nd];
      for (int d = 0; d < nd; d++) {
        int mn = Integer.MAX_VALUE;
        int mx = -1;
        for (int k = start; k < end; k++) {
          int r = (int) keys[k];
          mn = Math.min(mn, idx[d][r]);
          mx = Math.max(mx, idx[d][r]);
        }
        lo[d] = mn;
        shape[d] = mx - mn + 1;
      }
      int cells = 1;
      for (int s : shape) cells *= s;
      for (int k = 0; k < l.vars.length; k++) {
        double[] vals = f.vars[k];
        BlockKey key = new BlockKey(l.vars[k], dims, lo);
        if (l.varIsDouble[k]) {
          double[] b = new double[cells];
          Arrays.fill(b, Double.NaN);
          for (int q = start; q < end; q++) {
            int r = (int) keys[q];
            b[offset(idx, r, lo, shape)] = vals[r];
          }
          out.add(Block.ofDoubles(key, shape, b));
        } else {
          float[] b = new float[cells];
          Arrays.fill(b, Float.NaN);
          for (int q = start; q < end; q++) {
            int r = (int) keys[q];
            b[offset(idx, r, lo, shape)] = (float) vals[r];
          }
          out.add(Block.ofFloats(key, shape, b));
        }
      }
      start = end;
    }
    return out;
  }

  private static int offset(int[][] idx, int r, long[] lo, int[] shape) {
    int o = 0;
    for (int d = 0; d < shape.length; d++) o = o * shape[d] + (int) (idx[d][r] - lo[d]);
    return o;
  }

  private static long[] asc(long[] c, boolean desc) {
    if (!desc) return c;
    long[] a = c.clone();
    ZarrBatchWrite.reverse(a);
    return a;
  }

  private static double[] asc(double[] c, boolean desc) {
    if (!desc) return c;
    double[] a = c.clone();
    ZarrBatchWrite.reverse(a);
    return a;
  }
}
