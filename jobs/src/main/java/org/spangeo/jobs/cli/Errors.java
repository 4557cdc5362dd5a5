package org.spangeo.jobs.cli;

import org.spangeo.zarr.SpangeoException;

/** Turns an exception (often wrapped by Spark) into the one line a user needs. */
public final class Errors {
  private Errors() {}

  /** The most specific message we wrote ourselves: see {@link SpangeoException#oneLine}. */
  public static String oneLine(Throwable e) {
    return s3Hint(e, SpangeoException.oneLine(e));
  }

  /** S3A's "no credentials" names its providers, not the settings a user gives: say which. */
  private static String s3Hint(Throwable e, String line) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String c = t.getClass().getName();
      if (c.endsWith(".NoAuthWithAWSException") || c.endsWith(".NoAwsCredentialsException")) {
        return line + " (no S3 credentials: set spark.hadoop.fs.s3a.access.key and spark.hadoop.fs.s3a.secret.key,"
            + " or spark.hadoop.fs.s3a.aws.credentials.provider)";
      }
      if (t.getCause() == t) break;
    }
    return line;
  }

  /** For an expression error: the expression and a caret under the column (else empty). */
  public static String caret(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof org.spangeo.jobs.expr.ExpressionException x) return x.caret();
      if (t.getCause() == t) break;
    }
    return "";
  }
}
