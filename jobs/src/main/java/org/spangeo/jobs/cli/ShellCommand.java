package org.spangeo.jobs.cli;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.spangeo.zarr.NotFoundException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code spangeo shell}: JDK 17's jshell on the project's class path with a ready
 * {@code SparkSession spark}, for exploring without a Spark install. (The Scala spark-shell is
 * not on Maven Central, so it cannot be embedded; with a Spark install use
 * {@code spark-shell --jars <connector -spark.jar>}.)
 */
@Command(name = "shell", mixinStandardHelpOptions = true,
    description = {"Open jshell with Spark and the Zarr connector on the class path and a ready 'spark' session:",
        "  spark.read().format(\"zarr\").load(\"data/era5/era5_*.zarr\").where(\"latitude > 25\")",
        "       .groupBy(\"level\").avg(\"temperature\").show()",
        "Imports: org.apache.spark.sql.* (Dataset is Spark's), functions.*, org.spangeo.zarr.dataset.*,",
        "org.spangeo.zarr.blocks.*. 'sc' is the JavaSparkContext; describe(\"JJAS mean over Taiwan\") names",
        "the next jobs in the Spark UI. Type /exit to leave. With a Spark install,",
        "spark-shell --jars <connector -spark.jar> does the same in Scala."})
public final class ShellCommand implements Callable<Integer> {
  @Option(names = "--master", paramLabel = "URL", description = "Spark master (default local[*]).")
  String master;

  @Option(names = "--startup", paramLabel = "FILE", description = "Also run this jshell script at start.")
  File startup;

  @Override
  public Integer call() throws IOException, InterruptedException {
    File jshell = new File(System.getProperty("java.home"), "bin/jshell");
    if (!jshell.canExecute()) {
      throw new NotFoundException("jshell is not in " + jshell.getParent() + ": spangeo shell needs a JDK 17, not a JRE");
    }
    if (startup != null && !startup.isFile()) throw new NotFoundException("--startup " + startup + " does not exist");
    Path init = Files.createTempFile("spangeo-shell", ".jsh");
    init.toFile().deleteOnExit();
    String m = master == null ? "null" : "\"" + master.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    Files.writeString(init, String.join("\n",
        "import org.apache.spark.sql.*;",
        "import static org.apache.spark.sql.functions.*;",
        "import org.spangeo.zarr.dataset.*;",
        "import org.spangeo.zarr.blocks.*;",
        "import org.apache.spark.sql.Dataset;", // Spark's Dataset wins over the Zarr one of the wildcard
        "SparkSession spark = org.spangeo.jobs.cli.SparkSessions.start(\"spangeo shell\", " + m + ");",
        // spark-shell's sc, and a helper that names the next queries in the Spark UI (group spangeo-shell)
        "org.apache.spark.api.java.JavaSparkContext sc = org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext());",
        "org.spangeo.jobs.ui.SparkJobs.Described describe(String text) {"
            + " return org.spangeo.jobs.ui.SparkJobs.describe(sc, \"spangeo-shell\", text); }",
        "System.out.println(\"spangeo shell: Spark \" + spark.version() + \", master \" + spark.sparkContext().master()"
            + " + \", UI \" + spark.sparkContext().uiWebUrl().getOrElse(() -> \"off\") + \"  (spark.read().format(\\\"zarr\\\")...;"
            + " describe(\\\"...\\\") names the next jobs; /exit to leave)\");",
        ""), StandardCharsets.UTF_8);
    List<String> cmd = new ArrayList<>(List.of(jshell.getPath(), "--class-path", System.getProperty("java.class.path"),
        "--startup", "DEFAULT", "--startup", init.toString()));
    if (startup != null) cmd.addAll(List.of("--startup", startup.getPath()));
    // the code runs in jshell's remote JVM: give it this JVM's module openings, memory and settings
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("--add-opens") || a.startsWith("-XX:+IgnoreUnrecognizedVMOptions") || a.startsWith("-Xmx")
          || a.startsWith("-Djdk.reflect") || a.startsWith("-Dlog4j2") || a.startsWith("-Dai.djl")
          || a.startsWith("-DDJL_") || a.startsWith("-DENGINE_") || a.startsWith("-Dspangeo.") || a.startsWith("-Dspark.")) {
        cmd.add("-R" + a);
      }
    }
    Process p = new ProcessBuilder(cmd).inheritIO().start();
    return p.waitFor();
  }
}
