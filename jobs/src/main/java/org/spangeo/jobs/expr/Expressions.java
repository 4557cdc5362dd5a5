package org.spangeo.jobs.expr;

import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;

/**
 * Parses array expressions with the ANTLR grammar {@code Expression.g4} into {@link Ast}
 * trees. Errors are {@link ExpressionException}s naming the option and the column
 * ({@code --expr 'ws = sqrt(u10**2 +)': unexpected ')' at column 19}).
 */
public final class Expressions {
  private Expressions() {}

  /** {@code NAME = EXPRESSION}, as {@code --expr} takes it. */
  public record Assignment(String target, Ast.Node expression, String text) {}

  /** Parses {@code NAME = EXPRESSION}; {@code option} names the option in errors. */
  public static Assignment assignment(String text, String option) {
    if (text != null && !ASSIGNED.matcher(text).lookingAt()) {
      formula(text, option); // a syntax error in the expression is the more useful message
      throw new ExpressionException(option, text, -1, "names no result: write NAME = EXPRESSION (wind_speed = sqrt(u10**2 + v10**2))");
    }
    ExpressionParser.AssignmentContext ctx = parser(text, option).assignment();
    String target = name(ctx.target, option, text, true);
    return new Assignment(target, new Builder(option, text).visit(ctx.expr()), text);
  }

  private static final java.util.regex.Pattern ASSIGNED =
      java.util.regex.Pattern.compile("\\s*(`[^`]+`|[A-Za-z_][A-Za-z_0-9.]*)\\s*=(?!=)");

  /** Parses a bare expression ({@code total_precipitation*1000 > 5}). */
  public static Ast.Node formula(String text, String option) {
    ExpressionParser p = parser(text, option);
    ExpressionParser.FormulaContext ctx = p.formula();
    return new Builder(option, text).visit(ctx.expr());
  }

  private static ExpressionParser parser(String text, String option) {
    if (text == null || text.isBlank()) throw new ExpressionException(option, text == null ? "" : text, -1, "the expression is empty");
    ExpressionLexer lexer = new ExpressionLexer(CharStreams.fromString(text));
    Thrower t = new Thrower(option, text);
    lexer.removeErrorListeners();
    lexer.addErrorListener(t);
    ExpressionParser p = new ExpressionParser(new CommonTokenStream(lexer));
    p.removeErrorListeners();
    p.addErrorListener(t);
    return p;
  }

  /** The first syntax error, as one clear sentence at its column. */
  private static final class Thrower extends BaseErrorListener {
    final String option;
    final String text;

    Thrower(String option, String text) {
      this.option = option;
      this.text = text;
    }

    @Override
    public void syntaxError(Recognizer<?, ?> r, Object offending, int line, int col, String msg, RecognitionException e) {
      if (!(offending instanceof Token)) {
        // the lexer: "token recognition error at: '$'"
        char c = col < text.length() ? text.charAt(col) : ' ';
        String what = c == '`' ? "a backtick-quoted name is not closed" : "unexpected character '" + c + "'";
        throw new ExpressionException(option, text, col, what);
      }
      Token t = (Token) offending;
      int at = t.getType() == Token.EOF ? text.length() : t.getStartIndex();
      String what;
      if (msg.startsWith("missing ')'") || msg.contains("expecting ')'") || msg.contains("expecting {')', ','}")
          || (t.getType() == Token.EOF && unclosed(text))) {
        what = t.getType() == Token.EOF ? "missing ')' at the end" : "missing ')' before '" + t.getText() + "'";
      } else if (t.getType() == Token.EOF) {
        what = "the expression ends too early";
      } else {
        what = "unexpected '" + t.getText() + "'";
      }
      throw new ExpressionException(option, text, at, what);
    }
  }

  /** More '(' than ')' outside backtick-quoted names. */
  static boolean unclosed(String text) {
    int depth = 0;
    boolean quoted = false;
    for (char c : text.toCharArray()) {
      if (c == '`') quoted = !quoted;
      else if (!quoted && c == '(') depth++;
      else if (!quoted && c == ')') depth--;
    }
    return depth > 0;
  }

