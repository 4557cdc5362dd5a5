package org.spangeo.jobs.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.spark.SparkConf;
import org.spangeo.jobs.ui.HistoryUi;
import org.spangeo.zarr.InvalidArgumentException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code spangeo ui}: Spark's History Server over the event logs of finished runs. */
@Command(name = "ui", mixinStandardHelpOptions = true,
    description = {"Look at finished runs in the Spark UI: starts Spark's History Server (in this JVM, from",
        "Spangeo's own Spark jars) over the event logs that every command writes (spark.eventLog.dir in",
        "conf/spark-defaults.conf, default ./spark-events), prints its URL and runs until Ctrl-C.",
        "Each run is one application: its Jobs and Stages pages carry the commands' descriptions",
        "(\"climatology by month (mean): read temperature 2019-01-01..2021-12-31, 1,460 chunks\"), the SQL",
        "tab the Zarr scan's chunks read/pruned and bytes, the Executors page peak memory.",
        "Example: spangeo ui            then open http://localhost:18080"})
public final class UiCommand implements Callable<Integer> {
  @Option(names = "--port", defaultValue = "18080", paramLabel = "N", description = "Port to listen on (default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--logs", paramLabel = "DIR",
      description = "Event log folder or Hadoop URI (default: spark.eventLog.dir of conf/spark-defaults.conf).")
  String logs;

  @Override
  public Integer call() throws InterruptedException {
    if (port < 0 || port > 65535) throw new InvalidArgumentException("--port " + port + " is not a port number (0..65535)");
    SparkConf settings = SparkSessions.settings();
    String dir = logs != null ? logDir(logs) : settings.get("spark.eventLog.dir", SparkSessions.absolute("spark-events"));
    HistoryUi ui = HistoryUi.start(settings, dir, port);
    Runtime.getRuntime().addShutdownHook(new Thread(ui::close, "spangeo-ui-stop"));
    System.out.println("Spark History Server: " + ui.url() + "  (event logs: " + dir + "; Ctrl-C to stop)");
    System.out.flush();
    new CountDownLatch(1).await();
    return 0;
  }

  /** A URI stays as it is; a local path becomes an absolute file: URI. */
  static String logDir(String s) {
    if (s.startsWith("file:") && !s.startsWith("file:/")) return SparkSessions.absolute(s.substring("file:".length()));
    return s.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*") && !s.matches("^[A-Za-z]:\\\\.*") ? s : SparkSessions.absolute(s);
  }
}
