package org.spangeo.jobs.cli;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.ContentSummary;
import org.apache.hadoop.fs.Path;
import org.spangeo.jobs.catalog.Catalog;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.dataset.Variable;
import org.spangeo.zarr.store.HadoopConf;
import org.spangeo.zarr.store.HadoopStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code spangeo inspect STORE...}: what xarray prints for a dataset, plus chunks, codecs and sizes. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
    description = {"Print an xarray-like summary of Zarr stores (metadata only).",
        "Dims, coordinates with first and last values, variables with dtype, dims, chunks, codec, units,",
        "and uncompressed and stored size."})
public final class InspectCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "STORE", description = "Stores, globs or catalog:NAME; several are combined along time.")
  List<String> stores;

  @Override
  public Integer call() {
    HadoopConf conf = HadoopConf.of(Map.of());
    Dataset ds = Dataset.open(conf, new Dataset.Options(), Catalog.resolve(stores));
    System.out.print(ds.summary());
    System.out.println("Storage:");
    long totalRaw = 0;
    long totalStored = 0;
    for (String n : ds.dataVariableNames()) {
      Variable v = ds.variable(n);
      long raw = v.size() * v.dtype().size();
      long stored = storedBytes(conf, v);
      totalRaw += raw;
      totalStored += stored;
      System.out.printf("    %-22s %10s stored, %10s uncompressed, ratio %.1f, %d chunks%n", n, bytes(stored), bytes(raw),
          stored > 0 ? (double) raw / stored : 0.0, chunkCount(v));
    }
    System.out.printf("    %-22s %10s stored, %10s uncompressed%n", "total", bytes(totalStored), bytes(totalRaw));
    return 0;
  }

  static long chunkCount(Variable v) {
    long n = 1;
    for (int a = 0; a < v.rank(); a++) n *= v.chunkBoundaries(a).length - 1;
    return n;
  }

  static long storedBytes(HadoopConf conf, Variable v) {
    long total = 0;
    for (Variable.Segment s : v.segments()) {
      try {
        if (s.array().store() instanceof HadoopStore) {
          total += ((HadoopStore) s.array().store()).bytesUnder(s.array().path());
          continue;
        }
        Path p = new Path(s.array().store().location(), s.array().path());
        ContentSummary cs = p.getFileSystem(conf.get()).getContentSummary(p);
        total += cs.getLength();
      } catch (IOException | java.io.UncheckedIOException e) {
        return -1;
      }
    }
    return total;
  }

  static String bytes(long b) {
    return b < 0 ? "?" : org.spangeo.zarr.dataset.DatasetSummary.bytes(b);
  }
}