  static String name(ExpressionParser.NameContext n, String option, String text, boolean target) {
    if (n.quoted != null) {
      String q = n.quoted.getText();
      return q.substring(1, q.length() - 1);
    }
    if (n.prefix != null) {
      String p = n.prefix.getText();
      if (target || !(p.equals("np") || p.equals("numpy"))) {
        throw new ExpressionException(option, text, n.getStart().getStartIndex(),
            "'" + p + "." + n.id.getText() + "' is not a name (quote names with dots in backticks: `" + p + "." + n.id.getText() + "`)");
      }
    }
    return n.id.getText();
  }

  /** ANTLR's parse tree to the {@link Ast}. */
  private static final class Builder extends ExpressionBaseVisitor<Ast.Node> {
    final String option;
    final String text;

    Builder(String option, String text) {
      this.option = option;
      this.text = text;
    }

    static int at(ParserRuleContext c) {
      return c.getStart().getStartIndex();
    }

    @Override
    public Ast.Node visitPower(ExpressionParser.PowerContext c) {
      return new Ast.Binary("**", visit(c.expr(0)), visit(c.expr(1)), c.op.getStartIndex());
    }

    @Override
    public Ast.Node visitUnary(ExpressionParser.UnaryContext c) {
      Ast.Node x = visit(c.expr());
      String op = c.op.getText();
      if (op.equals("+")) return x;
      if (op.equals("-") && x instanceof Ast.Num n) return new Ast.Num(-n.value(), at(c));
      return new Ast.Unary(op, x, at(c));
    }

    @Override
    public Ast.Node visitNot(ExpressionParser.NotContext c) {
      return new Ast.Unary("~", visit(c.expr()), at(c));
    }

    @Override
    public Ast.Node visitMultiply(ExpressionParser.MultiplyContext c) {
      return binary(c.op, c.expr(0), c.expr(1));
    }

    @Override
    public Ast.Node visitAdd(ExpressionParser.AddContext c) {
      return binary(c.op, c.expr(0), c.expr(1));
    }

    @Override
    public Ast.Node visitCompare(ExpressionParser.CompareContext c) {
      if (c.expr(0) instanceof ExpressionParser.CompareContext || c.expr(1) instanceof ExpressionParser.CompareContext) {
        throw new ExpressionException(option, text, c.op.getStartIndex(),
            "chained comparisons are ambiguous here: write (a < b) & (b < c)");
      }
      return binary(c.op, c.expr(0), c.expr(1));
    }

    @Override
    public Ast.Node visitAnd(ExpressionParser.AndContext c) {
      return new Ast.Binary("&", visit(c.expr(0)), visit(c.expr(1)), c.op.getStartIndex());
    }

    @Override
    public Ast.Node visitOr(ExpressionParser.OrContext c) {
      return new Ast.Binary("|", visit(c.expr(0)), visit(c.expr(1)), c.op.getStartIndex());
    }

    private Ast.Node binary(Token op, ExpressionParser.ExprContext a, ExpressionParser.ExprContext b) {
      return new Ast.Binary(op.getText(), visit(a), visit(b), op.getStartIndex());
    }

    @Override
    public Ast.Node visitCall(ExpressionParser.CallContext c) {
      List<Ast.Node> args = new ArrayList<>();
      for (ExpressionParser.ExprContext e : c.expr()) args.add(visit(e));
      return new Ast.Call(name(c.function, option, text, false), args, at(c));
    }

    @Override
    public Ast.Node visitVariable(ExpressionParser.VariableContext c) {
      return new Ast.Name(name(c.name(), option, text, false), at(c));
    }

    @Override
    public Ast.Node visitNumber(ExpressionParser.NumberContext c) {
      return new Ast.Num(Double.parseDouble(c.NUMBER().getText()), at(c));
    }

    @Override
    public Ast.Node visitParens(ExpressionParser.ParensContext c) {
      return visit(c.expr());
    }
  }
}
