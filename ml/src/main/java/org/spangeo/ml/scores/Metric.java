package org.spangeo.ml.scores;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.spangeo.zarr.InvalidArgumentException;

/**
 * The scores, with xskillscore's definitions (a = observed, b = forecast, w = weights scaled to
 * w/max(w), means Σwx/Σw over the points where neither a nor b is NaN). A ratio whose
 * denominator is 0 is NaN, never an exception and never 0.
 *
 * <p>Continuous: {@code mse} = Σw(a−b)²/Σw, {@code rmse} = √mse, {@code mae} = Σw|a−b|/Σw,
 * {@code me} = Σw(b−a)/Σw (the bias, forecast minus observed: xs.me(forecast, observed)),
 * {@code pearson_r} = Σw a'b' / √(Σw a'² Σw b'²) with a' = a − ā, ā = Σwa/Σw, clipped to [−1, 1],
 * {@code r2} = 1 − Σw(a−b)²/Σw a'² (xskillscore gives −inf where Σw a'² = 0 and the forecast is
 * imperfect; here that undefined ratio is NaN).
 *
 * <p>Categorical, from the contingency counts (not weighted, as xs.Contingency): forecast yes
 * where b ≥ threshold, observed yes where a ≥ observed threshold; hits H (yes, yes), misses M
 * (no, yes), false alarms F (yes, no), correct negatives C (no, no), N = H+M+F+C.
 * {@code pod} = H/(H+M), {@code far} = F/(H+F), {@code pofd} = F/(F+C),
 * {@code success_ratio} = H/(H+F), {@code csi} = H/(H+M+F),
 * {@code ets} = (H−Hr)/(H+M+F−Hr) with Hr = (H+M)(H+F)/N, {@code bias_score} = (H+F)/(H+M),
 * {@code accuracy} = (H+C)/N,
 * {@code hss} = (A − E)/(1 − E) with A = (H+C)/N and E = [(H+F)(H+M) + (M+C)(F+C)]/N²
 * (xs.Contingency.heidke_score: (Σn(F_i,O_i)/N − ΣN(F_i)N(O_i)/N²)/(1 − ΣN(F_i)N(O_i)/N²)),
 * {@code pss} = (A − E)/(1 − [(H+M)² + (F+C)²]/N²) (xs.Contingency.peirce_score:
 * (Σn(F_i,O_i)/N − ΣN(F_i)N(O_i)/N²)/(1 − ΣN(O_i)²/N²)), {@code odds_ratio} = (H·C)/(M·F).
 *
 * <p>Probabilistic (b a probability, a the 0/1 event after the observed threshold):
 * {@code brier} = Σw(b−o)²/Σw with o the event; {@code roc}: for each threshold t of the list,
 * yes where b ≥ t, POD(t) and POFD(t) (variables roc_pod and roc_pofd along a 'threshold' dim),
 * and {@code roc_auc}, the trapezoid area under the points (0,0), (POFD, POD) for the thresholds
 * from highest to lowest, (1,1). {@code reliability}: the reliability table (10 equal probability
 * bins: mean forecast, observed frequency, count) and the Brier score's decomposition
 * (variables reliability, resolution, uncertainty; see {@link ReliabilityPartial}).
 *
 * <p>Probabilistic metrics need forecasts in [0, 1]: any other value is refused in one line.
 */
public enum Metric {
  MSE(Kind.CONTINUOUS), RMSE(Kind.CONTINUOUS), MAE(Kind.CONTINUOUS), ME(Kind.CONTINUOUS), PEARSON_R(Kind.CONTINUOUS),
  R2(Kind.CONTINUOUS),
  HITS(Kind.CATEGORICAL), MISSES(Kind.CATEGORICAL), FALSE_ALARMS(Kind.CATEGORICAL), CORRECT_NEGATIVES(Kind.CATEGORICAL),
  POD(Kind.CATEGORICAL), FAR(Kind.CATEGORICAL), POFD(Kind.CATEGORICAL), SUCCESS_RATIO(Kind.CATEGORICAL),
  CSI(Kind.CATEGORICAL), ETS(Kind.CATEGORICAL), BIAS_SCORE(Kind.CATEGORICAL), HSS(Kind.CATEGORICAL), PSS(Kind.CATEGORICAL),
  ACCURACY(Kind.CATEGORICAL), ODDS_RATIO(Kind.CATEGORICAL),
  BRIER(Kind.PROBABILISTIC), ROC(Kind.PROBABILISTIC), RELIABILITY(Kind.PROBABILISTIC);

  /** Which partial sums a metric needs. */
  public enum Kind { CONTINUOUS, CATEGORICAL, PROBABILISTIC }

  public final Kind kind;

  Metric(Kind kind) {
    this.kind = kind;
  }

  /** The name on the command line and in the output store ("pearson_r"). */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static List<String> labels() {
    List<String> out = new ArrayList<>();
    for (Metric m : values()) out.add(m.label());
    return out;
  }

  /** "mse,rmse,csi" or "all" (also "continuous", "categorical", "probabilistic"). */
  public static Set<Metric> parse(String spec) {
    Set<Metric> out = EnumSet.noneOf(Metric.class);
    for (String raw : spec.split(",")) {
      String s = raw.trim().toLowerCase(Locale.ROOT);
      if (s.isEmpty()) continue;
      switch (s) {
        case "all" -> out.addAll(EnumSet.allOf(Metric.class));
        case "continuous", "categorical", "probabilistic" -> {
          for (Metric m : values()) if (m.kind.name().equalsIgnoreCase(s)) out.add(m);
        }
        default -> {
          Metric found = null;
          for (Metric m : values()) if (m.label().equals(s)) found = m;
          if (found == null) {
            throw new InvalidArgumentException("--metrics: '" + raw.trim() + "' is not a metric; known: " + String.join(", ", labels())
                + " (or all, continuous, categorical, probabilistic)");
          }
          out.add(found);
        }
      }
    }
    if (out.isEmpty()) throw new InvalidArgumentException("--metrics is empty; known: " + String.join(", ", labels()));
    return out;
  }
}
