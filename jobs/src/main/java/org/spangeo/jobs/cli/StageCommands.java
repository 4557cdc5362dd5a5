package org.spangeo.jobs.cli;

import org.spangeo.jobs.stages.AreaMean;
import org.spangeo.jobs.stages.Anomaly;
import org.spangeo.jobs.stages.Climatology;
import org.spangeo.jobs.stages.Rechunk;
import org.spangeo.jobs.stages.Resample;
import org.spangeo.jobs.stages.StageInput;
import org.spangeo.jobs.stages.StageResult;
import org.spangeo.jobs.stages.Subset;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.dataset.DimSizes;
import org.spangeo.zarr.store.HadoopConf;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The analysis commands: each a thin binding of options to a stage. */
final class StageCommands {
  private StageCommands() {}

  @Command(name = "subset", mixinStandardHelpOptions = true,
      description = {"Write the selection as a new Zarr store: ds.sel(...)[vars].to_zarr(out).",
          "Example: spangeo subset --in 'data/era5/era5_*.zarr' --vars temperature --level 850 --lat 25:22 --lon 120:122 --out out/tw.zarr"})
  static final class SubsetCommand extends AnalysisCommand {
    @Override protected boolean carriesOnly() { return true; }
    @Override protected String what(StageInput in) { return "subset"; }
    @Override protected StageResult run(StageInput in) { return Subset.compute(in, output.compressor); }
  }

  @Command(name = "resample", mixinStandardHelpOptions = true,
      description = {"Resample along time: ds.resample(time=FREQ).STAT(), labelled as pandas does (period starts;",
          "weeks by their last day). Periods without data are NaN, as in xarray (--drop-empty leaves them out).",
          "Example: spangeo resample --in 'data/era5/era5_*.zarr' --freq QS-DEC --stat mean --out out/seasons.zarr"})
  static final class ResampleCommand extends AnalysisCommand {
    @Option(names = "--freq", required = true, paramLabel = "FREQ",
        description = "pandas' frequencies: 6h, 1D, 1MS (month start), QS-DEC (seasons DJF, MAM, JJA, SON), QS, 1YS, W (weeks to Sunday).")
    String freq;

    @Option(names = "--drop-empty", description = "Leave out the periods without data (default: NaN, as xarray gives them).")
    boolean dropEmpty;

    @Mixin
    StatisticOption stat = new StatisticOption();

    @Override protected String alongDim(Dataset ds) { return ds.timeDim(); }
    @Override protected String what(StageInput in) { return "resample to " + freq + " (" + stat + ")"; }
    @Override protected String args() { return freq + (stat.isDefault() ? "" : " " + stat); }
    @Override protected StageResult run(StageInput in) { return Resample.compute(in, freq, stat.statistic(), dropEmpty, output.compressor); }
  }

  @Command(name = "climatology", mixinStandardHelpOptions = true,
      description = {"Group by a part of time and reduce: ds.groupby('time.month').mean(). The output has the group",
          "dim (month, season, dayofyear, hour) in place of time. Seasons are coded 1 DJF, 2 MAM, 3 JJA, 4 SON.",
          "Example: spangeo climatology --in 'data/era5/era5_*.zarr' --vars temperature --by month --out out/clim.zarr"})
  static final class ClimatologyCommand extends AnalysisCommand {
    @Mixin
    TimeGroupOption by = new TimeGroupOption();

    @Mixin
    StatisticOption stat = new StatisticOption();

    @Override protected String alongDim(Dataset ds) { return ds.timeDim(); }
    @Override protected String what(StageInput in) { return "climatology by " + by + " (" + stat + ")"; }
    @Override protected String args() { return by.args() + (stat.isDefault() ? "" : " " + stat); }
    @Override protected StageResult run(StageInput in) { return Climatology.compute(in, by.group(), stat.statistic(), output.compressor); }
  }

  @Command(name = "anomaly", mixinStandardHelpOptions = true,
      description = {"Value minus its group's climatology: ds.groupby('time.month') - clim. The climatology is",
          "computed from the same input unless --climatology names a store written by 'spangeo climatology'.",
          "Example: spangeo anomaly --in 'data/era5/era5_*.zarr' --vars temperature --by month --out out/anom.zarr"})
  static final class AnomalyCommand extends AnalysisCommand {
    @Mixin
    TimeGroupOption by = new TimeGroupOption();

