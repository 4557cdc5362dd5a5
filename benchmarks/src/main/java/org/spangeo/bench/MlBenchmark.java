package org.spangeo.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.spangeo.ml.inference.Predict;
import org.spangeo.ml.inference.PredictConfig;
import org.spangeo.ml.patches.PatchSpec;
import org.spangeo.ml.patches.Patches;
import org.spangeo.ml.train.Train;
import org.spangeo.ml.train.TrainConfig;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.dataset.Selection;
import org.spangeo.zarr.store.HadoopConf;
import org.spangeo.zarr.write.ZarrWriter;

/**
 * scripts/bench --suites ml: patches per second for the course's example (input_dims 16x16,
 * overlap 4, batch_dims time=32) beside the same rules in numpy on the same store, and training
 * throughput (samples/s) on CPU, with the process's resident memory around training (PyTorch's
 * native memory is outside the Java heap and outside Spark's executor memory figures).
 *
 * <p>usage: MlBenchmark STORE WORKDIR RUNS CORES PYTHON|none NUMPY_SCRIPT
 */
public final class MlBenchmark {
  private MlBenchmark() {}

  public static void main(String[] args) throws Exception {
    String store = args[0];
    Path work = Path.of(args[1]);
    int runs = Integer.parseInt(args[2]);
    int cores = Integer.parseInt(args[3]);
    String python = args[4];
    String script = args[5];
    String xbatcher = args.length > 6 ? args[6] : null;
    Files.createDirectories(work);
    System.setProperty("spangeo.keepSession", "true");
    SparkSession spark = SparkSession.builder().master("local[" + cores + "]").appName("spangeo-ml-bench")
        .config("spark.ui.enabled", "false")
        .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
        .config("spark.kryo.registrator",
            "org.spangeo.zarr.SpangeoKryoRegistrator,org.spangeo.jobs.JobsKryoRegistrator,org.spangeo.ml.MlKryoRegistrator")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    HadoopConf conf = HadoopConf.of(Map.of());
    Dataset ds = Dataset.open(conf, store);
    Selection all = Selection.all(ds);
    long cells = ds.dimSize("time") * ds.dimSize("latitude") * ds.dimSize("longitude");
    double inputMb = cells * 5 * 4 / 1e6;
    PatchSpec spec = new PatchSpec().inputDims("latitude=16,longitude=16").overlap("latitude=4,longitude=4").batchDims("time=32");
    String out = work.resolve("ml-patches.zarr").toString();

    System.out.printf(Locale.ROOT, "store %s: time %d x latitude %d x longitude %d, 5 variables, %.0f MB decoded%n", store,
        ds.dimSize("time"), ds.dimSize("latitude"), ds.dimSize("longitude"), inputMb);
    Patches.run(jsc, conf, ds, all, spec, out, ZarrWriter.Mode.OVERWRITE); // warm-up
    double[] secs = new double[runs];
    long batches = 0;
    for (int r = 0; r < runs; r++) {
      long t0 = System.nanoTime();
      batches = Patches.run(jsc, conf, ds, all, spec, out, ZarrWriter.Mode.OVERWRITE).batchesWritten();
      secs[r] = (System.nanoTime() - t0) / 1e9;
    }
    double spangeo = median(secs);
    System.out.printf(Locale.ROOT, "spangeo patches (stats + cut + write the patch store), local[%d]: %,d batches in %.2f s ="
        + " %,.0f patches/s (runs %s)%n", cores, batches, spangeo, batches / spangeo, Arrays.toString(secs));
    // the same with the codec the numpy peer's store gets from zarr 2 (Blosc lz4, level 5, byte shuffle)
    PatchSpec lz4 = new PatchSpec().inputDims("latitude=16,longitude=16").overlap("latitude=4,longitude=4").batchDims("time=32");
    lz4.compressor = "blosc:lz4:5:shuffle";
    Patches.run(jsc, conf, ds, all, lz4, out, ZarrWriter.Mode.OVERWRITE); // warm-up
    double[] secsLz4 = new double[runs];
    // the job is bound by CPU: where it goes per run (Spark's tasks, the rest of this JVM: driver,
    // JIT, GC) and what other processes took meanwhile, beside the wall time
    long[] taskCpu = new long[1];
    spark.sparkContext().addSparkListener(new org.apache.spark.scheduler.SparkListener() {
      @Override
      public void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd e) {
        if (e.taskMetrics() != null) {
          synchronized (taskCpu) {
            taskCpu[0] += e.taskMetrics().executorCpuTime();
          }
        }
      }
    });
    StringBuilder cpu = new StringBuilder();
    for (int r = 0; r < runs; r++) {
      synchronized (taskCpu) {
        taskCpu[0] = 0;
      }
      CpuMeter cm = CpuMeter.start();
      long t0 = System.nanoTime();
      Patches.run(jsc, conf, ds, all, lz4, out, ZarrWriter.Mode.OVERWRITE);
      secsLz4[r] = (System.nanoTime() - t0) / 1e9;
      CpuMeter.Sample c = cm.stop();
      jsc.sc().listenerBus().waitUntilEmpty(10_000);
      synchronized (taskCpu) {
        cpu.append(String.format(Locale.ROOT, "%s%.2f (tasks %.2f, others %.2f)", r > 0 ? ", " : "", c.processCpu,
            taskCpu[0] / 1e9, c.othersCpu()));
      }
    }
    double spangeoLz4 = median(secsLz4);
    System.out.printf(Locale.ROOT, "spangeo patches with the peer's codec (blosc:lz4:5:shuffle): %.2f s = %,.0f patches/s (runs %s)%n",
        spangeoLz4, batches / spangeoLz4, Arrays.toString(secsLz4));
    System.out.println("  CPU-seconds of each run: this JVM (of it Spark's tasks; other processes meanwhile): " + cpu);

