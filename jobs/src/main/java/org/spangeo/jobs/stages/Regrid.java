package org.spangeo.jobs.stages;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaRDD;
import org.spangeo.zarr.InvalidArgumentException;
import org.spangeo.zarr.array.BoxCopy;
import org.spangeo.zarr.array.ReadStats;
import org.spangeo.zarr.blocks.Block;
import org.spangeo.zarr.blocks.BlockTask;
import org.spangeo.zarr.blocks.Blocks;
import org.spangeo.zarr.blocks.BlockKey;
import org.spangeo.zarr.blocks.ReadMetrics;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.dataset.Selection;
import org.spangeo.zarr.dataset.Variable;
import org.spangeo.zarr.metadata.DType;
import org.spangeo.zarr.write.Compressors;
import org.spangeo.zarr.write.DatasetSpec;
import org.spangeo.zarr.write.Specs;
import org.spangeo.zarr.write.VariableSpec;

/**
 * {@code ds.interp(latitude=lat1, longitude=lon1, method="linear"|"nearest")} onto a regular grid
 * of step {@code res}: the multiples of res (k x res) that lie inside the selected source's
 * extent, in the source's direction along each dim (a descending latitude stays descending).
 *
 * <p>Semantics follow xarray's interp, which is scipy's interp1d per dim with NaN outside:
 * linear takes, in ascending coordinate order, the pair (i-1, i) with i = searchsorted(x, x_new)
 * clipped to [1, n-1] and returns {@code (y_i - y_{i-1}) / (x_i - x_{i-1}) * (x_new - x_{i-1}) + y_{i-1}},
 * latitude first, then longitude; so a NaN in any of the four cells gives NaN, even when the
 * target lies on a source point. Nearest takes the cell nearest by coordinate, a tie going to the
 * lower coordinate value (interp1d's "nearest"; {@code sel(method="nearest")} would take the upper).
 *
 * <p>Blockwise: the output is cut into chunks; each task computes one output chunk from its source
 * box (the source cells the chunk's targets need, the halo included), read in the task through
 * a sub-selection of the input, decoding only the source chunks that box touches. Along the other
 * dims output blocks follow the source's chunks. Nothing goes through the driver but metadata.
 */
public final class Regrid {
  private Regrid() {}

  public enum Method {
    BILINEAR, NEAREST;

    public static Method parse(String s) {
      String t = s.trim().toLowerCase(Locale.ROOT);
      if (t.equals("bilinear") || t.equals("linear")) return BILINEAR;
      if (t.equals("nearest")) return NEAREST;
      throw new InvalidArgumentException("--method '" + s + "' is not bilinear or nearest");
    }

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The regular target coordinate: the multiples of res inside [min, max], in the source's direction. */
  static double[] target(double[] src, double res) {
    double lo = Math.min(src[0], src[src.length - 1]);
    double hi = Math.max(src[0], src[src.length - 1]);
    long k0 = (long) Math.ceil(lo / res - 1e-9);
    long k1 = (long) Math.floor(hi / res + 1e-9);
    boolean descending = src.length > 1 && src[0] > src[src.length - 1];
    double[] out = new double[(int) Math.max(0, k1 - k0 + 1)];
    int n = 0;
    for (int i = 0; i < out.length; i++) {
      long k = descending ? k1 - i : k0 + i;
      double x = Math.round(k * res * 1e9) / 1e9; // 0.1 x 3 is 0.3, not 0.30000000000000004
      if (x >= lo && x <= hi) out[n++] = x; // rounding must not push an edge value outside
    }
    return java.util.Arrays.copyOf(out, n);
  }

  /**
   * Per target value: for linear the source positions (lo, hi) in the source's own order and the
   * x's needed by interp1d's formula; for nearest the one position. -1 outside the source extent.
   */
  static final class Axis implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    final int[] lo;   // linear: position of the lower (ascending order) neighbour; nearest: the cell
    final int[] hi;   // linear: position of the upper neighbour; nearest: same as lo
    final double[] xLo;
    final double[] xHi;
    final double[] xNew;

