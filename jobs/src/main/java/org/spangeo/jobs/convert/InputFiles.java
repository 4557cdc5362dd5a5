package org.spangeo.jobs.convert;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** The files named by {@code --in}: paths, globs ({@code data/era-*.nc}) or Hadoop URIs, each glob sorted by name. */
final class InputFiles {
  private InputFiles() {}

  static List<String> expand(List<String> inputs, Configuration conf) {
    Configuration c = conf != null ? conf : new Configuration();
    LinkedHashSet<String> out = new LinkedHashSet<>();
    for (String raw : inputs) {
      String in = raw == null ? "" : raw.trim();
      if (in.isEmpty()) continue;
      boolean glob = in.indexOf('*') >= 0 || in.indexOf('?') >= 0 || in.indexOf('[') >= 0 || in.indexOf('{') >= 0;
      FileStatus[] found;
      try {
        Path p = new Path(in);
        FileSystem fs = p.getFileSystem(c);
        found = fs.globStatus(p);
      } catch (IOException | IllegalArgumentException e) {
        // no cause: the one-line report takes the deepest message, and this one names the input
        throw new IllegalArgumentException("--in '" + in + "': " + FormatDetector.oneLine(e));
      }
      if (found == null || found.length == 0) {
        throw new IllegalArgumentException("--in '" + in + "' " + (glob ? "matches no file" : "does not exist"));
      }
      Arrays.sort(found, Comparator.comparing(s -> s.getPath().toString()));
      for (FileStatus s : found) {
        if (s.isDirectory()) {
          throw new IllegalArgumentException("--in '" + in + "': " + display(s.getPath()) + " is a folder, not a NetCDF file");
        }
        out.add(display(s.getPath()));
      }
    }
    if (out.isEmpty()) throw new IllegalArgumentException("--in names no file");
    return new ArrayList<>(out);
  }

  /** Local files as plain paths (as users wrote them), others as URIs. */
  static String display(Path p) {
    URI u = p.toUri();
    return "file".equals(u.getScheme()) ? u.getPath() : p.toString();
  }
}
