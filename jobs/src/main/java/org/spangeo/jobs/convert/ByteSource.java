package org.spangeo.jobs.convert;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;

/** A read-only file read with positioned reads: a local file or a file on a Hadoop FileSystem. */
interface ByteSource extends Closeable, PositionedReader {
  Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:");

  String location();

  long size();

  /** Opens a local path or file: URI directly, anything else through Hadoop's FileSystem. */
  static ByteSource open(String pathOrUri, Configuration conf) throws IOException {
    Path local = localPath(pathOrUri);
    if (local != null) return LocalByteSource.open(pathOrUri, local);
    return HadoopByteSource.open(pathOrUri, conf == null ? new Configuration() : conf);
  }

  /** The local path for a path without a scheme or a file: URI; null for other URIs. */
  static Path localPath(String pathOrUri) {
    if (!SCHEME.matcher(pathOrUri).find()) return Path.of(pathOrUri);
    if (pathOrUri.regionMatches(true, 0, "file:", 0, 5)) {
      try {
        return Path.of(URI.create(pathOrUri));
      } catch (IllegalArgumentException e) {
        return Path.of(pathOrUri.substring(5));
      }
    }
    return null;
  }
}
