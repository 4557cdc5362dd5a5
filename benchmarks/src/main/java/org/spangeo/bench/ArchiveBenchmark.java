package org.spangeo.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.datasources.v2.BatchScanExec;
import org.spangeo.jobs.stages.Grouping;
import org.spangeo.zarr.array.ReadStats;
import org.spangeo.zarr.blocks.Blocks;
import org.spangeo.zarr.dataset.Selection;
import org.spangeo.zarr.store.HadoopConf;

/**
 * Issue #14's benchmark on the layout real archives have: many small chunks (8 yearly stores of
 * hourly t2m on a 0.5 degree grid, 24 x 32 x 32 float32 chunks of 96 KiB, written by xarray;
 * {@code make_small_stores.py}). In one run, interleaved with the Python peer:
 * <ol>
 *   <li>end to end, as a user times commands: {@code scripts/spangeo climatology|anomaly|inspect}
 *       (JVM start included) beside {@code xarray_mf.py} (Python start and imports included), on
 *       the 8 stores; optionally the same on the big-chunk store; a climatology of a one-chunk
 *       store (the fixed cost);</li>
 *   <li>CPU per chunk on one core, layer by layer: decode alone (chunks in memory), read + decode,
 *       the block reader (read, decode, the block's values), Spark's scan, and the climatology;</li>
 *   <li>scan against the bare decode rate (wall, {@code cores} threads) on one year;</li>
 *   <li>the climatology on 2, 4 and 8 years (time, tasks) and the planning time of a store of
 *       1,000,845 chunks.</li>
 * </ol>
 * Every process is timed with bash's {@code times} (its CPU, children included) and the CPU other
 * processes took meanwhile ({@code /proc/stat}), since the machine may be shared.
 *
 * <p>usage: ArchiveBenchmark DIR WORK ROOT RUNS CORES PYTHON|none [--big STORE]... [--years 2,4,8] [--no-e2e]
 */
public final class ArchiveBenchmark {
  private ArchiveBenchmark() {}

  static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** One timed process: wall, its CPU (children included), other processes' CPU meanwhile. */
  record Proc(double wall, double cpu, double others) {}

  /** Timed runs of one command. */
  static final class Series {
    final String name;
    final List<Proc> runs = new ArrayList<>();

    Series(String name) {
      this.name = name;
    }

    double wall() {
      return median(runs.stream().mapToDouble(p -> p.wall).toArray());
    }

    double cpu() {
      return median(runs.stream().mapToDouble(p -> p.cpu).toArray());
    }

