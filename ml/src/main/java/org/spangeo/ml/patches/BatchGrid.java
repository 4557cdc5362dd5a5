package org.spangeo.ml.patches;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.spangeo.zarr.InvalidArgumentException;

/**
 * xbatcher's {@code BatchGenerator} rules over the dims of a variable, without the data:
 * along an input dim of size s and overlap o the windows start at 0, 0+(s-o), 0+2(s-o), ... and a
 * window that would run past the edge is dropped, so there are floor((L-o)/(s-o)) of them; a
 * batch dim of size B is cut into floor(L/B) consecutive blocks (the remainder dropped); any
 * other dim is kept whole. Batches are numbered batch dims first, then input dims, each in the
 * order given, the last varying fastest.
 */
public final class BatchGrid implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String[] dims; // the data's dims, in the data's order
  private final long[] length;
  private final int[] window;
  private final int[] stride;
  private final long[] count;
  private final int[] order; // enumeration order (indices into dims), slowest first
  private final boolean[] input;

  private BatchGrid(String[] dims, long[] length, int[] window, int[] stride, long[] count, int[] order, boolean[] input) {
    this.dims = dims;
    this.length = length;
    this.window = window;
    this.stride = stride;
    this.count = count;
    this.order = order;
    this.input = input;
  }

  /**
   * The grid of batches over {@code dims} of the given lengths. {@code overlap} may name only
   * input dims; a dim may not be both an input and a batch dim.
   */
  public static BatchGrid of(List<String> dims, long[] lengths, Map<String, Integer> inputDims, Map<String, Integer> overlap,
      Map<String, Integer> batchDims) {
    int rank = dims.size();
    Map<String, Integer> ov = overlap == null ? Map.of() : overlap;
    Map<String, Integer> bd = batchDims == null ? Map.of() : batchDims;
    if (inputDims == null || inputDims.isEmpty()) throw new InvalidArgumentException("--input-dims is empty: give at least one, e.g. latitude=16,longitude=16");
    for (String d : inputDims.keySet()) checkDim(dims, d, "--input-dims");
    for (String d : bd.keySet()) {
      checkDim(dims, d, "--batch-dims");
      if (inputDims.containsKey(d)) throw new InvalidArgumentException("'" + d + "' is in both --input-dims and --batch-dims");
    }
    for (Map.Entry<String, Integer> e : ov.entrySet()) {
      String d = e.getKey();
      if (!inputDims.containsKey(d)) throw new InvalidArgumentException("--overlap names '" + d + "', which is not one of --input-dims " + inputDims.keySet());
      if (e.getValue() < 0) throw new InvalidArgumentException("--overlap " + d + "=" + e.getValue() + " is negative");
      if (e.getValue() >= inputDims.get(d)) {
        throw new InvalidArgumentException("--overlap " + d + "=" + e.getValue() + " must be smaller than the window (--input-dims " + d + "="
            + inputDims.get(d) + ")");
      }
    }
    String[] names = dims.toArray(new String[0]);
    int[] window = new int[rank];
    int[] stride = new int[rank];
    long[] count = new long[rank];
    boolean[] isInput = new boolean[rank];
    for (int a = 0; a < rank; a++) {
      String d = names[a];
      long len = lengths[a];
      if (inputDims.containsKey(d)) {
        int s = inputDims.get(d);
        int o = ov.getOrDefault(d, 0);
        window[a] = s;
        stride[a] = s - o;
        count[a] = len < s ? 0 : (len - o) / (s - o);
        isInput[a] = true;
        if (count[a] == 0) throw new InvalidArgumentException("window " + d + "=" + s + " is larger than the grid (" + d + " has " + len + ")");
      } else if (bd.containsKey(d)) {
        int b = bd.get(d);
        window[a] = b;
        stride[a] = b;
        count[a] = len / b;
        if (count[a] == 0) throw new InvalidArgumentException("batch dim " + d + "=" + b + " is larger than the data (" + d + " has " + len + ")");
      } else {
        window[a] = (int) Math.min(Integer.MAX_VALUE, len);
        stride[a] = Math.max(1, window[a]);
        count[a] = len == 0 ? 0 : 1;
      }
    }
    List<Integer> ord = new ArrayList<>();
    for (String d : bd.keySet()) ord.add(dims.indexOf(d));
    for (String d : inputDims.keySet()) ord.add(dims.indexOf(d));
    for (int a = 0; a < rank; a++) if (!ord.contains(a)) ord.add(a);
    return new BatchGrid(names, lengths.clone(), window, stride, count, ord.stream().mapToInt(Integer::intValue).toArray(), isInput);
  }

  private static void checkDim(List<String> dims, String d, String opt) {
    if (!dims.contains(d)) throw new InvalidArgumentException(opt + ": '" + d + "' is not a dim of the data (dims: " + dims + ")");
  }

  /** The number of batches: the product over dims of the window counts. */
  public long batches() {
    long n = 1;
    for (long c : count) n *= c;
    return n;
  }

  public List<String> dims() {
    return List.of(dims);
  }

  public int rank() {
    return dims.length;
  }

  /** The window (patch) size along each dim, in the data's dim order. */
  public int[] windowShape() {
    return window.clone();
  }

  public int window(int axis) {
    return window[axis];
  }

  public int stride(int axis) {
    return stride[axis];
  }

  public long count(int axis) {
    return count[axis];
  }

  public long length(int axis) {
    return length[axis];
  }

  public boolean isInputDim(int axis) {
    return input[axis];
  }

  /** The axis along which batches change slowest (the first batch dim): consecutive batches share its window. */
  public int slowestAxis() {
    return order[0];
  }

  /** The start offsets (data dim order) of batch {@code b}. */
  public long[] starts(long b) {
    long[] s = new long[dims.length];
    long rest = b;
    for (int k = order.length - 1; k >= 0; k--) {
      int a = order[k];
      long i = rest % count[a];
      rest /= count[a];
      s[a] = i * stride[a];
    }
    return s;
  }

  /** The batch number of the windows with indices {@code idx} (data dim order). */
  public long batchOf(long[] idx) {
    long b = 0;
    for (int a : order) b = b * count[a] + idx[a];
    return b;
  }

  /** Window indices along {@code axis} whose window meets cells [lo, lo+n): {first, last} (first > last: none). */
  public long[] windowsMeeting(int axis, long lo, long n) {
    long first = lo < window[axis] ? 0 : (lo - window[axis]) / stride[axis] + 1;
    long last = Math.min(count[axis] - 1, (lo + n - 1) / stride[axis]);
    return new long[] {first, last};
  }

  /**
   * Window starts along {@code axis} that cover every cell: xbatcher's windows plus, where xbatcher
   * drops a ragged edge, one more window aligned to the far edge (used for prediction).
   */
  public long[] coveringStarts(int axis) {
    long n = count[axis];
    long lastEnd = (n - 1) * stride[axis] + window[axis];
    boolean extra = lastEnd < length[axis];
    long[] s = new long[(int) n + (extra ? 1 : 0)];
    for (int i = 0; i < n; i++) s[i] = i * (long) stride[axis];
    if (extra) s[(int) n] = length[axis] - window[axis];
    return s;
  }
}
