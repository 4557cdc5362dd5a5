package org.spangeo.zarr;

/**
 * An output that already exists where the write mode does not allow replacing it (Iceberg's and
 * Spark's AlreadyExistsException).
 */
public class AlreadyExistsException extends SpangeoException {
  public AlreadyExistsException(String message) { super(message); }

  public AlreadyExistsException(String message, Throwable cause) { super(message, cause); }
}