    double othersCores() {
      double o = 0;
      double w = 0;
      for (Proc p : runs) {
        o += p.others;
        w += p.wall;
      }
      return w > 0 ? o / w : Double.NaN;
    }
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]).toAbsolutePath();
    Path work = Path.of(args[1]).toAbsolutePath();
    Path root = Path.of(args[2]).toAbsolutePath();
    int runs = Integer.parseInt(args[3]);
    int cores = Integer.parseInt(args[4]);
    String python = args[5];
    List<String> bigs = new ArrayList<>();
    int[] years = {2, 4, 8};
    boolean e2eRuns = true;
    for (int i = 6; i < args.length; i++) {
      if (args[i].equals("--big")) bigs.add(args[++i]);
      else if (args[i].equals("--no-e2e")) e2eRuns = false;
      else if (args[i].equals("--years")) years = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
      else throw new IllegalArgumentException("unknown argument " + args[i]);
    }
    Files.createDirectories(work);
    List<String> stores = new ArrayList<>();
    try (var s = Files.list(dir)) {
      s.map(Path::toString).filter(p -> p.matches(".*/era5_t2m_\\d{4}\\.zarr")).sorted().forEach(stores::add);
    }
    if (stores.isEmpty()) throw new IllegalStateException("no era5_t2m_YYYY.zarr stores in " + dir);
    String glob = dir + "/era5_t2m_*.zarr";
    String load0 = loadAverage();
    System.out.printf(Locale.ROOT, "many-small-chunk layout: %d yearly stores in %s, %d cores; load average %s%n",
        stores.size(), dir, cores, load0);

    // ---- 1. end to end, interleaved with the peer
    String spangeo = root.resolve("scripts/spangeo").toString();
    String peer = root.resolve("benchmarks/src/main/python/xarray_mf.py").toString();
    boolean py = !"none".equals(python);
    List<String> master = cores == Runtime.getRuntime().availableProcessors() ? List.of()
        : List.of("--master", "local[" + cores + "]");
    Path log = work.resolve("archive-e2e.log");
    Files.deleteIfExists(log);
    Map<String, Series> e2e = new LinkedHashMap<>();
    for (int r = -1; r < (e2eRuns ? runs : -1); r++) {
      boolean timed = r >= 0;
      run(e2e, timed, "spangeo climatology", work, log, cmd(spangeo, "climatology", master, "--in", glob, "--vars", "t2m",
          "--by", "month", "--out", work + "/e2e-spangeo-clim.zarr", "--overwrite"));
      if (py) run(e2e, timed, "xarray climatology", work, log, List.of(python, peer, "climatology", glob,
          work + "/e2e-py-clim.zarr", Integer.toString(cores)));
      run(e2e, timed, "spangeo anomaly", work, log, cmd(spangeo, "anomaly", master, "--in", glob, "--vars", "t2m",
          "--by", "month", "--climatology", work + "/e2e-spangeo-clim.zarr", "--out", work + "/e2e-spangeo-anom.zarr",
          "--overwrite"));
      if (py) run(e2e, timed, "xarray anomaly", work, log, List.of(python, peer, "anomaly", glob, work + "/e2e-py-clim.zarr",
          work + "/e2e-py-anom.zarr", Integer.toString(cores)));
      run(e2e, timed, "spangeo inspect", work, log, List.of(spangeo, "inspect", glob));
      if (py) run(e2e, timed, "xarray print(open_mfdataset)", work, log, List.of(python, peer, "inspect", glob));
      run(e2e, timed, "spangeo climatology, one chunk", work, log, cmd(spangeo, "climatology", master, "--in",
          dir + "/one_chunk.zarr", "--by", "month", "--out", work + "/e2e-one.zarr", "--overwrite"));
      for (String big : bigs) {
        String b = " " + bigLabel(big);
        run(e2e, timed, "spangeo climatology, big chunks" + b, work, log, cmd(spangeo, "climatology", master, "--in", big,
            "--vars", "t2m", "--by", "month", "--out", work + "/e2e-big-clim.zarr", "--overwrite"));
        if (py) run(e2e, timed, "xarray climatology, big chunks" + b, work, log, List.of(python, peer, "climatology", big,
            work + "/e2e-big-py-clim.zarr", Integer.toString(cores)));
        run(e2e, timed, "spangeo anomaly, big chunks" + b, work, log, cmd(spangeo, "anomaly", master, "--in", big, "--vars",
            "t2m", "--by", "month", "--climatology", work + "/e2e-big-clim.zarr", "--out", work + "/e2e-big-anom.zarr",
            "--overwrite"));
        if (py) run(e2e, timed, "xarray anomaly, big chunks" + b, work, log, List.of(python, peer, "anomaly", big,
            work + "/e2e-big-py-clim.zarr", work + "/e2e-big-py-anom.zarr", Integer.toString(cores)));
      }
    }
    System.out.printf(Locale.ROOT, "%nend to end (process start to exit), median of %d runs after 1 warm-up, interleaved:%n", runs);
    System.out.printf(Locale.ROOT, "  %-40s %9s %9s %14s%n", "command", "wall (s)", "cpu (s)", "others (cores)");
    for (Series s : e2e.values()) {
      System.out.printf(Locale.ROOT, "  %-40s %9.2f %9.2f %14.2f%n", s.name, s.wall(), s.cpu(), s.othersCores());
      String k = "e2e." + s.name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
      BenchResults.put(k + ".wall", s.wall());
      BenchResults.put(k + ".cpu", s.cpu());
      BenchResults.put(k + ".others", s.othersCores());
    }

    // ---- 2-4. in one JVM: CPU per chunk, scan vs bare, linearity, planning
    SparkSession spark = BenchSession.start("spangeo archive benchmark", cores);
    SparkScan.TaskTotals tasks = new SparkScan.TaskTotals();
    spark.sparkContext().addSparkListener(tasks);
    // the (first) big-chunk store inside this session (no JVM or Python start): the commands beside
    // xarray_stages.py's in-process times; 3 untimed rounds of the commands first (the JIT)
    for (String big : bigs.subList(0, Math.min(1, bigs.size()))) {
      String k = "insession.big." + bigLabel(big).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
      double[][] t = new double[4][runs];
      for (int r = -3; r < runs; r++) {
        double c = StageBenchmark.time("climatology", "--in", big, "--vars", "t2m", "--by", "month", "--out",
            work + "/is-big-clim.zarr", "--overwrite");
        double a = StageBenchmark.time("anomaly", "--in", big, "--vars", "t2m", "--by", "month", "--climatology",
            work + "/is-big-clim.zarr", "--out", work + "/is-big-anom.zarr", "--overwrite");
        double[] p = py && r >= 0 ? StageBenchmark.peerRun(root.resolve("benchmarks/src/main/python/xarray_stages.py").toString(), big,
            work.toString(), cores) : new double[] {Double.NaN, Double.NaN};
        System.err.printf(Locale.ROOT, "  %s in one session, %s: climatology %.2f s (xarray %.2f s), anomaly %.2f s (xarray %.2f s)%n",
            bigLabel(big), r < 0 ? "warm-up" : "run", c, p[0], a, p[1]);
        if (r < 0) continue;
        t[0][r] = c;
        t[1][r] = p[0];
        t[2][r] = a;
        t[3][r] = p[1];
      }
      System.out.printf(Locale.ROOT, "%nbig chunks %s in one Spark session (median of %d): climatology %.2f s vs xarray + dask %.2f s"
          + " (%.2fx), anomaly %.2f s vs %.2f s (%.2fx)%n", bigLabel(big), runs, median(t[0]), median(t[1]),
          median(t[1]) / median(t[0]), median(t[2]), median(t[3]), median(t[3]) / median(t[2]));
      BenchResults.put(k + ".clim", median(t[0]));
      BenchResults.put(k + ".pyclim", median(t[1]));
      BenchResults.put(k + ".anom", median(t[2]));
      BenchResults.put(k + ".pyanom", median(t[3]));
    }

    String year = stores.get(0);
    BenchChunks chunks = BenchChunks.load(year, "t2m");
    int n = chunks.size();
    HadoopConf conf = HadoopConf.of(Map.of());
    org.spangeo.zarr.dataset.Dataset yds = org.spangeo.zarr.dataset.Dataset.open(conf, year);
    Selection yall = Selection.all(yds);
    // the layers in rounds (the first two warm the JIT), the least CPU of each: CPU time also
    // grows when other processes share the cores' caches, so the minimum is the honest figure
    double decodeUs = Double.MAX_VALUE;
    double readDecodeUs = Double.MAX_VALUE;
    double blockUs = Double.MAX_VALUE;
    for (int round = 0; round < 7; round++) {
      decodeUs = Math.min(decodeUs, threadCpu(() -> {
        for (int i = 0; i < n; i++) chunks.array.decode(chunks.indices.get(i), chunks.stored.get(i));
      }) * 1e6 / n);
      readDecodeUs = Math.min(readDecodeUs, threadCpu(() -> {
        for (int i = 0; i < n; i++) chunks.array.readChunk(chunks.indices.get(i));
      }) * 1e6 / n);
      blockUs = Math.min(blockUs, threadCpu(() -> {
        ReadStats st = new ReadStats();
        for (var t : Blocks.plan(yds, yall, List.of("t2m"))) Blocks.read(yds, t, st);
      }) * 1e6 / n);
    }

    // Spark's scan of the whole archive (the yearly stores in one query, as `--in 'era5_*.zarr'`
    // reads them): column batches into a no-op consumer; against the bare decode of the same
    // chunks (cores threads, all stored chunks in memory). One year alone decodes in about 40 ms,
    // under Spark's fixed cost of a query, so the archive is the layout the ratio is about.
    List<BenchChunks> archive = new ArrayList<>();
    long archiveChunks = 0;
    long archiveRows = 0;
    for (String s : stores) {
      BenchChunks c = s.equals(year) ? chunks : BenchChunks.load(s, "t2m");
      archive.add(c);
      archiveChunks += c.size();
      archiveRows += org.spangeo.zarr.dataset.Dataset.open(conf, s).variable("t2m").size();
    }
    BareDecode bare = new BareDecode(archive, cores);
    double[] scanWall = new double[runs];
    double[] bareWall = new double[runs];
    double scanCpuUs = Double.NaN;
    long scanTasks = 0;
    for (int r = -2; r < runs; r++) {
      long[] b = bare.pass();
      long[] before = tasks.snapshot();
      long t0 = System.nanoTime();
      Dataset<Row> df = spark.read().format("zarr").option("variables", "t2m").load(stores.toArray(new String[0])).select("t2m");
      BatchScanExec node = SparkScan.findScan(df.queryExecution().executedPlan());
      long rows = node.executeColumnar().toJavaRDD().map(x -> (long) x.numRows()).reduce(Long::sum);
      double wall = (System.nanoTime() - t0) / 1e9;
      spark.sparkContext().listenerBus().waitUntilEmpty(60_000);
      long[] after = tasks.snapshot();
      if (rows != archiveRows) throw new IllegalStateException("scan returned " + rows + " rows, not " + archiveRows);
      System.err.printf(Locale.ROOT, "  scan of %d stores (%,d chunks), %s: %.3f s, bare decode %.3f s, %d tasks%n", stores.size(),
          archiveChunks, r < 0 ? "warm-up" : "run", wall, b[0] / 1e9, after[0] - before[0]);
      if (r < 0) continue;
      scanWall[r] = wall;
      bareWall[r] = b[0] / 1e9;
      double us = (after[1] - before[1]) / 1e3 / archiveChunks;
      scanCpuUs = Double.isNaN(scanCpuUs) ? us : Math.min(scanCpuUs, us);
      scanTasks = after[0] - before[0];
    }
    double[] ratio = new double[runs];
    for (int r = 0; r < runs; r++) ratio[r] = bareWall[r] / scanWall[r];

    // the climatology in this JVM (the command itself), 8 years: CPU of its tasks per chunk
    org.spangeo.zarr.dataset.Dataset ds8 = org.spangeo.zarr.dataset.Dataset.open(conf, new org.spangeo.zarr.dataset.Dataset.Options(),
        stores);
    long chunks8 = Blocks.plan(ds8, Selection.all(ds8), List.of("t2m")).size();
    Map<Integer, double[]> lin = new LinkedHashMap<>();
    double climCpuUs = Double.NaN;
    for (int y : years) {
      if (y > stores.size()) continue;
      String in = String.join(",", stores.subList(0, y));
      double[] walls = new double[runs];
      long[] t = null;
      for (int r = -2; r < runs; r++) {
        long[] before = tasks.snapshot();
        double w = StageBenchmark.time("climatology", "--in", in, "--vars", "t2m", "--by", "month", "--out",
            work + "/lin-clim.zarr", "--overwrite");
        spark.sparkContext().listenerBus().waitUntilEmpty(60_000);
        long[] after = tasks.snapshot();
        if (r < 0) continue;
        walls[r] = w;
        t = new long[] {after[0] - before[0], after[1] - before[1]};
        if (y == stores.size()) {
          double us = t[1] / 1e3 / chunks8;
          climCpuUs = Double.isNaN(climCpuUs) ? us : Math.min(climCpuUs, us);
        }
      }
      lin.put(y, new double[] {median(walls), t[0], t[1] / 1e9});
    }

    // planning a store of about a million chunks: open, select all, plan the blocks, group by month
    String million = dir + "/million_chunks.zarr";
    double[] plan = new double[3];
    long planned = 0;
    for (int r = -1; r < plan.length; r++) {
      long t0 = System.nanoTime();
      org.spangeo.zarr.dataset.Dataset mds = org.spangeo.zarr.dataset.Dataset.open(conf, million);
      Selection all = Selection.all(mds);
      planned = Blocks.plan(mds, all, List.of("t2m")).size();
      Grouping.by("month", mds.timeValues("time"));
      if (r >= 0) plan[r] = (System.nanoTime() - t0) / 1e9;
    }
    spark.stop();

    System.out.printf(Locale.ROOT, "%nCPU per 96 KiB chunk on one core (least of 7 rounds; %s: %d chunks):%n", year, n);
    System.out.printf(Locale.ROOT, "  decode alone (stored bytes in memory)      %7.1f us  = %,8.0f chunks/s per core%n", decodeUs, 1e6 / decodeUs);
    System.out.printf(Locale.ROOT, "  read + decode (store get per chunk)        %7.1f us  = %,8.0f chunks/s per core%n", readDecodeUs, 1e6 / readDecodeUs);
    System.out.printf(Locale.ROOT, "  block reader (read, decode, block values)  %7.1f us  = %,8.0f chunks/s per core%n", blockUs, 1e6 / blockUs);
    System.out.printf(Locale.ROOT, "  Spark scan, column batches (task CPU)      %7.1f us  = %,8.0f chunks/s per core (%d tasks)%n", scanCpuUs, 1e6 / scanCpuUs, scanTasks);
    System.out.printf(Locale.ROOT, "  climatology, 8 years (task CPU)            %7.1f us  = %,8.0f chunks/s per core (%,d chunks)%n", climCpuUs, 1e6 / climCpuUs, chunks8);
    System.out.printf(Locale.ROOT, "  overhead beyond decoding in the climatology: %.1f us a chunk%n", climCpuUs - decodeUs);
    System.out.printf(Locale.ROOT, "%nscan / bare decode (%d threads, chunks in memory), %d stores, %,d chunks, per round: %s, median %.2f%n", cores,
        stores.size(), archiveChunks, fmt(ratio), median(ratio));
    System.out.printf(Locale.ROOT, "%nclimatology by month, in one Spark session (median of %d):%n", runs);
    for (Map.Entry<Integer, double[]> e : lin.entrySet()) {
      double[] v = e.getValue();
      System.out.printf(Locale.ROOT, "  %d years: %6.2f s, %4.0f tasks, %6.2f s task CPU%n", e.getKey(), v[0], v[1], v[2]);
      BenchResults.put("lin." + e.getKey() + ".wall", v[0]);
      BenchResults.put("lin." + e.getKey() + ".tasks", v[1]);
      BenchResults.put("lin." + e.getKey() + ".cpu", v[2]);
    }
    System.out.printf(Locale.ROOT, "%nplanning %,d chunks (open, select, plan, group by month): median %.2f s (%s)%n", planned,
        median(plan), fmt(plan));
    String load1 = loadAverage();
    System.out.printf(Locale.ROOT, "load average at the end: %s%n", load1);
    BenchResults.put("chunk.decode.us", decodeUs);
    BenchResults.put("chunk.readdecode.us", readDecodeUs);
    BenchResults.put("chunk.block.us", blockUs);
    BenchResults.put("chunk.scan.us", scanCpuUs);
    BenchResults.put("chunk.clim.us", climCpuUs);
    BenchResults.put("scan.small.ratio", median(ratio));
    BenchResults.put("plan.million.s", median(plan));
    BenchResults.put("plan.million.chunks", planned);
    BenchResults.put("load.archive", load0 + " -> " + load1);
  }

  /** A big-chunk store's label: its decoded size, from make_bench_store.py's name (era5_t2m_1024mb.zarr: 1024 MiB). */
  static String bigLabel(String store) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("_(\\d+)mb\\.zarr/?$").matcher(store);
    return m.find() ? m.group(1) + " MiB" : Path.of(store).getFileName().toString();
  }

  static List<String> cmd(String spangeo, String command, List<String> master, String... rest) {
    List<String> c = new ArrayList<>(List.of(spangeo, command));
    c.addAll(master);
    c.addAll(List.of(rest));
    return c;
  }

  /** Runs a command under bash, timed with {@code times}; records it when {@code timed}. */
  static void run(Map<String, Series> all, boolean timed, String name, Path cwd, Path log, List<String> command)
      throws IOException, InterruptedException {
    List<String> c = new ArrayList<>(List.of("bash", "-c", "\"$@\" >>\"$BENCH_LOG\" 2>&1; rc=$?; times; exit $rc", "bench"));
    c.addAll(command);
    ProcessBuilder pb = new ProcessBuilder(c).directory(cwd.toFile());
    pb.environment().put("BENCH_LOG", log.toString());
    Files.writeString(log, "\n$ " + String.join(" ", command) + "\n", StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    CpuMeter m = CpuMeter.start();
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int rc = p.waitFor();
    CpuMeter.Sample s = m.stop();
    if (rc != 0) throw new IllegalStateException(name + " failed (exit " + rc + "); see " + log);
    String[] lines = out.trim().split("\n");
    double cpu = 0;
    for (String t : lines[lines.length - 1].trim().split("\\s+")) cpu += seconds(t);
    Proc proc = new Proc(s.wall, cpu, Math.max(0, s.machineBusy - s.processCpu - cpu));
    System.err.printf(Locale.ROOT, "  %s %s: %.2f s, cpu %.2f s, others %.2f cpu-s%n", timed ? "run" : "warm-up", name, proc.wall,
        proc.cpu, proc.others);
    if (timed) all.computeIfAbsent(name, Series::new).runs.add(proc);
  }

  /** bash's times format: 1m2.345s. */
  static double seconds(String t) {
    int m = t.indexOf('m');
    return Double.parseDouble(t.substring(0, m)) * 60 + Double.parseDouble(t.substring(m + 1, t.length() - 1));
  }

  static double threadCpu(Runnable r) {
    long c0 = THREADS.getCurrentThreadCpuTime();
    r.run();
    return (THREADS.getCurrentThreadCpuTime() - c0) / 1e9;
  }

  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "?";
    }
  }

  static String fmt(double[] x) {
    StringBuilder b = new StringBuilder();
    for (double v : x) b.append(b.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", v));
    return b.toString();
  }

  static double median(double[] x) {
    return StageBenchmark.median(x);
  }
}
