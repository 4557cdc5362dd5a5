package org.spangeo.jobs.cli;

import org.spangeo.zarr.write.Compressors;
import org.spangeo.zarr.write.ZarrWriter;
import picocli.CommandLine.Option;

/**
 * Where and how a command writes its Zarr store, as one picocli mixin: --out, --mode,
 * --overwrite, --compressor. A command that words one of them its own way (score and patches
 * cannot append) says so in its {@link OptionWording}.
 */
public final class OutputOptions {
  @Option(names = "--out", required = true, paramLabel = "STORE", description = "Output Zarr store (any Hadoop URI).")
  public String out;

  @Option(names = "--mode", paramLabel = "MODE", defaultValue = "errorifexists",
      description = "errorifexists (default), overwrite, or append (grow the store along time).")
  String mode;

  @Option(names = "--overwrite", description = "Same as --mode overwrite.")
  boolean overwrite;

  @Option(names = "--compressor", paramLabel = "SPEC", defaultValue = Compressors.DEFAULT,
      description = "blosc:<cname>:<level>:<shuffle> (default ${DEFAULT-VALUE}), zstd:<level>, zlib:<level>, gzip:<level>, lz4, none.")
  public String compressor;

  /** The write mode (--overwrite wins); a bad mode or compressor fails here, before any work. */
  public ZarrWriter.Mode mode() {
    ZarrWriter.Mode m = overwrite ? ZarrWriter.Mode.OVERWRITE : ZarrWriter.Mode.parse(mode);
    Compressors.parse(compressor, 4);
    return m;
  }
}