    Axis(int n) {
      lo = new int[n];
      hi = new int[n];
      xLo = new double[n];
      xHi = new double[n];
      xNew = new double[n];
    }

    static Axis of(double[] src, double[] tgt, Method m) {
      int n = src.length;
      boolean desc = n > 1 && src[0] > src[n - 1];
      double[] asc = new double[n];
      for (int i = 0; i < n; i++) asc[i] = desc ? src[n - 1 - i] : src[i];
      Axis a = new Axis(tgt.length);
      for (int t = 0; t < tgt.length; t++) {
        double x = tgt[t];
        a.xNew[t] = x;
        if (x < asc[0] || x > asc[n - 1]) {
          a.lo[t] = a.hi[t] = -1;
          continue;
        }
        int i = searchLeft(asc, x);
        if (m == Method.BILINEAR) {
          i = Math.max(1, Math.min(n - 1, i));
          a.xLo[t] = asc[i - 1];
          a.xHi[t] = asc[i];
          a.lo[t] = desc ? n - 1 - (i - 1) : i - 1;
          a.hi[t] = desc ? n - 1 - i : i;
        } else {
          // interp1d nearest: searchsorted(midpoints, x, side="left") with the midpoints
          // x[j + 1] / 2 + x[j] / 2 as scipy computes them, so a tie goes to the lower value
          int l = 0;
          int h = n - 1;
          while (l < h) {
            int mid = (l + h) >>> 1;
            if (asc[mid + 1] / 2.0 + asc[mid] / 2.0 < x) l = mid + 1;
            else h = mid;
          }
          a.lo[t] = a.hi[t] = desc ? n - 1 - l : l;
        }
      }
      return a;
    }

    /** numpy's searchsorted(a, x, side="left"): the first index with a[i] >= x. */
    static int searchLeft(double[] a, double x) {
      int lo = 0;
      int hi = a.length;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (a[mid] < x) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    }
  }

