package org.spangeo.jobs.expr;

import java.io.Serializable;
import java.util.List;

/**
 * The syntax tree of an expression, as {@link ExpressionParser} builds it from ANTLR's parse
 * tree. Every node keeps the column where it starts, for errors found later (an unknown
 * variable, a function with the wrong number of arguments). Immutable and serializable.
 */
public final class Ast {
  private Ast() {}

  /** A node of the tree; {@code at} is its 0-based column in the expression. */
  public sealed interface Node extends Serializable permits Num, Name, Unary, Binary, Call {
    int at();
  }

  /** A number literal. */
  public record Num(double value, int at) implements Node {}

  /** A variable, coordinate, earlier result or constant (nan, inf, pi), resolved when compiled. */
  public record Name(String name, int at) implements Node {}

  /** {@code op}: "-", "~" or "not" ("+" is dropped by the parser). */
  public record Unary(String op, Node operand, int at) implements Node {}

  /** {@code op}: ** + - * / < <= > >= == != & |, {@code at} the operator's column. */
  public record Binary(String op, Node left, Node right, int at) implements Node {}

  /** A function call ({@code np.} prefix dropped). */
  public record Call(String function, List<Node> args, int at) implements Node {
    public Call {
      args = List.copyOf(args);
    }
  }

  /** The names a tree reads, in order of first use. */
  public static void names(Node n, java.util.Set<String> out) {
    if (n instanceof Name x) out.add(x.name());
    else if (n instanceof Unary u) names(u.operand(), out);
    else if (n instanceof Binary b) {
      names(b.left(), out);
      names(b.right(), out);
    } else if (n instanceof Call c) {
      for (Node a : c.args()) names(a, out);
    }
  }
}
