package org.spangeo.zarr.codec;

/** A chunk that a codec cannot decode: corrupt, truncated, or larger than its chunk. */
public class CodecException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CodecException(String message) {
    super(message);
  }

  public CodecException(String message, Throwable cause) {
    super(message, cause);
  }
}
