package org.spangeo.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.spangeo.zarr.metadata.ArrayMetadata;

/**
 * The scan-throughput benchmark (run by {@code scripts/bench}, never by the tests). In one JVM,
 * on one store:
 * <ol>
 *   <li>bare decode: all stored chunks read into memory, then decoded in a loop by the codec
 *       pipeline on {@code cores} threads: the machine's limit;</li>
 *   <li>Spark scan: {@code spark.read().format("zarr")} on local[cores], full scans that decode
 *       and materialise every value: the scan operator's column batches into a no-op consumer,
 *       {@code sum(CAST(v AS DOUBLE))}, optionally the whole table into the {@code noop} sink
 *       ({@link SparkScan});</li>
 *   <li>optionally the same scan by xarray + dask (threaded, {@code cores} workers) as a peer.</li>
 * </ol>
 * Each is run {@code warmups} times untimed, then timed {@code runs} times, in rounds that run
 * each once (interleaved, so that load from other processes hits all alike); the median is
 * reported. Rates are MB/s
 * of decoded data (1 MB = 10^6 bytes): the variable's decoded bytes / wall time.
 */
public final class ScanThroughput {
  private ScanThroughput() {}

  static final class Args {
    String store;
    String variable = "t2m";
    int runs = 3;
    int warmups = 5;
    double quietWait = 0;
    int cores = Runtime.getRuntime().availableProcessors();
    String python = "/usr/bin/python3";
    File pythonScript = new File("benchmarks/src/main/python/xarray_scan.py");
    List<String> queries = List.of("batches", "sum");
    String partitionBytes;
    boolean bare = true;
  }

  static void usage() {
    System.out.println(String.join("\n",
        "usage: ScanThroughput --store PATH [options]",
        "  --store PATH[,PATH...]  Zarr v2 store (make_bench_store.py writes one); several stores (yearly stores of one",
        "                          archive) are scanned in one query, as load(paths...) combines them along time",
        "  --variable NAME         variable to scan (default t2m)",
        "  --runs N                timed runs of each measurement (default 3); the median is reported",
        "  --warmups N             untimed runs of each first (default 5: Spark's driver code takes a few queries",
        "                          to be compiled by the JIT, which otherwise competes with the tasks for the cores)",
        "  --cores N               threads of the bare decode, local[N] for Spark, dask workers (default: all)",
        "  --queries LIST          Spark queries to time, of batches, sum, noop (default batches,sum); a query may",
        "                          add connector options after @: batches@chunksPerPartition=32",
        "  --partition-bytes SIZE  the connector's partitionBytes option (default: its default, 128m)",
        "  --python PATH|none      Python of the xarray+dask peer (default /usr/bin/python3; none skips it)",
        "  --python-script FILE    the peer's script (default benchmarks/src/main/python/xarray_scan.py)",
        "  --quiet-wait SECONDS    before each timed round, wait up to this long for a second in which other",
        "                          processes use under 0.1 core (for shared machines; default 0: do not wait)",
        "  --no-bare               skip the bare decode rate"));
  }

  static Args parse(String[] argv) {
    Args a = new Args();
    for (int i = 0; i < argv.length; i++) {
      String k = argv[i];
      switch (k) {
        case "-h": case "--help": usage(); System.exit(0); break;
        case "--store": a.store = argv[++i]; break;
        case "--variable": a.variable = argv[++i]; break;
        case "--runs": a.runs = Integer.parseInt(argv[++i]); break;
        case "--warmups": a.warmups = Integer.parseInt(argv[++i]); break;
        case "--quiet-wait": a.quietWait = Double.parseDouble(argv[++i]); break;
        case "--cores": a.cores = Integer.parseInt(argv[++i]); break;
        case "--queries": a.queries = Arrays.asList(argv[++i].split(",")); break;
        case "--partition-bytes": a.partitionBytes = argv[++i]; break;
        case "--python": a.python = argv[++i]; break;
        case "--python-script": a.pythonScript = new File(argv[++i]); break;
        case "--no-bare": a.bare = false; break;
        default:
          System.err.println("unknown argument " + k);
          usage();
          System.exit(2);
      }
    }
    if (a.store == null) {
      usage();
      System.exit(2);
    }
    if (a.runs < 1 || a.cores < 1 || a.warmups < 0) {
      throw new IllegalArgumentException("--runs and --cores must be positive, --warmups not negative");
    }
    return a;
  }

  static String label(String query, String variable) {
    int at = query.indexOf('@');
    if (at >= 0) return label(query.substring(0, at), variable) + " (" + query.substring(at + 1) + ")";
    switch (query) {
      case "batches": return "spark scan: column batches, no-op consumer";
      case "sum": return "spark SQL: sum(CAST(" + variable + " AS DOUBLE))";
      default: return "spark SQL: whole table -> noop sink";
    }
  }

