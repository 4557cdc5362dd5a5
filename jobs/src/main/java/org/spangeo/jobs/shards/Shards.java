package org.spangeo.jobs.shards;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.spangeo.jobs.ui.SparkJobs;
import org.spangeo.zarr.AlreadyExistsException;
import org.spangeo.zarr.InvalidArgumentException;
import org.spangeo.zarr.NotFoundException;
import org.spangeo.zarr.SpangeoException;
import org.spangeo.zarr.array.RawChunk;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.dataset.Names;
import org.spangeo.zarr.dataset.Values;
import org.spangeo.zarr.dataset.Variable;
import org.spangeo.zarr.metadata.MetadataParser;
import org.spangeo.zarr.store.HadoopConf;
import scala.Tuple2;

/**
 * The radiation sharding notebook on Spark: samples (atmospheric columns) of a radiation store
 * laid out by a {@link ShardLayout}, cut into fixed-size shards, each written as numpy
 * {@code .npy} files ({@code x/0.npy}, {@code y/0.npy}, ... as {@code da.to_npy_stack} names
 * them), the whole as one HDF5 file ({@code /x}, {@code /y}, {@code /edge}), and a
 * {@code metadata.json} (dataset length, shard count and sizes, shapes, dtype, where each input
 * lies in each array). Optionally the samples are shuffled across shards with a seed (the
 * permutation is written too) and each feature's mean and std are computed (numpy's, ddof=0).
 *
 * <p>Map tasks read a chunk of columns of every input, build the rows and send each row group
 * to its shard (a block per shard, not a row per record); a reduce task assembles one shard and
 * writes its files. The HDF5 file is then streamed from the shards on the driver, a buffer at a
 * time. Everything is written to a staging folder beside the output and moved into place at
 * the end, so a failed run leaves no half-written output.
 */
public final class Shards {
  private Shards() {}

  /** What to write. */
  public static final class Options implements Serializable {
    private static final long serialVersionUID = 1L;
    public String layout = "features";
    public long shardSize;
    public long numShards;
    public boolean shuffle;
    public long seed;
    public boolean stats;
    public boolean npy = true;
    public boolean hdf5 = true;
    public boolean overwrite;
  }

  /** What was written, for the summary. */
  public static final class Result {
    public long samples;
    public long used;
    public long[] sizes;
    public Map<String, int[]> sampleShapes = new LinkedHashMap<>();
    public String out;
  }

  /** The rows of several samples of one shard: their positions in it and their x, y (and edge) values. */
  public static final class Piece implements Serializable {
    private static final long serialVersionUID = 1L;
    int[] positions;
    float[] x;
    float[] y;
    float[] edge;
  }

  /** Per feature: count, mean and sum of squared deviations (Chan et al. merge them exactly). */
  public static final class Moments implements Serializable {
    private static final long serialVersionUID = 1L;
    final String array;
    final double n;
    final double[] mean;
    final double[] m2;

    Moments(String array, double n, double[] mean, double[] m2) {
      this.array = array;
      this.n = n;
      this.mean = mean;
      this.m2 = m2;
    }

    Moments merge(Moments o) {
      if (o.n == 0) return this;
      if (n == 0) return o;
      double total = n + o.n;
      double[] m = new double[mean.length];
      double[] s = new double[mean.length];
      for (int f = 0; f < m.length; f++) {
        double d = o.mean[f] - mean[f];
        m[f] = mean[f] + d * o.n / total;
        s[f] = m2[f] + o.m2[f] + d * d * n * o.n / total;
      }
      return new Moments(array, total, m, s);
    }

