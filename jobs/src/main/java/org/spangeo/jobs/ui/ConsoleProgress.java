package org.spangeo.jobs.ui;

import java.io.PrintStream;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.sql.SparkSession;

/**
 * Progress of a command's Spark stages on stderr (see {@link ProgressLines} for what is shown
 * when). A command opens it around its work:
 *
 * <pre>{@code
 * try (ConsoleProgress p = ConsoleProgress.attach(spark, quiet)) {
 *   ... Spark jobs ...
 * }
 * }</pre>
 *
 * Off with {@code --quiet} or {@code spark.spangeo.progress false}; the interval of the plain
 * lines in logs is {@code spark.spangeo.progress.interval} (default 30s). Spark's own
 * {@code spark.ui.showConsoleProgress} stays false: it would draw a second bar.
 */
public final class ConsoleProgress extends SparkListener implements AutoCloseable {
  public static final String ENABLED = "spark.spangeo.progress";
  public static final String INTERVAL = "spark.spangeo.progress.interval";

  private final SparkContext sc;
  private final ProgressLines lines;
  private final ScheduledExecutorService ticker;

  ConsoleProgress(SparkContext sc, ProgressLines lines) {
    this.sc = sc;
    this.lines = lines;
    if (lines == null) {
      ticker = null;
      return;
    }
    ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "spangeo-progress");
      t.setDaemon(true);
      return t;
    });
    ticker.scheduleWithFixedDelay(() -> lines.tick(System.currentTimeMillis()), 1, 1, TimeUnit.SECONDS);
  }

  /** The terminal's width when the shell exports COLUMNS, else 110. */
  static int width() {
    try {
      int w = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "110").trim());
      return Math.max(40, Math.min(w - 1, 300));
    } catch (NumberFormatException e) {
      return 110;
    }
  }

  /** Starts reporting to stderr unless quiet (or the setting is off); a terminal gets one redrawn line. */
  public static ConsoleProgress attach(SparkSession spark, boolean quiet) {
    return attach(spark.sparkContext(), quiet, System.err, System.console() != null);
  }

  public static ConsoleProgress attach(SparkContext sc, boolean quiet, PrintStream err, boolean terminal) {
    if (quiet || !sc.conf().getBoolean(ENABLED, true)) return new ConsoleProgress(null, null);
    long interval = sc.conf().getTimeAsMs(INTERVAL, "30s");
    ConsoleProgress p = new ConsoleProgress(sc, new ProgressLines(err, terminal, 2000, interval, width()));
    sc.addSparkListener(p);
    return p;
  }

  @Override
  public void onStageSubmitted(SparkListenerStageSubmitted e) {
    StageInfo s = e.stageInfo();
    lines.stageStarted(s.stageId(), s.attemptNumber(), name(s, e.properties()), s.numTasks(), System.currentTimeMillis());
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd e) {
    lines.taskEnded(e.stageId(), e.stageAttemptId(), e.taskInfo().successful(), System.currentTimeMillis());
  }

  @Override
  public void onStageCompleted(SparkListenerStageCompleted e) {
    StageInfo s = e.stageInfo();
    String failure = s.failureReason().isDefined() ? s.failureReason().get() : null;
    lines.stageEnded(s.stageId(), s.attemptNumber(), System.currentTimeMillis(), failure);
  }

  /**
   * What the stage does when the command named it ("read temperature 850 hPa (10 chunks)"), else
   * the job description the command set (the user's words), else Spark's call-site name.
   */
  static String name(StageInfo s, Properties p) {
    if (!SparkJobs.isCallSiteName(s.name())) return s.name();
    String d = p == null ? null : p.getProperty(SparkJobs.DESCRIPTION);
    return d != null && !d.isBlank() ? d : s.name();
  }

  @Override
  public void close() {
    if (sc == null) return;
    ticker.shutdownNow();
    try {
      // events are delivered asynchronously: let the last stage's end arrive before the summary
      sc.listenerBus().waitUntilEmpty(2000);
    } catch (Exception e) {
      // a slow listener elsewhere: the last line may be missing, nothing worse
    }
    sc.removeSparkListener(this);
    lines.close();
  }
}
