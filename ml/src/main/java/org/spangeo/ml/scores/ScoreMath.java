package org.spangeo.ml.scores;

import static org.spangeo.ml.scores.ScorePartial.*;

/** The scores of one output cell from its partial sums (the formulas are in {@link Metric}). */
final class ScoreMath {
  private ScoreMath() {}

  /** num/den, NaN where den is 0: an undefined ratio is missing, never 0 or infinite. */
  static double ratio(double num, double den) {
    return den == 0 ? Double.NaN : num / den;
  }

  static double value(ScorePartial p, int c, Metric m) {
    double[] s = p.sums;
    int k = c * NS;
    double w = s[k + W];
    long[] n = p.counts;
    int j = c * p.nc;
    double h = n[j + H];
    double mi = n[j + M];
    double f = n[j + F];
    double cn = n[j + C];
    double total = h + mi + f + cn;
    switch (m) {
      case MSE: return ratio(s[k + SSE], w);
      case RMSE: return Math.sqrt(ratio(s[k + SSE], w));
      case MAE: return ratio(s[k + SAE], w);
      case ME: return ratio(s[k + SD], w);
      case PEARSON_R: {
        double r = ratio(s[k + CAB], Math.sqrt(s[k + CAA] * s[k + CBB]));
        return Double.isNaN(r) ? r : Math.max(-1.0, Math.min(1.0, r));
      }
      case R2: return 1 - ratio(s[k + SSE], s[k + CAA]);
      case BRIER: return ratio(s[k + SBS], w);
      case HITS: return h;
      case MISSES: return mi;
      case FALSE_ALARMS: return f;
      case CORRECT_NEGATIVES: return cn;
      case POD: return ratio(h, h + mi);
      case FAR: return ratio(f, h + f);
      case POFD: return ratio(f, f + cn);
      case SUCCESS_RATIO: return ratio(h, h + f);
      case CSI: return ratio(h, h + mi + f);
      case ETS: {
        double hr = ratio((h + mi) * (h + f), total);
        return ratio(h - hr, h + mi + f - hr);
      }
      case BIAS_SCORE: return ratio(h + f, h + mi);
      case ACCURACY: return ratio(h + cn, total);
      case HSS: {
        double a = ratio(h + cn, total);
        double e = ratio((h + f) * (h + mi) + (mi + cn) * (f + cn), total * total);
        return ratio(a - e, 1 - e);
      }
      case PSS: {
        double a = ratio(h + cn, total);
        double e = ratio((h + f) * (h + mi) + (mi + cn) * (f + cn), total * total);
        double o = ratio((h + mi) * (h + mi) + (f + cn) * (f + cn), total * total);
        return ratio(a - e, 1 - o);
      }
      case ODDS_RATIO: return ratio(h * cn, mi * f);
      case ROC: return auc(p, c, p.rocBins - 1);
      case RELIABILITY: return p.rel.decomposition(c)[0];
      default: throw new IllegalArgumentException(m.toString());
    }
  }

  /** POD and POFD at each ROC threshold: {pod[k], pofd[k]}. */
  static double[][] rocPoints(ScorePartial p, int c, int thresholds) {
    int j = c * p.nc + 4;
    long events = 0;
    long nonEvents = 0;
    for (int b = 0; b <= thresholds; b++) {
      events += p.counts[j + 2 * b];
      nonEvents += p.counts[j + 2 * b + 1];
    }
    double[] pod = new double[thresholds];
    double[] pofd = new double[thresholds];
    long hits = events;
    long fa = nonEvents;
    for (int k = 0; k < thresholds; k++) {
      // yes at threshold k: bins k+1 and above
      hits -= p.counts[j + 2 * k];
      fa -= p.counts[j + 2 * k + 1];
      pod[k] = ratio(hits, events);
      pofd[k] = ratio(fa, nonEvents);
    }
    return new double[][] {pod, pofd};
  }

  /** Trapezoid area under (0,0), the points from the highest threshold to the lowest, (1,1). */
  static double auc(ScorePartial p, int c, int thresholds) {
    double[][] r = rocPoints(p, c, thresholds);
    double area = 0;
    double x0 = 0;
    double y0 = 0;
    for (int k = thresholds - 1; k >= -1; k--) {
      double x = k >= 0 ? r[1][k] : 1;
      double y = k >= 0 ? r[0][k] : 1;
      area += (x - x0) * (y + y0) / 2;
      x0 = x;
      y0 = y;
    }
    return area;
  }
}
