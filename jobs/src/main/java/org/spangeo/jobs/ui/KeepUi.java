package org.spangeo.jobs.ui;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import org.apache.spark.sql.SparkSession;

/**
 * {@code --keep-ui}: after a command's work, keep its Spark session, and so the live Spark UI,
 * up until Enter (or Ctrl-C), to look at the finished jobs, stages, SQL plans and executors.
 * Commands call {@code KeepUi.waitIfAsked(spark, keepUi)} after their summary and before
 * stopping the session.
 */
public final class KeepUi {
  private KeepUi() {}

  /** Usage text for the option, the same on every command. */
  public static final String HELP = "After the work, keep the live Spark UI up (its URL is printed) until Enter or Ctrl-C.";

  public static void waitIfAsked(SparkSession spark, boolean keep) {
    waitIfAsked(spark, keep, System.in, System.out);
  }

  /** Returns once Enter is pressed; with stdin closed (a batch job), waits for Ctrl-C or kill. */
  public static void waitIfAsked(SparkSession spark, boolean keep, InputStream in, PrintStream out) {
    if (!keep) return;
    scala.Option<String> url = spark.sparkContext().uiWebUrl();
    if (url.isEmpty()) {
      out.println("spangeo: no Spark UI to keep (spark.ui.enabled is false)");
      return;
    }
    out.println("Spark UI: " + url.get() + "  (kept up: press Enter, or Ctrl-C, to end)");
    out.flush();
    try {
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      if (r.readLine() != null) return;
    } catch (IOException e) {
      // no usable stdin: fall through to waiting for Ctrl-C
    }
    out.println("spangeo: stdin is closed; the UI stays up until Ctrl-C (or kill)");
    out.flush();
    try {
      new CountDownLatch(1).await(); // the JVM's shutdown hooks stop Spark on Ctrl-C
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
