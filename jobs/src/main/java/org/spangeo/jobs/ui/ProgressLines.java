package org.spangeo.jobs.ui;

import java.io.PrintStream;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What the console shows about running stages: name, tasks done/total, rate, ETA. The clock is
 * passed in, so the logic is testable without Spark.
 *
 * <p>On a terminal: one line, redrawn with {@code \r} at most every {@link #redrawMillis}, for
 * stages that have run longer than half a second (as Spark's own bar), cleared when they end.
 * Otherwise (logs, CI): plain lines, only for stages that run longer than {@link #minMillis}: at
 * 25, 50, 75 and 100 % and at most every {@link #intervalMillis} between them, so a log holds at
 * most a few lines per stage and no carriage returns.
 */
public final class ProgressLines {
  static final long TERMINAL_DELAY_MILLIS = 500;

  private final PrintStream out;
  private final boolean terminal;
  final long minMillis;
  final long intervalMillis;
  final long redrawMillis = 200;
  private final int width;
  private final Map<String, Stage> active = new LinkedHashMap<>();
  private long lastDraw = Long.MIN_VALUE / 2;
  private int drawn; // characters of the terminal line now on screen

  private static final class Stage {
    final int id;
    final String name;
    final int total;
    final long start;
    int done;
    int quarterShown; // last quartile printed (non-terminal)
    long lastLine = Long.MIN_VALUE / 2;
    boolean anyLine;

    Stage(int id, String name, int total, long start) {
      this.id = id;
      this.name = name;
      this.total = total;
      this.start = start;
    }
  }

  public ProgressLines(PrintStream out, boolean terminal, long minMillis, long intervalMillis, int width) {
    this.out = out;
    this.terminal = terminal;
    this.minMillis = minMillis;
    this.intervalMillis = intervalMillis;
    this.width = width;
  }

  public synchronized void stageStarted(int stageId, int attempt, String name, int tasks, long now) {
    active.put(stageId + "." + attempt, new Stage(stageId, name, tasks, now));
  }

  public synchronized void taskEnded(int stageId, int attempt, boolean successful, long now) {
    Stage s = active.get(stageId + "." + attempt);
    if (s == null || !successful) return;
    s.done = Math.min(s.total, s.done + 1);
    if (terminal) {
      if (now - lastDraw >= redrawMillis) draw(now);
    } else {
      maybeLine(s, now);
    }
  }

  public synchronized void stageEnded(int stageId, int attempt, long now) {
    stageEnded(stageId, attempt, now, null);
  }

  /**
   * A stage ended; {@code failure} is Spark's reason when it failed. A failed stage never shows
   * "done" or 100 %: its line says how far it got and that it failed (the command's error line
   * then names the cause).
   */
  public synchronized void stageEnded(int stageId, int attempt, long now, String failure) {
    Stage s = active.remove(stageId + "." + attempt);
    if (s == null) return;
    if (failure != null) {
      // as for "done": in a log, a short stage that printed nothing leaves the error line alone
      if (terminal) clear();
      if (terminal || s.anyLine || now - s.start >= minMillis) line(s, now, "failed after " + duration(now - s.start));
      if (terminal && !active.isEmpty()) draw(now);
      return;
    }
    if (terminal) {
      if (active.isEmpty()) clear();
      else draw(now);
    } else if (s.anyLine || now - s.start >= minMillis) {
      s.done = Math.max(s.done, s.total);
      line(s, now, "done in " + duration(now - s.start));
    }
  }

  /**
   * Called about once a second, so the line moves (rate, ETA) and logs get their interval lines
   * while a long task runs without any task ending.
   */
  public synchronized void tick(long now) {
    if (terminal) {
      if (now - lastDraw >= redrawMillis) draw(now);
    } else {
      for (Stage s : active.values()) maybeLine(s, now);
    }
  }

  /** Ends the terminal line (the command is about to print its summary). */
  public synchronized void close() {
    active.clear();
    if (terminal) clear();
    out.flush();
  }

  private void maybeLine(Stage s, long now) {
    long ran = now - s.start;
    if (ran < minMillis || s.total == 0) return;
    int quarter = (int) (4L * s.done / s.total);
    boolean newQuarter = quarter > s.quarterShown && quarter < 4; // 100 % is the "done" line
    boolean heartbeat = now - (s.anyLine ? s.lastLine : s.start) >= intervalMillis && s.done < s.total;
    if (newQuarter || heartbeat) {
      s.quarterShown = Math.max(s.quarterShown, quarter);
      line(s, now, null);
    }
  }

  private void line(Stage s, long now, String end) {
    s.lastLine = now;
    s.anyLine = true;
    out.println("spangeo: " + describe(s, now, end, Integer.MAX_VALUE));
    out.flush();
  }

  private void draw(long now) {
    StringBuilder b = new StringBuilder();
    for (Iterator<Stage> it = active.values().iterator(); it.hasNext();) {
      Stage s = it.next();
      if (now - s.start < TERMINAL_DELAY_MILLIS) continue;
      if (b.length() > 0) b.append(" | ");
      b.append(describe(s, now, null, active.size() == 1 ? width : width / 2));
    }
    if (b.length() == 0) return;
    lastDraw = now;
    String text = b.length() > width ? b.substring(0, width) : b.toString();
    int pad = Math.max(0, drawn - text.length());
    out.print("\r" + text + " ".repeat(pad));
    out.flush();
    drawn = text.length();
  }

  private void clear() {
    if (drawn > 0) {
      out.print("\r" + " ".repeat(drawn) + "\r");
      out.flush();
    }
    drawn = 0;
  }

  /** "stage 3 climatology by month (mean): read ...: 12/40 tasks (30%), 5.1 tasks/s, ETA 7 s". */
  String describe(Stage s, long now, String end, int max) {
    double secs = Math.max(1e-3, (now - s.start) / 1000.0);
    double rate = s.done / secs;
    StringBuilder tail = new StringBuilder();
    tail.append(String.format(Locale.ROOT, ": %d/%d tasks (%d%%)", s.done, s.total,
        s.total == 0 ? 100 : 100L * s.done / s.total));
    if (end != null) {
      tail.append(", ").append(end);
    } else {
      tail.append(String.format(Locale.ROOT, ", %.1f tasks/s", rate));
      tail.append(", ETA ").append(s.done == 0 ? "?" : duration((long) ((s.total - s.done) / rate * 1000)));
    }
    String head = "stage " + s.id + " " + s.name;
    int room = max - tail.length();
    if (head.length() > room) head = head.substring(0, Math.max(8, room - 3)) + "...";
    return head + tail;
  }

  static String duration(long millis) {
    long s = Math.round(millis / 1000.0);
    if (s < 60) return s + " s";
    if (s < 3600) return String.format(Locale.ROOT, "%d:%02d min", s / 60, s % 60);
    return String.format(Locale.ROOT, "%d:%02d h", s / 3600, s / 60 % 60);
  }
}
