package org.spangeo.jobs.stages;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.spangeo.zarr.InvalidArgumentException;
import org.spangeo.zarr.array.BoxCopy;
import scala.Tuple2;
import org.spangeo.zarr.blocks.Block;
import org.spangeo.zarr.blocks.BlockCombiner;
import org.spangeo.zarr.blocks.Blocks;
import org.spangeo.zarr.blocks.Combine;
import org.spangeo.zarr.blocks.BlockKey;
import org.spangeo.zarr.metadata.DType;
import org.spangeo.zarr.write.DatasetSpec;
import org.spangeo.zarr.write.Specs;

/**
 * {@code ds.weighted(np.cos(np.deg2rad(ds.latitude))).mean(("latitude", "longitude"))}: NaN
 * cells are skipped and the weights renormalised over the valid ones (all NaN: NaN). Partial
 * sums (sum w*x, sum w) per block are merged per key of the remaining dims.
 */
public final class AreaMean {
  private AreaMean() {}

  public static StageResult compute(StageInput in, String weights, String compressor) {
    String lat = in.ds.dimOf(org.spangeo.zarr.dataset.Dataset.Axis.Y, "latitude");
    String lon = in.ds.dimOf(org.spangeo.zarr.dataset.Dataset.Axis.X, "longitude");
    if (!in.ds.dims().containsKey(lat) || !in.ds.dims().containsKey(lon)) {
      throw new InvalidArgumentException("area-mean needs latitude and longitude dims (the data has " + in.ds.dims().keySet() + ")");
    }
    boolean coslat = switch (weights) {
      case "coslat" -> true;
      case "none" -> false;
      default -> throw new InvalidArgumentException("--weights '" + weights + "' is not coslat or none");
    };
    int[] li = in.sel.indices(lat);
    double[] latv = in.ds.coordinateValues(lat);
    double[] w = new double[li.length];
    for (int i = 0; i < w.length; i++) w[i] = coslat ? Math.cos(Math.toRadians(latv[li[i]])) : 1.0;
    Broadcast<double[]> bw = in.jsc.broadcast(w);

    for (String v : in.vars) {
      if (in.ds.variable(v).axis(lat) < 0 || in.ds.variable(v).axis(lon) < 0) {
        throw new InvalidArgumentException("variable '" + v + "' is not on the latitude/longitude grid");
      }
    }
    // the input's template without latitude and longitude, the means as float32
    DatasetSpec spec = Specs.like(in.ds, in.sel, in.vars, compressor).dropDims(lat, lon);
    for (String v : in.vars) {
      String method = lat + ": " + lon + ": mean" + (coslat ? " (weighted by cos(latitude))" : "");
      spec = spec.withVariable(v, DType.FLOAT32, a -> a.put("cell_methods", method));
    }
    final String latDim = lat;
    final String lonDim = lon;
    JavaRDD<Block> blocks = Blocks.read(in.jsc, in.ds, in.sel, in.vars, 0, in.metrics);
    long partialBytes = 0;
    for (String v : in.vars) {
      long cells = 1;
      for (long x : spec.variable(v).shape()) cells *= x;
      partialBytes += cells * 16;
    }
    JavaRDD<Block> out = Combine.perKey(blocks, new Weighted(latDim, lonDim, bw),
        Combine.partitionsFor(partialBytes, blocks.getNumPartitions()));
    return new StageResult(spec, out, in.cells());
  }

  /** The combiner: per key of the other dims, {sum(w*x), sum(w), the block shape} over valid cells. */
  static final class Weighted implements BlockCombiner<double[][]> {
    private static final long serialVersionUID = 1L;
    private final String lat;
    private final String lon;
    private final Broadcast<double[]> w;

    Weighted(String lat, String lon, Broadcast<double[]> w) {
      this.lat = lat;
      this.lon = lon;
      this.w = w;
    }

    @Override
    public void add(Block b, Partials<double[][]> partials) {
      Tuple2<BlockKey, double[][]> p = partial(b, lat, lon, w.value());
      double[][] have = partials.get(p._1());
      if (have == null) partials.put(p._1(), p._2());
      else merge(have, p._2());
    }

    @Override
    public double[][] merge(double[][] a, double[][] b) {
      return AreaMean.merge(a, b);
    }

    @Override
    public Block finish(BlockKey key, double[][] p) {
      return AreaMean.finish(key, p);
    }

    @Override
    public long bytes(double[][] p) {
      return 64L + 16L * p[0].length;
    }
  }

  /** Per block: for each index of the other dims, sum(w*x) and sum(w) over valid cells. */
  static Tuple2<BlockKey, double[][]> partial(Block b, String lat, String lon, double[] w) {
    List<String> dims = b.key().dims();
    int la = dims.indexOf(lat);
    int lo = dims.indexOf(lon);
    int[] s = b.shape();
    long[] o = b.key().offsets();
    int rank = s.length;
    List<String> rest = new ArrayList<>();
    List<Integer> restShape = new ArrayList<>();
    long[] restOff = new long[rank - 2];
    int r = 0;
    for (int d = 0; d < rank; d++) {
      if (d == la || d == lo) continue;
      rest.add(dims.get(d));
      restShape.add(s[d]);
      restOff[r++] = o[d];
    }
    int n = 1;
    for (int x : restShape) n *= x;
    double[] sum = new double[n];
    double[] wsum = new double[n];
    int[] pos = new int[rank];
    for (int i = 0; i < b.size(); i++) {
      double x = b.get(i);
      if (!Double.isNaN(x)) {
        int k = 0;
        for (int d = 0; d < rank; d++) if (d != la && d != lo) k = k * s[d] + pos[d];
        double wi = w[(int) (o[la] + pos[la])];
        sum[k] += wi * x;
        wsum[k] += wi;
      }
      BoxCopy.next(pos, s);
    }
    double[] shape = new double[restShape.size()];
    for (int i = 0; i < shape.length; i++) shape[i] = restShape.get(i);
    return new Tuple2<>(new BlockKey(b.key().variable(), rest, restOff), new double[][] {sum, wsum, shape});
  }

  static double[][] merge(double[][] a, double[][] b) {
    for (int i = 0; i < a[0].length; i++) {
      a[0][i] += b[0][i];
      a[1][i] += b[1][i];
    }
    return a;
  }

  static Block finish(BlockKey k, double[][] p) {
    int[] shape = new int[p[2].length];
    for (int i = 0; i < shape.length; i++) shape[i] = (int) p[2][i];
    float[] out = new float[p[0].length];
    for (int i = 0; i < out.length; i++) out[i] = p[1][i] > 0 ? (float) (p[0][i] / p[1][i]) : Float.NaN;
    return Block.ofFloats(k, shape, out);
  }
}
