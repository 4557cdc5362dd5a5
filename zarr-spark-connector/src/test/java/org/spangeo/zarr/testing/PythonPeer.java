package org.spangeo.zarr.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the reference peer: Debian's Python (/usr/bin/python3) with xarray, zarr 2.13 and
 * numcodecs, installed by scripts/test. A missing peer fails the test; it never skips it.
 */
public final class PythonPeer {
  public static final String PYTHON = System.getProperty("spangeo.python", "/usr/bin/python3");

  private PythonPeer() {}

  /** Runs a script from src/test/python with arguments; returns its standard output. */
  public static String run(String script, String... args) {
    Path p = Path.of("src/test/python", script).toAbsolutePath();
    if (!p.toFile().exists()) fail("test script " + p + " is missing");
    if (!new File(PYTHON).canExecute()) {
      fail(PYTHON + " is not installed: run scripts/test, which installs Debian's python3-xarray, python3-zarr,"
          + " python3-numcodecs, python3-dask");
    }
    List<String> cmd = new ArrayList<>(List.of(PYTHON, p.toString()));
    cmd.addAll(List.of(args));
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
      Process proc = pb.start();
      byte[] out = proc.getInputStream().readAllBytes();
      if (!proc.waitFor(10, TimeUnit.MINUTES)) {
        proc.destroyForcibly();
        fail(script + " timed out");
      }
      String text = new String(out, StandardCharsets.UTF_8);
      if (proc.exitValue() != 0) fail(script + " failed (exit " + proc.exitValue() + "):\n" + text);
      return text;
    } catch (IOException e) {
      throw new AssertionError("cannot run " + PYTHON + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** A fresh folder under target/ for a test's stores. */
  public static Path scratch(String name) {
    Path dir = Path.of("target", "test-stores", name).toAbsolutePath();
    try {
      if (dir.toFile().exists()) {
        try (var s = java.nio.file.Files.walk(dir)) {
          s.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
      }
      java.nio.file.Files.createDirectories(dir);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return dir;
  }
}
