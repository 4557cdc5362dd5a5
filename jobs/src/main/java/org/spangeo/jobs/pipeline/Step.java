package org.spangeo.jobs.pipeline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One pipeline step: a spangeo command with its options, exactly as on the command line
 * ({@code out: x.zarr} is {@code --out x.zarr}; a list repeats the option; {@code true} is a
 * flag), and the outputs that say whether the step has already run.
 */
public final class Step {
  public final String name;
  public final String command;
  public final Map<String, Object> options;
  public final List<String> args;
  public final List<String> outputs;
  public final String description;

  Step(String name, String command, Map<String, Object> options, List<String> args, List<String> outputs,
      String description) {
    this.name = name;
    this.command = command;
    this.options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    this.args = List.copyOf(args);
    this.outputs = List.copyOf(outputs);
    this.description = description;
  }

  /** The command line of this step: command, options in the order written, then arguments. */
  public List<String> commandLine(boolean overwrite, boolean commandTakesOverwrite) {
    List<String> out = new ArrayList<>();
    out.add(command);
    for (Map.Entry<String, Object> e : options.entrySet()) {
      String flag = "--" + e.getKey();
      Object v = e.getValue();
      if (v instanceof List) {
        for (Object x : (List<?>) v) {
          out.add(flag);
          out.add(String.valueOf(x));
        }
      } else if (v instanceof Boolean) {
        if ((Boolean) v) out.add(flag);
      } else {
        out.add(flag);
        out.add(String.valueOf(v));
      }
    }
    if (overwrite && commandTakesOverwrite && !options.containsKey("overwrite")) out.add("--overwrite");
    out.addAll(args);
    return out;
  }
}
