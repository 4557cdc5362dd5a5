package org.spangeo.zarr.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.spangeo.zarr.ZarrException;

class MemoryStoreTest {

  @Test
  void putGetAndCopies() {
    MemoryStore s = new MemoryStore("t");
    assertEquals("memory://t", s.location());
    byte[] data = {1, 2, 3, 4, 5};
    s.put("a/b/0.0", data);
    data[0] = 99; // the store kept its own copy
    byte[] got = s.get("a/b/0.0");
    assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, got);
    got[1] = 99; // and hands out copies
    assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, s.get("a/b/0.0"));
    assertNull(s.get("a/b/0.1"));
    assertNull(s.get("a/b"), "a prefix is not an object");
    s.put("a/b/0.0", new byte[] {7});
    assertArrayEquals(new byte[] {7}, s.get("a/b/0.0"), "put replaces");
    s.put("empty", new byte[0]);
    assertArrayEquals(new byte[0], s.get("empty"));
    assertEquals(0, s.size("empty"));
  }

  @Test
  void ranges() {
    MemoryStore s = new MemoryStore("r");
    s.put("k", new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
    assertArrayEquals(new byte[] {2, 3, 4}, s.getRange("k", 2, 3));
    assertArrayEquals(new byte[] {7, 8, 9}, s.getRange("k", -3, 3), "negative offsets count from the end");
    assertArrayEquals(new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, s.getRange("k", -10, 10));
    assertArrayEquals(new byte[0], s.getRange("k", 10, 0));
    assertNull(s.getRange("absent", 0, 1));
    ZarrException e = assertThrows(ZarrException.class, () -> s.getRange("k", 8, 3));
    assertTrue(e.getMessage().contains("memory://r") && e.getMessage().contains("'k'"), e.getMessage());
    assertThrows(ZarrException.class, () -> s.getRange("k", -11, 2));
  }

  @Test
  void sizesAndExistence() {
    MemoryStore s = new MemoryStore("s");
    s.put("g/a/0", new byte[12]);
    assertEquals(12, s.size("g/a/0"));
    assertEquals(0, s.size("g/a"), "a prefix with objects below is a folder");
    assertEquals(0, s.size("g"));
    assertEquals(-1, s.size("g/b"));
    assertEquals(-1, s.size("g/a/0/x"));
    assertEquals(-1, s.size("g/"+"a0"));
    assertTrue(s.exists("g/a"));
    assertFalse(s.exists("h"));
  }

  @Test
  void listing() {
    MemoryStore s = new MemoryStore("l");
    for (String k : List.of("z/.zgroup", "z/b/.zarray", "z/b/0.0", "z/b/0.1", "z/a/1/0", "z/a/0/0", "z/ab", "za/x", "y")) {
      s.put(k, new byte[1]);
    }
    assertEquals(List.of("y", "z", "za"), s.listChildren(""));
    assertEquals(List.of(".zgroup", "a", "ab", "b"), s.listChildren("z"));
    assertEquals(List.of("0", "1"), s.listChildren("z/a"));
    assertEquals(List.of(".zarray", "0.0", "0.1"), s.listChildren("z/b"));
    assertEquals(List.of(), s.listChildren("nothing"));
  }

  @Test
  void deletingKeysAndPrefixes() {
    MemoryStore s = new MemoryStore("d");
    for (String k : List.of("a/b/0", "a/b/1", "a/bc/0", "a/b", "x")) s.put(k, new byte[1]);
    s.delete("a/b/0");
    assertNull(s.get("a/b/0"));
    assertTrue(s.exists("a/b/1"));
    s.delete("a/b"); // the object a/b and everything below it, but not its sibling a/bc
    assertNull(s.get("a/b"));
    assertNull(s.get("a/b/1"));
    assertTrue(s.exists("a/bc/0"));
    s.delete("not/there"); // fine
    assertTrue(s.exists("x"));
  }

  @Test
  void keysThatLeaveTheRootAreRefused() {
    MemoryStore s = new MemoryStore("k");
    for (String bad : List.of("..", "../a", "a/..", "a/../b", ".", "./a", "/a", "a//b", "a\\b", "a/\0")) {
      assertThrows(IllegalArgumentException.class, () -> s.put(bad, new byte[1]), bad);
      assertThrows(IllegalArgumentException.class, () -> s.get(bad), bad);
      assertThrows(IllegalArgumentException.class, () -> s.size(bad), bad);
      assertThrows(IllegalArgumentException.class, () -> s.delete(bad), bad);
      assertThrows(IllegalArgumentException.class, () -> s.listChildren(bad), bad);
    }
    assertThrows(IllegalArgumentException.class, () -> s.get(null));
    assertEquals(List.of(), s.listChildren(""));
    // names that merely contain dots are keys like any other
    s.put("a/..b/.zarray", new byte[1]);
    s.put("a/b../c.", new byte[1]);
    assertTrue(s.exists("a/..b/.zarray"));
    assertTrue(s.exists("a/b../c."));
  }
}