    @Option(names = "--climatology", paramLabel = "STORE", description = "A climatology store to subtract (default: compute it).")
    String climatology;

    @Option(names = "--standardize",
        description = "Standardized anomaly (x - clim_mean) / clim_std per group, as (g - g.mean()) / g.std() (population std).")
    boolean standardize;

    @Option(names = "--climatology-std", paramLabel = "STORE",
        description = "With --standardize and --climatology: a 'climatology --stat std' store to divide by (default: compute it).")
    String climatologyStd;

    @Override protected String alongDim(Dataset ds) { return ds.timeDim(); }
    @Override protected String args() { return (standardize ? "standardized " : "") + by.args() + (climatology == null ? "" : " - " + climatology); }
    @Override protected String what(StageInput in) {
      return (standardize ? "standardized anomaly by " : "anomaly by ") + by
          + (climatology == null ? "" : " from " + org.spangeo.jobs.ui.SparkJobs.shortPath(climatology));
    }

    @Override
    protected StageResult run(StageInput in) {
      if (climatologyStd != null && !standardize) throw new org.spangeo.zarr.InvalidArgumentException("--climatology-std is for --standardize");
      if (standardize && (climatology == null) != (climatologyStd == null)) {
        throw new org.spangeo.zarr.InvalidArgumentException("--standardize takes both --climatology and --climatology-std, or neither (both computed"
            + " from the input)");
      }
      HadoopConf conf = new HadoopConf(in.jsc.hadoopConfiguration());
      Dataset clim = climatology == null ? null : Dataset.open(conf, climatology);
      Dataset std = climatologyStd == null ? null : Dataset.open(conf, climatologyStd);
      return Anomaly.compute(in, by.group(), clim, standardize, std, output.compressor);
    }
  }

  @Command(name = "area-mean", mixinStandardHelpOptions = true,
      description = {"Area-weighted mean over latitude and longitude: ds.weighted(coslat).mean(('latitude','longitude')).",
          "NaN cells are skipped and the weights renormalised over valid cells.",
          "Example: spangeo area-mean --in out/daily.zarr --lat 25:22 --lon 120:122 --out out/series.zarr"})
  static final class AreaMeanCommand extends AnalysisCommand {
    @Option(names = "--weights", defaultValue = "coslat", paramLabel = "W", description = "coslat (default) or none.")
    String weights;

    @Override protected String what(StageInput in) { return "area mean (" + weights + " weights)"; }
    @Override protected StageResult run(StageInput in) { return AreaMean.compute(in, weights, output.compressor); }
  }

  @Command(name = "rechunk", mixinStandardHelpOptions = true,
      description = {"Rewrite with other chunks in bounded memory, following rechunker's plan (consolidated reads",
          "and writes, the shuffle as the intermediate). Example, time-chunked to time-series-chunked:",
          "spangeo rechunk --in 'data/era5/era5_*.zarr' --chunks time=8760,latitude=16,longitude=16 --max-mem 256MB --out out/ts.zarr"})
  static final class RechunkCommand extends AnalysisCommand {
    @Option(names = "--chunks", required = true, paramLabel = "DIM=N,...", description = "Target chunks; 0 or a size >= the dim means the whole dim.")
    String chunks;

    @Option(names = "--max-mem", defaultValue = "256MB", paramLabel = "SIZE", description = "Memory a task may hold (default ${DEFAULT-VALUE}).")
    String maxMem;

    @Override protected String what(StageInput in) { return "rechunk to " + chunks + " within " + maxMem + " a task"; }
    @Override protected String args() { return chunks; }

    @Override
    protected StageResult run(StageInput in) {
      return Rechunk.compute(in, DimSizes.parse(chunks, "--chunks", 0, "time=8760,latitude=16,longitude=16"), output.compressor);
    }

    @Override
    protected long writeGroupBytes(StageInput in, StageResult r) {
      return Rechunk.groupBytes(in, r.spec, Sizes.parse(maxMem, "--max-mem"));
    }
  }
}
