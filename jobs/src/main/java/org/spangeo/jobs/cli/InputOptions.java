package org.spangeo.jobs.cli;

import java.util.ArrayList;
import java.util.List;
import org.spangeo.jobs.catalog.Catalog;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.store.HadoopConf;
import picocli.CommandLine.Option;

/** {@code --in}: stores, globs ("data/era5/*.zarr") or catalog names ("catalog:era5_train"). */
public final class InputOptions {
  @Option(names = "--in", required = true, split = ",", paramLabel = "STORE",
      description = "Input Zarr stores: paths, globs, any Hadoop URI, or catalog:NAME (conf/catalog.yaml). Several are combined along time.")
  List<String> inputs = new ArrayList<>();

  public List<String> paths() {
    return Catalog.resolve(inputs);
  }

  public Dataset open(HadoopConf conf) {
    return Dataset.open(conf, new Dataset.Options(), paths());
  }
}
