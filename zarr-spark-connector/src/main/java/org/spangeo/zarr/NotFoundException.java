package org.spangeo.zarr;

/**
 * An input that is not there: a store, a file, a catalog entry, a model directory (Iceberg's
 * NotFoundException, Spark's NoSuchTableException).
 */
public class NotFoundException extends SpangeoException {
  public NotFoundException(String message) { super(message); }

  public NotFoundException(String message, Throwable cause) { super(message, cause); }
}
