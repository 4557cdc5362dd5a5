package org.spangeo.ml.scores;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.spangeo.zarr.InvalidArgumentException;
import org.spangeo.zarr.array.BoxCopy;
import org.spangeo.zarr.blocks.BlockKey;
import org.spangeo.zarr.blocks.Combine;
import org.spangeo.zarr.blocks.Combiner;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.dataset.Names;
import org.spangeo.zarr.dataset.Selection;
import scala.Tuple2;

/**
 * Scores a forecast store against an observed store as Spark aggregations over boxes of the
 * forecast's chunk grid: each task reads a forecast chunk and the observed values of the same
 * cells (by label, whatever the observed chunking), and adds them to per-output-cell partial
 * sums kept per output block in the task; partials are merged per output block by key. Only the
 * merged partials of the kept dims (a map, a time series, one number) come to the driver.
 *
 * <pre>{@code
 * ScoreResult r = Scoring.score(jsc, forecast, Selection.all(forecast), observed,
 *     new ScoreRequest().forecast(FieldExpression.variable("convection_probability"))
 *         .observed(FieldExpression.parse("total_precipitation*1000 > 5", "observed"))
 *         .dims(List.of("time")).metrics(Metric.parse("csi,brier,roc")).climatology(true));
 * double[] csiMap = r.field(ScoreResult.MODEL, Metric.CSI);   // over r.dims(): latitude, longitude
 * }</pre>
 */
public final class Scoring {
  private Scoring() {}

