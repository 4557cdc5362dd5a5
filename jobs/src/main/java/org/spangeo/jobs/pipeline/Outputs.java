package org.spangeo.jobs.pipeline;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.spangeo.zarr.dataset.ZarrGroup;

/**
 * Whether a step's outputs are there and complete, on any Hadoop FileSystem. A Zarr store
 * counts only when its metadata is written and the writer's incomplete marker is gone, so a
 * step that died half-way is run again, never skipped.
 */
final class Outputs {
  private Outputs() {}

  static boolean complete(Configuration conf, String output) {
    try {
      Path p = new Path(output);
      FileSystem fs = p.getFileSystem(conf);
      FileStatus[] matches = fs.globStatus(p);
      if (matches == null || matches.length == 0) return false;
      for (FileStatus m : matches) {
        if (!completeOne(fs, m)) return false;
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static boolean exists(Configuration conf, String output) {
    try {
      Path p = new Path(output);
      FileStatus[] matches = p.getFileSystem(conf).globStatus(p);
      return matches != null && matches.length > 0;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean completeOne(FileSystem fs, FileStatus s) throws IOException {
    Path p = s.getPath();
    if (!s.isDirectory()) return s.getLen() > 0;
    if (fs.exists(new Path(p, ZarrGroup.INCOMPLETE_MARKER))) return false;
    if (p.getName().endsWith(".zarr")) {
      return fs.exists(new Path(p, ".zmetadata")) || fs.exists(new Path(p, ".zgroup")) || fs.exists(new Path(p, "zarr.json"));
    }
    // a folder of stores (sample-data): every store in it must be complete, and there must be one
    FileStatus[] children = fs.listStatus(p);
    boolean any = false;
    for (FileStatus c : children) {
      if (c.isDirectory() && c.getPath().getName().endsWith(".zarr")) {
        if (!completeOne(fs, c)) return false;
        any = true;
      }
    }
    return any || children.length > 0;
  }
}
