package org.spangeo.jobs.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.spangeo.jobs.shards.Shards;
import org.spangeo.zarr.InvalidArgumentException;
import org.spangeo.zarr.store.HadoopConf;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code spangeo shards}: the radiation sharding notebook's training arrays, as .npy stacks and one HDF5 file. */
@Command(name = "shards", mixinStandardHelpOptions = true,
    description = {"Cut a radiation store (sample-data --kind radiation, or MAELSTROM's 3dcorrection) into fixed-size",
        "shards of training arrays, as the radiation sharding notebook does with dask:",
        "  --layout flattened: x (n, 4128) = hl_inputs | inter_inputs | sca_inputs | col_inputs flattened,",
        "                      y (n, 552) = flux_dn_sw | flux_up_sw | flux_dn_lw | flux_up_lw;",
        "  --layout features:  x (n, 138, 20) = hl_inputs | inter_inputs padded to the half levels |",
        "                      sca_inputs repeated on every half level; y (n, 138, 4); edge (n, 137, 27) = col_inputs.",
        "Writes DIR/x/0.npy, DIR/y/0.npy, ... (one file per shard, numpy's format, as da.to_npy_stack),",
        "DIR/shards.h5 (datasets /x, /y, /edge; h5py reads it) and DIR/metadata.json (dataset length, shard",
        "count and sizes, shapes, dtype, where each input lies); with --shuffle the samples are permuted",
        "with the seed (DIR/permutation.npy), with --stats each feature's mean and std go to DIR/stats/.",
        "Example: spangeo shards --in data/radiation/radiation_3dcorrection.zarr --layout features \\",
        "           --shard-size 128 --shuffle --seed 1 --stats --out out/shards"})
final class ShardsCommand implements Callable<Integer> {
  @Option(names = "--in", required = true, paramLabel = "STORE", description = "The radiation store (any Hadoop URI).")
  String in;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (any Hadoop URI).")
  String out;

  @Option(names = "--layout", defaultValue = "features", paramLabel = "NAME",
      description = "flattened or features (default ${DEFAULT-VALUE}): the notebook's two ways.")
  String layout;

  @Option(names = "--shard-size", paramLabel = "N", defaultValue = "0",
      description = "Samples per shard; must divide the samples unless --num-shards is given too (then the rest is dropped).")
  long shardSize;

  @Option(names = "--num-shards", paramLabel = "K", defaultValue = "0",
      description = "Number of shards (alone: sizes differ by at most one, as np.array_split).")
  long numShards;

  @Option(names = "--shuffle", description = "Permute the samples across shards (seeded; the permutation is written).")
  boolean shuffle;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "Seed of --shuffle (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--stats", description = "Write each feature's mean and std (ddof=0) for normalisation.")
  boolean stats;

  @Option(names = "--format", split = ",", paramLabel = "F", defaultValue = "npy,hdf5",
      description = "npy, hdf5 or both (default ${DEFAULT-VALUE}).")
  List<String> format;

  @Option(names = "--overwrite", description = "Replace the output folder if it exists (only once the new one is complete).")
  boolean overwrite;

  @picocli.CommandLine.Mixin
  SparkRunOptions run = new SparkRunOptions();

  @Override
  public Integer call() {
    long t0 = System.nanoTime();
    Shards.Options o = new Shards.Options();
    o.layout = layout;
    o.shardSize = shardSize;
    o.numShards = numShards;
    o.shuffle = shuffle;
    o.seed = seed;
    o.stats = stats;
    o.overwrite = overwrite;
    for (String f : format) {
      if (!f.equals("npy") && !f.equals("hdf5")) throw new InvalidArgumentException("--format '" + f + "' is not npy or hdf5");
    }
    o.npy = format.contains("npy");
    o.hdf5 = format.contains("hdf5");
    if (!shuffle && seed != 0) throw new InvalidArgumentException("--seed is for --shuffle");
    SparkSession spark = run.start("spangeo shards");
    try {
      HadoopConf conf = new HadoopConf(spark.sparkContext().hadoopConfiguration());
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      Shards.Result r;
      try (org.spangeo.jobs.ui.ConsoleProgress progress = run.progress(spark)) {
        r = Shards.write(jsc, conf, in, out, o);
      }
      System.out.printf(Locale.ROOT, "shards: %s layout, %,d samples in %d shards of %s%s%n", layout, r.used, r.sizes.length,
          sizes(r.sizes), shuffle ? ", shuffled (seed " + seed + ")" : "");
      System.out.printf(Locale.ROOT, "  in   %s (%,d samples%s)%n", in, r.samples,
          r.used < r.samples ? ", " + (r.samples - r.used) + " left out" : "");
      for (Map.Entry<String, int[]> e : r.sampleShapes.entrySet()) {
        System.out.printf(Locale.ROOT, "  out  %s %s float32%n", e.getKey(), shape(r.used, e.getValue()));
      }
      System.out.printf(Locale.ROOT, "       %s%s%s, metadata.json%s%n", out, o.npy ? " (.npy stacks" : " (", o.hdf5 ? (o.npy ? ", shards.h5" : "shards.h5") : "",
          (stats ? ", stats/" : "") + (shuffle ? ", permutation.npy" : "") + ")");
      System.out.printf(Locale.ROOT, "  time %.1f s%n", (System.nanoTime() - t0) / 1e9);
      run.keepUiIfAsked(spark);
      return 0;
    } finally {
      if (System.getProperty("spangeo.keepSession") == null) spark.stop();
    }
  }

  static String sizes(long[] s) {
    long min = Arrays.stream(s).min().orElse(0);
    long max = Arrays.stream(s).max().orElse(0);
    return min == max ? Long.toString(max) : min + " to " + max;
  }

  static String shape(long n, int[] s) {
    StringBuilder b = new StringBuilder("(").append(n);
    for (int d : s) b.append(", ").append(d);
    return b.append(')').toString();
  }
}