    /** Two passes over rows of {@code features}-wide records (exact mean, then squared deviations). */
    static Moments of(String array, float[] values, int features) {
      int rows = values.length / features;
      double[] mean = new double[features];
      for (int r = 0; r < rows; r++) for (int f = 0; f < features; f++) mean[f] += values[r * features + f];
      for (int f = 0; f < features; f++) mean[f] /= Math.max(1, rows);
      double[] m2 = new double[features];
      for (int r = 0; r < rows; r++) {
        for (int f = 0; f < features; f++) {
          double d = values[r * features + f] - mean[f];
          m2[f] += d * d;
        }
      }
      return new Moments(array, rows, mean, m2);
    }
  }

  /** Shard sizes: equal shards of {@code size}, or {@code count} shards as np.array_split cuts them, or {@code count} of {@code size}. */
  public static long[] sizes(long samples, long size, long count) {
    if (size < 0 || count < 0) throw new InvalidArgumentException("--shard-size and --num-shards must be positive");
    if (size == 0 && count == 0) throw new InvalidArgumentException("give --shard-size N or --num-shards K");
    if (size > 0 && count > 0) {
      if (size * count > samples) {
        throw new InvalidArgumentException("--num-shards " + count + " x --shard-size " + size + " = " + size * count + " samples, but the input has "
            + samples);
      }
      long[] s = new long[(int) count];
      Arrays.fill(s, size);
      return s;
    }
    if (size > 0) {
      if (size > samples) throw new InvalidArgumentException("--shard-size " + size + " is more than the " + samples + " samples");
      if (samples % size != 0) {
        throw new InvalidArgumentException("--shard-size " + size + " does not divide the " + samples + " samples (" + factors(samples)
            + "): give a divisor" + divisors(samples, size) + ", or --num-shards K to keep K shards of " + size
            + " and drop the rest");
      }
      long[] s = new long[(int) (samples / size)];
      Arrays.fill(s, size);
      return s;
    }
    if (count > samples) throw new InvalidArgumentException("--num-shards " + count + " is more than the " + samples + " samples");
    long[] s = new long[(int) count];
    for (int i = 0; i < count; i++) s[i] = samples / count + (i < samples % count ? 1 : 0);
    return s;
  }

  static String factors(long n) {
    List<String> f = new ArrayList<>();
    long m = n;
    for (long p = 2; p * p <= m; p++) while (m % p == 0) {
      f.add(Long.toString(p));
      m /= p;
    }
    if (m > 1) f.add(Long.toString(m));
    return n + " = " + String.join(" x ", f);
  }

  static String divisors(long n, long near) {
    long below = -1;
    long above = -1;
    for (long d = near; d >= 1; d--) if (n % d == 0) {
      below = d;
      break;
    }
    for (long d = near; d <= n; d++) if (n % d == 0) {
      above = d;
      break;
    }
    return " such as " + below + (above > 0 && above != below ? " or " + above : "");
  }