  static double median(List<Double> xs) {
    double[] s = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  static double mbps(long bytes, double seconds) {
    return bytes / 1e6 / seconds;
  }

  static String secs(List<Double> xs) {
    StringBuilder b = new StringBuilder();
    for (double x : xs) b.append(b.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.3f", x));
    return b.toString();
  }

  /** Timed runs of one measurement. */
  static final class Series {
    final String label;
    final long bytes;
    final List<CpuMeter.Sample> runs = new ArrayList<>();
    final List<Map<String, Long>> metrics = new ArrayList<>();

    Series(String label, long bytes) {
      this.label = label;
      this.bytes = bytes;
    }

    List<Double> walls() {
      List<Double> w = new ArrayList<>();
      for (CpuMeter.Sample r : runs) w.add(r.wall);
      return w;
    }

    double medianWall() {
      return median(walls());
    }

    double rate() {
      return mbps(bytes, medianWall());
    }

    /** The rate had this JVM's CPU time been spread over {@code cores} uncontended cores. */
    double cpuRate(int cores) {
      List<Double> c = new ArrayList<>();
      for (CpuMeter.Sample r : runs) c.add(r.processCpu);
      return mbps(bytes, median(c) / cores);
    }

    double bestRate() {
      double best = Double.MAX_VALUE;
      for (CpuMeter.Sample r : runs) best = Math.min(best, r.wall);
      return mbps(bytes, best);
    }

    double medianOthers() {
      List<Double> c = new ArrayList<>();
      for (CpuMeter.Sample r : runs) c.add(r.othersCpu());
      return median(c);
    }

    /** The run whose wall time is closest to the median (for its metrics). */
    int medianRun() {
      double med = medianWall();
      int best = 0;
      for (int r = 1; r < runs.size(); r++) {
        if (Math.abs(runs.get(r).wall - med) < Math.abs(runs.get(best).wall - med)) best = r;
      }
      return best;
    }
  }

  static String describe(CpuMeter.Sample s, long bytes) {
    return String.format(Locale.ROOT, "%.3f s, %.0f MB/s (JVM cpu %.2f s, other processes %.2f cpu-s)", s.wall,
        mbps(bytes, s.wall), s.processCpu, s.othersCpu());
  }

  public static void main(String[] argv) throws Exception {
    Args a = parse(argv);
    List<String> stores = new ArrayList<>();
    for (String s : a.store.split(",")) stores.add(new File(s).getAbsolutePath());
    String store = String.join(",", stores);
    int cores = a.cores;

    // ---- what is scanned
    List<BenchChunks> all = new ArrayList<>();
    long varBytes = 0;
    long allStored = 0;
    int allChunks = 0;
    for (String s : stores) {
      BenchChunks c = BenchChunks.load(s, a.variable);
      all.add(c);
      long elements = 1;
      for (long n : c.array.metadata().shape()) elements *= n;
      varBytes += elements * c.array.metadata().dtype().size();
      allStored += c.storedBytes;
      allChunks += c.size();
    }
    BenchChunks chunks = all.get(0);
    ArrayMetadata meta = chunks.array.metadata();
    System.out.printf(Locale.ROOT, "store      %s%n", store);
    System.out.printf(Locale.ROOT, "variable   %s %s %s, chunks %s, %s%n", a.variable, Arrays.toString(meta.shape()),
        meta.dtype(), Arrays.toString(meta.chunks()), meta.pipeline().describe());
    System.out.printf(Locale.ROOT, "data       %.1f MiB decoded, %.1f MiB stored (ratio %.2f), %d chunks of %.2f MiB%n",
        varBytes / 1048576.0, allStored / 1048576.0, (double) varBytes / allStored, allChunks,
        chunks.chunkBytes / 1048576.0);
    System.out.printf(Locale.ROOT, "machine    %d cores used (of %d), JVM max heap %.1f GiB, Java %s%n", cores,
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() / 1073741824.0,
        System.getProperty("java.version"));
    System.out.println();

    // ---- warm-up of each measurement, then rounds that run each once (interleaved, so that a
    // burst of load from other processes hits all of them alike)
    BareDecode dec = a.bare ? new BareDecode(all, cores) : null;
    long allDecoded = 0;
    for (BenchChunks c : all) allDecoded += c.decodedBytes();
    Series bare = a.bare ? new Series("bare decode (" + cores + " threads, chunks in memory)", allDecoded) : null;
    List<Series> scans = new ArrayList<>();
    for (String q : a.queries) scans.add(new Series(label(q, a.variable), varBytes));
    Series peerSeries = null;
    JsonNode peerVersions = null;
    long storedBytes = allStored;
    long chunkBytes = chunks.chunkBytes;
    int nChunks = allChunks;
    try (SparkScan scan = new SparkScan(store, a.variable, cores, a.partitionBytes)) {
      for (int round = 0; round < a.warmups + a.runs; round++) {
        boolean timed = round >= a.warmups;
        int r = timed ? round - a.warmups + 1 : 0; // 0: a warm-up
        String tag = timed ? "run " + r : "warm-up " + (round + 1);
        if (timed && a.quietWait > 0) {
          double load = CpuMeter.awaitQuiet(a.quietWait, 0.1);
          System.out.printf(Locale.ROOT, "(background load before %s: %.2f cores)%n", tag, load);
        }
        if (dec != null) {
          CpuMeter m = CpuMeter.start();
          long decoded = dec.pass()[1];
          CpuMeter.Sample s = m.stop();
          if (r > 0) bare.runs.add(s);
          System.out.println("bare decode " + tag + ": " + describe(s, decoded));
        }
        for (int k = 0; k < a.queries.size(); k++) {
          String q = a.queries.get(k);
          CpuMeter m = CpuMeter.start();
          SparkScan.Run x = scan.run(q);
          CpuMeter.Sample s = m.stop();
          if (r > 0) {
            scans.get(k).runs.add(s);
            scans.get(k).metrics.add(x.metrics);
          }
          System.out.println("spark " + q + " " + tag + ": " + describe(s, varBytes)
              + (round == 0 && x.result != null ? " result " + x.result : "") + " " + x.metrics);
        }
        if (!a.python.equals("none") && stores.size() == 1 && (round == 0 || (timed && peerSeries != null))) {
          // one warm-up and one timed run per round; the script's own warm-up absorbs imports and caches
          JsonNode peer = XarrayPeer.run(a.python, a.pythonScript, store, a.variable, 1, cores);
          if (peer == null) {
            peerSeries = null;
          } else {
            if (peerSeries == null) {
              peerSeries = new Series("xarray+dask: " + a.variable + ".sum() (" + cores + " threads)",
                  peer.get("decoded_bytes").asLong());
              peerVersions = peer.get("versions");
            }
            double sec = peer.get("seconds").get(0).asDouble();
            if (r > 0) peerSeries.runs.add(new CpuMeter.Sample(sec, Double.NaN, Double.NaN));
            System.out.printf(Locale.ROOT, "xarray+dask %s: %.3f s, %.0f MB/s%n", tag, sec,
                mbps(peer.get("decoded_bytes").asLong(), sec));
          }
        }
      }
    }
    dec = null;
    chunks = null;

    // ---- the table
    System.out.println();
    System.out.println("=== scan throughput: MB/s of decoded data (1 MB = 10^6 B); " + a.runs
        + " interleaved runs after " + a.warmups + " warm-up" + (a.warmups == 1 ? "" : "s"));
    System.out.printf(Locale.ROOT, "cores %d | data %.0f MiB decoded (%.0f MiB stored) | %d chunks of %.2f MiB | %s%n",
        cores, varBytes / 1048576.0, storedBytes / 1048576.0, nChunks, chunkBytes / 1048576.0,
        meta.pipeline().describe());
    System.out.printf(Locale.ROOT, "%-44s %8s %8s %8s %8s %9s %9s %9s%n", "measurement", "median", "best",
        "median", "vs bare", "vs bare", "by JVM", "others");
    System.out.printf(Locale.ROOT, "%-44s %8s %8s %8s %8s %9s %9s %9s%n", "", "MB/s", "MB/s", "s", "median",
        "per run", "cpu MB/s", "cpu-s");
    List<Series> rows = new ArrayList<>();
    if (bare != null) rows.add(bare);
    rows.addAll(scans);
    if (peerSeries != null && !peerSeries.runs.isEmpty()) rows.add(peerSeries);
    for (Series r : rows) {
      boolean hasCpu = !r.runs.isEmpty() && !Double.isNaN(r.runs.get(0).processCpu);
      String perRun = "-";
      if (bare != null && r.runs.size() == bare.runs.size()) {
        List<Double> q = new ArrayList<>();
        for (int i = 0; i < r.runs.size(); i++) q.add(bare.runs.get(i).wall * r.bytes / (r.runs.get(i).wall * bare.bytes));
        perRun = String.format(Locale.ROOT, "%.2f", median(q));
      }
      System.out.printf(Locale.ROOT, "%-44s %8.0f %8.0f %8.3f %8s %9s %9s %9s%n", r.label, r.rate(), r.bestRate(),
          r.medianWall(), bare == null ? "-" : String.format(Locale.ROOT, "%.2f", r.rate() / bare.rate()), perRun,
          hasCpu ? String.format(Locale.ROOT, "%.0f", r.cpuRate(cores)) : "-",
          hasCpu ? String.format(Locale.ROOT, "%.2f", r.medianOthers()) : "-");
    }
    if (bare != null && a.queries.contains("batches")) {
      Series b = scans.get(a.queries.indexOf("batches"));
      List<Double> q = new ArrayList<>();
      for (int i = 0; i < Math.min(b.runs.size(), bare.runs.size()); i++) {
        q.add(bare.runs.get(i).wall * b.bytes / (b.runs.get(i).wall * bare.bytes));
      }
      if (!q.isEmpty() && stores.size() == 1) BenchResults.put("scan.big.ratio", median(q));
    }
    System.out.println("median/best MB/s: decoded bytes / median (shortest) wall time. vs bare median: ratio of the"
        + " median rates;");
    System.out.println("vs bare per run: median over rounds of the ratio to the bare decode of the same round. by JVM cpu:"
        + " decoded bytes /");
    System.out.println("(median CPU seconds of this JVM / cores), the rate were the cores its own. others: CPU seconds"
        + " other processes");
    System.out.println("used during the median run (/proc/stat): the machine's background load.");
    if (peerSeries != null && !peerSeries.runs.isEmpty()) {
      for (Series r : scans) {
        System.out.printf(Locale.ROOT, "%s / xarray+dask: %.2f (median rates)%n", r.label, r.rate() / peerSeries.rate());
      }
    }
    for (Series r : scans) {
      int k = r.medianRun();
      Map<String, Long> m = r.metrics.get(k);
      double wall = r.runs.get(k).wall;
      double slots = cores * wall * 1000;
      long decMs = m.getOrDefault("decodeTimeMs", 0L);
      long readMs = m.getOrDefault("storeReadTimeMs", 0L);
      System.out.printf(Locale.ROOT, "%s, median run (%.3f s):%n", r.label, wall);
      System.out.printf(Locale.ROOT, "  scan node: chunksRead=%d decodedBytes=%d storedBytesRead=%d decodeTimeMs=%d"
          + " storeReadTimeMs=%d%n", m.getOrDefault("chunksRead", 0L), m.getOrDefault("decodedBytes", 0L),
          m.getOrDefault("storedBytesRead", 0L), decMs, readMs);
      System.out.printf(Locale.ROOT, "  tasks: %d, run %d ms, cpu %d ms, gc %d ms; first task launched after %d ms,"
          + " first to last task %d ms%n", m.getOrDefault("tasks", 0L), m.getOrDefault("taskRunMs", 0L),
          m.getOrDefault("taskCpuMs", 0L), m.getOrDefault("taskGcMs", 0L), m.getOrDefault("untilFirstTaskMs", -1L),
          m.getOrDefault("tasksSpanMs", -1L));
      System.out.printf(Locale.ROOT, "  of %d cores x %.3f s: decode %.0f%%, store reads %.0f%%, tasks running %.0f%%%n",
          cores, wall, 100.0 * decMs / slots, 100.0 * readMs / slots, 100.0 * m.getOrDefault("taskRunMs", 0L) / slots);
      System.out.printf(Locale.ROOT, "  driver: stores opened %d ms, partitions planned %d ms, job started %d ms, first task %d ms;"
          + " after the last task %d ms%n", m.getOrDefault("loadMs", -1L), m.getOrDefault("plannedMs", -1L),
          m.getOrDefault("jobStartMs", -1L), m.getOrDefault("untilFirstTaskMs", -1L), m.getOrDefault("afterLastTaskMs", -1L));
      System.out.printf(Locale.ROOT, "  slots idle: before their first task %d ms, between tasks %d ms, after their last %d ms;"
          + " inside tasks %d ms: run %d, deserialise %d (cpu %d), result serialise %d, rest %d%n",
          m.getOrDefault("slotIdleBeforeMs", -1L), m.getOrDefault("slotIdleBetweenMs", -1L),
          m.getOrDefault("slotIdleAfterMs", -1L), m.getOrDefault("taskSpanMs", -1L), m.getOrDefault("taskRunMs", -1L),
          m.getOrDefault("taskDeserializeMs", -1L), m.getOrDefault("taskDeserializeCpuMs", -1L),
          m.getOrDefault("taskResultSerMs", -1L), m.getOrDefault("taskOutsideRunMs", -1L));
      System.out.printf(Locale.ROOT, "  thread CPU: task threads %d ms, JIT %d ms, GC + VM %d ms, other threads %d ms%n",
          m.getOrDefault("taskThreadCpuMs", -1L), m.getOrDefault("jitCpuMs", -1L), m.getOrDefault("gcVmCpuMs", -1L),
          m.getOrDefault("otherThreadCpuMs", -1L));
    }
    if (peerVersions != null) System.out.println("python peer: " + peerVersions);
  }
}
