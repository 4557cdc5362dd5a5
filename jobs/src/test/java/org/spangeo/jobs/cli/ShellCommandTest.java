package org.spangeo.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.spangeo.jobs.CliRunner;
import org.spangeo.zarr.testing.PythonPeer;

/** {@code spangeo shell} as a user runs it: a fresh JVM, a script typed on stdin, the connector at hand. */
class ShellCommandTest {
  @Test
  void jshellHasSparkAndTheConnector() throws Exception {
    Path dir = PythonPeer.scratch("shell");
    String store = dir.resolve("input.zarr").toString();
    PythonPeer.run("make_stage_input.py", store);
    Path script = dir.resolve("typed.jsh");
    Files.writeString(script, String.join("\n",
        "var df = spark.read().format(\"zarr\").load(\"" + store + "\");",
        "System.out.println(\"columns=\" + String.join(\",\", df.columns()));",
        "describe(\"shell: northern rows\");",
        "System.out.println(\"north=\" + df.select(\"latitude\").distinct().where(\"latitude > 25\").count());",
        // the helpers docs/ui.md names: describe(...) sets the group and description, sc is spark-shell's
        "System.out.println(\"described=\" + sc.getLocalProperty(\"spark.job.description\") + \" jobs=\""
            + " + sc.statusTracker().getJobIdsForGroup(\"spangeo-shell\").length);",
        "sc.setJobDescription(\"by sc\");",
        "System.out.println(\"sc=\" + spark.sparkContext().getLocalProperty(\"spark.job.description\"));",
        "/exit", ""));
    List<String> cmd = new ArrayList<>(List.of(new File(System.getProperty("java.home"), "bin/java").getPath()));
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("--add-opens") || a.startsWith("-XX:+IgnoreUnrecognizedVMOptions") || a.startsWith("-Djdk.reflect")) {
        cmd.add(a);
      }
    }
    cmd.addAll(List.of("-Dspark.ui.enabled=false", "-cp", System.getProperty("java.class.path"), Spangeo.class.getName(), "shell",
        "--master", "local[1]"));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(script.toFile());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().put("SPANGEO_CONF_DIR", dir.toString()); // no spark-defaults.conf: built-in defaults
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(3, TimeUnit.MINUTES), "jshell exits on /exit");
    String text = new String(out, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), text);
    assertTrue(text.contains("spangeo shell: Spark 3.5.9, master local[1]"), text);
    assertTrue(text.contains("columns=time,level,latitude,longitude,t2m,temperature"), text);
    // latitudes 30, 29, ... 10: five are north of 25
    assertTrue(text.contains("north=5"), text);
    assertTrue(text.matches("(?s).*described=shell: northern rows jobs=[1-9].*"), text);
    assertTrue(text.contains("sc=by sc"), text);
  }

  @Test
  void aMissingStartupScriptIsOneLine() {
    String[] r = CliRunner.spangeo("shell", "--startup", "/no/such/script.jsh");
    assertEquals("1", r[0]);
    assertTrue(r[2].contains("--startup /no/such/script.jsh does not exist"), r[2]);
  }
}
