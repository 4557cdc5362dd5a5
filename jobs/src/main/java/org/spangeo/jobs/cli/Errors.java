package org.spangeo.jobs.cli;

import org.spangeo.zarr.ZarrException;

/** Turns an exception (often wrapped by Spark) into the one line a user needs. */
public final class Errors {
  private Errors() {}

  public static String oneLine(Throwable e) {
    // the most specific message we wrote ourselves: a ZarrException or an IllegalArgumentException
    Throwable best = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ZarrException || t instanceof IllegalArgumentException || t instanceof UserError) best = t;
      if (t.getCause() == t) break;
    }
    Throwable pick = best != null ? best : rootOf(e);
    String m = pick.getMessage() == null ? pick.getClass().getSimpleName() : pick.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  /** For an expression error: the expression and a caret under the column (else empty). */
  public static String caret(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof org.spangeo.jobs.expr.ExpressionException x) return x.caret();
      if (t.getCause() == t) break;
    }
    return "";
  }

  private static Throwable rootOf(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    return t;
  }

  /** An error in what the user asked for (arguments, paths), reported without a stack trace. */
  public static final class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserError(String message) {
      super(message);
    }
  }
}
