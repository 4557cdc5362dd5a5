package org.spangeo.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.List;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.spangeo.zarr.InvalidArgumentException;
import picocli.CommandLine.TypeConversionException;

/** What a command checks and sets before it joins a cluster (no Spark started). */
class ClusterLaunchTest {
  static SparkConf master(String url) {
    return new SparkConf(false).setMaster(url);
  }

  @Test
  void masterUrlsSparkKnowsPassOthersAreNamed() {
    for (String ok : new String[] {"local", "local[*]", "local[4]", "local[2,3]", "local-cluster[2,1,1024]"}) {
      ClusterLaunch.prepare(master(ok), List.of());
    }
    InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
        () -> ClusterLaunch.prepare(master("sprak://h:7077"), List.of()));
    assertTrue(e.getMessage().startsWith("--master 'sprak://h:7077' is not a Spark master URL"), e.getMessage());
  }

  @Test
  void aMasterThatDoesNotAnswerIsNamed() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    int closed = port;
    InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
        () -> ClusterLaunch.prepare(master("spark://127.0.0.1:" + closed), List.of()));
    assertTrue(e.getMessage().contains("nothing answers at 127.0.0.1:" + closed), e.getMessage());
  }

  @Test
  void theApplicationJarAndJarsAreShippedToAClusterOnly() throws Exception {
    File app = File.createTempFile("spangeo-app", ".jar");
    File extra = File.createTempFile("extra", ".jar");
    String before = System.getProperty(ClusterLaunch.APP_JAR);
    try (ServerSocket master = new ServerSocket(0)) {
      System.setProperty(ClusterLaunch.APP_JAR, app.getPath());
      SparkConf c = master("spark://127.0.0.1:" + master.getLocalPort()).set("spark.jars", "hdfs:///lib/a.jar");
      ClusterLaunch.prepare(c, List.of(extra.getPath()));
      assertEquals("hdfs:///lib/a.jar," + extra.toURI() + "," + app.toURI(), c.get("spark.jars"));

      SparkConf local = master("local[2]");
      ClusterLaunch.prepare(local, List.of());
      assertTrue(!local.contains("spark.jars"), local.toDebugString()); // embedded: the classes are here

      InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
          () -> ClusterLaunch.prepare(master("local"), List.of("/no/such.jar")));
      assertEquals("--jars /no/such.jar: no such file", e.getMessage());
    } finally {
      if (before == null) System.clearProperty(ClusterLaunch.APP_JAR);
      else System.setProperty(ClusterLaunch.APP_JAR, before);
      Files.delete(app.toPath());
      Files.delete(extra.toPath());
    }
  }

  @Test
  void confIsKeyEqualsValueWithASparkKey() {
    assertArrayEquals(new String[] {"spark.executor.memory", "4g"}, SparkSessions.ConfConverter.split("spark.executor.memory=4g"));
    assertArrayEquals(new String[] {"spark.executor.extraJavaOptions", "-Da=b -Dc=d"},
        SparkSessions.ConfConverter.split("spark.executor.extraJavaOptions=-Da=b -Dc=d"));
    assertArrayEquals(new String[] {"spark.x", ""}, SparkSessions.ConfConverter.split("spark.x="));
    for (String bad : new String[] {"spark.executor.memory", "=4g", "spark executor=1"}) {
      TypeConversionException e = assertThrows(TypeConversionException.class, () -> SparkSessions.ConfConverter.split(bad));
      assertTrue(e.getMessage().contains("is not KEY=VALUE"), e.getMessage());
    }
    TypeConversionException e = assertThrows(TypeConversionException.class,
        () -> SparkSessions.ConfConverter.split("fs.s3a.endpoint=http://x"));
    assertTrue(e.getMessage().contains("give it as spark.hadoop.fs.s3a.endpoint"), e.getMessage());
  }
}
