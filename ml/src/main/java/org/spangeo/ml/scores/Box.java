package org.spangeo.ml.scores;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.spangeo.zarr.array.BoxCopy;
import org.spangeo.zarr.array.RawChunk;
import org.spangeo.zarr.array.ReadStats;
import org.spangeo.zarr.dataset.Values;
import org.spangeo.zarr.dataset.Variable;

/**
 * A box of the scored grid: offsets and shape in the selection's index space (the index of a
 * selected time step, latitude, ...). Both stores are read box by box on the same boxes, so
 * forecast and observed values line up whatever their chunking: each store maps the box's
 * selection indices to its own indices.
 */
public final class Box implements Serializable {
  private static final long serialVersionUID = 1L;

  final int[] offsets;
  final int[] shape;

  Box(int[] offsets, int[] shape) {
    this.offsets = offsets;
    this.shape = shape;
  }

  int size() {
    int n = 1;
    for (int s : shape) n *= s;
    return n;
  }

  /**
   * Boxes over a selection ({@code idx[d]}: the store indices of the selected cells along dim
   * d), cut where {@code v}'s stored chunks are cut, so each box reads one chunk of {@code v}.
   */
  static List<Box> plan(Variable v, int[][] idx) {
    int rank = idx.length;
    List<List<int[]>> runs = new ArrayList<>();
    for (int d = 0; d < rank; d++) {
      long[] b = v.chunkBoundaries(d);
      List<int[]> r = new ArrayList<>();
      int start = 0;
      for (int i = 1; i <= idx[d].length; i++) {
        if (i == idx[d].length || chunkOf(b, idx[d][i]) != chunkOf(b, idx[d][start])) {
          r.add(new int[] {start, i - start});
          start = i;
        }
      }
      runs.add(r);
    }
    List<Box> out = new ArrayList<>();
    int[] pos = new int[rank];
    int[] sizes = runs.stream().mapToInt(List::size).toArray();
    while (true) {
      int[] off = new int[rank];
      int[] shape = new int[rank];
      for (int d = 0; d < rank; d++) {
        off[d] = runs.get(d).get(pos[d])[0];
        shape[d] = runs.get(d).get(pos[d])[1];
      }
      out.add(new Box(off, shape));
      if (!BoxCopy.next(pos, sizes)) break;
    }
    return out;
  }

  private static int chunkOf(long[] bounds, int i) {
    int lo = 0;
    int hi = bounds.length - 2;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (bounds[mid] <= i) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /**
   * The values of {@code v} in this box, decoded as xarray does (NaN where missing), C order:
   * the bounding box of the store indices is read, then the selected cells gathered.
   */
  double[] read(Variable v, int[][] idx, ReadStats stats) {
    int rank = shape.length;
    long[] lo = new long[rank];
    int[] count = new int[rank];
    boolean contiguous = true;
    for (int d = 0; d < rank; d++) {
      int min = Integer.MAX_VALUE;
      int max = Integer.MIN_VALUE;
      for (int i = 0; i < shape[d]; i++) {
        int x = idx[d][offsets[d] + i];
        min = Math.min(min, x);
        max = Math.max(max, x);
        if (i > 0 && x != idx[d][offsets[d] + i - 1] + 1) contiguous = false;
      }
      lo[d] = min;
      count[d] = max - min + 1;
    }
    ReadStats st = stats != null ? stats : new ReadStats();
    RawChunk raw = v.read(lo, count, st);
    // Spark's input metrics of the task (the Stages page's Input), unless the caller reports them
    if (stats == null) org.spangeo.zarr.blocks.ReadMetrics.input(st.storedBytes, size());
    double[] all = Values.decodeDouble(raw, v);
    if (contiguous) return all;
    int n = size();
    double[] out = new double[n];
    int[] stride = org.spangeo.zarr.array.BoxCopy.strides(count);
    int[] pos = new int[rank];
    for (int i = 0; i < n; i++) {
      int src = 0;
      for (int d = 0; d < rank; d++) src += (int) (idx[d][offsets[d] + pos[d]] - lo[d]) * stride[d];
      out[i] = all[src];
      BoxCopy.next(pos, shape);
    }
    return out;
  }
}
