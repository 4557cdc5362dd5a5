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

  /** One line per command for the list in --help (the xarray / Python line it replaces, when there is one). */
  private static final java.util.Map<String, String> SUMMARY = java.util.Map.ofEntries(
      java.util.Map.entry("inspect", "An xarray-like summary of Zarr stores (metadata only)."),
      java.util.Map.entry("subset", "Write the selection: ds.sel(...)[vars].to_zarr(out)."),
      java.util.Map.entry("compute", "ds['ws'] = np.sqrt(ds.u10**2 + ds.v10**2): variables from expressions."),
      java.util.Map.entry("reduce", "ds.mean(dim=[...]), std, min, max, sum, count, quantile(q) over any dims."),
      java.util.Map.entry("resample", "ds.resample(time='1D').mean() (also sum, min, max, std)."),
      java.util.Map.entry("climatology", "ds.groupby('time.month').mean() (month, season, dayofyear, hour)."),
      java.util.Map.entry("anomaly", "ds.groupby('time.month') - climatology."),
      java.util.Map.entry("area-mean", "ds.weighted(cos(lat)).mean(('latitude', 'longitude'))."),
      java.util.Map.entry("rechunk", "Rewrite with other chunks in bounded memory, as rechunker."),
      java.util.Map.entry("convert", "NetCDF-3 / NetCDF-4 files to one Zarr store."),
      java.util.Map.entry("coarsen", "ds.coarsen(latitude=4, longitude=4).mean()."),
      java.util.Map.entry("regrid", "Interpolate onto a regular lat/lon grid (bilinear, nearest)."),
      java.util.Map.entry("points", "Time series at the nearest grid cells of several points."),
      java.util.Map.entry("sample-data", "Write the ERA5-like sample data, one Zarr store per year."),
      java.util.Map.entry("shards", "ML shards of a radiation store: .npy stacks, one HDF5 file, metadata.json."),
      java.util.Map.entry("plot", "A map or a line plot of a variable as a PNG."),
      java.util.Map.entry("pipeline", "Run conf/pipeline.yaml: spangeo commands in order, rerun-safe."),
      java.util.Map.entry("shell", "jshell with Spark, the connector and a ready 'spark' session."),
      java.util.Map.entry("spark-shell", "Spark's Scala shell with the connector and a ready 'spark' session."),
      java.util.Map.entry("ui", "Spark's History Server over the event logs of finished runs."),
      java.util.Map.entry("patches", "Cut training patches with xbatcher's rules into a patch store."),
      java.util.Map.entry("train", "Train the convection classifier (DJL, PyTorch, CPU)."),
      java.util.Map.entry("predict", "Run a model on the executors; predictions back on the grid."),
      java.util.Map.entry("score", "Skill scores with xskillscore's definitions."));

  /** The whole command line: every command (help, pipelines, tests). */
  public static CommandLine commandLine() {
    return build(null);
  }

  /**
   * The command line for these arguments. When the first one names a command, only that command's
   * model is built: picocli reflects over every option of every command it is given, about 0.3 s of
   * a short command's start-up for the ~25 commands. Anything else (no command, an option, help, an
   * unknown name) gets the whole command line, so its usage and errors are the same.
   */
  public static CommandLine commandLine(String... args) {
    if (args.length > 0 && !args[0].startsWith("-") && !args[0].equals("help")) {
      CommandLine one = build(args[0]);
      if (one.getSubcommands().containsKey(args[0])) return one;
    }
    return build(null);
  }

  private static CommandLine build(String only) {
    CommandLine cl = new CommandLine(new Spangeo());
    java.util.List<Object> commands = new java.util.ArrayList<>(Commands.all());
    // modules above jobs (ml) add their commands through META-INF/services
    for (CommandProvider p : java.util.ServiceLoader.load(CommandProvider.class)) commands.addAll(p.commands());
    for (Object c : commands) {
      if (only == null || only.equals(c.getClass().getAnnotation(Command.class).name())) cl.addSubcommand(c);
    }
    for (java.util.Map.Entry<String, CommandLine> e : cl.getSubcommands().entrySet()) {
      String line = SUMMARY.get(e.getKey());
      if (line != null && e.getValue().getCommandSpec().usageMessage().header().length == 0) {
        e.getValue().getCommandSpec().usageMessage().header(line);
      }
    }
    // the descriptions are written for 100 columns; picocli's default of 80 breaks their lines
    cl.setUsageHelpWidth(100);
    // the library's exceptions (SpangeoException and its kinds) become one line and exit status 1
    cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
      cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + Errors.oneLine(ex));
      cmd.getErr().print(Errors.caret(ex)); // under an expression, where it went wrong
      cmd.getErr().flush();
      if (System.getenv("SPANGEO_DEBUG") != null) ex.printStackTrace(cmd.getErr());
      return 1;
    });
    cl.setParameterExceptionHandler((ex, args) -> {
      CommandLine cmd = ex.getCommandLine();
      // "spangeo" for the root (an unknown command), "spangeo subset" for a command's options
      String name = cmd.getCommandSpec().qualifiedName();
      cmd.getErr().println(name + ": " + ex.getMessage());
      cmd.getErr().println("Run '" + name + " --help' for its " + (cmd.getParent() == null ? "commands." : "options."));
      return 2;
    });
    return cl;
  }

  public static void main(String[] args) {
    int code = commandLine(args).execute(args);
    // A YARN cluster-mode driver runs main in the ApplicationMaster's JVM: System.exit there,
    // even with 0, ends the application as FAILED ("Shutdown hook called before final status
    // was reported", exit 16) and YARN runs it a second time. Return (or throw) instead.
    if ("yarn".equals(System.getProperty("spark.master")) && "cluster".equals(System.getProperty("spark.submit.deployMode"))) {
      if (code != 0) throw new IllegalStateException("spangeo " + (args.length > 0 ? args[0] : "") + " failed with exit status " + code);
      return;
    }
    System.exit(code);
  }
}
