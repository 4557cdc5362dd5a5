package org.spangeo.zarr;

/**
 * Data that is not what it claims to be: a damaged or incomplete file, a model or statistics
 * file missing its parts (Spark's FILE_CORRUPTED).
 */
public class CorruptDataException extends SpangeoException {
  public CorruptDataException(String message) { super(message); }

  public CorruptDataException(String message, Throwable cause) { super(message, cause); }
}
