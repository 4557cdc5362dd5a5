package org.spangeo.cluster;

import java.io.IOException;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;
import org.apache.spark.TaskContext;

/**
 * {@code faulty:///path}: local files with faults injected into Spark tasks, the read- and
 * write-side hook of the cluster tests. Rules come from the Hadoop configuration (which travels
 * to executors with every store), each a regular expression on the path:
 * <ul>
 *   <li>{@code spangeo.faulty.failOpen} / {@code failCreate}: the open / create throws an IOException</li>
 *   <li>{@code spangeo.faulty.killOpen} / {@code killCreate}: the executor JVM halts (executor loss)</li>
 *   <li>{@code spangeo.faulty.slowOpen}: the open waits {@code spangeo.faulty.slowMillis} (a straggler)</li>
 * </ul>
 * Only the first attempt of a task in the first attempt of its stage is hit, so the retry (or
 * the stage recomputed after a lost executor) succeeds; the driver (no TaskContext) never is.
 */
public final class FaultyFileSystem extends LocalWrapperFileSystem {
  public static final String SCHEME = "faulty";

  @Override
  protected String scheme() {
    return SCHEME;
  }

  private static boolean firstAttempt() {
    TaskContext tc = TaskContext.get();
    return tc != null && tc.attemptNumber() == 0 && tc.stageAttemptNumber() == 0;
  }

  private boolean matches(String rule, Path p) {
    Configuration c = getConf();
    String re = c == null ? null : c.get("spangeo.faulty." + rule);
    return re != null && !re.isEmpty() && Pattern.compile(re).matcher(p.toUri().getPath()).matches();
  }

  private void inject(String op, Path p) throws IOException {
    if (!firstAttempt()) return;
    if (matches("kill" + op, p)) {
      System.err.println("faulty://: halting executor JVM at " + op + " of " + p);
      Runtime.getRuntime().halt(57);
    }
    if (matches("fail" + op, p)) throw new IOException("injected fault: " + op + " of " + p);
    if (matches("slow" + op, p)) {
      try {
        Thread.sleep(getConf().getLong("spangeo.faulty.slowMillis", 3000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted straggler at " + p, e);
      }
    }
  }

  @Override
  public FSDataInputStream open(Path f, int bufferSize) throws IOException {
    inject("Open", f);
    return super.open(f, bufferSize);
  }

  @Override
  public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize, short replication,
      long blockSize, Progressable progress) throws IOException {
    inject("Create", f);
    return super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress);
  }
}
