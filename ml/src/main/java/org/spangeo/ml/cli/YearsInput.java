package org.spangeo.ml.cli;

import org.spangeo.jobs.cli.InputOptions;
import org.spangeo.jobs.cli.SelectionOptions;
import org.spangeo.ml.patches.Years;
import org.spangeo.zarr.InvalidArgumentException;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.dataset.Selection;
import org.spangeo.zarr.store.HadoopConf;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The input of patches and predict: --in, the selection options and --years. The variables come
 * from the command's own options (--features, the model), so --vars is refused.
 */
final class YearsInput {
  @Mixin
  InputOptions input = new InputOptions();

  @Mixin
  SelectionOptions selection = new SelectionOptions();

  @Option(names = "--years", paramLabel = "Y[,Y]", description = "Years to keep: 2019,2020 or 2019-2020 (with or instead of --time).")
  String years;

  /** The input store(s); {@code varsRefused} is the one-line refusal of a --vars. */
  Dataset open(HadoopConf conf, String varsRefused) {
    Dataset ds = input.open(conf);
    if (!selection.variables(ds).equals(ds.dataVariableNames())) throw new InvalidArgumentException(varsRefused);
    return ds;
  }

  /** The selection, narrowed to --years. */
  Selection select(Dataset ds) {
    return Years.select(ds, selection.apply(ds), Years.parse(years));
  }
}
