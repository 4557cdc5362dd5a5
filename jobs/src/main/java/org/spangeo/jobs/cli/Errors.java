package org.spangeo.jobs.cli;

import org.spangeo.zarr.InvalidArgumentException;
import org.spangeo.zarr.SpangeoException;

/** Turns an exception (often wrapped by Spark) into the one line a user needs. */
public final class Errors {
  private Errors() {}

  /** The most specific message we wrote ourselves: see {@link SpangeoException#oneLine}. */
  public static String oneLine(Throwable e) {
    return SpangeoException.oneLine(e);
  }

  /**
   * Kept only so that branches written before the exception hierarchy still compile: throw
   * {@link InvalidArgumentException} (or another kind of {@link SpangeoException}) instead.
   * To be removed once every branch has moved over.
   */
  public static final class UserError extends InvalidArgumentException {
    private static final long serialVersionUID = 1L;

    public UserError(String message) {
      super(message);
    }
  }
}