  public static ScoreResult score(JavaSparkContext jsc, Dataset fc, Selection fsel, Dataset obs, ScoreRequest req) {
    if (req.forecast == null || req.observed == null) throw new IllegalArgumentException("forecast and observed must be set");
    String first = req.forecast.variables().isEmpty() ? null : req.forecast.variables().get(0);
    if (first == null) throw new InvalidArgumentException("--forecast-expr '" + req.forecast + "' reads no variable");
    if (req.observed.variables().isEmpty()) throw new InvalidArgumentException("--observed-expr '" + req.observed + "' reads no variable");
    GridMatch.checkVariables(fc, req.forecast, null, "--forecast-var/--forecast-expr", "forecast");
    List<String> dims = fc.variable(first).dims();
    if (dims.isEmpty()) throw new InvalidArgumentException("forecast variable '" + first + "' has no dims");
    GridMatch.checkVariables(fc, req.forecast, dims, "--forecast-var/--forecast-expr", "forecast");
    GridMatch.checkVariables(obs, req.observed, dims, "--observed-var/--observed-expr", "observed");
    if (req.capeThreshold) {
      GridMatch.checkVariables(obs, FieldExpression.variable(req.capeVariable), dims, "--cape-var", "observed");
    }
    for (String d : req.dims) {
      if (!dims.contains(d)) {
        throw new InvalidArgumentException("--dims: '" + d + "' is not a dim of the forecast (dims: " + String.join(", ", dims) + ")"
            + Names.suggest(d, dims));
      }
    }
    int rank = dims.size();
    int[][] fIdx = new int[rank][];
    for (int d = 0; d < rank; d++) fIdx[d] = fsel.indices(dims.get(d));
    for (int[] x : fIdx) if (x.length == 0) throw new InvalidArgumentException("the selection is empty");
    int[][] oIdx = GridMatch.match(fc, fIdx, dims, obs);

    List<String> reduce = req.dims.isEmpty() ? dims : req.dims; // xskillscore's dim=None: every dim
    boolean[] kept = new boolean[rank];
    List<String> keptDims = new ArrayList<>();
    List<Integer> keptShape = new ArrayList<>();
    for (int d = 0; d < rank; d++) {
      kept[d] = !reduce.contains(dims.get(d));
      if (kept[d]) {
        keptDims.add(dims.get(d));
        keptShape.add(fIdx[d].length);
      }
    }
    int weightAxis = -1;
    double[] weights = null;
    if (req.coslat) {
      weightAxis = dims.indexOf("latitude") >= 0 ? dims.indexOf("latitude") : dims.indexOf("lat");
      if (weightAxis < 0) throw new InvalidArgumentException("--weights coslat needs a latitude dim (the forecast's dims are " + dims + "); use --weights none");
      double[] lat = fc.coordinateValues(dims.get(weightAxis));
      weights = new double[fIdx[weightAxis].length];
      double max = 0;
      for (int i = 0; i < weights.length; i++) {
        weights[i] = Math.cos(Math.toRadians(lat[fIdx[weightAxis][i]]));
        max = Math.max(max, weights[i]);
      }
      for (int i = 0; i < weights.length; i++) weights[i] /= max; // xskillscore: w / w.max()
    }
    String timeDim = fc.timeDim();
    int timeAxis = timeDim == null ? -1 : dims.indexOf(timeDim);
    if (req.fssScales != null) FssScoring.check(req, dims, kept, fIdx);

    Baselines base = req.baselines() ? Baselines.fit(jsc, obs, dims, timeAxis, oIdx, req) : null;
    int[] monthOfStep = null;
    int[] sizes = new int[rank];
    for (int d = 0; d < rank; d++) sizes[d] = fIdx[d].length;
    if (base != null) {
      long[] t = fc.timeValues(timeDim);
      monthOfStep = new int[fIdx[timeAxis].length];
      for (int i = 0; i < monthOfStep.length; i++) monthOfStep[i] = Baselines.month(t[fIdx[timeAxis][i]]);
    }

    List<String> sources = new ArrayList<>(List.of(ScoreResult.MODEL));
    if (req.climatology) sources.add(ScoreResult.CLIMATOLOGY);
    if (req.capeThreshold) sources.add(ScoreResult.CAPE_THRESHOLD);
    List<Box> boxes = Box.plan(fc.variable(first), fIdx);
    BlockScorer scorer = new BlockScorer(kept, weightAxis, weights, req);
    int nRoc = req.rocThresholds.length;
    boolean rel = req.metrics.contains(Metric.RELIABILITY);
    int nSources = sources.size();
    FieldExpression fExpr = req.forecast;
    FieldExpression oExpr = req.observed;
    boolean clim = req.climatology;
    boolean cape = req.capeThreshold;
    String capeVar = req.capeVariable;
    int[] months = monthOfStep;
    int tAxis = timeAxis;

    jsc.setJobDescription(describe(req, keptDims, dims, fc, obs, boxes.size()));
    int parts = Math.max(1, Math.min(boxes.size(), jsc.defaultParallelism() * 4));
    // one partial per output block per task (boxes along a reduced dim add into the same one),
    // merged per block after the shuffle: the keyed combine of every reduction
    Combiner<Box, ScorePartial[]> scores = Combiner.of((Box b, Combiner.Partials<ScorePartial[]> acc) -> {
      int n = b.size();
      int[] ks = scorer.keptShape(b);
      long[] off = new long[ks.length];
      for (int d = 0, j = 0; d < kept.length; d++) if (kept[d]) off[j++] = b.offsets[d];
      BlockKey key = new BlockKey("scores", keptDims, off);
      ScorePartial[] p = acc.get(key);
      if (p == null) {
        int cells = 1;
        for (int s : ks) cells *= s;
        p = new ScorePartial[nSources];
        for (int s = 0; s < nSources; s++) p[s] = new ScorePartial(cells, nRoc, rel);
        acc.put(key, p);
      }
      Map<String, double[]> fv = new HashMap<>();
      for (String v : fExpr.variables()) fv.put(v, b.read(fc.variable(v), fIdx, null));
      Map<String, double[]> ov = new HashMap<>();
      for (String v : oExpr.variables()) ov.put(v, b.read(obs.variable(v), oIdx, null));
      double[] a = oExpr.evaluate(ov, n);
      scorer.add(p[0], b, a, fExpr.evaluate(fv, n));
      int s = 1;
      if (clim) scorer.add(p[s++], b, a, base.climatologyForecast(b, tAxis, sizes, months));
      if (cape) scorer.add(p[s], b, a, base.capeForecast(b.read(obs.variable(capeVar), oIdx, null)));
    }, (x, y) -> {
      for (int s = 0; s < x.length; s++) x[s].mergeAll(y[s]);
      return x;
    }, p -> {
      long bytes = 64;
      for (ScorePartial q : p) bytes += 8L * q.sums.length + 8L * q.counts.length;
      return bytes;
    });
    List<Tuple2<BlockKey, ScorePartial[]>> reduced = Combine.partials(jsc.parallelize(boxes, parts), scores, parts).collect();
    jsc.setJobDescription(null);

    // the driver: place each output block's partial into the kept grid
    int[] shape = keptShape.stream().mapToInt(Integer::intValue).toArray();
    int cells = 1;
    for (int s : shape) cells *= s;
    Map<String, ScorePartial> fields = new LinkedHashMap<>();
    for (String s : sources) fields.put(s, new ScorePartial(cells, nRoc, rel));
    List<Tuple2<BlockKey, ScorePartial[]>> sorted = new ArrayList<>(reduced);
    sorted.sort((x, y) -> x._1().compareTo(y._1()));
    for (Tuple2<BlockKey, ScorePartial[]> t : sorted) {
      long[] off = t._1().offsets();
      ScorePartial[] p = t._2();
      int[] bs = blockShape(p[0].cells, off, shape, boxes, kept);
      int[] pos = new int[shape.length];
      for (int c = 0; c < p[0].cells; c++) {
        int g = 0;
        for (int d = 0; d < shape.length; d++) g = g * shape[d] + (int) off[d] + pos[d];
        for (int s = 0; s < sources.size(); s++) fields.get(sources.get(s)).merge(g, p[s], c);
        BoxCopy.next(pos, bs);
      }
    }
    long points = 0;
    ScorePartial model = fields.get(ScoreResult.MODEL);
    for (int c = 0; c < cells; c++) points += (long) model.sums[c * ScorePartial.NS + ScorePartial.NP];
    ScoreResult result = new ScoreResult(keptDims, shape, req.metrics, req.rocThresholds, fields, base, points);
    if (req.fssScales != null) {
      result.fss(req.fssScales, req.fssThreshold(), FssScoring.score(jsc, fc, obs, dims, fIdx, oIdx, kept, cells, sources, req, base,
          timeAxis, monthOfStep));
    }
    return result;
  }

