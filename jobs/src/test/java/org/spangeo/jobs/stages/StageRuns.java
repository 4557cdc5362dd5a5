package org.spangeo.jobs.stages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.spangeo.jobs.CliRunner;
import org.spangeo.jobs.JobsTestSession;
import org.spangeo.zarr.testing.PythonPeer;

/**
 * What the stage tests share: the ERA5-like input written by xarray (make_stage_input.py), and
 * one run of a command through the real command line whose output a Python script then checks
 * against xarray on the same input.
 */
final class StageRuns {
  private StageRuns() {}

  /**
   * The input store, written once per test JVM and shared by the stage test classes (they only
   * read it; each writes its outputs into its own folder); returns its path.
   */
  static String input() {
    JobsTestSession.get();
    return Input.SRC;
  }

  private static final class Input {
    static final String SRC = PythonPeer.scratch("stage-input").resolve("input.zarr").toString();

    static {
      PythonPeer.run("make_stage_input.py", SRC);
    }
  }

  /**
   * Runs {@code stage} on {@code src} into a fresh store and has {@code checkScript} compare it with
   * xarray; returns the command's summary (stdout).
   */
  static String runAndCheck(Path dir, String src, String checkScript, String stage, String checkArgs, String... args) {
    String outStore = dir.resolve(stage + "-" + Math.abs(String.join(" ", args).hashCode()) + ".zarr").toString();
    List<String> all = new ArrayList<>(List.of(stage, "--in", src, "--out", outStore, "--overwrite"));
    all.addAll(List.of(args));
    String[] r = CliRunner.spangeo(all.toArray(new String[0]));
    assertEquals("0", r[0], "spangeo " + String.join(" ", all) + " failed: " + r[2]);
    assertTrue(r[1].contains(stage + ":") && r[1].contains("cells"), "a summary is printed: " + r[1]);
    String ok = PythonPeer.run(checkScript, stage, outStore, src, checkArgs);
    assertTrue(ok.startsWith("ok"), ok);
    return r[1];
  }

  /** Runs a command that must fail: one "spangeo" line naming {@code expect}, non-zero exit, no store at --out. */
  static void refused(Path dir, String expect, String... args) {
    String outStore = dir.resolve("refused.zarr").toString();
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--out", outStore));
    String[] r = CliRunner.spangeo(all.toArray(new String[0]));
    assertFalse(r[0].equals("0"), "spangeo " + all + " should fail");
    String first = r[2].lines().findFirst().orElse("");
    assertTrue(first.startsWith("spangeo ") && first.contains(expect), "'" + r[2].trim() + "' should contain '" + expect + "'");
    assertEquals(1, r[2].lines().filter(l -> l.startsWith("spangeo")).count(), "one error line: " + r[2]);
    assertFalse(java.nio.file.Files.exists(Path.of(outStore)), "no output store after a refused command");
  }
}
