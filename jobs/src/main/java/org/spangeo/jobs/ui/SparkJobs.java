package org.spangeo.jobs.ui;

import java.util.Locale;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Job descriptions in the user's words for the Spark UI's Jobs, Stages and SQL pages, instead of
 * anonymous "foreachPartition at SparkBlockWriter.java:57".
 *
 * <pre>{@code
 * try (SparkJobs.Described d = SparkJobs.describe(jsc, "spangeo-train", "train: epoch 3/10, 1,200 patches")) {
 *   ... Spark jobs started here carry the description ...
 *   d.step("write model");   // "train: epoch 3/10, 1,200 patches -> write model"
 * }                          // the previous group and description are back
 * }</pre>
 *
 * Descriptions are thread-local Spark properties: they apply to the jobs this thread starts.
 */
public final class SparkJobs {
  static final String GROUP = "spark.jobGroup.id";
  static final String DESCRIPTION = "spark.job.description";
  static final String INTERRUPT = "spark.job.interruptOnCancel";

  private SparkJobs() {}

  /** Sets the job group and description for the jobs this thread starts until {@code close()}. */
  public static Described describe(JavaSparkContext jsc, String group, String text) {
    return describe(jsc.sc(), group, text);
  }

  public static Described describe(SparkContext sc, String group, String text) {
    Described d = new Described(sc, text);
    sc.setJobGroup(group, text, false);
    return d;
  }

  /**
   * Describes the jobs started until {@code close()} as a step of the work already described on
   * this thread ("{current description} -> {step}"), for code that does not hold the
   * {@link Described} (a stage's extra pass); the group stays.
   */
  public static Described step(JavaSparkContext jsc, String step) {
    SparkContext sc = jsc.sc();
    String current = sc.getLocalProperty(DESCRIPTION);
    Described d = new Described(sc, current == null ? step : current + " -> " + step);
    sc.setJobDescription(d.text);
    return d;
  }

  /** A count as users read it in descriptions: 1,460. */
  public static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** "1 file", "3 files", "1,200 patches". */
  public static String count(long n, String singular) {
    if (n == 1) return "1 " + singular;
    boolean es = singular.endsWith("s") || singular.endsWith("x") || singular.endsWith("ch") || singular.endsWith("sh");
    return count(n) + " " + singular + (es ? "es" : "s");
  }

  /** An open description; closing it restores what the thread had before (so descriptions nest). */
  public static final class Described implements AutoCloseable {
    private final SparkContext sc;
    private final String text;
    private final String oldGroup;
    private final String oldDescription;
    private final String oldInterrupt;

    private Described(SparkContext sc, String text) {
      this.sc = sc;
      this.text = text;
      this.oldGroup = sc.getLocalProperty(GROUP);
      this.oldDescription = sc.getLocalProperty(DESCRIPTION);
      this.oldInterrupt = sc.getLocalProperty(INTERRUPT);
    }

    /** The description of the whole piece of work. */
    public String text() {
      return text;
    }

    /** Describes the next jobs as one step of this work: "{text} -> {step}". */
    public Described step(String step) {
      sc.setJobDescription(text + " -> " + step);
      return this;
    }

    @Override
    public void close() {
      sc.setLocalProperty(GROUP, oldGroup);
      sc.setLocalProperty(DESCRIPTION, oldDescription);
      sc.setLocalProperty(INTERRUPT, oldInterrupt);
    }
  }
}
