package org.spangeo.ml.scores;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.spangeo.zarr.InvalidArgumentException;
import org.spangeo.zarr.array.BoxCopy;
import org.spangeo.zarr.dataset.Dataset;

/**
 * The Fractions Skill Score as a Spark job: the tasks get tiles of whole 2-D fields (some time
 * steps × the whole selected latitude × longitude, a few MB), turn forecast and observations into
 * 0/1 event fields (forecast ≥ the FSS threshold, observed ≥ the observed threshold; a NaN on
 * either side is no event there), and add each field's sums for every scale with summed-area
 * tables ({@link FssPartial#addField}); the driver merges one small partial per source.
 */
final class FssScoring {
  private FssScoring() {}

  static final long TILE_BYTES = 16L << 20;

  /** Checks the request against the grid; the spatial dims are the last two and must be reduced. */
  static void check(ScoreRequest req, List<String> dims, boolean[] kept, int[][] fIdx) {
    int rank = dims.size();
    if (rank < 2) throw new InvalidArgumentException("--metrics fss needs 2-D fields (the forecast's dims are " + dims + ")");
    if (kept[rank - 1] || kept[rank - 2]) {
      throw new InvalidArgumentException("--metrics fss needs " + dims.get(rank - 2) + " and " + dims.get(rank - 1) + " reduced (neighbourhoods are"
          + " spatial): give no --dims, or --dims " + dims.get(rank - 2) + "," + dims.get(rank - 1) + " for one FSS per time step");
    }
    int h = fIdx[rank - 2].length;
    int w = fIdx[rank - 1].length;
    int most = 2 * Math.max(h, w) - 1;
    for (int n : req.fssScales) {
      if (n > most) {
        throw new InvalidArgumentException(String.format(Locale.ROOT, "--metrics fss: scale %d is larger than the domain (%d x %d cells: a scale of"
            + " %d already covers all of it from every point)", n, h, w, most));
      }
    }
  }

  /** Per source, the FSS sums over the kept cells (the non-spatial dims not reduced). */
  static Map<String, FssPartial> score(JavaSparkContext jsc, Dataset fc, Dataset obs, List<String> dims, int[][] fIdx, int[][] oIdx,
      boolean[] kept, int keptCells, List<String> sources, ScoreRequest req, Baselines base, int timeAxis, int[] monthOfStep) {
    int rank = dims.size();
    int h = fIdx[rank - 2].length;
    int w = fIdx[rank - 1].length;
    // tiles: runs of the first dim, every other dim whole
    int[] shape = new int[rank];
    for (int d = 0; d < rank; d++) shape[d] = fIdx[d].length;
    long fieldBytes = 8L * h * w;
    for (int d = 1; d < rank - 2; d++) fieldBytes *= shape[d];
    int per = rank == 2 ? 1 : (int) Math.max(1, TILE_BYTES / Math.max(1, fieldBytes));
    List<Box> tiles = new ArrayList<>();
    int first = rank == 2 ? 1 : shape[0];
    for (int t = 0; t < first; t += per) {
      int[] off = new int[rank];
      int[] sh = shape.clone();
      if (rank > 2) {
        off[0] = t;
        sh[0] = Math.min(per, first - t);
      }
      tiles.add(new Box(off, sh));
    }
    int[] sizes = req.fssScales.clone();
    double thr = req.fssThreshold();
    double othr = req.observedThreshold();
    FieldExpression fExpr = req.forecast;
    FieldExpression oExpr = req.observed;
    String capeVar = req.capeVariable;
    int nSources = sources.size();
    int[] spatialSizes = shape.clone();
    // the kept cell of each field: strides over the kept dims (never the last two, spatial: see check)
    int[] keptStride = BoxCopy.strides(shape, kept);
    jsc.setJobDescription(String.format(Locale.ROOT, "score: FSS at scales %s, threshold %s, %,d tiles of %d x %d fields",
        java.util.Arrays.toString(sizes), thr, tiles.size(), h, w));
    FssPartial[] merged = jsc.parallelize(tiles, Math.max(1, Math.min(tiles.size(), jsc.defaultParallelism() * 4)))
        .mapPartitions((Iterator<Box> it) -> {
          FssPartial[] acc = new FssPartial[nSources];
          for (int k = 0; k < nSources; k++) acc[k] = new FssPartial(keptCells, sizes.length);
          int[] satO = new int[(h + 1) * (w + 1)];
          int[] satM = new int[(h + 1) * (w + 1)];
          byte[] bo = new byte[h * w];
          byte[] bm = new byte[h * w];
          while (it.hasNext()) {
            Box b = it.next();
            int n = b.size();
            Map<String, double[]> fv = new HashMap<>();
            for (String v : fExpr.variables()) fv.put(v, b.read(fc.variable(v), fIdx, null));
            Map<String, double[]> ov = new HashMap<>();
            for (String v : oExpr.variables()) ov.put(v, b.read(obs.variable(v), oIdx, null));
            double[] a = oExpr.evaluate(ov, n);
            double[][] forecasts = new double[nSources][];
            forecasts[0] = fExpr.evaluate(fv, n);
            for (int k = 1; k < nSources; k++) {
              forecasts[k] = sources.get(k).equals(ScoreResult.CLIMATOLOGY)
                  ? base.climatologyForecast(b, timeAxis, spatialSizes, monthOfStep)
                  : base.capeForecast(b.read(obs.variable(capeVar), oIdx, null));
            }
            int fields = n / (h * w);
            int[] pos = new int[rank];
            for (int f = 0; f < fields; f++) {
              int cell = 0;
              for (int d = 0; d < rank - 2; d++) cell += (b.offsets[d] + pos[d]) * keptStride[d];
              int o0 = f * h * w;
              for (int k = 0; k < nSources; k++) {
                double[] fcv = forecasts[k];
                for (int i = 0; i < h * w; i++) {
                  double av = a[o0 + i];
                  double bv = fcv[o0 + i];
                  boolean valid = !Double.isNaN(av) && !Double.isNaN(bv);
                  bo[i] = (byte) (valid && av >= othr ? 1 : 0);
                  bm[i] = (byte) (valid && bv >= thr ? 1 : 0);
                }
                acc[k].addField(cell, bo, bm, h, w, sizes, satO, satM);
              }
              BoxCopy.next(pos, b.shape, rank - 2); // the last two dims are the field
            }
          }
          return List.<FssPartial[]>of(acc).iterator();
        })
        .reduce((x, y) -> {
          for (int k = 0; k < x.length; k++) x[k].mergeAll(y[k]);
          return x;
        });
    jsc.setJobDescription(null);
    Map<String, FssPartial> out = new java.util.LinkedHashMap<>();
    for (int k = 0; k < nSources; k++) out.put(sources.get(k), merged[k]);
    return out;
  }
}
