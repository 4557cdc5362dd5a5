package org.spangeo.jobs.pipeline;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.spangeo.zarr.InvalidArgumentException;

/**
 * Runs a pipeline's steps in order. A step whose outputs are all complete is skipped
 * ({@code on_exists: skip}) or run again with --overwrite ({@code on_exists: overwrite}); a step
 * that fails stops the pipeline with its name, and the steps after it do not run. Each step
 * runs the spangeo command itself, so a step does exactly what the same command line does.
 */
public final class Pipeline {
  /** What happened to one step. */
  public static final class Outcome {
    public final String step;
    public final String status; // ran, skipped, failed
    public final double seconds;
    public final List<String> commandLine;

    Outcome(String step, String status, double seconds, List<String> commandLine) {
      this.step = step;
      this.status = status;
      this.seconds = seconds;
      this.commandLine = commandLine;
    }
  }

  /** Runs one command line; returns its exit code. */
  public interface CommandRunner {
    int run(List<String> commandLine);

    /** Whether the command has an --overwrite option. */
    boolean takesOverwrite(String command);

    /** Whether the command exists. */
    boolean exists(String command);
  }

  private final PipelineConfig config;
  private final CommandRunner runner;
  private final Configuration hadoop;
  private final PrintStream log;

  public Pipeline(PipelineConfig config, CommandRunner runner, Configuration hadoop, PrintStream log) {
    this.config = config;
    this.runner = runner;
    this.hadoop = hadoop;
    this.log = log;
  }

  /** The steps to run: all, or those named by --only, or from --from on. */
  public List<Step> select(List<String> only, String from) {
    List<String> names = new ArrayList<>();
    for (Step s : config.steps) names.add(s.name);
    for (String o : only) {
      if (!names.contains(o)) throw new InvalidArgumentException("pipeline " + config.source + " has no step '" + o + "' (steps: " + names + ")");
    }
    if (from != null && !names.contains(from)) {
      throw new InvalidArgumentException("pipeline " + config.source + " has no step '" + from + "' (steps: " + names + ")");
    }
    List<Step> out = new ArrayList<>();
    boolean started = from == null;
    for (Step s : config.steps) {
      if (s.name.equals(from)) started = true;
      if (!started) continue;
      if (!only.isEmpty() && !only.contains(s.name)) continue;
      out.add(s);
    }
    for (Step s : out) {
      if (!runner.exists(s.command)) {
        throw new InvalidArgumentException("pipeline " + config.source + ": step '" + s.name + "' names an unknown command '" + s.command + "'");
      }
    }
    return out;
  }

  /** Runs the steps; returns the outcomes (the last one failed when the pipeline stopped). */
  public List<Outcome> run(List<Step> steps, boolean forceOverwrite, boolean dryRun) {
    boolean overwrite = forceOverwrite || config.onExists == PipelineConfig.OnExists.OVERWRITE;
    List<Outcome> outcomes = new ArrayList<>();
    int i = 0;
    for (Step s : steps) {
      i++;
      String head = String.format(Locale.ROOT, "[%d/%d] %s", i, steps.size(), s.name);
      boolean complete = !s.outputs.isEmpty() && s.outputs.stream().allMatch(o -> Outputs.complete(hadoop, o));
      // an output left incomplete by a failed run is replaced: it holds nothing worth keeping
      boolean leftover = !complete && s.outputs.stream().anyMatch(o -> Outputs.exists(hadoop, o));
      List<String> cl = s.commandLine(overwrite || leftover, runner.takesOverwrite(s.command));
      if (dryRun) {
        // every step's command, so that it can be run by hand; what a real run would skip is said
        boolean skip = !overwrite && complete;
        log.println(head + ": spangeo " + String.join(" ", quoted(cl)) + (skip ? "   # outputs exist: a run skips it" : ""));
        outcomes.add(new Outcome(s.name, skip ? "skipped" : "planned", 0, cl));
        continue;
      }
      if (!overwrite && complete) {
        log.println(head + ": skipped, outputs exist (" + String.join(", ", s.outputs) + ")");
        outcomes.add(new Outcome(s.name, "skipped", 0, cl));
        continue;
      }
      log.println(head + ": spangeo " + String.join(" ", quoted(cl)));
      long t0 = System.nanoTime();
      int code = runner.run(cl);
      double secs = (System.nanoTime() - t0) / 1e9;
      if (code != 0) {
        outcomes.add(new Outcome(s.name, "failed", secs, cl));
        return outcomes;
      }
      outcomes.add(new Outcome(s.name, "ran", secs, cl));
    }
    return outcomes;
  }

  private static List<String> quoted(List<String> cl) {
    // shell-safe words stay bare; globs and the rest are quoted, so a printed line can be pasted
    Function<String, String> q = a -> a.matches("[A-Za-z0-9_./:=,+-]+") ? a : "'" + a.replace("'", "'\\''") + "'";
    List<String> out = new ArrayList<>();
    for (String a : cl) out.add(q.apply(a));
    return out;
  }
}
