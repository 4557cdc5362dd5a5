package org.spangeo.zarr.codec;

import org.spangeo.zarr.CorruptDataException;

/** A chunk that a codec cannot decode: corrupt, truncated, or larger than its chunk. */
public class CodecException extends CorruptDataException {
  public CodecException(String message) { super(message); }

  public CodecException(String message, Throwable cause) { super(message, cause); }
}
