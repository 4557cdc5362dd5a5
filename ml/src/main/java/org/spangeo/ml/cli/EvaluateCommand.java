package org.spangeo.ml.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.spangeo.ml.scores.Metric;
import org.spangeo.ml.scores.PatchEvaluation;
import org.spangeo.ml.scores.ScoreResult;
import org.spangeo.ml.scores.ScoreStore;
import org.spangeo.ml.scores.ThresholdSearch;
import org.spangeo.zarr.store.HadoopConf;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = {"Score a model on a patch store at its own granularity: per pixel, or per window for",
        "a whole-patch classifier (simple-convnet: \"any event in the window\"), with calibrated",
        "probabilities, beside baselines fitted on --baseline-patches (another year's): its",
        "event frequency (for the Brier skill score) and CAPE >= T (for a window: its largest",
        "CAPE), T the best CSI there, searched until it peaks. CSI, POD, FAR at the model's",
        "decision threshold, Brier, ROC AUC, the reliability table and Brier decomposition.",
        "",
        "  spangeo evaluate --model models/patch --patches test_2022.zarr \\",
        "      --baseline-patches valid_2021.zarr --summary eval.json", ""})
public final class EvaluateCommand extends MlCommand {
  @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory (spangeo train).")
  String model;

  @Option(names = "--patches", required = true, paramLabel = "STORE",
      description = "Patches to evaluate on (spangeo patches with --stats of the training patches).")
  String patches;

  @Option(names = "--baseline-patches", paramLabel = "STORE", description = "Patches the baselines are fitted on: not the evaluated"
      + " year; a store without oversampled events (patches --oversample-events 1) keeps the climatology's frequency true.")
  String trainPatches;

  @Option(names = "--cape-var", defaultValue = "convective_available_potential_energy", paramLabel = "NAME",
      description = "The CAPE feature of the CAPE-threshold baseline (default ${DEFAULT-VALUE}).")
  String capeVar;

  @Option(names = "--threshold", paramLabel = "X", description = "Yes where the probability >= X (default: the model's decision threshold).")
  Double threshold;

  @Option(names = "--batch-size", paramLabel = "N", defaultValue = "256", description = "Samples per forward pass (default ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--summary", paramLabel = "FILE", description = "JSON file of the numbers.")
  String summary;

  @Option(names = "--plots", paramLabel = "DIR", description = "Reliability diagram (with sharpness) and ROC curve in DIR.")
  String plots;

  @Override
  void run(JavaSparkContext jsc, HadoopConf conf) {
    long t0 = System.nanoTime();
    if (batchSize < 1) throw new org.spangeo.zarr.InvalidArgumentException("--batch-size must be positive");
    PatchEvaluation.Result r = PatchEvaluation.run(jsc, conf, model, patches, trainPatches, capeVar, threshold, batchSize);
    ScoreResult s = r.scores;
    System.out.printf(Locale.ROOT, "evaluate: %s on %s, one unit per %s, %,d units; yes where the probability >= %.3f%n", model, patches,
        r.unit, s.pointsScored(), r.threshold);
    System.out.printf(Locale.ROOT, "  %-15s %7s %7s %7s %8s %8s %8s%n", "forecast", "CSI", "POD", "FAR", "Brier", "BSS", "ROC AUC");
    for (String src : s.sources()) {
      double bss = s.sources().contains(ScoreResult.CLIMATOLOGY)
          ? 1 - s.overall(src, Metric.BRIER) / s.overall(ScoreResult.CLIMATOLOGY, Metric.BRIER) : Double.NaN;
      System.out.printf(Locale.ROOT, "  %-15s %7.3f %7.3f %7.3f %8.4f %8.3f %8.3f%n", src, s.overall(src, Metric.CSI),
          s.overall(src, Metric.POD), s.overall(src, Metric.FAR), s.overall(src, Metric.BRIER), bss, s.overall(src, Metric.ROC));
    }
    System.out.printf(Locale.ROOT, "  reliability: model curve off the diagonal by at most %.3f (bins with >= 1%% of the units)%n",
        s.reliabilityWorstDeviation(ScoreResult.MODEL));
    if (r.cape != null) {
      ThresholdSearch c = r.cape;
      System.out.printf(Locale.ROOT, "  CAPE threshold chosen on the baseline patches: %s J/kg, training CSI %.4f (%s: %.4f, %s: %.4f%s)%n",
          ScoreCommand.num(c.threshold), c.csi, ScoreCommand.num(c.below), c.csiBelow, ScoreCommand.num(c.above), c.csiAbove,
          c.peaked ? "; a peak" : "; NOT a peak");
      System.out.printf(Locale.ROOT, "  climatology: the baseline patches' event frequency %.4f%n", r.climatology);
      if (r.seasonNote != null) System.out.println("  note: " + r.seasonNote);
    }
    Map<String, Object> all = new LinkedHashMap<>();
    all.put("model", model);
    all.put("patches", patches);
    all.putAll(PatchEvaluation.summary(r));
    if (summary != null) ScoreStore.writeSummary(new HadoopConf(jsc.hadoopConfiguration()), summary, ScoreStore.toJson(all));
    if (plots != null) {
      var pngs = org.spangeo.ml.scores.VerificationPlots.write(s, java.nio.file.Path.of(plots), "per " + r.unit.split(" ")[0]);
      System.out.printf(Locale.ROOT, "  plots %d figures in %s%n", pngs.size(), plots);
    }
    System.out.printf(Locale.ROOT, "  time %.1f s%n", (System.nanoTime() - t0) / 1e9);
  }
}
