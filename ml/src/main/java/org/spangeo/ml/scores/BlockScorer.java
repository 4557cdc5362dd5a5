package org.spangeo.ml.scores;

import java.io.Serializable;
import org.spangeo.zarr.array.BoxCopy;

/**
 * The hot loop: one box of observed values {@code a} and forecast values {@code b} added to the
 * partial sums of the output cells they fall in. Rows along the last dim, primitive arrays,
 * nothing allocated per cell.
 */
final class BlockScorer implements Serializable {
  private static final long serialVersionUID = 1L;

  final boolean[] kept;     // per dim of the box: kept in the output (not reduced)
  final int weightAxis;     // the latitude dim, -1: no weights
  final double[] weights;   // per selected latitude, scaled to w/max(w)
  final boolean continuous;
  final boolean brier;
  final boolean categorical;
  final boolean roc;
  final boolean reliability;
  final boolean probabilistic;
  final double threshold;
  final double observedThreshold;
  final double[] rocThresholds;

  BlockScorer(boolean[] kept, int weightAxis, double[] weights, ScoreRequest req) {
    this.kept = kept;
    this.weightAxis = weightAxis;
    this.weights = weights;
    this.continuous = req.wants(Metric.Kind.CONTINUOUS);
    this.brier = req.metrics.contains(Metric.BRIER);
    this.categorical = req.wants(Metric.Kind.CATEGORICAL);
    this.roc = req.metrics.contains(Metric.ROC);
    this.reliability = req.metrics.contains(Metric.RELIABILITY);
    this.probabilistic = req.wants(Metric.Kind.PROBABILISTIC);
    this.threshold = req.threshold;
    this.observedThreshold = req.observedThreshold();
    this.rocThresholds = req.rocThresholds;
  }

  /** A forecast value outside [0, 1] where a probability is needed: its place in the selection, in one line. */
  static org.spangeo.zarr.InvalidArgumentException notAProbability(Box box, int i, double v) {
    int[] pos = new int[box.shape.length];
    for (int d = box.shape.length - 1; d >= 0; d--) {
      pos[d] = box.offsets[d] + i % box.shape[d];
      i /= box.shape[d];
    }
    return new org.spangeo.zarr.InvalidArgumentException("the forecast has " + v + " at index " + java.util.Arrays.toString(pos)
        + " of the selection: brier, roc and reliability need probabilities in [0, 1] (score other fields with continuous"
        + " metrics)");
  }

  /** The box's shape along the kept dims (the output block it adds to). */
  int[] keptShape(Box box) {
    int n = 0;
    for (boolean k : kept) if (k) n++;
    int[] s = new int[n];
    for (int d = 0, j = 0; d < kept.length; d++) if (kept[d]) s[j++] = box.shape[d];
    return s;
  }

  void add(ScorePartial p, Box box, double[] a, double[] b) {
    int[] shape = box.shape;
    int rank = shape.length;
    int[] outStride = BoxCopy.strides(shape, kept);
    int inner = shape[rank - 1];
    int n = a.length;
    int rows = inner == 0 ? 0 : n / inner;
    int last = rank - 1;
    int lastStride = outStride[last];
    boolean weightInner = weightAxis == last;
    int wOff = weightAxis >= 0 ? box.offsets[weightAxis] : 0;
    // loop-invariant fields as locals, so the JIT keeps them in registers
    final boolean cont = continuous;
    final boolean bri = brier;
    final boolean cat = categorical;
    final boolean rc = roc;
    final boolean rl = reliability;
    final boolean prob = probabilistic;
    final double thr = threshold;
    final double othr = observedThreshold;
    final double[] rt = rocThresholds;
    int[] pos = new int[rank];
    for (int row = 0; row < rows; row++) {
      int base = 0;
      for (int d = 0; d < last; d++) base += pos[d] * outStride[d];
      double wRow = weightAxis >= 0 && !weightInner ? weights[wOff + pos[weightAxis]] : 1.0;
      int i0 = row * inner;
      for (int j = 0; j < inner; j++) {
        double av = a[i0 + j];
        double bv = b[i0 + j];
        if (Double.isNaN(av) || Double.isNaN(bv)) continue; // skipna: dropped from both
        if (prob && !(bv >= 0 && bv <= 1)) throw notAProbability(box, row * inner + j, bv);
        int c = base + j * lastStride;
        double w = weightInner ? weights[wOff + j] : wRow;
        if (cont) p.addContinuous(c, av, bv, w);
        else p.addWeight(c, w);
        boolean observedYes = av >= othr;
        if (bri) p.addBrier(c, bv, observedYes ? 1 : 0, w);
        if (cat) p.addContingency(c, bv >= thr, observedYes);
        if (rc) {
          // branch-free count of the thresholds <= bv (a binary search mispredicts on noisy data)
          int k = 0;
          for (double t : rt) k += t <= bv ? 1 : 0;
          p.addRoc(c, k, observedYes);
        }
        if (rl) p.rel.add(c, bv, observedYes ? 1 : 0, w);
      }
      BoxCopy.next(pos, shape, last);
    }
  }
}
