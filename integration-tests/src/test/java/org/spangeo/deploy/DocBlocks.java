package org.spangeo.deploy;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * The fenced bash (and java) blocks of a page that the documentation test leaves to the component
 * tests (marked {@code <!-- doc-test: cluster -->} or {@code <!-- doc-test: s3 -->} on the line
 * before the fence). The deployment tests run them as written, so the page shows what ran.
 */
final class DocBlocks {
  private DocBlocks() {}

  static List<String> marked(String page, String tag) throws Exception {
    return marked(page, tag, "bash");
  }

  /** The blocks of {@code page} marked {@code tag} whose fence names {@code lang}. */
  static List<String> marked(String page, String tag, String lang) throws Exception {
    List<String> lines = Files.readAllLines(new File(Runtimes.root(), page).toPath(), StandardCharsets.UTF_8);
    List<String> out = new ArrayList<>();
    for (int i = 0; i + 1 < lines.size(); i++) {
      if (!lines.get(i).trim().equals("<!-- doc-test: " + tag + " -->") || !lines.get(i + 1).trim().equals("```" + lang)) continue;
      StringBuilder b = new StringBuilder();
      int j = i + 2;
      for (; j < lines.size() && !lines.get(j).trim().equals("```"); j++) b.append(lines.get(j)).append('\n');
      out.add(b.toString());
      i = j;
    }
    return out;
  }

  /** The one marked block of {@code page} that contains every one of {@code words}. */
  static String find(String page, String tag, String... words) throws Exception {
    return findIn(marked(page, tag), page, tag, words);
  }

  /** The one marked java block of {@code page} that contains every one of {@code words}. */
  static String findJava(String page, String tag, String... words) throws Exception {
    return findIn(marked(page, tag, "java"), page, tag, words);
  }

  private static String findIn(List<String> blocks, String page, String tag, String... words) {
    List<String> hits = new ArrayList<>();
    for (String b : blocks) {
      boolean all = true;
      for (String w : words) all &= b.contains(w);
      if (all) hits.add(b);
    }
    if (hits.size() != 1) {
      throw new AssertionError(page + ": " + hits.size() + " blocks marked '" + tag + "' contain " + List.of(words));
    }
    return hits.get(0);
  }
}