  public static StageResult compute(StageInput in, double res, Method method, String compressor) {
    if (!(res > 0) || Double.isInfinite(res)) throw new InvalidArgumentException("--res " + fmt(res) + " must be a positive step in degrees");
    String comp = compressor == null ? Compressors.DEFAULT : compressor;
    String lat = in.ds.dimOf(org.spangeo.zarr.dataset.Dataset.Axis.Y, "latitude");
    String lon = in.ds.dimOf(org.spangeo.zarr.dataset.Dataset.Axis.X, "longitude");
    if (!in.ds.isCoordinate(lat) || !in.ds.isCoordinate(lon)) {
      throw new InvalidArgumentException("regrid needs latitude and longitude coordinates (the data has " + in.ds.dims().keySet() + ")");
    }
    for (String v : in.vars) {
      if (in.ds.variable(v).axis(lat) < 0 || in.ds.variable(v).axis(lon) < 0) {
        throw new InvalidArgumentException("variable '" + v + "' is not on the latitude/longitude grid (dims " + in.ds.variable(v).dims() + ")");
      }
    }
    double[] latSrc = (double[]) Specs.coordinateValues(in.ds, in.sel, lat);
    double[] lonSrc = (double[]) Specs.coordinateValues(in.ds, in.sel, lon);
    checkMonotonic(lat, latSrc);
    checkMonotonic(lon, lonSrc);
    double[] latT = target(latSrc, res);
    double[] lonT = target(lonSrc, res);
    if (latT.length == 0 || lonT.length == 0) {
      String d = latT.length == 0 ? lat : lon;
      double[] c = latT.length == 0 ? latSrc : lonSrc;
      throw new InvalidArgumentException("--res " + fmt(res) + " leaves no grid point inside " + d + " " + fmt(c[0]) + " to "
          + fmt(c[c.length - 1]) + " (targets are multiples of the step)");
    }
    Axis latA = Axis.of(latSrc, latT, method);
    Axis lonA = Axis.of(lonSrc, lonT, method);

    DatasetSpec spec = new DatasetSpec().attributes(in.ds.attributes());
    List<String> used = new ArrayList<>();
    for (String v : in.vars) for (String d : in.ds.variable(v).dims()) if (!used.contains(d)) used.add(d);
    for (String d : in.ds.dims().keySet()) {
      if (!used.contains(d) || !in.ds.isCoordinate(d)) continue;
      if (d.equals(lat) || d.equals(lon)) {
        double[] t = d.equals(lat) ? latT : lonT;
        spec.coordinate(VariableSpec.coordinate(d, t.length).dtype(DType.FLOAT64)
            .attributes(Specs.cleanAttrs(in.ds.variable(d).attributes())).build(), t);
      } else {
        spec.coordinate(Specs.coordinate(in.ds, in.sel, d), Specs.coordinateValues(in.ds, in.sel, d));
      }
    }

    List<BlockKey> tasks = new ArrayList<>();
    Map<String, long[][]> bounds = new LinkedHashMap<>(); // var -> per axis: block boundaries in selection space
    Map<String, Boolean> floats = new LinkedHashMap<>();
    int latChunkAll = 1;
    int lonChunkAll = 1;
    for (String name : in.vars) {
      Variable v = in.ds.variable(name);
      int la = v.axis(lat);
      int lo = v.axis(lon);
      VariableSpec s = Specs.dataVariable(in.ds, in.sel, name, comp);
      long[] shape = s.shape();
      int[] ch = s.chunks();
      shape[la] = latT.length;
      shape[lo] = lonT.length;
      ch[la] = outChunk(v.metadata().chunks()[la], in.ds.coordinateValues(lat), res, latT.length);
      ch[lo] = outChunk(v.metadata().chunks()[lo], in.ds.coordinateValues(lon), res, lonT.length);
      latChunkAll = Math.max(latChunkAll, ch[la]);
      lonChunkAll = Math.max(lonChunkAll, ch[lo]);
      spec.variable(s.withDims(v.dims(), shape, ch));
      floats.put(name, s.dtype().size() == 4);
      // the source's blocks along the other dims, in selection space
      int rank = v.rank();
      List<TreeMap<Long, Long>> ext = new ArrayList<>();
      for (int a = 0; a < rank; a++) ext.add(new TreeMap<>());
      for (BlockTask t : Blocks.plan(in.ds, in.sel, List.of(name))) {
        long[] o = t.key().offsets();
        int[] sh = t.outShape();
        for (int a = 0; a < rank; a++) if (a != la && a != lo) ext.get(a).put(o[a], o[a] + sh[a]);
      }
      long[][] b = new long[rank][];
      for (int a = 0; a < rank; a++) {
        if (a == la || a == lo) {
          long n = shape[a];
          int c = ch[a];
          int k = (int) ((n + c - 1) / c);
          b[a] = new long[k + 1];
          for (int i = 0; i <= k; i++) b[a][i] = Math.min(n, (long) i * c);
        } else {
          b[a] = new long[ext.get(a).size() + 1];
          int i = 0;
          for (Map.Entry<Long, Long> e : ext.get(a).entrySet()) b[a][i++] = e.getKey();
          b[a][i] = ext.get(a).isEmpty() ? 0 : ext.get(a).lastEntry().getValue();
        }
      }
      bounds.put(name, b);
      // one task per output block: the cartesian product of the blocks along every axis
      int[] pos = new int[rank];
      boolean empty = false;
      for (int a = 0; a < rank; a++) empty |= b[a].length < 2;
      while (!empty) {
        long[] off = new long[rank];
        for (int a = 0; a < rank; a++) off[a] = b[a][pos[a]];
        tasks.add(new BlockKey(name, v.dims(), off));
        int a = rank - 1;
        while (a >= 0) {
          if (++pos[a] < b[a].length - 1) break;
          pos[a] = 0;
          a--;
        }
        if (a < 0) break;
      }
    }
    Job job = new Job(in.ds, in.sel, lat, lon, latA, lonA, method, bounds, floats, in.metrics);
    int parts = Math.max(1, Math.min(tasks.size(), Math.max(in.jsc.defaultParallelism(), tasks.size() / 4)));
    JavaRDD<Block> out = in.jsc.parallelize(tasks, parts).map(job::block);
    return new StageResult(spec, out, in.cells());
  }

