package org.spangeo.jobs.ui;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.Dependency;
import org.apache.spark.ShuffleDependency;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.RDD;
import scala.collection.JavaConverters;

/**
 * Job descriptions and stage names in the user's words for the Spark UI's Jobs, Stages and SQL
 * pages, instead of anonymous "foreachPartition at SparkBlockWriter.java:57".
 *
 * <pre>{@code
 * try (SparkJobs.Described d = SparkJobs.describe(jsc, "spangeo-train", "train", "epoch 3/10, 1,200 patches", null)) {
 *   ... Spark jobs started here carry the description "train: epoch 3/10, 1,200 patches" ...
 *   d.step("write model");   // "train, write model: epoch 3/10, 1,200 patches"
 * }                          // the previous group and description are back
 * try (SparkJobs.Site s = SparkJobs.site(jsc, "read temperature 850 hPa (10 chunks)")) {
 *   ... RDDs made here, and jobs started here, name their stages so ...
 * }
 * }</pre>
 *
 * <p>A description is short ({@code spark.job.description}: the Jobs and Stages tables cut it at
 * the cell's width); the long form ({@code details}: the command line and the whole selection)
 * goes where Spark shows text whole, the "+details" of every stage in the Stages tables (the
 * job's page included). A stage is named after the call site of the RDD that ends it (a
 * shuffle's map side) or of the action: {@link #site} sets that name.
 *
 * <p>All of these are thread-local Spark properties: they apply to what this thread starts.
 */
public final class SparkJobs {
  static final String GROUP = "spark.jobGroup.id";
  static final String DESCRIPTION = "spark.job.description";
  static final String INTERRUPT = "spark.job.interruptOnCancel";
  // Spark's own keys (org.apache.spark.util.CallSite): the stage name and its "+details"
  static final String SITE_SHORT = "callSite.short";
  static final String SITE_LONG = "callSite.long";
  // the description's two parts, so that a step can go between them
  static final String HEAD = "spangeo.job.head";
  static final String TAIL = "spangeo.job.tail";

  private SparkJobs() {}

  /** Sets the job group and description for the jobs this thread starts until {@code close()}. */
  public static Described describe(JavaSparkContext jsc, String group, String text) {
    return describe(jsc.sc(), group, text);
  }

  public static Described describe(SparkContext sc, String group, String text) {
    return describe(sc, group, text, "", null);
  }

  /**
   * The description "{what}: {selection}" ("climatology by month (mean): temperature 850 hPa,
   * JJAS 2019-2021 -> out/clim.zarr"), and {@code details} (may be null), the long form, as
   * every stage's "+details".
   */
  public static Described describe(JavaSparkContext jsc, String group, String what, String selection, String details) {
    return describe(jsc.sc(), group, what, selection, details);
  }

  public static Described describe(SparkContext sc, String group, String what, String selection, String details) {
    Described d = new Described(sc, what, selection);
    sc.setJobGroup(group, d.text, false);
    sc.setLocalProperty(HEAD, what);
    sc.setLocalProperty(TAIL, selection);
    if (details != null) sc.setLocalProperty(SITE_LONG, details);
    return d;
  }

  /**
   * Describes the jobs started until {@code close()} as a step of the work already described on
   * this thread ("{what}, {step}: {selection}": the step before the part a table cell may cut),
   * for code that does not hold the {@link Described} (a stage's extra pass); the group stays.
   */
  public static Described step(JavaSparkContext jsc, String step) {
    SparkContext sc = jsc.sc();
    String head = sc.getLocalProperty(HEAD);
    String tail = sc.getLocalProperty(TAIL);
    if (head == null) {
      String current = sc.getLocalProperty(DESCRIPTION);
      head = current == null ? "" : current;
      tail = "";
    }
    Described d = new Described(sc, head.isEmpty() ? step : head + ", " + step, tail == null ? "" : tail);
    sc.setJobDescription(d.text);
    sc.setLocalProperty(HEAD, d.head);
    sc.setLocalProperty(TAIL, d.tail);
    return d;
  }

