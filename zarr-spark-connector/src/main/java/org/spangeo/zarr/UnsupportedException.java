package org.spangeo.zarr;

/**
 * A valid request or input that Spangeo does not handle, such as appending to a kind of store
 * that cannot grow (Spark's UNSUPPORTED_FEATURE).
 */
public class UnsupportedException extends SpangeoException {
  public UnsupportedException(String message) { super(message); }

  public UnsupportedException(String message, Throwable cause) { super(message, cause); }
}
