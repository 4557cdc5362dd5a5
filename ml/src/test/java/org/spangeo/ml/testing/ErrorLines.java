package org.spangeo.ml.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A command's stderr without the console progress lines ("spangeo: stage N ...: 0/1 tasks (0%),
 * failed after 1 s" reports a failed stage before the error): what is left is the error itself,
 * which must be one line.
 */
public final class ErrorLines {
  private static final Pattern PROGRESS = Pattern.compile("^spangeo: stage \\d+ ");

  private ErrorLines() {}

  public static String of(String stderr) {
    return stderr.lines().filter(l -> !PROGRESS.matcher(l).find()).collect(Collectors.joining("\n")).strip();
  }

  /** A refused command: exit status 1, one error line containing {@code expect}, and no store at {@code out}. */
  public static void assertBad(String[] r, String expect, String out) {
    assertEquals("1", r[0], "exit status; stderr: " + r[2]);
    assertEquals(1, of(r[2]).lines().count(), "one line: " + r[2]);
    assertTrue(r[2].contains(expect), "expected '" + expect + "' in: " + r[2]);
    assertFalse(Files.exists(Path.of(out)), "a store was written");
  }
}
