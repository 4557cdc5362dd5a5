package org.spangeo.deploy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Every file of a Zarr store (its path in the store, SHA-256 of its bytes): equal maps mean byte-identical stores. */
final class Trees {
  private Trees() {}

  static Map<String, String> of(File root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    if (!root.isDirectory()) return out;
    try (Stream<Path> s = Files.walk(root.toPath())) {
      for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
        out.put(root.toPath().relativize(p).toString(), sha256(Files.readAllBytes(p)));
      }
    }
    return out;
  }

  static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static void delete(File f) throws IOException {
    if (!f.exists()) return;
    try (Stream<Path> s = Files.walk(f.toPath())) {
      s.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    }
  }
}
