package org.spangeo.ml.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.spangeo.jobs.CliRunner;

/** The ML commands take the shared output options, each worded for what it writes. */
class MlCommandHelpTest {

  @Test
  void outputOptionsAreWordedPerCommand() {
    String predict = help("predict");
    assertTrue(predict.contains("errorifexists (default), overwrite, or append"), predict);
    String score = help("score");
    assertTrue(score.contains("errorifexists (default) or overwrite."), score);
    assertTrue(score.contains("Output Zarr store of the score fields."), score);
    assertFalse(score.contains("or append"), score);
    String patches = help("patches");
    assertTrue(patches.contains("The patch store to write"), patches);
    assertTrue(patches.contains("a patch store cannot be appended to"), patches);
  }

  /** The command's --help with its line breaks undone (descriptions wrap at 100 columns). */
  static String help(String command) {
    return CliRunner.spangeo(command, "--help")[1].replaceAll("\\s+", " ");
  }
}
