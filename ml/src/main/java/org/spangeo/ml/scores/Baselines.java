package org.spangeo.ml.scores;

import java.io.Serializable;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.spangeo.zarr.InvalidArgumentException;
import org.spangeo.zarr.array.BoxCopy;
import org.spangeo.zarr.dataset.CfTime;
import org.spangeo.zarr.dataset.Dataset;

/**
 * The reference forecasts the model is scored beside, fitted on the training period of the
 * observed store (one Spark pass; the driver gets 12 small maps and a histogram):
 * <ul>
 *   <li>climatology: the mean of the observed field (with an event expression: the event
 *       frequency) per grid cell and calendar month, used as a probability forecast;
 *   <li>CAPE threshold: "yes" where CAPE ≥ T, with T the threshold whose forecasts have the
 *       highest CSI over all training cells, searched until the CSI falls on both sides
 *       ({@link ThresholdSearch}: every 25 J/kg by default; a given list is extended beyond its end
 *       while the CSI still rises there).
 * </ul>
 */
public final class Baselines implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Per calendar month (0-11) and spatial cell (row-major over the non-time dims): the mean. */
  public final double[] climatology;
  public final int spatialCells;
  /** The chosen CAPE threshold (NaN without that baseline) and how the search found it. */
  public final double capeThreshold;
  public final ThresholdSearch capeSearch;
  public final long trainSteps;

  Baselines(double[] climatology, int spatialCells, double capeThreshold, ThresholdSearch capeSearch, long trainSteps) {
    this.climatology = climatology;
    this.spatialCells = spatialCells;
    this.capeThreshold = capeThreshold;
    this.capeSearch = capeSearch;
    this.trainSteps = trainSteps;
  }

  /** The CAPE search's grid: every 25 J/kg up to 10,000 J/kg (above: one bin). */
  static final double CAPE_STEP = 25;
  static final double CAPE_TOP = 10_000;

  static int month(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L)).atZone(ZoneOffset.UTC).getMonthValue() - 1;
  }

  /** Sums of one training pass: per month and cell Σa and counts; the CAPE histogram by event. */
  public static final class Training implements Serializable {
    private static final long serialVersionUID = 1L;
    final double[] sum;
    final long[] count;
    final long[] hist;

    Training(int cells, int capeBins) {
      sum = new double[12 * cells];
      count = new long[12 * cells];
      hist = new long[2 * capeBins];
    }

    Training merge(Training o) {
      for (int i = 0; i < sum.length; i++) {
        sum[i] += o.sum[i];
        count[i] += o.count[i];
      }
      for (int i = 0; i < hist.length; i++) hist[i] += o.hist[i];
      return this;
    }
  }

  /**
   * Fits the baselines of {@code req} on {@code obs} over its training period, on the scored
   * grid's cells ({@code spatialIdx}: the observed indices of the non-time dims).
   */
  static Baselines fit(JavaSparkContext jsc, Dataset obs, List<String> dims, int timeAxis, int[][] spatialIdx,
      ScoreRequest req) {
    if (timeAxis < 0) throw new InvalidArgumentException("--baseline needs a time dim (the forecast's dims are " + dims + ")");
    String tdim = dims.get(timeAxis);
    long[] times = obs.timeValues(tdim);
    List<Integer> keep = new ArrayList<>();
    for (int i = 0; i < times.length; i++) {
      if (times[i] < req.trainFrom || times[i] > req.trainTo) continue;
      if (req.trainMonths != null) {
        boolean in = false;
        for (int m : req.trainMonths) in |= month(times[i]) == m - 1;
        if (!in) continue;
      }
      keep.add(i);
    }
    if (keep.isEmpty()) {
      throw new InvalidArgumentException("--train-time selects no time step of the observed store " + obs.sources().get(0) + " (it runs from "
          + CfTime.format(times[0]) + " to " + CfTime.format(times[times.length - 1]) + ")");
    }
    int[][] idx = spatialIdx.clone();
    idx[timeAxis] = keep.stream().mapToInt(Integer::intValue).toArray();
    int[] monthOf = new int[idx[timeAxis].length];
    for (int i = 0; i < monthOf.length; i++) monthOf[i] = month(times[idx[timeAxis][i]]);
    int cells = 1;
    for (int d = 0; d < dims.size(); d++) if (d != timeAxis) cells *= idx[d].length;
    final int spatial = cells;

    FieldExpression observed = req.observed;
    boolean cape = req.capeThreshold;
    String capeVar = req.capeVariable;
    double[] capeT = ThresholdSearch.edges(req.capeThresholds, CAPE_STEP, CAPE_TOP);
    double othr = req.observedThreshold();
    List<Box> boxes = Box.plan(obs.variable(observed.variables().get(0)), idx);
    jsc.setJobDescription(String.format(Locale.ROOT, "score: fit the baselines (%s) on %s..%s, %,d steps, %,d boxes",
        (req.climatology ? "climatology" : "") + (req.climatology && cape ? ", " : "") + (cape ? "CAPE threshold" : ""),
        CfTime.format(times[idx[timeAxis][0]]).substring(0, 10),
        CfTime.format(times[idx[timeAxis][idx[timeAxis].length - 1]]).substring(0, 10), monthOf.length, boxes.size()));
    JavaRDD<Box> rdd = jsc.parallelize(boxes, Math.max(1, Math.min(boxes.size(), jsc.defaultParallelism() * 4)));
    Training t = rdd.mapPartitions((Iterator<Box> it) -> {
      Training p = new Training(spatial, capeT.length + 1);
      while (it.hasNext()) {
        Box b = it.next();
        int n = b.size();
        Map<String, double[]> vals = new HashMap<>();
        for (String v : observed.variables()) vals.put(v, b.read(obs.variable(v), idx, null));
        double[] a = observed.evaluate(vals, n);
        double[] c = cape ? b.read(obs.variable(capeVar), idx, null) : null;
        addTraining(p, b, a, c, timeAxis, idx, monthOf, capeT, othr);
      }
      return List.of(p).iterator();
    }).reduce(Training::merge);
    jsc.setJobDescription(null);

    double[] clim = new double[t.sum.length];
    for (int i = 0; i < clim.length; i++) clim[i] = t.count[i] == 0 ? Double.NaN : t.sum[i] / t.count[i];
    double chosen = Double.NaN;
    ThresholdSearch search = null;
    if (cape) {
      search = ThresholdSearch.run(capeT, t.hist, req.capeThresholds, CAPE_STEP);
      chosen = search.threshold;
      if (Double.isNaN(chosen)) {
        throw new InvalidArgumentException("--baseline cape-threshold: no CAPE threshold has a defined CSI on the training period (no event"
            + " observed and none forecast where CAPE is known)");
      }
    }
    return new Baselines(clim, spatial, chosen, search, monthOf.length);
  }

  private static void addTraining(Training p, Box b, double[] a, double[] cape, int timeAxis, int[][] idx, int[] monthOf,
      double[] capeT, double othr) {
    int rank = b.shape.length;
    int[] spatialSizes = new int[rank];
    for (int d = 0; d < rank; d++) spatialSizes[d] = idx[d].length;
    int[] spStride = spatialStrides(spatialSizes, timeAxis);
    int[] pos = new int[rank];
    int n = a.length;
    for (int i = 0; i < n; i++) {
      double av = a[i];
      if (!Double.isNaN(av)) {
        int sp = 0;
        for (int d = 0; d < rank; d++) if (d != timeAxis) sp += (b.offsets[d] + pos[d]) * spStride[d];
        int cell = monthOf[b.offsets[timeAxis] + pos[timeAxis]] * (p.sum.length / 12) + sp;
        p.sum[cell] += av;
        p.count[cell]++;
        if (cape != null && !Double.isNaN(cape[i])) {
          p.hist[2 * ThresholdSearch.bin(capeT, cape[i]) + (av >= othr ? 0 : 1)]++;
        }
      }
      BoxCopy.next(pos, b.shape);
    }
  }

  /** C-order strides of the spatial grid: every dim but time (whose stride stays 0). */
  private static int[] spatialStrides(int[] sizes, int timeAxis) {
    boolean[] spatial = new boolean[sizes.length];
    java.util.Arrays.fill(spatial, true);
    spatial[timeAxis] = false;
    return BoxCopy.strides(sizes, spatial);
  }

  /** The climatological forecast over a box of the scored grid (NaN where the month had no data). */
  double[] climatologyForecast(Box b, int timeAxis, int[] spatialSizes, int[] monthOfStep) {
    int rank = b.shape.length;
    int[] spStride = spatialStrides(spatialSizes, timeAxis);
    int n = b.size();
    double[] out = new double[n];
    int[] pos = new int[rank];
    for (int i = 0; i < n; i++) {
      int sp = 0;
      for (int d = 0; d < rank; d++) if (d != timeAxis) sp += (b.offsets[d] + pos[d]) * spStride[d];
      out[i] = climatology[monthOfStep[b.offsets[timeAxis] + pos[timeAxis]] * spatialCells + sp];
      BoxCopy.next(pos, b.shape);
    }
    return out;
  }

  /** The CAPE-threshold forecast: 1 where CAPE ≥ the chosen threshold, 0 below, NaN where CAPE is. */
  double[] capeForecast(double[] cape) {
    double[] out = new double[cape.length];
    for (int i = 0; i < cape.length; i++) out[i] = Double.isNaN(cape[i]) ? Double.NaN : cape[i] >= capeThreshold ? 1 : 0;
    return out;
  }
}
