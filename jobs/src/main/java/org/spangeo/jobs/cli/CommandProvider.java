package org.spangeo.jobs.cli;

import java.util.List;

/**
 * Commands contributed by a module that depends on jobs (ml adds patches, train, predict, score,
 * pipeline). Listed in {@code META-INF/services/org.spangeo.jobs.cli.CommandProvider}, so jobs
 * does not depend on the modules above it.
 */
public interface CommandProvider {
  /** picocli command objects, in the order --help lists them. */
  List<Object> commands();
}
