package org.spangeo.jobs.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The console progress: plain, bounded lines in logs; one redrawn line on a terminal. */
class ProgressLinesTest {
  static final String NAME = "climatology by month (mean): read t2m 2019-01-01..2021-12-31, 1,460 chunks";

  final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  String text() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** One stage of {@code tasks} tasks, one finishing every {@code every} ms from t=0. */
  void runStage(ProgressLines p, int id, int tasks, long every) {
    p.stageStarted(id, 0, NAME, tasks, 0);
    for (int i = 1; i <= tasks; i++) p.taskEnded(id, 0, true, i * every);
    p.stageEnded(id, 0, tasks * every);
  }

  /** A stage's lines in a log (not a terminal): never a carriage return. */
  String logOfStage(int id, int tasks, long every) {
    ProgressLines p = new ProgressLines(out, false, 2000, 30_000, 110);
    runStage(p, id, tasks, every);
    p.close();
    String t = text();
    assertFalse(t.contains("\r"), t);
    return t;
  }

  @Test
  void logsGetAQuarterlyLineWithRateAndEtaAndNoCarriageReturns() {
    String t = logOfStage(7, 100, 100); // 10 s
    List<String> lines = t.lines().toList();
    assertEquals(4, lines.size(), t);
    assertEquals("spangeo: stage 7 " + NAME + ": 25/100 tasks (25%), 10.0 tasks/s, ETA 8 s", lines.get(0));
    assertTrue(lines.get(1).endsWith(": 50/100 tasks (50%), 10.0 tasks/s, ETA 5 s"), lines.get(1));
    assertTrue(lines.get(2).contains(": 75/100 tasks (75%)"), lines.get(2));
    assertTrue(lines.get(3).endsWith(": 100/100 tasks (100%), done in 10 s"), lines.get(3));
  }

  @Test
  void aLongStageIsBoundedByTheInterval() {
    String t = logOfStage(1, 3000, 100); // 300 s
    long n = t.lines().count();
    // 3 quarters + 1 done + at most one heartbeat per 30 s
    assertTrue(n >= 10 && n <= 3 + 1 + 300 / 30, n + " lines:\n" + t);
    assertTrue(t.contains("ETA 4:30 min") || t.contains("ETA 4:3"), t);
  }

  @Test
  void shortStagesLeaveLogsAlone() {
    ProgressLines p = new ProgressLines(out, false, 2000, 30_000, 110);
    runStage(p, 1, 10, 150); // 1.5 s
    runStage(p, 2, 4, 10);
    p.close();
    assertEquals("", text());
  }

  @Test
  void failedTasksAreNotCountedAsDone() {
    ProgressLines p = new ProgressLines(out, false, 0, 30_000, 110);
    p.stageStarted(3, 0, "x", 4, 0);
    p.taskEnded(3, 0, false, 1000);
    p.taskEnded(3, 0, true, 2000);
    assertTrue(text().contains(": 1/4 tasks (25%)"), text());
    assertFalse(text().contains("2/4"), text());
  }

  @Test
  void aFailedStageSaysFailedNeverDoneOr100Percent() {
    // the executors could not run one task of two: Spark ends the stage with a failure reason
    for (boolean terminal : new boolean[] {false, true}) {
      bytes.reset();
      ProgressLines p = new ProgressLines(out, terminal, 0, 30_000, 110);
      p.stageStarted(0, 0, "x", 2, 0);
      p.taskEnded(0, 0, true, 1000);
      p.taskEnded(0, 0, false, 2000);
      p.stageEnded(0, 0, 3000, "Job aborted due to stage failure: unread block data");
      p.close();
      String t = text();
      assertTrue(t.contains("spangeo: stage 0 x: 1/2 tasks (50%), failed after 3 s"), t);
      assertFalse(t.contains("done") || t.contains("100%"), t);
    }
  }

  @Test
  void aShortFailedStageInALogLeavesTheErrorLineAlone() {
    // as a short successful stage prints no "done": the command's one error line says it all
    ProgressLines p = new ProgressLines(out, false, 5000, 30_000, 110);
    p.stageStarted(0, 0, "x", 2, 0);
    p.taskEnded(0, 0, false, 500);
    p.stageEnded(0, 0, 1000, "Job aborted due to stage failure");
    p.close();
    assertEquals("", text());
  }

  @Test
  void aTerminalGetsOneRedrawnLineClearedAtTheEnd() {
    ProgressLines p = new ProgressLines(out, true, 2000, 30_000, 80);
    runStage(p, 4, 100, 100); // 10 s, a redraw at most every 200 ms
    p.close();
    String t = text();
    assertFalse(t.contains("\n"), "no new lines on a terminal");
    long redraws = t.chars().filter(c -> c == '\r').count();
    assertTrue(redraws >= 20 && redraws <= 10_000 / 200 + 2, redraws + " redraws");
    String[] frames = t.split("\r");
    for (String f : frames) assertTrue(f.length() <= 80, "fits the width: '" + f + "'");
    assertTrue(t.contains(": 51/100 tasks (51%), 10.0 tasks/s, ETA 5 s"), t);
    assertTrue(t.contains("stage 4 climatology by month"), t);
    assertTrue(frames[frames.length - 1].isBlank() && t.endsWith("\r"), "the line is cleared for the summary");
  }

  @Test
  void ticksKeepALongTaskVisible() {
    ProgressLines log = new ProgressLines(out, false, 2000, 30_000, 110);
    log.stageStarted(5, 0, "rechunk", 2, 0);
    log.taskEnded(5, 0, true, 500);
    for (long t = 1000; t <= 95_000; t += 1000) log.tick(t); // the second task takes 95 s
    log.taskEnded(5, 0, true, 96_000);
    log.stageEnded(5, 0, 96_000);
    List<String> lines = text().lines().toList();
    // 50 % (at the first tick past 2 s), heartbeats at 32 s, 62 s, 92 s, done
    assertEquals(5, lines.size(), text());
    assertTrue(lines.get(0).startsWith("spangeo: stage 5 rechunk: 1/2 tasks (50%)"), lines.get(0));
    assertTrue(lines.get(4).endsWith("2/2 tasks (100%), done in 1:36 min"), lines.get(4));

    bytes.reset();
    ProgressLines tty = new ProgressLines(out, true, 2000, 30_000, 110);
    tty.stageStarted(6, 0, "rechunk", 2, 0);
    tty.taskEnded(6, 0, true, 100); // too early to draw
    tty.tick(1000);
    tty.tick(2000);
    String t = text();
    assertEquals(2, t.chars().filter(c -> c == '\r').count(), "a redraw per tick: " + t);
    assertTrue(t.endsWith(": 1/2 tasks (50%), 0.5 tasks/s, ETA 2 s"), t);
  }

  @Test
  void durations() {
    assertEquals("0 s", ProgressLines.duration(200));
    assertEquals("59 s", ProgressLines.duration(59_000));
    assertEquals("1:05 min", ProgressLines.duration(65_000));
    assertEquals("2:01 h", ProgressLines.duration(7_260_000));
  }
}
