package org.spangeo.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.spangeo.jobs.CliRunner;
import org.spangeo.zarr.testing.PythonPeer;

/** {@code spangeo ui}'s errors: one line, exit 1, nothing left running. (It starting: SparkUiTest.) */
class UiCommandTest {

  /** Spark and Hadoop log their one-time warnings (host name, native library) on first use: not into a captured stderr. */
  @org.junit.jupiter.api.BeforeAll
  static void warmUp() throws Exception {
    org.apache.spark.util.Utils.localHostName();
    org.apache.hadoop.fs.FileSystem.getLocal(new org.apache.hadoop.conf.Configuration());
  }

  static void assertOneLineError(String[] r, String... fragments) {
    assertEquals("1", r[0], "exit status; stderr: " + r[2]);
    String err = r[2].trim();
    assertFalse(err.contains("\n"), "one line: " + err);
    assertTrue(err.startsWith("spangeo ui: "), err);
    for (String f : fragments) assertTrue(err.contains(f), "'" + f + "' in: " + err);
  }

  @Test
  void aMissingLogFolderIsNamed() {
    Path missing = PythonPeer.scratch("ui-cmd").resolve("no-such-events");
    String[] r = CliRunner.spangeo("ui", "--logs", missing.toString(), "--port", "0");
    assertOneLineError(r, "event log folder", missing.toString(), "does not exist", "--logs");
  }

  @Test
  void aFileIsNotALogFolder() throws Exception {
    Path f = Files.writeString(PythonPeer.scratch("ui-cmd-file").resolve("events.txt"), "x");
    String[] r = CliRunner.spangeo("ui", "--logs", f.toString(), "--port", "0");
    assertOneLineError(r, "is a file, not a folder");
  }

  @Test
  void aTakenPortIsAnErrorNotASilentMove() throws Exception {
    Path logs = Files.createDirectories(PythonPeer.scratch("ui-cmd-port").resolve("events"));
    try (ServerSocket taken = new ServerSocket(0)) {
      String[] r = CliRunner.spangeo("ui", "--logs", logs.toString(), "--port", Integer.toString(taken.getLocalPort()));
      assertOneLineError(r, "port " + taken.getLocalPort() + " is taken", "--port");
    }
  }

  @Test
  void aPortOutOfRange() {
    String[] r = CliRunner.spangeo("ui", "--port", "70000");
    assertOneLineError(r, "--port 70000 is not a port number");
  }

  @Test
  void relativeFoldersBecomeAbsoluteUris() {
    String abs = UiCommand.logDir("spark-events");
    assertTrue(abs.startsWith("file:/") && abs.contains("/jobs/spark-events"), abs);
    assertEquals(abs, UiCommand.logDir("file:spark-events"));
    assertEquals("hdfs://nn:8020/spark-events", UiCommand.logDir("hdfs://nn:8020/spark-events"));
  }

}
