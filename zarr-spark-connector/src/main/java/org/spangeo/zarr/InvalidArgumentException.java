package org.spangeo.zarr;

/**
 * What was asked for is wrong: an option value, a name that is not in the data, an empty
 * selection, a malformed config file. The caller can fix it (Spark's IllegalArgumentException,
 * Iceberg's ValidationException).
 */
public class InvalidArgumentException extends SpangeoException {
  public InvalidArgumentException(String message) { super(message); }

  public InvalidArgumentException(String message, Throwable cause) { super(message, cause); }
}
