package org.spangeo.ml.testing;

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
}