    if (!"none".equals(python)) {
      JsonNode[] mem = peer(python, script, store, runs, null);
      JsonNode[] written = peer(python, script, store, runs, work.resolve("numpy-patches.zarr").toString());
      if (mem != null && written != null) {
        double m = medianOf(mem, "total_s");
        double w = medianOf(written, "total_s");
        double read = medianOf(mem, "read_s");
        long n = mem[0].get("batches").asLong();
        System.out.printf(Locale.ROOT, "numpy peer (same rules, one process): %,d batches; read %.2f s; read + stats + cut in memory"
            + " %.2f s = %,.0f patches/s; + write with xarray %.2f s = %,.0f patches/s%n", n, read, m, n / m, w, n / w);
        System.out.printf(Locale.ROOT, "ratio spangeo / numpy (both writing a store): %.2f; spangeo / numpy in memory: %.2f%n",
            (batches / spangeo) / (n / w), (batches / spangeo) / (n / m));
        System.out.printf(Locale.ROOT, "ratio with the same codec (blosc lz4 on both sides): %.2f%n", (batches / spangeoLz4) / (n / w));
        BenchResults.put("patches.spangeo", batches / spangeo);
        BenchResults.put("patches.spangeo.lz4", batches / spangeoLz4);
        BenchResults.put("patches.numpy", n / w);
        BenchResults.put("patches.ratio", (batches / spangeo) / (n / w));
        BenchResults.put("patches.ratio.samecodec", (batches / spangeoLz4) / (n / w));
      }
      if (xbatcher != null) xbatcherPeer(python, xbatcher, store, runs, cores, work, batches, spangeoLz4);
    }

