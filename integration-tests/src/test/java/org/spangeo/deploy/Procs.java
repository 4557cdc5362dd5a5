package org.spangeo.deploy;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The processes a deployment test starts (Spark Masters and Workers, spark-submit, s3proxy, the
 * Hadoop mini clusters, spangeo itself): each logs to a file, and every one of them, with its
 * children (executors, drivers, YARN containers), is killed by {@link #killAll()} or, should a
 * test JVM die, by a shutdown hook. Other engineers' tests run on the same machine.
 */
final class Procs {
  private static final List<Process> STARTED = new CopyOnWriteArrayList<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(Procs::killAll, "kill-test-processes"));
  }

  private Procs() {}

  /** Starts {@code cmd} in {@code dir} with {@code env} added, stdout and stderr to {@code log}, stdin from {@code in} (or none). */
  static Process start(List<String> cmd, Map<String, String> env, File dir, File log, File in) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log));
    pb.redirectInput(in != null ? ProcessBuilder.Redirect.from(in) : ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment().putAll(env);
    Process p = pb.start();
    STARTED.add(p);
    return p;
  }

  /** Output of a finished command. */
  record Result(int code, String out, String err) {
    String all() {
      return out + err;
    }
  }

  /** Runs {@code cmd} to completion (at most {@code timeoutSeconds}), capturing stdout and stderr apart. */
  static Result run(List<String> cmd, Map<String, String> env, File dir, File stdin, long timeoutSeconds) throws Exception {
    File out = File.createTempFile("spangeo-test-out", ".txt");
    File err = File.createTempFile("spangeo-test-err", ".txt");
    out.deleteOnExit();
    err.deleteOnExit();
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir).redirectOutput(out).redirectError(err);
    pb.redirectInput(stdin != null ? ProcessBuilder.Redirect.from(stdin) : ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment().putAll(env);
    Process p = pb.start();
    STARTED.add(p);
    try {
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        kill(p);
        throw new AssertionError("timed out after " + timeoutSeconds + " s: " + cmd + "\n" + read(out) + read(err));
      }
      return new Result(p.exitValue(), read(out), read(err));
    } finally {
      STARTED.remove(p);
      out.delete();
      err.delete();
    }
  }

  static String read(File f) throws IOException {
    return f.isFile() ? Files.readString(f.toPath(), StandardCharsets.UTF_8) : "";
  }

  /** Waits until {@code log} contains {@code text}; fails with the log when the process ends or the time is up. */
  static String await(Process p, File log, String text, long timeoutSeconds) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    while (System.nanoTime() < end) {
      String s = read(log);
      if (s.contains(text)) return s;
      if (!p.isAlive()) throw new AssertionError("process ended (" + p.exitValue() + ") before '" + text + "':\n" + s);
      Thread.sleep(200);
    }
    throw new AssertionError("no '" + text + "' within " + timeoutSeconds + " s:\n" + read(log));
  }

  static void kill(Process p) {
    List<ProcessHandle> all = new ArrayList<>();
    p.toHandle().descendants().forEach(all::add);
    all.add(p.toHandle());
    for (ProcessHandle h : all) h.destroyForcibly();
    for (ProcessHandle h : all) {
      try {
        h.onExit().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        // already gone, or stuck in the kernel: nothing more a test can do
      }
    }
  }

  static void killAll() {
    for (Process p : STARTED) kill(p);
    STARTED.clear();
  }
}