  /** The kept shape of the output block at {@code off} (the boxes there all have it). */
  private static int[] blockShape(int cells, long[] off, int[] shape, List<Box> boxes, boolean[] kept) {
    for (Box b : boxes) {
      boolean match = true;
      for (int d = 0, j = 0; d < kept.length && match; d++) if (kept[d]) match = b.offsets[d] == off[j++];
      if (match) {
        int[] s = new int[off.length];
        for (int d = 0, j = 0; d < kept.length; d++) if (kept[d]) s[j++] = b.shape[d];
        return s;
      }
    }
    throw new IllegalStateException("no box at " + java.util.Arrays.toString(off));
  }

  /** "score: CSI, BRIER maps over time, forecast F vs observed O, 123 boxes", for the Spark UI. */
  static String describe(ScoreRequest req, List<String> keptDims, List<String> dims, Dataset fc, Dataset obs, int boxes) {
    List<String> names = new ArrayList<>();
    for (Metric m : req.metrics) names.add(m.label().toUpperCase(Locale.ROOT));
    String what = names.size() > 6 ? names.size() + " scores" : String.join(", ", names);
    String shape;
    if (keptDims.isEmpty()) shape = "single numbers over " + String.join(", ", dims);
    else if (keptDims.size() == 1 && keptDims.contains(fc.timeDim())) shape = "time series over " + String.join(", ", dims.stream().filter(d -> !keptDims.contains(d)).toList());
    else shape = "maps over " + String.join(", ", req.dims);
    String base = req.baselines() ? " with baselines " + (req.climatology ? "climatology" : "")
        + (req.climatology && req.capeThreshold ? ", " : "") + (req.capeThreshold ? "CAPE threshold" : "") : "";
    return String.format(Locale.ROOT, "score: %s %s%s, forecast %s vs observed %s (%s), %,d boxes", what, shape, base,
        req.forecast, req.observed, obs.sources().get(0), boxes);
  }
}
