package org.spangeo.jobs.expr;

/**
 * An expression that cannot be parsed or compiled: the message names the option, the
 * expression and the column; {@link #caret()} points at that column under the expression.
 */
public final class ExpressionException extends org.spangeo.zarr.InvalidArgumentException {
  private static final long serialVersionUID = 1L;

  private final String text;
  private final int column;

  /** {@code column}: 0-based index into {@code text}, or -1 when the problem has no one place. */
  public ExpressionException(String option, String text, int column, String what) {
    super(option + " '" + text + "': " + what + (column >= 0 ? " at column " + (column + 1) : ""));
    this.text = text;
    this.column = column;
  }

  public String text() {
    return text;
  }

  /** 0-based, or -1. */
  public int column() {
    return column;
  }

  /** Two lines: the expression, and a caret under the column (empty when there is no column). */
  public String caret() {
    if (column < 0 || text.indexOf('\n') >= 0) return "";
    return "  " + text + System.lineSeparator() + "  " + " ".repeat(Math.min(column, text.length())) + "^" + System.lineSeparator();
  }
}