  /** Output cells a chunk holds along lat/lon: about the source chunk's extent in degrees. */
  static int outChunk(int srcChunk, double[] fullCoord, double res, int n) {
    double step = fullCoord.length > 1 ? Math.abs(fullCoord[fullCoord.length - 1] - fullCoord[0]) / (fullCoord.length - 1) : res;
    long c = Math.round(srcChunk * step / res);
    return (int) Math.max(1, Math.min(n, c));
  }

  static void checkMonotonic(String dim, double[] c) {
    if (c.length < 2) throw new InvalidArgumentException("regrid needs at least 2 " + dim + " values (the selection has " + c.length + ")");
    boolean desc = c[0] > c[c.length - 1];
    for (int i = 1; i < c.length; i++) {
      if (desc ? !(c[i] < c[i - 1]) : !(c[i] > c[i - 1])) {
        throw new InvalidArgumentException(dim + " is not strictly monotonic (at index " + i + "), so it cannot be interpolated");
      }
    }
  }

  static String fmt(double d) {
    return d == Math.rint(d) && !Double.isInfinite(d) ? Long.toString((long) d) : Double.toString(d);
  }

  /** What a task needs to compute one output block. */
  static final class Job implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    final Dataset ds;
    final Selection sel;
    final String lat;
    final String lon;
    final Axis latA;
    final Axis lonA;
    final Method method;
    final Map<String, long[][]> bounds;
    final Map<String, Boolean> floats;
    final ReadMetrics metrics;

    Job(Dataset ds, Selection sel, String lat, String lon, Axis latA, Axis lonA, Method method, Map<String, long[][]> bounds,
        Map<String, Boolean> floats, ReadMetrics metrics) {
      this.ds = ds;
      this.sel = sel;
      this.lat = lat;
      this.lon = lon;
      this.latA = latA;
      this.lonA = lonA;
      this.method = method;
      this.bounds = new LinkedHashMap<>(bounds);
      this.floats = new LinkedHashMap<>(floats);
      this.metrics = metrics;
    }

