package org.spangeo.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.spangeo.cluster.ClusterData;

/**
 * {@code spangeo spark-shell} is Spark's Scala REPL (spark-repl 3.5.7 on the 3.5.9 jars): Scala
 * piped into it reads a store with format("zarr"); a filtered count and an aggregate are checked
 * against the values computed here from the store's definition. The JVM runs with
 * TZ=Asia/Shanghai: month(time) = 7 is July in UTC (the session time zone the command sets),
 * which moves 8 of the 248 July steps when the zone leaks.
 */
class SparkShellTest extends ScratchStoreTest {

  @Test
  void scalaFromStdin() throws Exception {
    File store = newStore("spangeo-shell");
    File script = new File(dir, "query.scala");
    Files.writeString(script.toPath(), String.join("\n",
        "val t2m = spark.read.format(\"zarr\").load(\"" + store.getAbsolutePath() + "\")",
        "println(\"ZONE=\" + spark.conf.get(\"spark.sql.session.timeZone\"))",
        "println(\"COUNT=\" + t2m.where(\"latitude > 25 AND month(time) = 7\").count())",
        "val m = t2m.where(\"month(time) = 7 AND NOT isnan(t2m)\").agg(avg(\"t2m\"), sum(\"t2m\")).collect()(0)",
        "println(\"MEAN=\" + m.getDouble(0) + \" SUM=\" + m.getDouble(1))",
        ":quit", ""), StandardCharsets.UTF_8);

    long julySteps = 0;
    double sum = 0;
    long n = 0;
    for (int t = 0; t < ClusterData.NT; t++) {
      if (ClusterData.month(t) != 7) continue;
      julySteps++;
      for (int y = 0; y < ClusterData.NY; y++) {
        for (int x = 0; x < ClusterData.NX; x++) {
          float v = ClusterData.value(t, y, x);
          if (Float.isNaN(v)) continue;
          sum += v;
          n++;
        }
      }
    }
    long northOf25 = 0;
    for (int y = 0; y < ClusterData.NY; y++) if (ClusterData.lat(y) > 25) northOf25++;

    long t0 = System.nanoTime();
    Procs.Result r = Procs.run(List.of(new File(Runtimes.root(), "scripts/spangeo").getPath(), "spark-shell"),
        Map.of("TZ", "Asia/Shanghai", "SPANGEO_JAVA_OPTS", "-Xmx1g", "SPARK_LOCAL_IP", "127.0.0.1"), dir, script, 600);
    System.out.printf("spark-shell: %.1f s%n", (System.nanoTime() - t0) / 1e9);
    assertEquals(0, r.code(), r.all());
    assertTrue(r.out().contains("version 3.5.9"), r.out()); // Spark's banner: the REPL runs on the project's Spark
    assertEquals("UTC", value(r.out(), "ZONE="));
    assertEquals(julySteps * northOf25 * ClusterData.NX, Long.parseLong(value(r.out(), "COUNT=")));
    String[] ms = value(r.out(), "MEAN=").split(" SUM=");
    // every value is a multiple of 0.25: the sums are exact in any order
    assertEquals(sum, Double.parseDouble(ms[1]), 0.0);
    assertEquals(sum / n, Double.parseDouble(ms[0]), 0.0);
  }

  static String value(String out, String prefix) {
    return out.lines().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length()).trim()).findFirst()
        .orElseThrow(() -> new AssertionError("no " + prefix + " in:\n" + out));
  }
}