  /** Checks the inputs and the options (before anything is written) and writes the shards. */
  public static Result write(JavaSparkContext jsc, HadoopConf conf, String in, String out, Options o) {
    Dataset ds = Dataset.open(conf, in);
    Map<String, Variable> v = new HashMap<>();
    for (String name : concat(ShardLayout.INPUTS, ShardLayout.FLUXES)) {
      if (!ds.hasVariable(name)) {
        throw new NotFoundException("the input has no '" + name + "' (a radiation store has sca_inputs, col_inputs, hl_inputs,"
            + " inter_inputs and the four flux profiles; spangeo sample-data --kind radiation writes one)"
            + Names.suggest(name, ds.dataVariableNames()));
      }
      v.put(name, ds.variable(name));
    }
    String sampleDim = v.get("col_inputs").dims().get(0);
    long samples = ds.dimSize(sampleDim);
    int[] rank = {3, 3, 2, 3};
    for (int i = 0; i < 4; i++) checkRank(v.get(ShardLayout.INPUTS[i]), rank[i], sampleDim);
    for (String f : ShardLayout.FLUXES) checkRank(v.get(f), 2, sampleDim);
    long[] hl = v.get("hl_inputs").shape();
    long[] inter = v.get("inter_inputs").shape();
    long[] col = v.get("col_inputs").shape();
    int nSca = (int) v.get("sca_inputs").shape()[1];
    if (inter[2] != 1) throw new InvalidArgumentException("inter_inputs has " + inter[2] + " variables per interface; the layouts take 1");
    for (String f : ShardLayout.FLUXES) {
      if (v.get(f).shape()[1] != hl[1]) {
        throw new InvalidArgumentException(f + " has " + v.get(f).shape()[1] + " levels, hl_inputs " + hl[1] + " half levels");
      }
    }
    ShardLayout layout = ShardLayout.parse(o.layout, (int) hl[1], (int) hl[2], (int) inter[1], nSca, (int) col[1], (int) col[2]);
    long[] sizes = sizes(samples, o.shardSize, o.numShards);
    long used = 0;
    for (long s : sizes) used += s;

    Path target = new Path(out);
    Path staging = new Path(target.getParent(), "." + target.getName() + ".spangeo-staging");
    FileSystem fs;
    try {
      fs = target.getFileSystem(conf.get());
      if (fs.exists(target) && !o.overwrite) throw new AlreadyExistsException("'" + out + "' already exists (use --overwrite to replace it)");
      if (fs.exists(staging)) fs.delete(staging, true);
      fs.mkdirs(staging);
    } catch (IOException e) {
      throw new SpangeoException("cannot prepare '" + out + "': " + e.getMessage(), e);
    }
    try {
      long[] starts = new long[sizes.length];
      for (int i = 1; i < sizes.length; i++) starts[i] = starts[i - 1] + sizes[i - 1];
      long[] perm = o.shuffle ? permutation(samples, o.seed) : null;
      org.apache.spark.broadcast.Broadcast<long[]> inverse = perm == null ? null : jsc.broadcast(inverse(perm));
      List<long[]> ranges = new ArrayList<>();
      long[] bounds = v.get("col_inputs").chunkBoundaries(0);
      for (int i = 0; i + 1 < bounds.length; i++) ranges.add(new long[] {bounds[i], bounds[i + 1]});
      String stagingPath = staging.toString();
      Map<String, Variable> vars = v;
      long kept = used;
      List<Moments> moments;
      // named as the other commands' jobs and stages: what, on which input; read, then write
      try (SparkJobs.Described job = SparkJobs.describe(jsc, "spangeo-shards", "shards, " + layout.name() + " layout"
              + (o.shuffle ? ", shuffled" : ""), SparkJobs.count(samples, "sample") + " of " + SparkJobs.shortPath(in) + " -> "
              + SparkJobs.shortPath(out), null)) {
        org.apache.spark.api.java.JavaPairRDD<Integer, Iterable<Piece>> grouped;
        try (SparkJobs.Site site = SparkJobs.site(jsc, "read " + String.join(", ", vars.keySet()) + " ("
            + SparkJobs.count(ranges.size(), "chunk") + ")")) {
          grouped = jsc.parallelize(ranges, Math.max(1, ranges.size()))
              .flatMapToPair(r -> pieces(vars, layout, r, inverse == null ? null : inverse.value(), starts, sizes, kept).iterator())
              .groupByKey(Math.max(1, Math.min(sizes.length, jsc.defaultParallelism() * 4)));
        }
        try (SparkJobs.Site site = SparkJobs.site(jsc, "write " + SparkJobs.shortPath(out) + " ("
            + SparkJobs.count(sizes.length, "shard") + ")")) {
          moments = grouped.flatMap(t -> writeShard(conf, stagingPath, layout, t._1(), sizes[t._1()], t._2(), o).iterator()).collect();
        }
      }
      if (o.shuffle) {
        try (OutputStream s = fs.create(new Path(staging, "permutation.npy"))) {
          Npy.write(s, Arrays.copyOf(perm, (int) used), new long[] {used});
        }
      }
      if (o.stats) writeStats(fs, staging, layout, moments);
      if (o.hdf5) writeHdf5(conf, fs, staging, layout, sizes, used);
      if (!o.npy) for (String a : layout.arrays()) fs.delete(new Path(staging, a), true);
      writeMetadata(fs, staging, in, ds, layout, sizes, used, samples, o);
      if (fs.exists(target)) fs.delete(target, true);
      if (!fs.rename(staging, target)) throw new SpangeoException("cannot move " + staging + " to " + target);
    } catch (IOException e) {
      cleanUp(fs, staging);
      throw new SpangeoException("cannot write the shards to '" + out + "': " + e.getMessage(), e);
    } catch (RuntimeException e) {
      cleanUp(fs, staging);
      throw e;
    }
    Result r = new Result();
    r.samples = samples;
    r.used = used;
    r.sizes = sizes;
    for (String a : layout.arrays()) r.sampleShapes.put(a, layout.sampleShape(a));
    r.out = out;
    return r;
  }

