package org.spangeo.jobs.cli;

import org.spangeo.zarr.InvalidArgumentException;
import org.spangeo.zarr.metadata.DType;
import org.spangeo.zarr.metadata.FillValue;
import org.spangeo.zarr.write.DatasetSpec;
import org.spangeo.zarr.write.VariableSpec;
import picocli.CommandLine.Option;

/**
 * How the output's data variables are stored, as one picocli mixin: --dtype, --fill-value,
 * --zarr-format (xarray's encoding dtype and _FillValue, and zarr_format). A separate mixin
 * from {@link OutputOptions} because not every writing command can honour them (patches and
 * predictions have fixed types).
 */
public final class OutputFormatOptions {
  @Option(names = "--zarr-format", paramLabel = "2|3", defaultValue = "2",
      description = "Zarr format of the output: 2 (default; what xarray 2023 and zarr-python 2 read) or 3.")
  int zarrFormat;

  @Option(names = "--dtype", paramLabel = "TYPE",
      description = "Stored type of the output's data variables: float32 (the default for reductions) or float64.")
  String dtype;

  @Option(names = "--fill-value", paramLabel = "X",
      description = "The output's fill value for missing cells (default NaN).")
  Double fillValue;

  /** Fails on a bad --dtype or --zarr-format, before any work. */
  public void check() {
    dtype(null);
    if (zarrFormat != 2 && zarrFormat != 3) throw new InvalidArgumentException("--zarr-format " + zarrFormat + " is not 2 or 3");
  }

  /** The --dtype asked for, or {@code otherwise} when none was. */
  public DType dtype(DType otherwise) {
    if (dtype == null) return otherwise;
    switch (dtype) {
      case "float32": return DType.FLOAT32;
      case "float64": return DType.FLOAT64;
      default: throw new InvalidArgumentException("--dtype '" + dtype + "' is not float32 or float64");
    }
  }

  /** The spec with --dtype and --fill-value applied to its data variables and --zarr-format to the store. */
  public DatasetSpec apply(DatasetSpec spec) {
    check();
    DatasetSpec out = spec;
    if (dtype != null || fillValue != null) {
      out = new DatasetSpec().attributes(spec.attributes());
      for (VariableSpec v : spec.variables().values()) {
        if (spec.isCarried(v.name())) { // strings, times, bounds: kept as they are stored
          out.carried(v, spec.coordinateValues(v.name()));
          continue;
        }
        if (spec.isCoordinate(v.name())) {
          out.coordinate(v, spec.coordinateValues(v.name()));
          continue;
        }
        double f = fillValue != null ? fillValue : Double.NaN;
        out.variable(v.withDType(dtype(v.dtype()), FillValue.ofDouble(f)));
      }
    }
    return zarrFormat == 3 ? out.withZarrFormat(3) : out;
  }
}
