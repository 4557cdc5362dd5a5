package org.spangeo.jobs.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code spangeo <command> [options]}: the Pangeo workflow on Spark. Runs Spark embedded
 * ({@code local[*]}) by default, or on a cluster under spark-submit / with --master.
 * Every error a user can cause ends in one line on stderr and a non-zero exit.
 */
@Command(name = "spangeo", mixinStandardHelpOptions = true, version = "spangeo 0.1.0",
    description = "Gridded weather and climate data (Zarr) on Apache Spark: the xarray/dask workflow, scaled out.",
    subcommands = {CommandLine.HelpCommand.class},
    footer = {"", "Run 'spangeo <command> --help' for a command's options.",
        "Embedded Spark (local[*]) unless --master is given or the jar runs under spark-submit."})
public final class Spangeo implements Callable<Integer> {

  @Override
  public Integer call() {
    CommandLine.usage(this, System.out);
    return 2;
  }

  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Spangeo());
    for (Object c : Commands.all()) cl.addSubcommand(c);
    // modules above jobs (ml) add their commands through META-INF/services
    for (CommandProvider p : java.util.ServiceLoader.load(CommandProvider.class)) {
      for (Object c : p.commands()) cl.addSubcommand(c);
    }
    cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
      cmd.getErr().println("spangeo " + cmd.getCommandName() + ": " + Errors.oneLine(ex));
      if (System.getenv("SPANGEO_DEBUG") != null) ex.printStackTrace(cmd.getErr());
      return 1;
    });
    cl.setParameterExceptionHandler((ex, args) -> {
      CommandLine cmd = ex.getCommandLine();
      cmd.getErr().println("spangeo " + cmd.getCommandName() + ": " + ex.getMessage());
      cmd.getErr().println("Run 'spangeo " + cmd.getCommandName() + " --help' for its options.");
      return 2;
    });
    return cl;
  }

  public static void main(String[] args) {
    int code = commandLine().execute(args);
    System.exit(code);
  }
}
