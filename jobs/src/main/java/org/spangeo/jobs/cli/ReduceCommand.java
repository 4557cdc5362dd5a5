package org.spangeo.jobs.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.spangeo.jobs.stages.ReduceDims;
import org.spangeo.jobs.stages.StageInput;
import org.spangeo.jobs.stages.StageResult;
import org.spangeo.jobs.stages.Statistic;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.dataset.Variable;
import org.spangeo.zarr.store.HadoopConf;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code spangeo reduce}: ds.mean(dim=[...]) and the other reductions over any dims. */
@Command(name = "reduce", mixinStandardHelpOptions = true,
    description = {"Reduce over any dims: ds.mean(dim=['time']), ds.std('time'), ds.quantile(0.9, dim='time'),",
        "ds.count(), ... with xarray's skipna rules: NaN is skipped; the mean, std, min, max and quantile",
        "of no valid value are NaN, the sum is 0; std is the population std (ddof=0); quantiles use",
        "numpy's default linear method. Each variable is reduced over the dims it has; reducing all",
        "its dims gives a scalar, which is also printed. Written as float32 (count as int64).",
        "Example: spangeo reduce --in 'data/era5/era5_*.zarr' --vars temperature --dims time --stat quantile:0.9 \\",
        "           --out out/t_q90.zarr"})
final class ReduceCommand extends AnalysisCommand {
  @Option(names = "--dims", split = ",", paramLabel = "DIM",
      description = "Dims to reduce: --dims time or --dims latitude,longitude (default: all, a scalar per variable).")
  List<String> dims = new ArrayList<>();

  @Mixin
  StatisticOption stat = new StatisticOption();

  @Override
  protected String what(StageInput in) {
    return stat.statistic().label() + " over " + (dims.isEmpty() ? "all dims" : String.join(", ", dims));
  }

  @Override
  protected StageResult run(StageInput in) {
    StageResult r = ReduceDims.compute(in, dims, stat.statistic(), output.compressor);
    List<String> scalars = new ArrayList<>();
    for (String v : in.vars) if (r.spec.variable(v).shape().length == 0) scalars.add(v);
    if (!scalars.isEmpty()) {
      HadoopConf conf = new HadoopConf(in.jsc.hadoopConfiguration());
      boolean count = stat.statistic().kind() == Statistic.Kind.COUNT;
      r.notes.add(() -> {
        Dataset written = Dataset.open(conf, output.out);
        StringBuilder b = new StringBuilder();
        for (String v : scalars) {
          Variable var = written.variable(v);
          double x = var.readAllAsDouble()[0];
          String units = var.units();
          b.append(b.length() > 0 ? "; " : "").append(v).append(" = ")
              .append(String.format(Locale.ROOT, count ? "%.0f" : "%.7g", x))
              .append(units == null || units.isEmpty() || count ? "" : " " + units);
        }
        return "value " + stat.statistic().label() + ": " + b;
      });
    }
    return r;
  }
}
