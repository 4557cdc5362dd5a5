package org.spangeo.ml.scores;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.spangeo.zarr.InvalidArgumentException;
import org.spangeo.ml.inference.ModelCache;
import org.spangeo.ml.patches.PatchStore;
import org.spangeo.ml.patches.Years;
import org.spangeo.ml.train.Calibration;
import org.spangeo.ml.train.ConvNet;
import org.spangeo.ml.train.ModelConfig;
import org.spangeo.ml.train.ModelDirectory;
import org.spangeo.ml.train.PatchStream;
import org.spangeo.ml.train.SampleBlock;
import org.spangeo.zarr.store.HadoopConf;

/**
 * {@code spangeo evaluate}: a model scored on a patch store at its own granularity, one unit per
 * pixel for a per-pixel model and one per window for a whole-patch classifier (simple-convnet:
 * the event is "any event in the window"), beside two baselines fitted on another year's patches:
 * their event frequency (climatology, for the Brier skill score) and "CAPE ≥ T" with T the
 * best CSI there, searched until it peaks (for a window: its largest CAPE). The forward passes
 * run in the executors from each executor's cached model; partials (contingency, Brier, ROC bins,
 * the reliability table) are merged by Spark.
 */
public final class PatchEvaluation {
  private PatchEvaluation() {}

  /** What the command prints and writes. */
  public static final class Result {
    public ScoreResult scores;
    public ThresholdSearch cape;
    public double climatology;
    public double threshold;
    public String unit;
    public Map<String, Object> dataUse = new LinkedHashMap<>();
    /** Set when the baseline patches cover another part of the year than the evaluated ones (null: the same). */
    public String seasonNote;
  }

  /**
   * A note when two patch stores' selections cover different parts of the year (their time ranges'
   * month-day ends differ): per-window event frequencies change with the season, so a baseline
   * fitted on May-October is no fair reference for June-September. Null when they match or are unrecorded.
   */
  static String seasonNote(com.fasterxml.jackson.databind.JsonNode evaluated, com.fasterxml.jackson.databind.JsonNode baselines) {
    String e = season(evaluated);
    String b = season(baselines);
    if (e == null || b == null || e.equals(b)) return null;
    return "the baseline patches cover " + b + " of their years, the evaluated ones " + e
        + ": event frequencies differ by season, so the baselines are fitted on another season than they are scored on";
  }

  private static String season(com.fasterxml.jackson.databind.JsonNode sel) {
    if (sel == null || !sel.path("time_range").isArray() || sel.path("time_range").size() != 2) return null;
    String from = sel.get("time_range").get(0).asText();
    String to = sel.get("time_range").get(1).asText();
    if (from.length() < 10 || to.length() < 10) return null;
    return from.substring(5, 10) + " .. " + to.substring(5, 10);
  }

  record LogitTranslator(int c, int h, int w) implements Translator<float[][], float[]> {
    @Override
    public NDList processInput(TranslatorContext ctx, float[][] in) {
      int n = in[1].length > 0 ? (int) in[1][0] : 0;
      return new NDList(ctx.getNDManager().create(in[0].length == n * c * h * w ? in[0] : java.util.Arrays.copyOf(in[0], n * c * h * w),
          new Shape(n, c, h, w)));
    }

    @Override
    public float[] processOutput(TranslatorContext ctx, NDList list) {
      return list.singletonOrThrow().toFloatArray();
    }

    @Override
    public Batchifier getBatchifier() {
      return null;
    }
  }

