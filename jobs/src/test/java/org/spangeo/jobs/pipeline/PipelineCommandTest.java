package org.spangeo.jobs.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spangeo.jobs.CliRunner;
import org.spangeo.jobs.JobsTestSession;
import org.spangeo.zarr.dataset.ZarrGroup;
import org.spangeo.zarr.testing.PythonPeer;

/**
 * {@code spangeo pipeline}: steps run in order in one session, reruns skip complete outputs and
 * redo incomplete ones, --overwrite and on_exists: overwrite rewrite, a failing step stops the
 * pipeline by name, and config mistakes are one-line errors.
 */
class PipelineCommandTest {
  static Path dir;
  static String src;

  @BeforeAll
  static void input() {
    JobsTestSession.get();
    dir = PythonPeer.scratch("pipeline");
    src = dir.resolve("input.zarr").toString();
    PythonPeer.run("make_stage_input.py", src);
  }

  static Path config(String name, String yaml) throws IOException {
    Path f = dir.resolve(name + ".yaml");
    Files.writeString(f, yaml, StandardCharsets.UTF_8);
    return f;
  }

  static String steps(String out) {
    return "vars: {in: " + src + ", out: " + out + "}\n"
        + "steps:\n"
        + "  - name: summer\n"
        + "    command: subset\n"
        + "    options: {in: '${in}', vars: t2m, time: 2019-06-01/2019-08-31, out: '${out}/summer.zarr'}\n"
        + "  - name: clim\n"
        + "    command: climatology\n"
        + "    options: {in: '${out}/summer.zarr', by: month, out: '${out}/clim.zarr'}\n"
        + "  - name: anomaly\n"
        + "    command: anomaly\n"
        + "    options: {in: '${out}/summer.zarr', by: month, climatology: '${out}/clim.zarr', out: '${out}/anom.zarr'}\n"
        + "  - name: series\n"
        + "    command: area-mean\n"
        + "    options: {in: '${out}/anom.zarr', weights: coslat, out: '${out}/series.zarr'}\n";
  }

  static long stamp(Path store) throws IOException {
    return Files.getLastModifiedTime(store.resolve(".zmetadata")).toMillis();
  }

  @Test
  void runsThenSkipsThenRedoesWhatIsIncomplete() throws Exception {
    Path out = dir.resolve("run1");
    Path cfg = config("run1", steps(out.toString()));
    String[] r = CliRunner.spangeo("pipeline", "--config", cfg.toString());
    assertEquals("0", r[0], r[2]);
    for (String s : new String[] {"summer", "clim", "anom", "series"}) {
      assertTrue(Files.exists(out.resolve(s + ".zarr/.zmetadata")), s + " written");
    }
    assertEquals(4, count(r[1], " ran "), r[1]);
    // the anomaly of a month against its own climatology has a zero area mean at every step
    String check = PythonPeer.run("check_pipeline.py", out.toString());
    assertTrue(check.startsWith("ok"), check);

    long clim = stamp(out.resolve("clim.zarr"));
    r = CliRunner.spangeo("pipeline", "--config", cfg.toString());
    assertEquals("0", r[0], r[2]);
    assertEquals(4, count(r[1], "skipped, outputs exist"), r[1]);
    assertEquals(clim, stamp(out.resolve("clim.zarr")), "a skipped step leaves its output alone");

    // a step that died half-way left the writer's marker: it runs again, the others are skipped
    Files.createFile(out.resolve("anom.zarr").resolve(ZarrGroup.INCOMPLETE_MARKER));
    r = CliRunner.spangeo("pipeline", "--config", cfg.toString());
    assertEquals("0", r[0], r[2]);
    assertEquals(1, count(r[1], " ran "), r[1]);
    assertTrue(r[1].contains("anomaly  ran") || r[1].matches("(?s).*anomaly\\s+ran.*"), r[1]);
    assertFalse(Files.exists(out.resolve("anom.zarr").resolve(ZarrGroup.INCOMPLETE_MARKER)));

    // a dry run prints every step's command, also those a run would skip, and runs nothing
    r = CliRunner.spangeo("pipeline", "--config", cfg.toString(), "--dry-run");
    assertEquals("0", r[0], r[2]);
    assertEquals(4, count(r[1], "   # outputs exist: a run skips it"), r[1]);
    assertTrue(r[1].contains("[2/4] clim: spangeo climatology --in " + out + "/summer.zarr --by month --out " + out
        + "/clim.zarr   # outputs exist"), r[1]);
    assertFalse(r[1].contains(" ran "), "nothing ran: " + r[1]);
    assertEquals(clim, stamp(out.resolve("clim.zarr")));

    // --overwrite reruns everything; --only picks steps
    r = CliRunner.spangeo("pipeline", "--config", cfg.toString(), "--overwrite", "--only", "clim");
    assertEquals("0", r[0], r[2]);
    assertEquals(1, count(r[1], " ran "), r[1]);
    assertTrue(stamp(out.resolve("clim.zarr")) >= clim);
  }

