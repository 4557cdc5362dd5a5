package org.spangeo.ml.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.spangeo.jobs.cli.Spangeo;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every option that a command's --help lists is mentioned in README.md or docs/*.md, so no
 * option exists only in --help. The commands are all of them, the ML ones included (this
 * module has every command on its class path); --help and --version are picocli's own.
 */
class DocumentedOptionsTest {
  @Test
  void everyHelpOptionIsInTheDocs() throws IOException {
    Path root = Path.of("").toAbsolutePath().getParent();
    StringBuilder docs = new StringBuilder(Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8));
    try (Stream<Path> pages = Files.list(root.resolve("docs"))) {
      for (Path p : pages.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
        docs.append('\n').append(Files.readString(p, StandardCharsets.UTF_8));
      }
    }
    String text = docs.toString();
    List<String> missing = new ArrayList<>();
    int checked = 0;
    for (Map.Entry<String, CommandLine> c : Spangeo.commandLine().getSubcommands().entrySet()) {
      if (c.getKey().equals("help")) continue;
      for (OptionSpec o : c.getValue().getCommandSpec().options()) {
        if (o.usageHelp() || o.versionHelp() || o.hidden()) continue;
        String name = o.longestName();
        checked++;
        // the name as a word: --chunk must not count as a mention of --chunk-size
        if (!Pattern.compile(Pattern.quote(name) + "(?![A-Za-z0-9-])").matcher(text).find()) {
          missing.add("spangeo " + c.getKey() + " " + name);
        }
      }
    }
    assertTrue(checked > 100, "the commands' options were found: " + checked);
    assertTrue(missing.isEmpty(), missing.size() + " options are in --help but in no page of README.md or docs/: " + missing);
  }
}
