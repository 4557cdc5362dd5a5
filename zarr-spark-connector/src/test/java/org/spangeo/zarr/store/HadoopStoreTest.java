package org.spangeo.zarr.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spangeo.zarr.ZarrException;

class HadoopStoreTest {
  @TempDir Path tmp;

  @Test
  void readsFilesWrittenByOthers() throws IOException {
    Files.createDirectories(tmp.resolve("arr/0"));
    Files.write(tmp.resolve("arr/.zarray"), new byte[] {'{', '}'});
    Files.write(tmp.resolve("arr/0/1"), new byte[] {5, 6, 7, 8, 9});
    Files.write(tmp.resolve("arr/empty"), new byte[0]);
    HadoopStore s = HadoopStore.open(tmp + "/");
    assertEquals(tmp.toString(), s.location(), "a trailing slash is dropped");
    assertArrayEquals(new byte[] {'{', '}'}, s.get("arr/.zarray"));
    assertArrayEquals(new byte[] {5, 6, 7, 8, 9}, s.get("arr/0/1"));
    assertArrayEquals(new byte[0], s.get("arr/empty"));
    assertNull(s.get("arr/0/2"));
    assertNull(s.get("nothing/here"));
    assertEquals(5, s.size("arr/0/1"));
    assertEquals(0, s.size("arr/0"), "folders have size 0");
    assertEquals(-1, s.size("arr/9"));
    assertTrue(s.exists("arr"));
    assertEquals(List.of(".zarray", "0", "empty"), s.listChildren("arr"));
    assertEquals(List.of("arr"), s.listChildren(""));
    assertEquals(List.of(), s.listChildren("none"));
  }

  @Test
  void ranges() throws IOException {
    Files.write(tmp.resolve("k"), new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
    HadoopStore s = HadoopStore.open(tmp.toUri().toString()); // file:///... works too
    assertArrayEquals(new byte[] {3, 4}, s.getRange("k", 3, 2));
    assertArrayEquals(new byte[] {6, 7, 8, 9}, s.getRange("k", -4, 4));
    assertNull(s.getRange("absent", 0, 4));
    ZarrException e = assertThrows(ZarrException.class, () -> s.getRange("k", 8, 4));
    assertTrue(e.getMessage().contains("'k'"), e.getMessage());
    assertThrows(ZarrException.class, () -> s.getRange("k", -11, 1));
  }

  @Test
  void putIsVisibleWholeAndLeavesNoTemporaries() throws IOException {
    HadoopStore s = HadoopStore.open(tmp.toString());
    s.put("g/a/0.0", new byte[] {1, 2, 3});
    s.put("g/a/0.0", new byte[] {4, 5}); // replace
    assertArrayEquals(new byte[] {4, 5}, s.get("g/a/0.0"));
    assertArrayEquals(new byte[] {4, 5}, Files.readAllBytes(tmp.resolve("g/a/0.0")), "a plain file on disk");
    try (Stream<Path> files = Files.list(tmp.resolve("g/a"))) {
      List<String> names = files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
      assertTrue(names.stream().noneMatch(n -> n.endsWith(".tmp")), "temporary files left: " + names);
    }
    assertEquals(List.of("0.0"), s.listChildren("g/a"), "checksum side files are not listed");
    s.delete("g/a/0.0");
    assertNull(s.get("g/a/0.0"));
    s.put("g/b/x", new byte[1]);
    s.delete("g");
    assertFalse(Files.exists(tmp.resolve("g")));
    s.delete("g"); // absent is fine
  }

  @Test
  void aLocalPutThatCannotWriteSaysWhereAndLeavesNothing() throws IOException {
    HadoopStore s = HadoopStore.open(tmp.toString());
    Files.write(tmp.resolve("blocker"), new byte[] {9}); // a file where a folder must go
    java.io.UncheckedIOException e = assertThrows(java.io.UncheckedIOException.class,
        () -> s.put("blocker/a/0.0", new byte[] {1}));
    assertTrue(e.getMessage().contains("cannot write 'blocker/a/0.0'"), e.getMessage());
    assertArrayEquals(new byte[] {9}, Files.readAllBytes(tmp.resolve("blocker")), "the file in the way is untouched");
    Files.createDirectories(tmp.resolve("ro"));
    s.put("ro/k", new byte[] {1});
    tmp.resolve("ro").toFile().setWritable(false);
    try {
      if (!Files.isWritable(tmp.resolve("ro"))) { // root may write anyway
        assertThrows(java.io.UncheckedIOException.class, () -> s.put("ro/k", new byte[] {2}));
        assertArrayEquals(new byte[] {1}, s.get("ro/k"), "the old object stays whole");
      }
    } finally {
      tmp.resolve("ro").toFile().setWritable(true);
    }
    try (Stream<Path> files = Files.walk(tmp)) {
      assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "temporary files left");
    }
  }

  @Test
  void namesWithSpacesAndUnicode() {
    HadoopStore s = HadoopStore.open(tmp.toString());
    for (String k : List.of("air temperature/.zarray", "t\u00e9mp\u00e9rature/0.0", "a+b/c=d", "pct%20x/0", "h#sh/0")) {
      s.put(k, k.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      assertArrayEquals(k.getBytes(java.nio.charset.StandardCharsets.UTF_8), s.get(k), k);
      assertTrue(Files.exists(tmp.resolve(k)), "stored under its own name: " + k);
    }
  }

  @Test
  void keysThatLeaveTheRootAreRefused() throws IOException {
    Path root = tmp.resolve("root");
    Files.createDirectories(root);
    Files.write(tmp.resolve("secret"), new byte[] {42});
    HadoopStore s = HadoopStore.open(root.toString());
    for (String bad : List.of("../secret", "a/../../secret", "..", "/etc/passwd", "a//b", "a\\b", "./x")) {
      assertThrows(IllegalArgumentException.class, () -> s.get(bad), bad);
      assertThrows(IllegalArgumentException.class, () -> s.getRange(bad, 0, 1), bad);
      assertThrows(IllegalArgumentException.class, () -> s.size(bad), bad);
      assertThrows(IllegalArgumentException.class, () -> s.put(bad, new byte[] {1}), bad);
      assertThrows(IllegalArgumentException.class, () -> s.delete(bad), bad);
      assertThrows(IllegalArgumentException.class, () -> s.listChildren(bad), bad);
    }
    assertArrayEquals(new byte[] {42}, Files.readAllBytes(tmp.resolve("secret")), "untouched");
  }

  @Test
  void travelsToExecutors() throws Exception {
    Files.write(tmp.resolve("obj"), new byte[] {3, 1, 4});
    HadoopStore s = new HadoopStore(tmp.toString(), HadoopConf.of(java.util.Map.of("spangeo.test.key", "v")));
    assertArrayEquals(new byte[] {3, 1, 4}, s.get("obj")); // connected before serializing
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bos)) {
      out.writeObject(s);
    }
    Store copy;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bos.toByteArray()))) {
      copy = (Store) in.readObject();
    }
    assertEquals(s.location(), copy.location());
    assertArrayEquals(new byte[] {3, 1, 4}, copy.get("obj"));
  }
}
