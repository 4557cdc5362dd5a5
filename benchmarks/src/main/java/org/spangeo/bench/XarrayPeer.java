package org.spangeo.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs benchmarks/src/main/python/xarray_scan.py: the same scan by xarray + dask, threaded. */
public final class XarrayPeer {
  private XarrayPeer() {}

  /** Result of the peer: timed runs (seconds), decoded bytes, versions; null when it could not run. */
  public static JsonNode run(String python, File script, String store, String variable, int runs, int workers) {
    if (!new File(python).canExecute() || !script.isFile()) {
      System.err.println("xarray peer skipped: " + python + " or " + script + " is missing");
      return null;
    }
    List<String> cmd = new ArrayList<>(List.of(python, script.getAbsolutePath(), store, variable,
        String.valueOf(runs), String.valueOf(workers)));
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true); // its log, then one JSON line
      pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
      Process p = pb.start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(30, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        System.err.println("xarray peer timed out");
        return null;
      }
      String text = new String(out, StandardCharsets.UTF_8).trim();
      if (p.exitValue() != 0) {
        System.err.println("xarray peer failed (exit " + p.exitValue() + "):\n" + text);
        return null;
      }
      String last = text.substring(text.lastIndexOf('\n') + 1);
      return new ObjectMapper().readTree(last);
    } catch (IOException e) {
      System.err.println("xarray peer could not run: " + e.getMessage());
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
