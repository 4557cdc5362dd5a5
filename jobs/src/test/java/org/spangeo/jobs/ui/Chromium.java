package org.spangeo.jobs.ui;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's headless Chromium, installed by scripts/test. Spark's pages fill some tables with
 * JavaScript after load, hence the virtual time budget. A missing browser fails the test.
 */
final class Chromium {
  static final String BINARY = System.getProperty("spangeo.chromium", "/usr/bin/chromium");

  private final Path profiles;
  private int runs;

  Chromium(Path scratch) {
    if (!new File(BINARY).canExecute()) {
      fail(BINARY + " is not installed: run scripts/test, which installs Debian's chromium (apt-get install chromium)");
    }
    this.profiles = scratch;
  }

  /** The page's DOM after its scripts ran. */
  String dumpDom(String url) {
    return run(url, "--dump-dom");
  }

  /** A PNG of the page. */
  void screenshot(String url, Path png) {
    run(url, "--screenshot=" + png.toAbsolutePath());
    if (!png.toFile().isFile() || png.toFile().length() == 0) fail("chromium wrote no screenshot of " + url);
  }

  private String run(String url, String what) {
    List<String> cmd = new ArrayList<>(List.of(BINARY, "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--disable-quic", "--disable-dev-shm-usage", "--hide-scrollbars",
        "--user-data-dir=" + profiles.resolve("profile-" + runs++).toAbsolutePath(),
        "--virtual-time-budget=10000", "--window-size=1400,1000", what, url));
    try {
      Path log = Files.createTempFile(profiles, "chromium", ".log");
      Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(90, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        fail("chromium did not finish with " + url);
      }
      if (p.exitValue() != 0) fail("chromium failed (exit " + p.exitValue() + ") on " + url + ":\n" + Files.readString(log));
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError("cannot run " + BINARY + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
