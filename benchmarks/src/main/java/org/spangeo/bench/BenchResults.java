package org.spangeo.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of one {@code scripts/bench} run that the issue-#14 table needs, as "key TAB value"
 * lines in a file the suites append to ({@code -Dspangeo.bench.results=FILE}, set by the script);
 * {@link BenchSummary} prints the table from it at the end.
 */
public final class BenchResults {
  private BenchResults() {}

  static Path file() {
    String f = System.getProperty("spangeo.bench.results");
    return f == null || f.isEmpty() ? null : Path.of(f);
  }

  /** Records one figure (nothing happens without a results file). */
  public static void put(String key, double value) {
    put(key, String.format(Locale.ROOT, "%.6g", value));
  }

  public static synchronized void put(String key, String value) {
    Path f = file();
    if (f == null) return;
    try {
      Files.createDirectories(f.toAbsolutePath().getParent());
      Files.writeString(f, key + "\t" + value + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + f, e);
    }
  }

  /** The figures of a results file (the last value of a key wins). */
  static Map<String, String> read(Path f) throws IOException {
    Map<String, String> m = new LinkedHashMap<>();
    if (!Files.isRegularFile(f)) return m;
    for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
      int t = line.indexOf('\t');
      if (t > 0) m.put(line.substring(0, t), line.substring(t + 1));
    }
    return m;
  }
}
