package org.spangeo.zarr;

/**
 * The error of the Zarr layer. Messages are single lines that name the store, the array and,
 * where one is involved, the chunk key, so a user can find the bad object.
 */
public class ZarrException extends SpangeoException {
  private static final long serialVersionUID = 1L;

  public ZarrException(String message) {
    super(message);
  }

  public ZarrException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Builds "store 'S', array 'A', chunk 'K': what" leaving out the parts that are null. */
  public static ZarrException at(String store, String array, String chunk, String what) {
    return new ZarrException(where(store, array, chunk) + what);
  }

  public static ZarrException at(String store, String array, String chunk, String what, Throwable cause) {
    return new ZarrException(where(store, array, chunk) + what, cause);
  }

  static String where(String store, String array, String chunk) {
    StringBuilder sb = new StringBuilder();
    if (store != null) sb.append("store '").append(store).append("'");
    if (array != null) sb.append(sb.length() > 0 ? ", " : "").append("array '").append(array).append("'");
    if (chunk != null) sb.append(sb.length() > 0 ? ", " : "").append("chunk '").append(chunk).append("'");
    if (sb.length() > 0) sb.append(": ");
    return sb.toString();
  }
}