  public static Result run(JavaSparkContext jsc, HadoopConf conf, String modelPath, String testPath, String trainPath,
      String capeVar, Double threshold, int batch) {
    ModelConfig mc = ModelDirectory.readConfig(conf, modelPath);
    Calibration stored = ModelDirectory.readCalibration(conf, modelPath);
    Calibration cal = stored == null ? Calibration.RAW : stored;
    PatchStore test = PatchStore.open(conf, testPath);
    PatchStore train = trainPath == null ? null : PatchStore.open(conf, trainPath);
    if (!test.features().equals(mc.features)) {
      throw new InvalidArgumentException("patch store '" + testPath + "' has features " + test.features() + " but model '" + modelPath + "' takes "
          + mc.features);
    }
    if (!test.normalised()) throw new InvalidArgumentException("patch store '" + testPath + "' holds raw features (patches --raw): evaluate needs"
        + " patches normalised with the model's statistics");
    int[] l = PatchStream.layout(test);
    int c = l[0];
    int h = l[2];
    int w = l[3];
    boolean perPatch = ConvNet.perPatch(mc.architecture);
    int per = perPatch ? 1 : h * w;
    int capeCh = test.features().indexOf(capeVar);
    boolean cape = train != null && capeCh >= 0;
    if (train != null && capeCh < 0) {
      throw new InvalidArgumentException("--cape-var '" + capeVar + "' is not a feature of the patches (" + test.features() + ")");
    }
    double capeMean = cape ? test.statistics().mean(capeVar) : 0;
    double capeStd = cape ? test.statistics().std(capeVar) : 1;
    double capeScale = capeStd > 0 ? capeStd : 1;

    Result res = new Result();
    res.unit = perPatch ? "window (any event in it)" : "pixel";
    res.threshold = threshold != null ? threshold : Double.isNaN(cal.decisionThreshold) ? 0.5 : cal.decisionThreshold;
    res.dataUse.put("evaluated", test.selection());
    res.dataUse.put("model_training", mc.training.path("data_use"));
    double climatology = Double.NaN;
    ThresholdSearch search = null;
    double[] edges = ThresholdSearch.edges(null, Baselines.CAPE_STEP, Baselines.CAPE_TOP);
    if (train != null) {
      res.dataUse.put("baselines", train.selection());
      res.seasonNote = seasonNote(test.selection(), train.selection());
      jsc.setJobDescription("evaluate: baselines on " + trainPath);
      long[] acc = PatchStream.samples(jsc, train, mc.timeMode, null, 32L << 20).map(s -> {
        long[] hist = new long[2 * (edges.length + 1) + 2];
        int px = h * w;
        for (int i = 0; i < s.n(); i++) {
          for (int u = 0; u < (perPatch ? 1 : px); u++) {
            boolean ev = perPatch ? org.spangeo.ml.train.Train.anyEvent(s.y(), i * px, px) > 0 : s.y()[i * px + u] > 0;
            double cv = perPatch ? maxRaw(s.x(), (i * c + capeCh) * px, px, capeMean, capeScale)
                : s.x()[(i * c + capeCh) * px + u] * capeScale + capeMean;
            hist[2 * ThresholdSearch.bin(edges, cv) + (ev ? 0 : 1)]++;
            hist[hist.length - 2] += ev ? 1 : 0;
            hist[hist.length - 1]++;
          }
        }
        return hist;
      }).reduce((a, b) -> {
        for (int i = 0; i < a.length; i++) a[i] += b[i];
        return a;
      });
      climatology = (double) acc[acc.length - 2] / acc[acc.length - 1];
      search = ThresholdSearch.run(edges, java.util.Arrays.copyOf(acc, acc.length - 2), null, Baselines.CAPE_STEP);
    }
    res.climatology = climatology;
    res.cape = search;

    List<String> sources = new ArrayList<>(List.of(ScoreResult.MODEL));
    if (train != null) sources.add(ScoreResult.CLIMATOLOGY);
    if (cape) sources.add(ScoreResult.CAPE_THRESHOLD);
    int nSources = sources.size();
    double[] roc = ScoreRequest.DEFAULT_ROC_THRESHOLDS;
    double thr = res.threshold;
    double clim = climatology;
    double capeT = search == null ? Double.NaN : search.threshold;
    jsc.setJobDescription("evaluate: model " + modelPath + " on " + testPath);
    ScorePartial[] merged = PatchStream.samples(jsc, test, mc.timeMode, null, 32L << 20).mapPartitions((Iterator<SampleBlock> it) -> {
      ScorePartial[] p = new ScorePartial[nSources];
      for (int k = 0; k < nSources; k++) p[k] = new ScorePartial(1, roc.length, true);
      ModelDirectory.Loaded model = ModelCache.get(conf, modelPath);
      try (Predictor<float[][], float[]> predictor = model.model().newPredictor(new LogitTranslator(c, h, w))) {
        int px = h * w;
        while (it.hasNext()) {
          SampleBlock s = it.next();
          for (int from = 0; from < s.n(); from += batch) {
            int k = Math.min(batch, s.n() - from);
            float[] x = java.util.Arrays.copyOfRange(s.x(), from * c * px, (from + k) * c * px);
            float[] z = predictor.predict(new float[][] {x, {k}});
            for (int i = 0; i < k; i++) {
              int sample = from + i;
              for (int u = 0; u < per; u++) {
                boolean ev = perPatch ? org.spangeo.ml.train.Train.anyEvent(s.y(), sample * px, px) > 0 : s.y()[sample * px + u] > 0;
                double prob = cal.apply(z[i * per + u]);
                add(p[0], prob, ev, thr, roc);
                int q = 1;
                if (!Double.isNaN(clim)) add(p[q++], clim, ev, thr, roc);
                if (!Double.isNaN(capeT)) {
                  double cv = perPatch ? maxRaw(s.x(), (sample * c + capeCh) * px, px, capeMean, capeScale)
                      : s.x()[(sample * c + capeCh) * px + u] * capeScale + capeMean;
                  add(p[q], cv >= capeT ? 1 : 0, ev, 0.5, roc);
                }
              }
            }
          }
        }
      }
      return List.<ScorePartial[]>of(p).iterator();
    }).reduce((a, b) -> {
      for (int k = 0; k < a.length; k++) a[k].mergeAll(b[k]);
      return a;
    });
    jsc.setJobDescription(null);
    Map<String, ScorePartial> fields = new LinkedHashMap<>();
    for (int k = 0; k < nSources; k++) fields.put(sources.get(k), merged[k]);
    Set<Metric> metrics = java.util.EnumSet.of(Metric.HITS, Metric.MISSES, Metric.FALSE_ALARMS, Metric.CORRECT_NEGATIVES, Metric.POD,
        Metric.FAR, Metric.CSI, Metric.BRIER, Metric.ROC, Metric.RELIABILITY);
    long points = (long) merged[0].sums[ScorePartial.NP];
    res.scores = new ScoreResult(List.of(), new int[0], metrics, roc, fields, null, points);
    return res;
  }