    Block block(BlockKey key) {
      String name = key.variable();
      List<String> dims = key.dims();
      int rank = dims.size();
      int la = dims.indexOf(lat);
      int lo = dims.indexOf(lon);
      long[][] b = bounds.get(name);
      long[] off = key.offsets();
      int[] shape = new int[rank];
      for (int a = 0; a < rank; a++) {
        int i = java.util.Arrays.binarySearch(b[a], off[a]);
        shape[a] = (int) (b[a][i + 1] - off[a]);
      }
      // the source box: the other dims' block, and the positions the targets need along lat/lon
      int[] boxLo = new int[rank];
      int[] boxLen = new int[rank];
      Selection sub = sel;
      for (int a = 0; a < rank; a++) {
        String d = dims.get(a);
        int[] idx = sel.indices(d);
        int p0;
        int p1;
        if (a == la || a == lo) {
          Axis ax = a == la ? latA : lonA;
          p0 = Integer.MAX_VALUE;
          p1 = -1;
          for (int t = (int) off[a]; t < off[a] + shape[a]; t++) {
            if (ax.lo[t] < 0) continue;
            p0 = Math.min(p0, Math.min(ax.lo[t], ax.hi[t]));
            p1 = Math.max(p1, Math.max(ax.lo[t], ax.hi[t]));
          }
          if (p1 < 0) return nanBlock(key, shape, floats.get(name));
        } else {
          p0 = (int) off[a];
          p1 = (int) (off[a] + shape[a] - 1);
        }
        boxLo[a] = p0;
        boxLen[a] = p1 - p0 + 1;
        sub = sub.isel(d, idx[p0], (long) idx[p1] + 1, 1);
      }
      int[] bStride = org.spangeo.zarr.array.BoxCopy.strides(boxLen);
      int n = org.spangeo.zarr.array.BoxCopy.size(boxLen);
      double[] box = new double[n];
      ReadStats stats = new ReadStats();
      for (BlockTask t : Blocks.plan(ds, sub, List.of(name))) place(Blocks.read(ds, t, stats), box, bStride);
      if (metrics != null) metrics.add(stats, n);
      else ReadMetrics.input(stats.storedBytes, n);
      int size = 1;
      for (int s : shape) size *= s;
      double[] out = new double[size];
      int[] pos = new int[rank];
      for (int i = 0; i < size; i++) {
        int base = 0;
        for (int a = 0; a < rank; a++) if (a != la && a != lo) base += pos[a] * bStride[a];
        int tl = (int) off[la] + pos[la];
        int tn = (int) off[lo] + pos[lo];
        out[i] = value(box, base, bStride[la], bStride[lo], boxLo[la], boxLo[lo], tl, tn);
        BoxCopy.next(pos, shape);
      }
      if (floats.get(name)) {
        float[] f = new float[size];
        for (int i = 0; i < size; i++) f[i] = (float) out[i];
        return Block.ofFloats(key, shape, f);
      }
      return Block.ofDoubles(key, shape, out);
    }

    /** One target cell (tl along lat, tn along lon) from the box. */
    double value(double[] box, int base, int sLat, int sLon, int lat0, int lon0, int tl, int tn) {
      if (latA.lo[tl] < 0 || lonA.lo[tn] < 0) return Double.NaN;
      if (method == Method.NEAREST) return box[base + (latA.lo[tl] - lat0) * sLat + (lonA.lo[tn] - lon0) * sLon];
      int r0 = base + (latA.lo[tl] - lat0) * sLat;
      int r1 = base + (latA.hi[tl] - lat0) * sLat;
      int c0 = (lonA.lo[tn] - lon0) * sLon;
      int c1 = (lonA.hi[tn] - lon0) * sLon;
      // along latitude first (at the two longitudes), then along longitude: interp1d's formula
      double a = lerp(box[r0 + c0], box[r1 + c0], latA.xLo[tl], latA.xHi[tl], latA.xNew[tl]);
      double b = lerp(box[r0 + c1], box[r1 + c1], latA.xLo[tl], latA.xHi[tl], latA.xNew[tl]);
      return lerp(a, b, lonA.xLo[tn], lonA.xHi[tn], lonA.xNew[tn]);
    }

    static double lerp(double yLo, double yHi, double xLo, double xHi, double x) {
      double slope = (yHi - yLo) / (xHi - xLo);
      return slope * (x - xLo) + yLo;
    }

    static Block nanBlock(BlockKey key, int[] shape, boolean f) {
      int n = 1;
      for (int s : shape) n *= s;
      if (f) {
        float[] v = new float[n];
        java.util.Arrays.fill(v, Float.NaN);
        return Block.ofFloats(key, shape, v);
      }
      double[] v = new double[n];
      java.util.Arrays.fill(v, Double.NaN);
      return Block.ofDoubles(key, shape, v);
    }

    /** Lays a block (offsets in the sub-selection, i.e. the box) into the box array. */
    static void place(Block blk, double[] box, int[] stride) {
      long[] o = blk.key().offsets();
      int[] s = blk.shape();
      int rank = s.length;
      int[] pos = new int[rank];
      for (int i = 0; i < blk.size(); i++) {
        int off = 0;
        for (int d = 0; d < rank; d++) off += (int) (o[d] + pos[d]) * stride[d];
        box[off] = blk.get(i);
        BoxCopy.next(pos, s);
      }
    }
  }
}