  private static void cleanUp(FileSystem fs, Path staging) {
    try {
      fs.delete(staging, true);
    } catch (IOException ignored) {
      // the staging folder is hidden and replaced by the next run
    }
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static void checkRank(Variable v, int rank, String sampleDim) {
    if (v.rank() != rank || !v.dims().get(0).equals(sampleDim)) {
      throw new InvalidArgumentException("'" + v.name() + "' has dims " + v.dims() + "; expected " + rank + " dims starting with '"
          + sampleDim + "'");
    }
  }

  /** A seeded random permutation (Fisher-Yates): output sample i is input sample perm[i]. */
  static long[] permutation(long n, long seed) {
    long[] p = new long[(int) n];
    for (int i = 0; i < p.length; i++) p[i] = i;
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = p.length - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      long t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  static long[] inverse(long[] perm) {
    long[] inv = new long[perm.length];
    for (int i = 0; i < perm.length; i++) inv[(int) perm[i]] = i;
    return inv;
  }

  /** Values of one input over columns [c0, c1), as float32. */
  static float[] read(Variable v, long c0, long c1) {
    long[] start = new long[v.rank()];
    int[] count = new int[v.rank()];
    start[0] = c0;
    count[0] = (int) (c1 - c0);
    for (int d = 1; d < count.length; d++) count[d] = (int) v.shape()[d];
    RawChunk raw = v.read(start, count);
    Object o = Values.decode(raw, v);
    if (o instanceof float[] f) return f;
    double[] d = Values.decodeDouble(raw, v);
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
    return f;
  }

  /** One chunk of columns: their rows, grouped by the shard each goes to. */
  static List<Tuple2<Integer, Piece>> pieces(Map<String, Variable> v, ShardLayout l, long[] range, long[] inverse, long[] starts,
      long[] sizes, long used) {
    long c0 = range[0];
    int m = (int) (range[1] - range[0]);
    float[] hl = read(v.get("hl_inputs"), c0, c0 + m);
    float[] inter = read(v.get("inter_inputs"), c0, c0 + m);
    float[] sca = read(v.get("sca_inputs"), c0, c0 + m);
    float[] col = read(v.get("col_inputs"), c0, c0 + m);
    float[][] flux = new float[4][];
    for (int f = 0; f < 4; f++) flux[f] = read(v.get(ShardLayout.FLUXES[f]), c0, c0 + m);
    // each column's place in the output; samples past the last shard are dropped
    Map<Integer, List<int[]>> byShard = new LinkedHashMap<>();
    for (int i = 0; i < m; i++) {
      long out = inverse == null ? c0 + i : inverse[(int) (c0 + i)];
      if (out >= used) continue;
      int s = Arrays.binarySearch(starts, out);
      if (s < 0) s = -s - 2;
      byShard.computeIfAbsent(s, k -> new ArrayList<>()).add(new int[] {(int) (out - starts[s]), i});
    }
    int fx = l.rowLength("x");
    int fy = l.rowLength("y");
    int fe = l.features ? l.rowLength("edge") : 0;
    List<Tuple2<Integer, Piece>> out = new ArrayList<>();
    for (Map.Entry<Integer, List<int[]>> e : byShard.entrySet()) {
      List<int[]> rows = e.getValue();
      Piece p = new Piece();
      p.positions = new int[rows.size()];
      p.x = new float[rows.size() * fx];
      p.y = new float[rows.size() * fy];
      p.edge = fe > 0 ? new float[rows.size() * fe] : null;
      for (int r = 0; r < rows.size(); r++) {
        int i = rows.get(r)[1];
        p.positions[r] = rows.get(r)[0];
        l.x(hl, i * l.halfLevels * l.nHl, inter, i * l.interfaces, sca, i * l.nSca, col, i * l.levels * l.nCol, p.x, r * fx);
        l.y(flux, i * l.halfLevels, p.y, r * fy);
        if (fe > 0) System.arraycopy(col, i * fe, p.edge, r * fe, fe);
      }
      out.add(new Tuple2<>(e.getKey(), p));
    }
    return out;
  }

  /** Assembles shard {@code k} from its pieces, writes its .npy files and returns its moments (when asked). */
  static List<Moments> writeShard(HadoopConf conf, String staging, ShardLayout l, int k, long size, Iterable<Piece> pieces,
      Options o) throws IOException {
    Map<String, float[]> arrays = new LinkedHashMap<>();
    for (String a : l.arrays()) arrays.put(a, new float[Math.toIntExact(size * l.rowLength(a))]);
    long rows = 0;
    for (Piece p : pieces) {
      for (String a : l.arrays()) {
        float[] src = a.equals("x") ? p.x : a.equals("y") ? p.y : p.edge;
        int w = l.rowLength(a);
        for (int r = 0; r < p.positions.length; r++) System.arraycopy(src, r * w, arrays.get(a), p.positions[r] * w, w);
      }
      rows += p.positions.length;
    }
    if (rows != size) throw new IllegalStateException("shard " + k + " received " + rows + " samples, " + size + " expected");
    List<Moments> out = new ArrayList<>();
    for (Map.Entry<String, float[]> e : arrays.entrySet()) {
      int[] shape = l.sampleShape(e.getKey());
      long[] full = new long[shape.length + 1];
      full[0] = size;
      for (int d = 0; d < shape.length; d++) full[d + 1] = shape[d];
      Path p = new Path(new Path(staging, e.getKey()), k + ".npy");
      try (OutputStream s = p.getFileSystem(conf.get()).create(p, true)) {
        Npy.write(s, e.getValue(), full);
      }
      if (o.stats) out.add(Moments.of(e.getKey(), e.getValue(), l.statFeatures(e.getKey())));
    }
    return out;
  }

  static void writeStats(FileSystem fs, Path staging, ShardLayout l, List<Moments> parts) throws IOException {
    for (String a : l.arrays()) {
      Moments m = null;
      for (Moments p : parts) if (p.array.equals(a)) m = m == null ? p : m.merge(p);
      if (m == null) continue;
      double[] std = new double[m.mean.length];
      for (int f = 0; f < std.length; f++) std[f] = Math.sqrt(m.m2[f] / m.n);
      long[] shape = {m.mean.length};
      try (OutputStream s = fs.create(new Path(staging, "stats/" + a + "_mean.npy"))) {
        Npy.write(s, m.mean, shape);
      }
      try (OutputStream s = fs.create(new Path(staging, "stats/" + a + "_std.npy"))) {
        Npy.write(s, std, shape);
      }
    }
  }

  static void writeHdf5(HadoopConf conf, FileSystem fs, Path staging, ShardLayout l, long[] sizes, long used) throws IOException {
    Map<String, long[]> shapes = new LinkedHashMap<>();
    Map<String, Hdf5Stack.Source> sources = new LinkedHashMap<>();
    for (String a : l.arrays()) {
      int[] s = l.sampleShape(a);
      long[] full = new long[s.length + 1];
      full[0] = used;
      for (int d = 0; d < s.length; d++) full[d + 1] = s[d];
      shapes.put(a, full);
      sources.put(a, () -> {
        List<Hdf5Stack.InputStreamSupplier> parts = new ArrayList<>();
        for (int k = 0; k < sizes.length; k++) {
          Path p = new Path(new Path(staging, a), k + ".npy");
          parts.add(() -> {
            InputStream in = fs.open(p);
            byte[] start = in.readNBytes(10); // skip the header: its length is in bytes 8-9

            int len = (start[8] & 0xff) | (start[9] & 0xff) << 8;
            in.skipNBytes(len);
            return in;
          });
        }
        return parts;
      });
    }
    boolean local = "file".equals(fs.getUri().getScheme());
    java.nio.file.Path file = local ? java.nio.file.Path.of(fs.makeQualified(new Path(staging, "shards.h5")).toUri())
        : java.nio.file.Files.createTempFile("spangeo-shards", ".h5");
    try {
      Hdf5Stack.write(file, shapes, sources);
      if (!local) fs.copyFromLocalFile(true, true, new Path(file.toUri()), new Path(staging, "shards.h5"));
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } finally {
      if (!local) java.nio.file.Files.deleteIfExists(file);
    }
  }

  static void writeMetadata(FileSystem fs, Path staging, String in, Dataset ds, ShardLayout l, long[] sizes, long used,
      long samples, Options o) throws IOException {
    ObjectNode m = MetadataParser.JSON.createObjectNode();
    m.put("layout", l.name());
    m.put("dtype", "float32");
    m.put("dataset_len", used);
    m.put("num_shards", sizes.length);
    ArrayNode ss = m.putArray("shard_sizes");
    long max = 0;
    for (long s : sizes) {
      ss.add(s);
      max = Math.max(max, s);
    }
    for (String a : l.arrays()) {
      ArrayNode shape = m.putArray(a + "_shape");
      shape.add(max);
      for (int d : l.sampleShape(a)) shape.add(d);
    }
    m.setAll(l.describe(names(ds, "hl_inputs"), names(ds, "sca_inputs"), names(ds, "col_inputs"), names(ds, "inter_inputs")));
    if (o.npy) {
      ObjectNode n = m.putObject("npy");
      for (String a : l.arrays()) n.put(a, a + "/{shard}.npy");
    }
    if (o.hdf5) {
      ObjectNode h = m.putObject("hdf5");
      h.put("file", "shards.h5");
      ArrayNode d = h.putArray("datasets");
      for (String a : l.arrays()) d.add("/" + a);
    }
    if (o.shuffle) {
      ObjectNode s = m.putObject("shuffle");
      s.put("seed", o.seed);
      s.put("permutation", "permutation.npy");
      s.put("meaning", "sample i of the shards is sample permutation[i] of the input");
    } else {
      m.putNull("shuffle");
    }
    if (o.stats) {
      ObjectNode s = m.putObject("stats");
      for (String a : l.arrays()) {
        s.put(a + "_mean", "stats/" + a + "_mean.npy");
        s.put(a + "_std", "stats/" + a + "_std.npy");
      }
      s.put("over", l.features ? "samples and levels, per feature of the last axis" : "samples, per feature");
      s.put("std", "population (ddof=0)");
    }
    m.put("source", in);
    m.put("source_samples", samples);
    try (OutputStream s = fs.create(new Path(staging, "metadata.json"))) {
      s.write(MetadataParser.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(m));
    }
  }

  private static List<String> names(Dataset ds, String v) {
    String s = ds.variable(v).attributes().path("variable_names").asText("");
    return s.isBlank() ? List.of() : List.of(s.trim().split("\\s+"));
  }
}
