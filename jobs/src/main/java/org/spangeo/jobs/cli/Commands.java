package org.spangeo.jobs.cli;

import java.util.ArrayList;
import java.util.List;

/** The built-in commands, in the order --help lists them. */
final class Commands {
  private Commands() {}

  static List<Object> all() {
    List<Object> out = new ArrayList<>();
    out.add(new InspectCommand());
    return out;
  }
}
