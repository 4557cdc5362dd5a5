package org.spangeo.zarr.dataset;

import java.io.Serializable;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.spangeo.zarr.ZarrException;

/**
 * Which cells of a dataset are wanted: per dim, a sorted set of indices (absent = all). Label
 * selections are turned into index sets on the driver from the coordinate values, so that
 * chunk pruning and in-chunk slicing are integer work. Immutable.
 */
public final class Selection implements Serializable {
  private static final long serialVersionUID = 1L;

  private final LinkedHashMap<String, Long> sizes;
  private final Map<String, int[]> indices; // dim -> sorted selected indices; absent = all

  private Selection(LinkedHashMap<String, Long> sizes, Map<String, int[]> indices) {
    this.sizes = sizes;
    this.indices = indices;
  }

  public static Selection all(Dataset ds) {
    return new Selection(ds.dims(), new LinkedHashMap<>());
  }

  /** Keeps only the indices of {@code dim} where {@code keep} is true (AND with what is kept). */
  public Selection restrict(String dim, boolean[] keep) {
    long n = size(dim);
    if (keep.length != n) throw new IllegalArgumentException("mask of " + keep.length + " for dim '" + dim + "' of " + n);
    int[] cur = indices.get(dim);
    int count = 0;
    if (cur == null) {
      for (boolean k : keep) if (k) count++;
      int[] out = new int[count];
      for (int i = 0, j = 0; i < keep.length; i++) if (keep[i]) out[j++] = i;
      return with(dim, out);
    }
    for (int i : cur) if (keep[i]) count++;
    int[] out = new int[count];
    int j = 0;
    for (int i : cur) if (keep[i]) out[j++] = i;
    return with(dim, out);
  }

  /** Keeps the index range [start, stop) with a step (isel with a slice). */
  public Selection isel(String dim, long start, long stop, long step) {
    long n = size(dim);
    if (step <= 0) throw new IllegalArgumentException("step " + step + " for dim '" + dim + "' must be positive");
    boolean[] keep = new boolean[(int) n];
    for (long i = Math.max(0, start); i < Math.min(n, stop); i += step) keep[(int) i] = true;
    return restrict(dim, keep);
  }

  private Selection with(String dim, int[] idx) {
    Map<String, int[]> m = new LinkedHashMap<>(indices);
    m.put(dim, idx);
    return new Selection(sizes, m);
  }

  /**
   * xarray's {@code sel(dim=slice(a, b))} on a numeric coordinate: inclusive at both ends and
   * following the coordinate's own direction, so on a descending latitude slice(25, 22) selects
   * 25 down to 22 and slice(22, 25) selects nothing (as in xarray).
   */
  public Selection sel(Dataset ds, String dim, double from, double to) {
    double[] c = ds.coordinateValues(dim);
    boolean descending = c.length > 1 && c[0] > c[c.length - 1];
    boolean[] keep = new boolean[c.length];
    for (int i = 0; i < c.length; i++) {
      keep[i] = descending ? (c[i] <= from && c[i] >= to) : (c[i] >= from && c[i] <= to);
    }
    return restrict(dim, keep);
  }

  /** Time between two instants (epoch micros), inclusive. */
  public Selection selTime(Dataset ds, String dim, long fromMicros, long toMicros) {
    long[] t = ds.timeValues(dim);
    boolean[] keep = new boolean[t.length];
    for (int i = 0; i < t.length; i++) keep[i] = t[i] >= fromMicros && t[i] <= toMicros;
    return restrict(dim, keep);
  }

  /** Time steps whose UTC month is one of {@code months} (1-12): {@code ds.sel(time=ds.time.dt.month.isin(...))}. */
  public Selection months(Dataset ds, String dim, int... months) {
    boolean[] want = new boolean[13];
    for (int m : months) {
      if (m < 1 || m > 12) throw new ZarrException("month " + m + " is not in 1..12");
      want[m] = true;
    }
    long[] t = ds.timeValues(dim);
    boolean[] keep = new boolean[t.length];
    for (int i = 0; i < t.length; i++) {
      ZonedDateTime z = Instant.ofEpochSecond(Math.floorDiv(t[i], 1_000_000L)).atZone(ZoneOffset.UTC);
      keep[i] = want[z.getMonthValue()];
    }
    return restrict(dim, keep);
  }

  /** The index of the coordinate value nearest to {@code value} (xarray's method='nearest'). */
  public static int nearest(double[] coord, double value) {
    int best = -1;
    double bd = Double.POSITIVE_INFINITY;
    for (int i = 0; i < coord.length; i++) {
      double d = Math.abs(coord[i] - value);
      if (d < bd) {
        bd = d;
        best = i;
      }
    }
    return best;
  }

  public long size(String dim) {
    Long n = sizes.get(dim);
    if (n == null) throw new ZarrException("no dim '" + dim + "'" + Names.suggest(dim, sizes.keySet()));
    return n;
  }

  public boolean isAll(String dim) {
    return !indices.containsKey(dim);
  }

  /** Selected indices of a dim, sorted (a fresh 0..n-1 when all are selected). */
  public int[] indices(String dim) {
    int[] idx = indices.get(dim);
    if (idx != null) return idx;
    int[] all = new int[(int) size(dim)];
    for (int i = 0; i < all.length; i++) all[i] = i;
    return all;
  }

  public long count(String dim) {
    int[] idx = indices.get(dim);
    return idx == null ? size(dim) : idx.length;
  }

  public boolean isEmpty() {
    for (int[] idx : indices.values()) if (idx.length == 0) return true;
    return false;
  }

  /** True when some selected index lies in [lo, hi). */
  public boolean intersects(String dim, long lo, long hi) {
    int[] idx = indices.get(dim);
    if (idx == null) return hi > lo;
    int p = Arrays.binarySearch(idx, (int) lo);
    if (p < 0) p = -p - 1;
    return p < idx.length && idx[p] < hi;
  }

  /**
   * Selected indices in [lo, hi), relative to lo; null when the whole range is selected (the
   * common case, which lets readers copy whole runs).
   */
  public int[] localIndices(String dim, long lo, long hi) {
    int[] idx = indices.get(dim);
    if (idx == null) return null;
    int a = Arrays.binarySearch(idx, (int) lo);
    if (a < 0) a = -a - 1;
    int b = Arrays.binarySearch(idx, (int) hi);
    if (b < 0) b = -b - 1;
    if (b - a == hi - lo) return null;
    int[] out = new int[b - a];
    for (int i = a; i < b; i++) out[i - a] = (int) (idx[i] - lo);
    return out;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Selection(");
    int k = 0;
    for (String d : sizes.keySet()) {
      sb.append(k++ > 0 ? ", " : "").append(d).append('=').append(count(d)).append('/').append(sizes.get(d));
    }
    return sb.append(')').toString();
  }
}