  /**
   * Names the stages that end in RDDs made, or actions started, on this thread until
   * {@code close()}: "read temperature 850 hPa JJAS (10 chunks)", "write out/clim.zarr (24 chunks)".
   */
  public static Site site(JavaSparkContext jsc, String name) {
    return new Site(jsc.sc(), name);
  }

  /**
   * The blocks as the end of a stage named {@code name}, when a shuffle comes before them (the
   * stage then does the combining, and the writer's map side runs in it): a pass-through of each
   * partition, made only to carry the name. Without a shuffle the blocks come back as they are.
   */
  public static <T> JavaRDD<T> nameCombineStage(JavaSparkContext jsc, JavaRDD<T> blocks, String name) {
    if (!shuffles(blocks.rdd(), new HashSet<>())) return blocks;
    try (Site s = site(jsc, name)) {
      return blocks.mapPartitions(it -> it, true);
    }
  }

  /** True when a shuffle lies in the narrow lineage of {@code rdd} (in the stage that ends with it). */
  static boolean shuffles(RDD<?> rdd, Set<Integer> seen) {
    if (!seen.add(rdd.id())) return false;
    for (Dependency<?> d : JavaConverters.seqAsJavaList(rdd.dependencies())) {
      if (d instanceof ShuffleDependency || shuffles(d.rdd(), seen)) return true;
    }
    return false;
  }

  /** Characters a path may take in a description before its middle is left out. */
  public static final int PATH_WIDTH = 32;

  /**
   * A path cut to about {@link #PATH_WIDTH} characters: its last element, after the URI's
   * scheme and authority when it has them (".../clim.zarr", "s3a://bucket/.../clim.zarr").
   */
  public static String shortPath(String path) {
    if (path.length() <= PATH_WIDTH) return path;
    String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    String last = p.substring(p.lastIndexOf('/') + 1);
    int scheme = p.indexOf("://");
    int head = scheme > 0 ? p.indexOf('/', scheme + 3) : -1;
    String start = head > 0 && head + last.length() + 5 <= PATH_WIDTH ? p.substring(0, head) : "";
    return (start.isEmpty() ? "..." : start + "/...") + "/" + last;
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

  /** Spark's own stage name, the call site "collect at Foo.java:12", as opposed to one set with {@link #site}. */
  static boolean isCallSiteName(String name) {
    return name == null || name.matches("\\S+ at \\S+:\\d+");
  }

  /** A stage name in force until {@code close()}, which restores the previous one. */
  public static final class Site implements AutoCloseable {
    private final SparkContext sc;
    private final String old;

    private Site(SparkContext sc, String name) {
      this.sc = sc;
      this.old = sc.getLocalProperty(SITE_SHORT);
      sc.setLocalProperty(SITE_SHORT, name);
    }

    @Override
    public void close() {
      sc.setLocalProperty(SITE_SHORT, old);
    }
  }

  /** An open description; closing it restores what the thread had before (so descriptions nest). */
  public static final class Described implements AutoCloseable {
    private final SparkContext sc;
    private final String head;
    private final String tail;
    private final String text;
    private final String[] keys = {GROUP, DESCRIPTION, INTERRUPT, HEAD, TAIL, SITE_LONG};
    private final String[] old = new String[keys.length];

    private Described(SparkContext sc, String head, String tail) {
      this.sc = sc;
      this.head = head;
      this.tail = tail;
      this.text = tail.isEmpty() ? head : head + ": " + tail;
      for (int i = 0; i < keys.length; i++) old[i] = sc.getLocalProperty(keys[i]);
    }

    /** The description of the whole piece of work. */
    public String text() {
      return text;
    }

    /** Describes the next jobs as one step of this work: "{what}, {step}: {selection}". */
    public Described step(String step) {
      String h = head + ", " + step;
      sc.setJobDescription(tail.isEmpty() ? h : h + ": " + tail);
      sc.setLocalProperty(HEAD, h);
      return this;
    }

    @Override
    public void close() {
      for (int i = 0; i < keys.length; i++) sc.setLocalProperty(keys[i], old[i]);
    }
  }
}
