package org.spangeo.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.apache.spark.SparkException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spangeo.jobs.CliRunner;
import org.spangeo.zarr.NotFoundException;
import org.spangeo.zarr.ZarrException;
import org.spangeo.zarr.codec.CodecException;

/** The command line's own errors: the name it prints, the exit status, the one line it picks. */
class SpangeoCommandLineTest {

  @Test
  void anUnknownCommandNamesSpangeoOnce() {
    String[] r = CliRunner.spangeo("no-such-command", "--in", "x");
    assertEquals("2", r[0], "exit status; stderr: " + r[2]);
    String[] lines = r[2].trim().split("\n");
    assertTrue(lines[0].startsWith("spangeo: Unmatched argument"), r[2]);
    assertEquals("Run 'spangeo --help' for its commands.", lines[lines.length - 1].trim(), r[2]);
  }

  @Test
  void aBadOptionNamesItsCommand() {
    String[] r = CliRunner.spangeo("subset", "--in", "x.zarr", "--out", "y.zarr", "--no-such-option");
    assertEquals("2", r[0], "exit status; stderr: " + r[2]);
    String[] lines = r[2].trim().split("\n");
    assertTrue(lines[0].startsWith("spangeo subset: ") && lines[0].contains("--no-such-option"), r[2]);
    assertEquals("Run 'spangeo subset --help' for its options.", lines[lines.length - 1].trim(), r[2]);
  }

  @Test
  void theLineIsTheInnermostMessageSpangeoWrote() {
    // as Spark hands back a task's failure: wrapped, with a stack of causes
    Throwable spark = new SparkException("Job aborted due to stage failure: ...\n at ...",
        new RuntimeException("wrapper", new NotFoundException("store 'a.zarr' does not exist")));
    assertEquals("store 'a.zarr' does not exist", Errors.oneLine(spark));
    // a codec's error is always restated with the store, array and chunk: that line wins
    Throwable located = ZarrException.at("s.zarr", "t", "0.0", "cannot decode: bad frame", new CodecException("bad frame"));
    assertEquals("store 's.zarr', array 't', chunk '0.0': cannot decode: bad frame", Errors.oneLine(located));
    // nothing of ours: the root cause, first line only
    assertEquals("disk full", Errors.oneLine(new RuntimeException("outer", new java.io.IOException("disk full\nmore"))));
  }

  @Test
  void sharedOptionsKeepEachCommandsWording() {
    String subset = help("subset");
    assertTrue(subset.contains("errorifexists (default), overwrite, or append"), subset);
    assertTrue(subset.contains("a year, month, day or hour (2019, 2019-06, 2019-06-15) or a range"), subset);
    assertTrue(subset.contains("--zarr-format") && subset.contains("--fill-value"), subset);
    // plot takes the selection mixin, worded for one map: one time, one level
    String plot = help("plot");
    assertTrue(plot.contains("One time (the nearest step"), plot);
    assertTrue(plot.contains("One pressure level: --level 850."), plot);
    assertFalse(plot.contains("Time range, inclusive"), plot);
    assertTrue(plot.contains("--stride"), plot);
  }

  @Test
  void plotNamesItsVariableWithVarNotVars(@TempDir Path dir) {
    String[] r = CliRunner.spangeo("plot", "--in", dir.resolve("none.zarr").toString(), "--var", "t", "--vars", "t",
        "--out", dir.resolve("f.png").toString());
    assertEquals("1", r[0], "exit status; stderr: " + r[2]);
    assertEquals("spangeo plot: --vars is not used by plot: name the variable with --var", r[2].trim());
  }

  @Test
  void aCommandAloneIsTheSameCommandAsInTheWholeCommandLine() {
    picocli.CommandLine all = Spangeo.commandLine();
    assertTrue(all.getSubcommands().size() > 15, all.getSubcommands().keySet().toString());
    for (String name : all.getSubcommands().keySet()) {
      if (name.equals("help")) continue;
      picocli.CommandLine one = Spangeo.commandLine(name, "--in", "x.zarr");
      assertEquals(java.util.Set.of(name, "help"), one.getSubcommands().keySet(), name);
      assertEquals(all.getSubcommands().get(name).getUsageMessage(), one.getSubcommands().get(name).getUsageMessage(), name);
    }
    // help, an option, an unknown name or nothing: the whole command line, as before
    for (String[] args : new String[][] {{"help", "inspect"}, {"--help"}, {"no-such-command"}, {}}) {
      assertEquals(all.getSubcommands().keySet(), Spangeo.commandLine(args).getSubcommands().keySet(), String.join(" ", args));
    }
    assertTrue(CliRunner.spangeo("help", "subset")[1].contains("--zarr-format"));
  }

  /** The command's --help with its line breaks undone (descriptions wrap at 100 columns). */
  static String help(String command) {
    return CliRunner.spangeo(command, "--help")[1].replaceAll("\\s+", " ");
  }
}
