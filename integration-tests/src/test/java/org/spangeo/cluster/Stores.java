package org.spangeo.cluster;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import org.apache.spark.sql.SparkSession;

/** Scratch folders and small helpers shared by the cluster tests. */
final class Stores {
  private Stores() {}

  /** A fresh folder under target/cluster-stores. */
  static Path scratch(String name) {
    Path d = Path.of("target", "cluster-stores", name).toAbsolutePath();
    try {
      if (Files.exists(d)) {
        try (var s = Files.walk(d)) {
          s.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
      }
      Files.createDirectories(d);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return d;
  }

  /** A local path as a URI of the given scheme (faulty:///..., nonatomic:///...). */
  static String uri(String scheme, Path p) {
    return scheme + "://" + p.toAbsolutePath();
  }

  /** Waits until the listeners have seen every event so far (task ends arrive asynchronously). */
  static void drainListeners(SparkSession spark) {
    try {
      spark.sparkContext().listenerBus().waitUntilEmpty(30_000);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("Spark's listener bus did not drain in 30 s", e);
    }
  }
}
