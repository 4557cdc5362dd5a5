package org.spangeo.jobs.cli;

import picocli.CommandLine.Option;

/** --by of the commands that group time (climatology, anomaly): one option for both. */
public final class TimeGroupOption {
  @Option(names = "--by", defaultValue = "month", paramLabel = "GROUP", description = "month (default), season, dayofyear, hour.")
  String group;

  /** As given: "month", "season", ... */
  public String group() {
    return group;
  }

  @Override
  public String toString() {
    return group;
  }

  /** The words the job list shows for it: none for the default (month). */
  String args() {
    return "month".equals(group) ? "" : "by " + group;
  }
}