  @Test
  void onExistsOverwriteAndDryRun() throws Exception {
    Path out = dir.resolve("dry");
    Path cfg = config("dry", "on_exists: overwrite\n" + steps(out.toString()));
    String[] r = CliRunner.spangeo("pipeline", "--config", cfg.toString(), "--dry-run", "--from", "clim");
    assertEquals("0", r[0], r[2]);
    assertTrue(r[1].contains("spangeo climatology --in " + out + "/summer.zarr --by month --out " + out
        + "/clim.zarr --overwrite"), r[1]);
    assertFalse(r[1].contains("subset"), "--from skips the steps before: " + r[1]);
    assertFalse(Files.exists(out), "a dry run writes nothing");
  }

  @Test
  void aFailingStepStopsThePipelineByName() throws Exception {
    Path out = dir.resolve("fail");
    String yaml = steps(out.toString()).replace("vars: t2m,", "vars: t2n,");
    String[] r = CliRunner.spangeo("pipeline", "--config", config("fail", yaml).toString());
    assertEquals("1", r[0]);
    assertTrue(r[2].contains("t2n") && r[2].contains("t2m"), "the step's own error, with a suggestion: " + r[2]);
    assertTrue(r[2].contains("step 'summer' failed"), r[2]);
    assertFalse(Files.exists(out.resolve("clim.zarr")), "later steps did not run");
    assertFalse(Files.exists(out.resolve("summer.zarr/.zmetadata")), "no output that looks complete");
  }

  @Test
  void configMistakesAreOneLineErrors() throws Exception {
    String[][] cases = {
        {"missing", null, "does not exist"},
        {"badkey", "stepz: []\n", "unknown key 'stepz'"},
        {"nosteps", "steps: []\n", "'steps' must be a non-empty list"},
        {"badcmd", "steps:\n  - {name: a, command: climatolgy, options: {out: x}}\n", "unknown command 'climatolgy'"},
        {"badvar", "steps:\n  - {name: a, command: subset, options: {in: '${nope}', out: x}}\n", "${nope} is not defined"},
        {"twice", "steps:\n  - {name: a, command: subset}\n  - {name: a, command: subset}\n", "'a' is used twice"},
        {"onexists", "on_exists: maybe\nsteps:\n  - {command: subset}\n", "'maybe' is not skip or overwrite"},
        {"yaml", "steps: [\n", "not valid YAML"},
    };
    for (String[] c : cases) {
      Path f = c[1] == null ? dir.resolve("nothing-here.yaml") : config(c[0], c[1]);
      String[] r = CliRunner.spangeo("pipeline", "--config", f.toString());
      assertEquals("1", r[0], c[0]);
      assertTrue(r[2].contains(c[2]), c[0] + ": " + r[2]);
      assertEquals(1, r[2].trim().split("\n").length, c[0] + " is one line: " + r[2]);
    }
    String[] r = CliRunner.spangeo("pipeline", "--config", config("only", steps(dir.resolve("o").toString())).toString(),
        "--only", "climatology");
    assertEquals("1", r[0]);
    assertTrue(r[2].contains("no step 'climatology'") && r[2].contains("clim"), r[2]);
  }

  static int count(String text, String what) {
    int n = 0;
    for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) n++;
    return n;
  }
}
