package org.spangeo.zarr.datasource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.Arrays;
import java.util.Iterator;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spangeo.zarr.ZarrException;

/** The write task's fragment file: segments read back as written; a cut-off file is refused by name, never read short. */
class FragmentTest {
  @TempDir
  java.nio.file.Path dir;

  private static Fragment segment(int rows, long t0) {
    long[] t = new long[rows];
    double[] v = new double[rows];
    for (int i = 0; i < rows; i++) {
      t[i] = t0 + i;
      v[i] = i * 0.5;
    }
    return new Fragment(rows, new long[][] {t, null}, new double[][] {null, Arrays.copyOf(v, rows)}, new double[][] {v});
  }

  private Path write(String name) throws Exception {
    FileSystem fs = FileSystem.getLocal(new Configuration()).getRaw();
    Path p = new Path(dir.resolve(name).toUri());
    Fragment.Output out = new Fragment.Output(fs, p, new boolean[] {true, false}, 1);
    out.write(segment(3, 100));
    out.write(segment(2, 200));
    out.commit();
    return p;
  }

  @Test
  void segmentsReadBackInOrder() throws Exception {
    Path p = write("a.frag");
    FileSystem fs = FileSystem.getLocal(new Configuration()).getRaw();
    Iterator<Fragment> it = Fragment.read(fs, p);
    Fragment a = it.next();
    assertEquals(3, a.rows);
    assertArrayEquals(new long[] {100, 101, 102}, a.dimLongs[0]);
    assertArrayEquals(new double[] {0, 0.5, 1}, a.vars[0]);
    Fragment b = it.next();
    assertEquals(2, b.rows);
    assertArrayEquals(new long[] {200, 201}, b.dimLongs[0]);
    assertFalse(it.hasNext());
    assertFalse(Files.exists(dir.resolve(".a.frag.tmp")), "the temporary name is gone after commit");
  }

  @Test
  void aCutOffFragmentIsRefused() throws Exception {
    Path p = write("b.frag");
    java.nio.file.Path f = dir.resolve("b.frag");
    byte[] all = Files.readAllBytes(f);
    Files.write(f, Arrays.copyOf(all, all.length - 12)); // the end marker and part of the last segment
    FileSystem fs = FileSystem.getLocal(new Configuration()).getRaw();
    ZarrException e = assertThrows(ZarrException.class, () -> {
      Iterator<Fragment> it = Fragment.read(fs, p);
      while (it.hasNext()) it.next();
    });
    assertTrue(e.getMessage().contains("b.frag") && e.getMessage().contains("ends early"), e.getMessage());
  }
}