  private static void add(ScorePartial p, double prob, boolean ev, double thr, double[] roc) {
    double o = ev ? 1 : 0;
    p.addWeight(0, 1);
    p.addBrier(0, prob, o, 1);
    p.addContingency(0, prob >= thr, ev);
    int k = 0;
    for (double t : roc) k += t <= prob ? 1 : 0;
    p.addRoc(0, k, ev);
    p.rel.add(0, prob, o, 1);
  }

  /** The largest raw value of a normalised window (x·std + mean). */
  static double maxRaw(float[] x, int from, int len, double mean, double std) {
    float m = Float.NEGATIVE_INFINITY;
    for (int i = from; i < from + len; i++) m = Math.max(m, x[i]);
    return m * std + mean;
  }

  /** The evaluation's summary (JSON-ready): model and baselines side by side, BSS, the CAPE search, data use. */
  public static Map<String, Object> summary(Result r) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("unit", r.unit);
    out.put("threshold", r.threshold);
    out.putAll(r.scores.summary());
    if (!Double.isNaN(r.climatology)) {
      out.put("climatology_frequency", r.climatology);
      out.put("brier_skill_score", ScoreResult.json(r.scores.brierSkillScore()));
      Map<String, Object> bss = new LinkedHashMap<>();
      for (String s : r.scores.sources()) {
        bss.put(s, ScoreResult.json(1 - ScoreMath.ratio(r.scores.overall(s, Metric.BRIER), r.scores.overall(ScoreResult.CLIMATOLOGY,
            Metric.BRIER))));
      }
      out.put("brier_skill_scores", bss);
    }
    if (r.cape != null) out.put("cape_search", r.cape.toMap());
    if (r.seasonNote != null) out.put("season_note", r.seasonNote);
    out.put("data_use", r.dataUse);
    return out;
  }
}
