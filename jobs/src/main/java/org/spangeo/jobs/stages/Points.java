package org.spangeo.jobs.stages;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.spangeo.zarr.InvalidArgumentException;
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
 * Several points at once, as xarray's vectorised nearest selection:
 * {@code ds.sel(latitude=xr.DataArray(lats, dims="point"), longitude=xr.DataArray(lons, dims="point"), method="nearest")}.
 * The latitude and longitude dims are replaced by one {@code point} dim (in their place when they
 * are adjacent, first otherwise, as numpy's advanced indexing puts it), and the output carries
 * the coordinates {@code latitude(point)}, {@code longitude(point)} (the nearest grid values) and
 * {@code requested_latitude(point)}, {@code requested_longitude(point)} (what was asked for),
 * written as xarray writes non-index coordinates (the data variables' "coordinates" attribute).
 *
 * <p>Nearest is pandas' get_indexer(method="nearest") on the selected grid: the smallest
 * distance, a tie going to the larger coordinate value. A point more than one grid step outside
 * the selected grid is an error (xarray would silently take the edge).
 *
 * <p>Only the source chunks that hold a point are read, in tasks; each point's series is cut out
 * of its chunk and written as a piece of the output chunk it belongs to.
 */
public final class Points {
  private Points() {}

  /** Index into {@code idx} (selected positions of a coordinate) nearest to v, pandas' tie rule. */
  public static int nearest(double[] coord, int[] idx, double v) {
    int best = -1;
    double bd = Double.POSITIVE_INFINITY;
    for (int k = 0; k < idx.length; k++) {
      double c = coord[idx[k]];
      double d = Math.abs(c - v);
      if (d < bd || (d == bd && best >= 0 && c > coord[idx[best]])) {
        bd = d;
        best = k;
      }
    }
    return best;
  }

  /**
   * The nearest selected position, or a one-line error when v lies more than one grid step
   * outside the selected coordinate values.
   */
  public static int nearestInside(double[] coord, int[] idx, double v, String dim, String what) {
    if (idx.length == 0) throw new InvalidArgumentException("--point " + what + ": the selection has no " + dim);
    double first = coord[idx[0]];
    double last = coord[idx[idx.length - 1]];
    double lo = Math.min(first, last);
    double hi = Math.max(first, last);
    double step = idx.length > 1 ? Math.abs(coord[idx[1]] - coord[idx[0]]) : 0;
    if (!(v >= lo - step && v <= hi + step)) {
      throw new InvalidArgumentException("--point " + what + ": " + dim + " " + fmt(v) + " is outside the grid (" + fmt(first) + " to "
          + fmt(last) + ")");
    }
    return nearest(coord, idx, v);
  }

  static String fmt(double d) {
    return d == Math.rint(d) && !Double.isInfinite(d) ? Long.toString((long) d) : Double.toString(d);
  }

  public static StageResult compute(StageInput in, List<double[]> points, String compressor) {
    if (points.isEmpty()) throw new InvalidArgumentException("give the points with --point LAT,LON (repeatable)");
    String comp = compressor == null ? Compressors.DEFAULT : compressor;
    String lat = in.ds.dimOf(org.spangeo.zarr.dataset.Dataset.Axis.Y, "latitude");
    String lon = in.ds.dimOf(org.spangeo.zarr.dataset.Dataset.Axis.X, "longitude");
    if (!in.ds.isCoordinate(lat) || !in.ds.isCoordinate(lon)) {
      throw new InvalidArgumentException("points needs latitude and longitude coordinates (the data has " + in.ds.dims().keySet() + ")");
    }
    if (in.ds.dims().containsKey("point")) throw new InvalidArgumentException("the data already has a 'point' dim");
    for (String v : in.vars) {
      if (in.ds.variable(v).axis(lat) < 0 || in.ds.variable(v).axis(lon) < 0) {
        throw new InvalidArgumentException("variable '" + v + "' is not on the latitude/longitude grid (dims " + in.ds.variable(v).dims() + ")");
      }
    }
    int np = points.size();
    double[] latC = in.ds.coordinateValues(lat);
    double[] lonC = in.ds.coordinateValues(lon);
    int[] latIdx = in.sel.indices(lat);
    int[] lonIdx = in.sel.indices(lon);
    int[] latPos = new int[np];
    int[] lonPos = new int[np];
    double[] gotLat = new double[np];
    double[] gotLon = new double[np];
    double[] reqLat = new double[np];
    double[] reqLon = new double[np];
    for (int p = 0; p < np; p++) {
      double[] pt = points.get(p);
      String what = fmt(pt[0]) + "," + fmt(pt[1]);
      latPos[p] = nearestInside(latC, latIdx, pt[0], lat, what);
      lonPos[p] = nearestInside(lonC, lonIdx, pt[1], lon, what);
      gotLat[p] = latC[latIdx[latPos[p]]];
      gotLon[p] = lonC[lonIdx[lonPos[p]]];
      reqLat[p] = pt[0];
      reqLon[p] = pt[1];
    }
    // the selection of the points' rows and columns: its index space numbers the distinct ones
    boolean[] keepLat = new boolean[(int) in.ds.dimSize(lat)];
    boolean[] keepLon = new boolean[(int) in.ds.dimSize(lon)];
    for (int p = 0; p < np; p++) {
      keepLat[latIdx[latPos[p]]] = true;
      keepLon[lonIdx[lonPos[p]]] = true;
    }
    Selection cells = in.sel.restrict(lat, keepLat).restrict(lon, keepLon);
    int[] cLat = cells.indices(lat);
    int[] cLon = cells.indices(lon);
    int[] uLat = new int[np];
    int[] uLon = new int[np];
    for (int p = 0; p < np; p++) {
      uLat[p] = Arrays.binarySearch(cLat, latIdx[latPos[p]]);
      uLon[p] = Arrays.binarySearch(cLon, lonIdx[lonPos[p]]);
    }

    DatasetSpec spec = new DatasetSpec().attributes(in.ds.attributes());
    List<String> used = new ArrayList<>();
    for (String v : in.vars) for (String d : in.ds.variable(v).dims()) if (!used.contains(d)) used.add(d);
    for (String d : in.ds.dims().keySet()) {
      if (used.contains(d) && !d.equals(lat) && !d.equals(lon) && in.ds.isCoordinate(d)) {
        spec.coordinate(Specs.coordinate(in.ds, in.sel, d), Specs.coordinateValues(in.ds, in.sel, d));
      }
    }
    int pointChunk = Math.min(np, 1000);
    String coords = lat + " " + lon + " requested_" + lat + " requested_" + lon;
    for (String name : in.vars) {
      Variable v = in.ds.variable(name);
      VariableSpec s = Specs.dataVariable(in.ds, in.sel, name, comp);
      Layout l = Layout.of(v.dims(), lat, lon);
      List<String> dims = new ArrayList<>();
      long[] shape = new long[v.rank() - 1];
      int[] ch = new int[v.rank() - 1];
      long[] sShape = s.shape();
      int[] sCh = s.chunks();
      for (int j = 0; j < l.outDims.length; j++) {
        dims.add(l.outDims[j]);
        int a = l.srcAxis[j];
        shape[j] = a < 0 ? np : sShape[a];
        ch[j] = a < 0 ? pointChunk : sCh[a];
      }
      spec.variable(s.withDims(dims, shape, ch).withAttributes(a -> a.put("coordinates", coords)));
    }
    List<Block> coordBlocks = new ArrayList<>();
    coordVariable(spec, coordBlocks, lat, Specs.cleanAttrs(in.ds.variable(lat).attributes()), gotLat, pointChunk);
    coordVariable(spec, coordBlocks, lon, Specs.cleanAttrs(in.ds.variable(lon).attributes()), gotLon, pointChunk);
    com.fasterxml.jackson.databind.node.ObjectNode ra = Specs.cleanAttrs(in.ds.variable(lat).attributes());
    ra.put("long_name", "requested " + lat);
    coordVariable(spec, coordBlocks, "requested_" + lat, ra, reqLat, pointChunk);
    com.fasterxml.jackson.databind.node.ObjectNode ro = Specs.cleanAttrs(in.ds.variable(lon).attributes());
    ro.put("long_name", "requested " + lon);
    coordVariable(spec, coordBlocks, "requested_" + lon, ro, reqLon, pointChunk);

    // read only the source blocks that hold a point
    List<BlockTask> tasks = new ArrayList<>();
    for (BlockTask t : Blocks.plan(in.ds, cells, in.vars)) {
      BlockKey k = t.key();
      int la = k.dims().indexOf(lat);
      int lo = k.dims().indexOf(lon);
      long[] o = k.offsets();
      int[] sh = t.outShape();
      for (int p = 0; p < np; p++) {
        if (uLat[p] >= o[la] && uLat[p] < o[la] + sh[la] && uLon[p] >= o[lo] && uLon[p] < o[lo] + sh[lo]) {
          tasks.add(t);
          break;
        }
      }
    }
    Cut cut = new Cut(in.ds, lat, lon, uLat, uLon, in.metrics);
    int parts = Math.max(1, Math.min(tasks.size(), Math.max(in.jsc.defaultParallelism(), tasks.size() / 8)));
    JavaRDD<Block> data = in.jsc.parallelize(tasks, parts).mapPartitions(cut::apply);
    JavaRDD<Block> out = data.union(in.jsc.parallelize(coordBlocks, 1));
    return new StageResult(spec, out, in.cells());
  }

  private static void coordVariable(DatasetSpec spec, List<Block> blocks, String name,
      com.fasterxml.jackson.databind.node.ObjectNode attrs, double[] values, int chunk) {
    spec.variable(VariableSpec.builder(name, List.of("point"), new long[] {values.length}).chunks(chunk)
        .dtype(DType.FLOAT64).attributes(attrs).build());
    blocks.add(Block.ofDoubles(new BlockKey(name, List.of("point"), new long[] {0}), new int[] {values.length}, values.clone()));
  }

  /** Where the point dim goes among a variable's dims. */
  static final class Layout {
    String[] outDims;
    int[] srcAxis; // per output axis: the source axis, -1 for point

    static Layout of(List<String> dims, String lat, String lon) {
      int la = dims.indexOf(lat);
      int lo = dims.indexOf(lon);
      Layout l = new Layout();
      int rank = dims.size() - 1;
      l.outDims = new String[rank];
      l.srcAxis = new int[rank];
      int j = 0;
      boolean adjacent = Math.abs(la - lo) == 1;
      if (!adjacent) {
        l.outDims[j] = "point";
        l.srcAxis[j++] = -1;
      }
      for (int a = 0; a < dims.size(); a++) {
        if (a == la || a == lo) {
          if (adjacent && a == Math.min(la, lo)) {
            l.outDims[j] = "point";
            l.srcAxis[j++] = -1;
          }
          continue;
        }
        l.outDims[j] = dims.get(a);
        l.srcAxis[j++] = a;
      }
      return l;
    }
  }

  /** The task side: read a block, cut out the series of each point it holds. */
  static final class Cut implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    final Dataset ds;
    final String lat;
    final String lon;
    final int[] uLat;
    final int[] uLon;
    final ReadMetrics metrics;

    Cut(Dataset ds, String lat, String lon, int[] uLat, int[] uLon, ReadMetrics metrics) {
      this.ds = ds;
      this.lat = lat;
      this.lon = lon;
      this.uLat = uLat;
      this.uLon = uLon;
      this.metrics = metrics;
    }

    java.util.Iterator<Block> apply(java.util.Iterator<BlockTask> it) {
      ReadStats stats = new ReadStats();
      List<Block> out = new ArrayList<>();
      long cells = 0;
      while (it.hasNext()) {
        Block b = Blocks.read(ds, it.next(), stats);
        cells += b.size();
        out.addAll(cut(b));
      }
      if (metrics != null) metrics.add(stats, cells);
      else ReadMetrics.input(stats.storedBytes, cells);
      return out.iterator();
    }

    List<Block> cut(Block b) {
      BlockKey k = b.key();
      List<String> dims = k.dims();
      int la = dims.indexOf(lat);
      int lo = dims.indexOf(lon);
      long[] o = k.offsets();
      int[] s = b.shape();
      int rank = s.length;
      Layout l = Layout.of(dims, lat, lon);
      int[] st = new int[rank];
      int m = 1;
      for (int a = rank - 1; a >= 0; a--) {
        st[a] = m;
        m *= s[a];
      }
      List<Block> out = new ArrayList<>();
      for (int p = 0; p < uLat.length; p++) {
        int pl = (int) (uLat[p] - o[la]);
        int pn = (int) (uLon[p] - o[lo]);
        if (pl < 0 || pl >= s[la] || pn < 0 || pn >= s[lo]) continue;
        int[] shape = new int[rank - 1];
        long[] off = new long[rank - 1];
        int n = 1;
        for (int j = 0; j < shape.length; j++) {
          int a = l.srcAxis[j];
          shape[j] = a < 0 ? 1 : s[a];
          off[j] = a < 0 ? p : o[a];
          n *= shape[j];
        }
        int base = pl * st[la] + pn * st[lo];
        int[] pos = new int[shape.length];
        float[] f = b.isFloat() ? new float[n] : null;
        double[] d = b.isFloat() ? null : new double[n];
        for (int i = 0; i < n; i++) {
          int src = base;
          for (int j = 0; j < shape.length; j++) if (l.srcAxis[j] >= 0) src += pos[j] * st[l.srcAxis[j]];
          if (f != null) f[i] = b.floats()[src];
          else d[i] = b.doubles()[src];
          for (int j = shape.length - 1; j >= 0; j--) {
            if (++pos[j] < shape[j]) break;
            pos[j] = 0;
          }
        }
        BlockKey key = new BlockKey(k.variable(), Arrays.asList(l.outDims), off);
        out.add(f != null ? Block.ofFloats(key, shape, f) : Block.ofDoubles(key, shape, d));
      }
      return out;
    }
  }

  public static String describe(List<double[]> points) {
    StringBuilder sb = new StringBuilder();
    for (double[] p : points) sb.append(sb.length() > 0 ? "; " : "").append(String.format(Locale.ROOT, "%s,%s", fmt(p[0]), fmt(p[1])));
    return sb.toString();
  }
}
