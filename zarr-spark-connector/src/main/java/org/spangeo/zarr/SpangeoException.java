package org.spangeo.zarr;

/**
 * The base of every error Spangeo throws on purpose, in the connector, the stages and the ML
 * code alike: one unchecked type a caller can catch, with a message that is one line and names
 * what was wrong and where. The kinds below it say what sort of error it is, as Spark's and
 * Iceberg's exceptions do; only the command line turns them into messages and exit codes. A
 * plain SpangeoException is an error of no particular kind, such as a failed read or write.
 *
 * <pre>
 * SpangeoException
 *   InvalidArgumentException   what was asked for is wrong: an option, a name, a selection, a config file
 *   NotFoundException          an input that is not there: a store, file, catalog entry, model
 *   AlreadyExistsException     an output that exists where the mode does not allow replacing it
 *   UnsupportedException       a valid request or input that Spangeo does not handle
 *   CorruptDataException       data that is not what it claims to be: damaged or incomplete
 *   ZarrException              an error of the Zarr layer, naming the store, array and chunk
 * </pre>
 */
public class SpangeoException extends RuntimeException {
  public SpangeoException(String message) { super(message); }

  public SpangeoException(String message, Throwable cause) { super(message, cause); }

  /**
   * The one line a user needs from an error that may be wrapped (by Spark, by our own code):
   * the first line of the innermost message Spangeo wrote (a SpangeoException) or an
   * IllegalArgumentException's, unless an outer one of ours restates it with more (the store, array
   * and chunk of a codec error), else the root cause's.
   */
  public static String oneLine(Throwable e) {
    Throwable best = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SpangeoException || t instanceof IllegalArgumentException) {
        // an outer message that restates this one (a codec error located by store, array and chunk) says more
        boolean restated = best != null && best.getMessage() != null && t.getMessage() != null
            && best.getMessage().contains(t.getMessage());
        if (!restated) best = t;
      }
      if (t.getCause() == t) break;
    }
    Throwable pick = best != null ? best : rootOf(e);
    String m = pick.getMessage() == null ? pick.getClass().getSimpleName() : pick.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  private static Throwable rootOf(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    return t;
  }
}
