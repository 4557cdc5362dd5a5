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
  static final Path SHOTS = Path.of("target", "ui-screenshots").toAbsolutePath();

  static Path dir;
  static String store;
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
    PythonPeer.run("make_ui_store.py", store);
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
        "--lat", "40:34", "--by", "month", "--out", climatologyOut, "--overwrite", "--quiet");
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
    return "climatology by month (mean): read t2m 2019-01-01..2019-01-04, " + CLIMATOLOGY_CHUNKS + " chunks";
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
    String write = climatologyDescription() + " -> write " + climatologyOut;
    assertTrue(descriptions.contains(write), write + " in " + descriptions);
    assertTrue(descriptions.contains(QUERY), descriptions.toString());
    String anomaly = "anomaly from the climatology by month: read t2m 2019-01-01..2019-01-04, " + CLIMATOLOGY_CHUNKS + " chunks";
    assertTrue(descriptions.contains(anomaly + " -> pass 1: the climatology by month"), descriptions.toString());
    assertTrue(descriptions.contains(anomaly + " -> write " + anomalyOut), descriptions.toString());
    for (JsonNode j : jobs) {
      if (j.get("description").asText().startsWith("climatology")) assertEquals("spangeo-climatology", j.get("jobGroup").asText());
    }

    // the Stages page: the description on each stage, and the chunk-level read counters
    JsonNode stages = get(api() + "/stages");
    long chunksRead = 0;
    int described = 0;
    for (JsonNode s : stages) {
      if (!s.path("description").asText().startsWith(climatologyDescription())) continue;
      described++;
      for (JsonNode a : s.path("accumulatorUpdates")) {
        if (a.path("name").asText().equals("zarr chunks read")) chunksRead += a.path("value").asLong();
      }
    }
    assertTrue(described >= 2, "the read and write stages of the climatology carry its description: " + stages);
    assertEquals(4, CLIMATOLOGY_CHUNKS, "the grid arithmetic of this test");
    assertEquals(CLIMATOLOGY_CHUNKS, chunksRead, "zarr chunks read on the Stages page");
  }

  @Test
  @Order(2)
  void theSqlTabShowsTheScanMetrics() throws Exception {
    JsonNode sql = getUntil(api() + "/sql?details=true&planDescription=false",
        n -> find(n, QUERY) != null && "COMPLETED".equals(find(n, QUERY).path("status").asText()), "the query");
    JsonNode exec = find(sql, QUERY);
    assertEquals(3, QUERY_CHUNKS, "the grid arithmetic of this test");
    assertEquals(QUERY_CHUNKS, metric(exec, "zarr chunks read"));
    assertEquals(QUERY_CHUNKS * 12L * 8 * 10 * 4, metric(exec, "zarr decoded bytes"), "whole float32 chunks decoded");
    assertTrue(metric(exec, "zarr stored bytes read") > 0);
  }

  static JsonNode find(JsonNode sql, String description) {
    for (JsonNode e : sql) if (description.equals(e.path("description").asText())) return e;
    return null;
  }

  /** A metric's value on the plan's nodes ("1,234" or "1234"); fails when no node has it. */
  static long metric(JsonNode exec, String name) {
    for (JsonNode node : exec.path("nodes")) {
      for (JsonNode m : node.path("metrics")) {
        if (m.path("name").asText().equals(name)) return Long.parseLong(m.path("value").asText().replaceAll("[^0-9]", ""));
      }
    }
    fail("no metric '" + name + "' in " + exec);
    return -1;
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
    try (SparkJobs.Described a = SparkJobs.describe(jsc, "spangeo-train", "train: epoch 3/10")) {
      assertEquals("train: epoch 3/10", jsc.getLocalProperty("spark.job.description"));
      assertEquals("spangeo-train", jsc.getLocalProperty("spark.jobGroup.id"));
      a.step("write model");
      assertEquals("train: epoch 3/10 -> write model", jsc.getLocalProperty("spark.job.description"));
      try (SparkJobs.Described b = SparkJobs.step(jsc, "checkpoint")) {
        assertEquals("train: epoch 3/10 -> write model -> checkpoint", jsc.getLocalProperty("spark.job.description"));
      }
      assertEquals("train: epoch 3/10 -> write model", jsc.getLocalProperty("spark.job.description"));
    }
    assertEquals("pipeline: JJAS anomaly", jsc.getLocalProperty("spark.job.description"));
    assertEquals("outer", jsc.getLocalProperty("spark.jobGroup.id"));
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

    String jobsPage = base + "/history/" + appId + "/jobs/";
    String jobsDom = chromium.dumpDom(jobsPage);
    Files.writeString(SHOTS.resolve("history-jobs.html"), jobsDom);
    assertTrue(jobsDom.contains(climatologyDescription() + " -&gt; write " + climatologyOut)
        || jobsDom.contains(climatologyDescription() + " -> write " + climatologyOut), "the jobs page names the work:\n" + jobsDom);
    assertTrue(jobsDom.contains(QUERY), QUERY);
    chromium.screenshot(jobsPage, SHOTS.resolve("history-jobs.png"));

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
    chromium.screenshot(sqlPage, SHOTS.resolve("history-sql.png"));
  }
}
