package org.spangeo.jobs.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.spangeo.jobs.CliRunner;
import org.spangeo.zarr.testing.PythonPeer;

/**
 * The Spark UI as the dashboard, end to end: a small run (the climatology command, then a
 * format("zarr") SQL query) with a live UI on a free port, read through Spark's REST API; then,
 * the run finished, Spark's History Server over its event log, looked at in headless Chromium.
 *
 * <p>Runs in a JVM of its own (tag spark-ui, a surefire execution of its own): it needs the UI and
 * event logs that the shared test session turns off, and it stops its session.
 *
 * <p>The store (make_ui_store.py): t2m(time 48, latitude 16, longitude 20), chunks (12, 8, 10),
 * time every 6 h from 2019-01-01, latitude 40..25 (descending), longitude 100..119.
 */
@Tag("spark-ui")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SparkUiTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  static final String QUERY = "sample: mean t2m north of 34N, west of 104E, from 2019-01-04";
  static final String MIXED_QUERY = "sample: the same t2m mean, in a table with temperature's 3 levels";
  static final Path SHOTS = Path.of("target", "ui-screenshots").toAbsolutePath();

  static Path dir;
  static String store;
  static String mixedStore;
  static Path events;
  static SparkSession spark;
  static String appId;
  static String ui;
  static String climatologyOut;
  static String anomalyOut;
  static HistoryUi history;

  // chunks of the store, and what each selection touches, counted here from the grid
  static final int[] CHUNKS = {12, 8, 10};

  /** Chunks a selection of indices first..last (inclusive) touches along a dim. */
  static int touched(int first, int last, int chunk) {
    return last / chunk - first / chunk + 1;
  }

  /** --time 2019-01-01/2019-01-04 (whole days: steps 0..15), --lat 40:34 (rows 0..6), all 20 longitudes. */
  static final int CLIMATOLOGY_CHUNKS = touched(0, 15, 12) * touched(0, 6, 8) * touched(0, 19, 10);
  /** time >= 2019-01-04 (steps 12..47), latitude >= 34 (rows 0..6), longitude <= 104 (columns 0..4). */
  static final int QUERY_CHUNKS = touched(12, 47, 12) * touched(0, 6, 8) * touched(0, 4, 10);

  @BeforeAll
  static void run() throws Exception {
    dir = PythonPeer.scratch("spark-ui");
    store = dir.resolve("t2m.zarr").toString();
    mixedStore = dir.resolve("mixed.zarr").toString();
    PythonPeer.run("make_ui_store.py", store, mixedStore);
    events = Files.createDirectories(dir.resolve("events"));
    System.setProperty("spangeo.keepSession", "true"); // the command must not stop the session under test
    spark = SparkSession.builder()
        .master("local[2,2]")
        .appName("spangeo-ui-test")
        .config("spark.ui.enabled", "true")
        .config("spark.ui.port", "0")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.eventLog.enabled", "true")
        .config("spark.eventLog.dir", events.toUri().toString())
        .config("spark.eventLog.logStageExecutorMetrics", "true")
        .config("spark.executor.processTreeMetrics.enabled", "true")
        .config("spark.executor.metrics.pollingInterval", "100ms")
        .config("spark.executor.heartbeatInterval", "1s")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
        .config("spark.kryo.registrationRequired", "true")
        .config("spark.kryo.registrator", "org.spangeo.zarr.SpangeoKryoRegistrator,org.spangeo.jobs.JobsKryoRegistrator")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.extensions", "org.spangeo.zarr.datasource.SpangeoSqlExtensions")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate();
    appId = spark.sparkContext().applicationId();
    ui = spark.sparkContext().uiWebUrl().get();

    climatologyOut = dir.resolve("clim.zarr").toString();
    String[] r = CliRunner.spangeo("climatology", "--in", store, "--vars", "t2m", "--time", "2019-01-01/2019-01-04",
        "--months", "1", "--lat", "40:34", "--by", "month", "--out", climatologyOut, "--overwrite", "--quiet");
    assertEquals("0", r[0], r[2]);

    anomalyOut = dir.resolve("anom.zarr").toString();
    r = CliRunner.spangeo("anomaly", "--in", store, "--vars", "t2m", "--time", "2019-01-01/2019-01-04",
        "--lat", "40:34", "--by", "month", "--out", anomalyOut, "--overwrite", "--quiet");
    assertEquals("0", r[0], r[2]);

    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    try (SparkJobs.Described d = SparkJobs.describe(jsc, "ui-test", QUERY)) {
      List<Row> rows = spark.read().format("zarr").load(store)
          .where("time >= TIMESTAMP '2019-01-04 00:00:00' AND latitude >= 34 AND longitude <= 104")
          .agg(org.apache.spark.sql.functions.avg("t2m"), org.apache.spark.sql.functions.count("t2m"))
          .collectAsList();
      assertEquals(36L * 7 * 5, rows.get(0).getLong(1), "cells the query selects");
    }
    try (SparkJobs.Described d = SparkJobs.describe(jsc, "ui-test", MIXED_QUERY)) {
      List<Row> rows = spark.read().format("zarr").load(mixedStore)
          .where("time >= TIMESTAMP '2019-01-04 00:00:00' AND latitude >= 34 AND longitude <= 104")
          .agg(org.apache.spark.sql.functions.count("t2m")).collectAsList();
      assertEquals(36L * 7 * 5 * 3, rows.get(0).getLong(0), "t2m on each level's rows");
    }
  }

  @AfterAll
  static void stop() {
    if (history != null) history.close();
    if (spark != null) spark.stop();
  }

  static JsonNode get(String url) throws IOException, InterruptedException {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), url + ": " + r.body());
    return JSON.readTree(r.body());
  }

  /** Asks again (a bounded number of times) until Spark's asynchronous listeners have caught up. */
  static JsonNode getUntil(String url, Predicate<JsonNode> ready, String what) throws Exception {
    long end = System.nanoTime() + 30_000_000_000L;
    JsonNode n = get(url);
    while (!ready.test(n)) {
      if (System.nanoTime() > end) fail(what + " never showed at " + url + ": " + n);
      Thread.sleep(200);
      n = get(url);
    }
    return n;
  }

  static String api() {
    return ui + "/api/v1/applications/" + appId;
  }

  static String climatologyDescription() {
    return "climatology by month (mean): t2m, Jan 2019-01-01..2019-01-04, 40-34N -> " + SparkJobs.shortPath(climatologyOut);
  }

  static final String ANOMALY = "anomaly by month";

  static String anomalyDescription(String step) {
    return ANOMALY + (step == null ? "" : ", " + step) + ": t2m, 2019-01-01..2019-01-04, 40-34N -> " + SparkJobs.shortPath(anomalyOut);
  }

  /** Cells the commands select: 16 time steps x 7 latitudes x 20 longitudes. */
  static final long SELECTED_CELLS = 16L * 7 * 20;

  /** Stored bytes of the chunks the commands read (time chunks 0-1, latitude chunk 0, longitude chunks 0-1), from the files. */
  static long storedBytes() throws IOException {
    long n = 0;
    for (int t = 0; t < 2; t++) for (int x = 0; x < 2; x++) n += Files.size(Path.of(store, "t2m", t + ".0." + x));
    return n;
  }

  /** Output chunks of a store's t2m, as the write stage's name counts them. */
  static String chunksOf(String out) {
    long n = org.spangeo.zarr.dataset.Dataset.open(org.spangeo.zarr.store.HadoopConf.of(java.util.Map.of()), out)
        .variable("t2m").metadata().chunkCount();
    return SparkJobs.count(n, "chunk");
  }

  /** The stage names of each command's jobs, by role. */
  static List<String> climatologyStages() {
    return List.of("read t2m Jan (4 chunks)", "climatology by month (mean)",
        "write " + SparkJobs.shortPath(climatologyOut) + " (" + chunksOf(climatologyOut) + ")");
  }

  static List<String> anomalyStages() {
    return List.of("read t2m (4 chunks)", "climatology by month (mean), to the driver", "read t2m (4 chunks)",
        "write " + SparkJobs.shortPath(anomalyOut) + " (" + chunksOf(anomalyOut) + ")");
  }

  /** A named accumulator's value on a stage (REST), or null when the stage has none. */
  static String accumulator(JsonNode stage, String name) {
    for (JsonNode a : stage.path("accumulatorUpdates")) if (a.path("name").asText().equals(name)) return a.path("value").asText();
    return null;
  }

  @Test
  @Order(1)
  void jobsAndStagesCarryTheCommandsWords() throws Exception {
    JsonNode jobs = get(api() + "/jobs");
    List<String> descriptions = new ArrayList<>();
    for (JsonNode j : jobs) {
      assertTrue(j.hasNonNull("description"), "every job is described, not 'collect at ...': " + j);
      descriptions.add(j.get("description").asText());
    }
    // the whole selection in the description, the step early enough to tell two jobs of a command apart
    assertTrue(descriptions.contains(climatologyDescription()), climatologyDescription() + " in " + descriptions);
    assertTrue(descriptions.contains(QUERY), descriptions.toString());
    assertTrue(descriptions.contains(anomalyDescription("pass 1 of 2")), descriptions.toString());
    assertTrue(descriptions.contains(anomalyDescription(null)), descriptions.toString());
    // the Description cell of a 1400-px window holds about 88 characters (measured on the screenshots)
    for (String d : descriptions) assertTrue(d.length() <= 88, "short enough for a table cell: " + d);

    // the Stages page: each stage named by what it does, its own counts, and Spark's input
    JsonNode stages = get(api() + "/stages");
    java.util.TreeMap<Integer, String> clim = new java.util.TreeMap<>();
    java.util.TreeMap<Integer, String> anom = new java.util.TreeMap<>();
    long stored = storedBytes();
    int reads = 0;
    for (JsonNode s : stages) {
      String d = s.path("description").asText();
      String name = s.path("name").asText();
      if (d.equals(climatologyDescription())) clim.put(s.path("stageId").asInt(), name);
      if (d.startsWith(ANOMALY)) anom.put(s.path("stageId").asInt(), name);
      if (!d.equals(climatologyDescription()) && !d.startsWith(ANOMALY)) continue;
      assertTrue(s.path("details").asText().startsWith("spangeo " + (d.startsWith(ANOMALY) ? "anomaly" : "climatology") + " --in "),
          "the long form in +details: " + s.path("details").asText());
      if (name.startsWith("read ")) {
        reads++;
        assertEquals(Integer.toString(CLIMATOLOGY_CHUNKS), accumulator(s, "zarr chunks read"), "chunks of this stage: " + s);
        assertEquals("0", accumulator(s, "zarr chunks absent (fill value)"), "0 shows as 0: " + s);
        assertEquals(org.apache.spark.util.Utils.bytesToString(stored), accumulator(s, "zarr stored bytes read"), s.toString());
        assertEquals(org.apache.spark.util.Utils.bytesToString(4L * 12 * 8 * 10 * 4), accumulator(s, "zarr decoded bytes"), s.toString());
        assertTrue(accumulator(s, "zarr decode time").matches("[0-9.]+ (ms|s)"), s.toString());
        assertEquals(stored, s.path("inputBytes").asLong(), "Spark's input: the stored bytes read: " + s);
        assertEquals(SELECTED_CELLS, s.path("inputRecords").asLong(), "Spark's input records: the cells read: " + s);
      } else {
        assertEquals(null, accumulator(s, "zarr chunks read"), "only reading stages count chunks: " + s);
        assertEquals(0, s.path("inputBytes").asLong(), s.toString());
      }
    }
    assertEquals(climatologyStages(), new ArrayList<>(clim.values()), "the climatology's stages");
    assertEquals(anomalyStages(), new ArrayList<>(anom.values()), "the anomaly's stages (pass 1, then the write)");
    assertEquals(3, reads);
    assertEquals(4, CLIMATOLOGY_CHUNKS, "the grid arithmetic of this test");
    for (JsonNode j : jobs) {
      if (j.get("description").asText().startsWith("climatology")) assertEquals("spangeo-climatology", j.get("jobGroup").asText());
    }
    // the Executors page sums the tasks' input
    JsonNode execs = getUntil(api() + "/executors", n -> n.size() > 0 && n.get(0).path("totalInputBytes").asLong() >= 3 * stored,
        "the input on the Executors page");
    assertTrue(execs.get(0).path("totalInputBytes").asLong() >= 3 * stored);
  }

  @Test
  @Order(2)
  void theSqlTabShowsTheScanMetrics() throws Exception {
    JsonNode sql = getUntil(api() + "/sql?details=true&planDescription=false",
        n -> find(n, QUERY) != null && "COMPLETED".equals(find(n, QUERY).path("status").asText()), "the query");
    JsonNode exec = find(sql, QUERY);
    assertEquals(3, QUERY_CHUNKS, "the grid arithmetic of this test");
    assertEquals(Integer.toString(QUERY_CHUNKS), metric(exec, "zarr chunks read"));
    assertEquals("0", metric(exec, "zarr chunks absent (fill value)"), "a count of 0 shows");
    // sizes as Spark shows them
    assertEquals(org.apache.spark.util.Utils.bytesToString(QUERY_CHUNKS * 12L * 8 * 10 * 4), metric(exec, "zarr decoded bytes"),
        "whole float32 chunks decoded");
    assertTrue(metric(exec, "zarr stored bytes read").matches("[0-9.]+ (B|KiB)"), metric(exec, "zarr stored bytes read"));
    assertTrue(metric(exec, "zarr decode time").matches("[0-9.]+ (ms|s)"), metric(exec, "zarr decode time"));
  }

  /** Text as the page's DOM holds it. */
  static String html(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  static JsonNode find(JsonNode sql, String description) {
    for (JsonNode e : sql) if (description.equals(e.path("description").asText())) return e;
    return null;
  }

  /** A metric's value on the plan's nodes, as the page shows it; fails when no node has it. */
  static String metric(JsonNode exec, String name) {
    for (JsonNode node : exec.path("nodes")) {
      for (JsonNode m : node.path("metrics")) {
        if (m.path("name").asText().equals(name)) return m.path("value").asText();
      }
    }
    fail("no metric '" + name + "' in " + exec);
    return null;
  }

  @Test
  @Order(3)
  void theExecutorsPageShowsPeakMemory() throws Exception {
    JsonNode execs = getUntil(api() + "/executors",
        n -> n.size() > 0 && n.get(0).path("peakMemoryMetrics").path("JVMHeapMemory").asLong() > 0, "peak memory");
    JsonNode peak = execs.get(0).path("peakMemoryMetrics");
    assertTrue(peak.path("JVMHeapMemory").asLong() > 1 << 20, peak.toString());
    // the process' resident memory: heap, metaspace and native buffers (codecs, PyTorch) alike
    assertTrue(peak.path("ProcessTreeJVMRSSMemory").asLong() > 64L << 20, peak.toString());
  }

  @Test
  @Order(4)
  void descriptionsNestAndRestoreWhatWasThere() {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    jsc.setJobGroup("outer", "pipeline: JJAS anomaly", false);
    try (SparkJobs.Described a = SparkJobs.describe(jsc, "spangeo-train", "train", "epoch 3/10", "spangeo train --epochs 10")) {
      assertEquals("train: epoch 3/10", jsc.getLocalProperty("spark.job.description"));
      assertEquals("spangeo-train", jsc.getLocalProperty("spark.jobGroup.id"));
      assertEquals("spangeo train --epochs 10", jsc.getLocalProperty("callSite.long"), "the long form, as +details");
      a.step("write model");
      assertEquals("train, write model: epoch 3/10", jsc.getLocalProperty("spark.job.description"));
      try (SparkJobs.Described b = SparkJobs.step(jsc, "checkpoint");
           SparkJobs.Site s = SparkJobs.site(jsc, "save the weights")) {
        assertEquals("train, write model, checkpoint: epoch 3/10", jsc.getLocalProperty("spark.job.description"));
        assertEquals("save the weights", jsc.getLocalProperty("callSite.short"), "the stage name");
      }
      assertEquals(null, jsc.getLocalProperty("callSite.short"));
      assertEquals("train, write model: epoch 3/10", jsc.getLocalProperty("spark.job.description"));
    }
    assertEquals("pipeline: JJAS anomaly", jsc.getLocalProperty("spark.job.description"));
    assertEquals("outer", jsc.getLocalProperty("spark.jobGroup.id"));
    assertEquals(null, jsc.getLocalProperty("callSite.long"));
    jsc.clearJobGroup();
    assertEquals("1,460 chunks", SparkJobs.count(1460, "chunk"));
    assertEquals("1 NetCDF file", SparkJobs.count(1, "NetCDF file"));
    assertEquals("1,200 patches", SparkJobs.count(1200, "patch"));
  }

  @Test
  @Order(4)
  void progressLinesFromRealStages() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    // minimum stage time 0: every stage reports, as a long one would in a log
    ConsoleProgress p = new ConsoleProgress(spark.sparkContext(), new ProgressLines(err, false, 0, 30_000, 110));
    spark.sparkContext().addSparkListener(p);
    try (SparkJobs.Described d = SparkJobs.describe(jsc, "ui-test", "progress: 4 partitions")) {
      assertEquals(4, jsc.parallelize(List.of(1, 2, 3, 4), 4).map(x -> x * 2).collect().size());
    } finally {
      p.close();
    }
    String t = bytes.toString(StandardCharsets.UTF_8);
    assertFalse(t.contains("\r"), t);
    assertTrue(t.lines().anyMatch(l -> l.matches("spangeo: stage \\d+ progress: 4 partitions: 4/4 tasks \\(100%\\), done in \\d+ s")), t);
    assertTrue(t.lines().count() <= 4, t);
    // quiet: nothing registered, nothing printed
    ByteArrayOutputStream none = new ByteArrayOutputStream();
    try (SparkJobs.Described d = SparkJobs.describe(jsc, "ui-test", "progress: quiet");
         ConsoleProgress q = ConsoleProgress.attach(spark.sparkContext(), true, new PrintStream(none), false)) {
      jsc.parallelize(List.of(1, 2), 2).count();
    }
    assertEquals(0, none.size());
  }

  @Test
  @Order(5)
  void keepUiKeepsTheLiveUiUpUntilEnter() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
    KeepUi.waitIfAsked(spark, false, new PipedInputStream(), out);
    assertEquals(0, printed.size(), "without --keep-ui: no wait, nothing printed");

    PipedOutputStream enter = new PipedOutputStream();
    PipedInputStream stdin = new PipedInputStream(enter);
    Thread waiting = new Thread(() -> KeepUi.waitIfAsked(spark, true, stdin, out), "keep-ui");
    waiting.start();
    long end = System.nanoTime() + 10_000_000_000L;
    while (!printed.toString(StandardCharsets.UTF_8).contains("Spark UI: ") && System.nanoTime() < end) Thread.sleep(20);
    String line = printed.toString(StandardCharsets.UTF_8);
    assertTrue(line.startsWith("Spark UI: " + ui + "  (kept up: press Enter"), line);
    assertTrue(waiting.isAlive(), "waits for Enter");
    assertTrue(get(api() + "/jobs").size() > 0, "the live UI answers while kept");
    enter.write('\n');
    enter.flush();
    waiting.join(10_000);
    assertFalse(waiting.isAlive(), "Enter ends the wait");
  }

  @Test
  @Order(6)
  void theHistoryServerShowsTheFinishedRunInChromium() throws Exception {
    Chromium chromium = new Chromium(Files.createDirectories(dir.resolve("chromium")));
    spark.stop(); // the event log is complete once the application ends
    history = HistoryUi.start(new SparkConf(false), events.toUri().toString(), 0);
    String base = history.url();
    getUntil(base + "/api/v1/applications", n -> n.size() == 1 && n.get(0).path("id").asText().equals(appId)
        && n.get(0).path("attempts").get(0).path("completed").asBoolean(), "the finished run");
    Files.createDirectories(SHOTS);

    String app = base + "/history/" + appId;
    String jobsPage = app + "/jobs/";
    String jobsDom = chromium.dumpDom(jobsPage);
    Files.writeString(SHOTS.resolve("history-jobs.html"), jobsDom);
    for (String d : List.of(climatologyDescription(), anomalyDescription("pass 1 of 2"), anomalyDescription(null), QUERY)) {
      assertTrue(jobsDom.contains(html(d)), "the jobs page names the work: " + d + "\n" + jobsDom);
    }
    chromium.screenshot(jobsPage, SHOTS.resolve("history-jobs.png"));

    // the Stages page: every stage by its role, with Spark's input column filled
    String stagesPage = app + "/stages/";
    String stagesDom = chromium.dumpDom(stagesPage);
    Files.writeString(SHOTS.resolve("history-stages.html"), stagesDom);
    for (String name : climatologyStages()) assertTrue(stagesDom.contains(html(name)), name + "\n" + stagesDom);
    for (String name : anomalyStages()) assertTrue(stagesDom.contains(html(name)), name);
    String input = org.apache.spark.util.Utils.bytesToString(storedBytes());
    assertTrue(stagesDom.contains(">" + input + "<"), "the input column shows " + input);
    chromium.screenshot(stagesPage, SHOTS.resolve("history-stages.png"));

    // the climatology's reading stage: its own counts (0 as 0) and its input
    JsonNode stages = get(base + "/api/v1/applications/" + appId + "/stages");
    int read = -1;
    int write = -1;
    for (JsonNode st : stages) {
      if (!st.path("description").asText().equals(climatologyDescription())) continue;
      if (st.path("name").asText().startsWith("read ")) read = st.path("stageId").asInt();
      if (st.path("name").asText().startsWith("write ")) write = st.path("stageId").asInt();
    }
    String stagePage = app + "/stages/stage/?id=" + read + "&attempt=0";
    String stageDom = chromium.dumpDom(stagePage);
    Files.writeString(SHOTS.resolve("history-stage.html"), stageDom);
    assertTrue(stageDom.contains(input + " / " + SELECTED_CELLS), "Input Size / Records on the stage's page");
    assertTrue(stageDom.matches("(?s).*<td>zarr chunks read</td>\\s*<td>" + CLIMATOLOGY_CHUNKS + "</td>.*"), "chunks read");
    assertTrue(stageDom.matches("(?s).*<td>zarr chunks absent \\(fill value\\)</td>\\s*<td>0</td>.*"), "0 shows as 0");
    chromium.screenshot(stagePage, SHOTS.resolve("history-stage.png"));

    // the job's page: the long form whole, under each stage's +details
    JsonNode climJob = null;
    for (JsonNode j : get(base + "/api/v1/applications/" + appId + "/jobs")) {
      if (j.path("description").asText().equals(climatologyDescription())) climJob = j;
    }
    assertNotNull(climJob, "the climatology's job");
    String jobDom = chromium.dumpDom(app + "/jobs/job/?id=" + climJob.path("jobId").asInt());
    Files.writeString(SHOTS.resolve("history-job.html"), jobDom);
    assertTrue(jobDom.contains("spangeo climatology --in " + store + " --vars t2m --time 2019-01-01/2019-01-04 --months 1"), jobDom);
    assertTrue(jobDom.contains("latitude   7 of 16: 40 .. 34"), "the whole selection: " + jobDom);
    assertTrue(jobDom.contains("read       4 chunks, 2,240 cells"), jobDom);
    assertTrue(write >= 0, "the write stage");

    // the Executors page sums the input of the tasks
    JsonNode execs = get(base + "/api/v1/applications/" + appId + "/executors");
    assertTrue(execs.get(0).path("totalInputBytes").asLong() >= 3 * storedBytes(), execs.toString());
    chromium.screenshot(app + "/executors/", SHOTS.resolve("history-executors.png"));

    JsonNode sql = get(base + "/api/v1/applications/" + appId + "/sql");
    long id = find(sql, QUERY).path("id").asLong();
    String sqlList = chromium.dumpDom(base + "/history/" + appId + "/SQL/");
    assertTrue(sqlList.contains(QUERY), "the SQL page names the query");
    String sqlPage = base + "/history/" + appId + "/SQL/execution/?id=" + id;
    String sqlDom = chromium.dumpDom(sqlPage);
    Files.writeString(SHOTS.resolve("history-sql.html"), sqlDom);
    // the connector's metric classes are on the server's class path: values, not N/A
    int allChunks = (48 / CHUNKS[0]) * (16 / CHUNKS[1]) * (20 / CHUNKS[2]);
    assertTrue(sqlDom.contains("zarr chunks read: " + QUERY_CHUNKS), "chunks read on the SQL page");
    assertTrue(sqlDom.contains("zarr chunk boxes pruned by filters: " + (allChunks - QUERY_CHUNKS)), "chunks pruned");
    assertTrue(sqlDom.contains("zarr chunks absent (fill value): 0"), "a count of 0 shows");
    assertTrue(sqlDom.contains("zarr decoded bytes: " + org.apache.spark.util.Utils.bytesToString(QUERY_CHUNKS * 12L * 8 * 10 * 4)),
        "sizes in Spark's units");
    chromium.screenshot(sqlPage, SHOTS.resolve("history-sql.png"));

    // from the event log: t2m beside a variable with 3 levels is read once per chunk, not once per level
    JsonNode mixed = find(sql, MIXED_QUERY);
    assertNotNull(mixed, "the mixed-level query in the event log");
    JsonNode mixedDetails = get(base + "/api/v1/applications/" + appId + "/sql/" + mixed.path("id").asLong() + "?details=true");
    assertEquals(Integer.toString(QUERY_CHUNKS), metric(mixedDetails, "zarr chunks read"), "the chunks of t2m the query touches");
  }
}