    // training on the first 6 days' patches (4 time blocks x 117 windows = 468 patches, 14,976 samples of 4 x 16 x 16)
    Selection days = all.isel("time", 0, 144, 1);
    String small = work.resolve("ml-patches-6d.zarr").toString();
    Patches.run(jsc, conf, ds, days, spec, small, ZarrWriter.Mode.OVERWRITE);
    long rssBefore = rssKb();
    TrainConfig tc = new TrainConfig().patches(small).out(work.resolve("ml-model").toString()).epochs(2).batchSize(64);
    tc.overwrite = true;
    Train.Result tr = Train.run(jsc, conf, tc, System.out);
    long rssAfter = rssKb();
    Runtime rt = Runtime.getRuntime();
    Train.Epoch last = tr.epochs.get(tr.epochs.size() - 1);
    System.out.printf(Locale.ROOT, "training (spatial-convnet, hidden 16, 2 layers, 16x16 samples, batch 64, CPU): %,.0f samples/s"
        + " (epoch 2, streamed from the patch store through Spark)%n", last.samplesPerSecond);
    System.out.printf(Locale.ROOT, "resident memory: %,d MB before training, %,d MB after; Java heap committed %,d MB, used %,d MB:"
        + " about %,d MB of the growth is PyTorch's native memory (off-heap)%n", rssBefore / 1024, rssAfter / 1024,
        rt.totalMemory() >> 20, (rt.totalMemory() - rt.freeMemory()) >> 20, (rssAfter - rssBefore) / 1024);
    // distributed prediction over the same 6 days (every cell, overlapping windows averaged)
    String pred = work.resolve("ml-pred-6d.zarr").toString();
    PredictConfig pc = new PredictConfig().model(tc.out).out(pred);
    Predict.run(jsc, conf, ds, days, pc, ZarrWriter.Mode.OVERWRITE); // warm-up
    long t0 = System.nanoTime();
    Predict.Result pr = Predict.run(jsc, conf, ds, days, pc, ZarrWriter.Mode.OVERWRITE);
    double ps = (System.nanoTime() - t0) / 1e9;
    System.out.printf(Locale.ROOT, "predict: %,d cells (%,d windows of 16x16) in %.2f s = %,.0f windows/s, %d tasks%n", pr.cells,
        pr.windows, ps, pr.windows / ps, pr.partitions);
    System.out.printf(Locale.ROOT, "resident memory after prediction: %,d MB%n", rssKb() / 1024);
    spark.stop();
  }

  /**
   * xbatcher's own BatchGenerator over xarray + dask (the store opened lazily), and over the store
   * loaded into memory first, both writing the stacked batches; or the reason it cannot run.
   */
  static void xbatcherPeer(String python, String script, String store, int runs, int cores, Path work, long batches,
      double spangeoLz4) throws Exception {
    for (String mode : List.of("dask", "loaded")) {
      List<String> cmd = List.of(python, script, store, String.valueOf(runs), String.valueOf(cores), mode,
          work.resolve("xbatcher-patches.zarr").toString());
      PeerRun run = runPeer(cmd);
      if (run.exit() == 3) {
        String why = run.text().trim().split("\n")[0];
        System.out.println("xbatcher peer: " + why);
        BenchResults.put("patches.xbatcher.missing", why.replace('\t', ' '));
        return;
      }
      if (run.exit() != 0 || run.rows().length == 0) {
        System.err.println("xbatcher peer failed:\n" + run.text());
        return;
      }
      JsonNode[] r = run.rows();
      long n = r[0].get("batches").asLong();
      if (n != batches) throw new IllegalStateException("xbatcher cut " + n + " batches, spangeo " + batches);
      double t = medianOf(r, "total_s");
      System.out.printf(Locale.ROOT, "xbatcher peer (%s): %,d batches, read %.2f s, all with the write %.2f s = %,.0f patches/s;"
          + " spangeo (same lz4 codec) / xbatcher: %.2f%n", mode, n, medianOf(r, "read_s"), t, n / t, (n / spangeoLz4) / (n / t));
      BenchResults.put("patches.xbatcher." + mode, n / t);
    }
  }

  static long rssKb() throws Exception {
    for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (l.startsWith("VmRSS:")) return Long.parseLong(l.replaceAll("[^0-9]", ""));
    }
    return -1;
  }

  static JsonNode[] peer(String python, String script, String store, int runs, String out) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(python, script, store, String.valueOf(runs)));
    if (out != null) cmd.add(out);
    PeerRun run = runPeer(cmd);
    if (run.exit() != 0) {
      System.err.println("numpy peer failed:\n" + run.text());
      return null;
    }
    return run.rows();
  }

  /** A Python peer's run: its exit status (-1: still running after 30 minutes), its output, and the JSON lines it printed. */
  record PeerRun(int exit, String text, JsonNode[] rows) {}

  static PeerRun runPeer(List<String> cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.MINUTES)) return new PeerRun(-1, text, new JsonNode[0]);
    List<JsonNode> rows = new ArrayList<>();
    for (String l : text.split("\n")) if (l.startsWith("{")) rows.add(new ObjectMapper().readTree(l));
    return new PeerRun(p.exitValue(), text, rows.toArray(new JsonNode[0]));
  }

  static double medianOf(JsonNode[] rows, String key) {
    double[] v = new double[rows.length];
    for (int i = 0; i < v.length; i++) v[i] = rows[i].get(key).asDouble();
    return median(v);
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

}
