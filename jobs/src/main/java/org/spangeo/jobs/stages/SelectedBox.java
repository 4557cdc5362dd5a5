package org.spangeo.jobs.stages;

import org.spangeo.zarr.array.BoxCopy;
import org.spangeo.zarr.array.RawChunk;
import org.spangeo.zarr.array.ReadStats;
import org.spangeo.zarr.dataset.Values;
import org.spangeo.zarr.dataset.Variable;

/**
 * Reads the selected cells of a variable inside a box, densely: per dim of the variable, a
 * sorted run of selected source indices. The box spanning them is read (across chunks and
 * stores where needed), decoded as xarray decodes, and gathered when the selection has gaps
 * (every N-th step, some months).
 */
final class SelectedBox {
  private SelectedBox() {}

  /** The values in C order over {@code indices[0].length x indices[1].length x ...}, as float64. */
  static double[] read(Variable v, int[][] indices, ReadStats stats) {
    int rank = indices.length;
    long[] lo = new long[rank];
    int[] count = new int[rank];
    boolean dense = true;
    for (int d = 0; d < rank; d++) {
      int[] idx = indices[d];
      lo[d] = idx[0];
      count[d] = idx[idx.length - 1] - idx[0] + 1;
      dense &= count[d] == idx.length;
    }
    RawChunk raw = v.read(lo, count, stats);
    double[] box = Values.decodeDouble(raw, v);
    return dense ? box : gather(box, count, indices);
  }

  /** The cells of a dense box (shape {@code count}) at the given indices (relative to the first). */
  static double[] gather(double[] box, int[] count, int[][] indices) {
    int rank = count.length;
    int[][] rel = new int[rank][];
    int[] shape = new int[rank];
    for (int d = 0; d < rank; d++) {
      int[] idx = indices[d];
      shape[d] = idx.length;
      rel[d] = new int[idx.length];
      for (int j = 0; j < idx.length; j++) rel[d][j] = idx[j] - idx[0];
    }
    double[] out = new double[BoxCopy.size(shape)];
    BoxCopy.select(box, count, rel, out, shape, new int[rank], Double.BYTES);
    return out;
  }

  /**
   * {@code values} (C order over {@code from} dims with the given sizes) laid out over the
   * {@code to} dims (a superset, any order), repeated along the dims it lacks: xarray's
   * broadcasting by name. Returns {@code values} itself when the dims are the same.
   */
  static double[] broadcast(double[] values, java.util.List<String> from, java.util.List<String> to, int[] toShape) {
    if (from.equals(to)) return values;
    int rank = to.size();
    int[] fromSize = new int[from.size()];
    for (int k = 0; k < fromSize.length; k++) fromSize[k] = toShape[to.indexOf(from.get(k))];
    int[] fromStride = new int[from.size()];
    int s = 1;
    for (int k = fromStride.length - 1; k >= 0; k--) {
      fromStride[k] = s;
      s *= fromSize[k];
    }
    int[] stride = new int[rank]; // 0 along the dims the values lack
    for (int d = 0; d < rank; d++) {
      int k = from.indexOf(to.get(d));
      stride[d] = k < 0 ? 0 : fromStride[k];
    }
    int n = 1;
    for (int x : toShape) n *= x;
    double[] out = new double[n];
    if (n == 0) return out;
    if (rank == 0) {
      out[0] = values[0];
      return out;
    }
    int last = rank - 1;
    int run = toShape[last];
    int sl = stride[last];
    int[] pos = new int[rank];
    for (int r = 0; r < n; r += run) {
      int base = 0;
      for (int d = 0; d < last; d++) base += pos[d] * stride[d];
      if (sl == 1) System.arraycopy(values, base, out, r, run);
      else for (int j = 0; j < run; j++) out[r + j] = values[base + j * sl];
      for (int d = last - 1; d >= 0; d--) {
        if (++pos[d] < toShape[d]) break;
        pos[d] = 0;
      }
    }
    return out;
  }
}
