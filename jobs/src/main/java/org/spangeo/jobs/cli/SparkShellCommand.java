package org.spangeo.jobs.cli;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import scala.Tuple2;

/**
 * {@code spangeo spark-shell}: Spark's own Scala REPL ({@code org.apache.spark.repl.Main}, what
 * spark-shell runs) in this JVM, with the connector on the class path and {@code spark} made from
 * the same settings as every other command (conf/spark-defaults.conf, --conf, --master, --jars,
 * the application jar shipped to a cluster's executors). spark-repl comes from Maven Central
 * (3.5.7, the last published; its six classes call only Spark APIs that 3.5.9 has unchanged).
 * Reads Scala from a terminal, or from stdin when it is piped.
 */
@Command(name = "spark-shell", mixinStandardHelpOptions = true,
    description = {"Spark's Scala shell with the Zarr connector and a ready 'spark' session (UTC, the same settings",
        "as the other commands):",
        "  spark.read.format(\"zarr\").load(\"data/era5/era5_*.zarr\").where(\"month(time) = 7\").groupBy(\"level\").avg(\"temperature\").show()",
        "Reads a script from stdin when it is piped (spangeo spark-shell < query.scala). Type :quit to leave."})
public final class SparkShellCommand implements Callable<Integer> {
  static final String REPL_MAIN = "org.apache.spark.repl.Main";

  @Mixin
  SparkRunOptions run = new SparkRunOptions();

  @Parameters(paramLabel = "SCALA_OPTION", arity = "0..*", description = "Options for the Scala interpreter (e.g. -i FILE).")
  List<String> replArgs = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    Class<?> main;
    try {
      main = Class.forName(REPL_MAIN);
    } catch (ClassNotFoundException e) {
      throw new org.spangeo.zarr.InvalidArgumentException("spark-repl is not on the class path (scripts/spangeo puts it there; with spark-submit"
          + " use Spark's own spark-shell --jars spangeo-VERSION.jar)");
    }
    SparkConf conf = SparkSessions.conf(run.master, run.conf, run.jars);
    conf.setIfMissing("spark.app.name", "spangeo spark-shell");
    // the REPL builds its session from spark.* system properties, as under spark-submit
    for (Tuple2<String, String> kv : conf.getAll()) System.setProperty(kv._1(), kv._2());
    // spark-shell's own setting: the interpreter compiles against this JVM's class path
    System.setProperty("scala.usejavacp", "true");
    try {
      main.getMethod("main", String[].class).invoke(null, (Object) replArgs.toArray(new String[0]));
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
    }
    return 0;
  }
}
