package org.spangeo.zarr.datasource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.spangeo.zarr.testing.MultiYear;
import org.spangeo.zarr.testing.SparkTestSession;

/**
 * The connector jar a user passes to spark-shell/spark-submit with --jars: it holds the data
 * source registration and blosc's native library, and a JVM with only Spark's own jars plus it
 * reads a store written by xarray, with the same answer as the test JVM.
 */
class ShadedJarIT {

  @Test
  void theSparkJarCarriesTheSourceAndBlosc() throws Exception {
    File jar = new File(System.getProperty("spangeo.shadedJar"));
    assertTrue(jar.isFile(), "shaded jar " + jar + " was built");
    try (JarFile j = new JarFile(jar)) {
      assertTrue(j.getEntry("META-INF/services/org.apache.spark.sql.sources.DataSourceRegister") != null);
      assertTrue(j.getEntry("libbloscjni.so") != null, "blosc's native library");
      assertTrue(j.getEntry("org/spangeo/zarr/datasource/ZarrDataSource.class") != null);
      assertTrue(j.getEntry("org/apache/spark/SparkContext.class") == null, "Spark itself is not bundled");
    }
  }

  @Test
  void aJvmWithOnlySparkAndTheJarReadsZarr() throws Exception {
    String store = MultiYear.glob();
    // Spark's jars: the test class path without this module's own classes
    String cp = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(p -> !p.contains("zarr-spark-connector/target") && !p.contains("blosc-java"))
        .collect(Collectors.joining(File.pathSeparator));
    List<String> cmd = new ArrayList<>();
    cmd.add(System.getProperty("java.home") + "/bin/java");
    cmd.addAll(Arrays.asList(System.getProperty("spangeo.javaOpens").trim().split("\\s+")));
    cmd.addAll(List.of("-Xmx1g", "-cp", cp + File.pathSeparator + System.getProperty("spangeo.shadedJar"),
        "src/test/shell/ReadWithConnectorJar.java", store));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "finished");
    assertEquals(0, p.exitValue(), out);
    String line = out.lines().filter(l -> l.startsWith("RESULT ")).findFirst().orElseThrow(() -> new AssertionError(out));
    Row want = SparkTestSession.get().read().format("zarr").load(store)
        .where("latitude BETWEEN 22 AND 25 AND longitude BETWEEN 120 AND 122")
        .selectExpr("count(*)", "sum(CAST(t2m AS DOUBLE))").first();
    assertEquals("RESULT " + want.getLong(0) + " " + want.getDouble(1), line);
  }
}
