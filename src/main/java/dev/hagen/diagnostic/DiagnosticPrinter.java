package dev.hagen.diagnostic;

import java.io.PrintWriter;
import java.util.List;

/**
 * Prints diagnostics the way compilers do: {@code file:line:col: error[HG203]: message}, the
 * offending source line, a caret under the column, and the hint.
 */
public final class DiagnosticPrinter {
  private final PrintWriter out;

  public DiagnosticPrinter(PrintWriter out) {
    this.out = out;
  }

  /**
   * Prints one diagnostic; {@code lines} is the blueprint's text split into lines (may be empty),
   * with its secret values already masked (the pipeline's {@code Checked.lines}).
   */
  public void print(Diagnostic d, List<String> lines) {
    // Messages and hints quote values from the blueprint or the record: printable, like its lines.
    out.println(
        printable(
            d.position()
                + ": "
                + d.severity().label()
                + "["
                + d.code().id()
                + "]: "
                + d.message()));
    int line = d.position().line();
    if (line >= 1 && line <= lines.size()) {
      String text = printable(lines.get(line - 1));
      out.println("    " + text);
      int column = Math.max(1, Math.min(d.position().column(), text.length() + 1));
      out.println("    " + " ".repeat(column - 1) + "^");
    }
    if (d.hint() != null && !d.hint().isEmpty()) {
      out.println("  hint: " + printable(d.hint()));
    }
  }

  /** Control characters would let a blueprint or a record rewrite the user's terminal. */
  public static String printable(String line) {
    StringBuilder sb = new StringBuilder(line.length());
    line.codePoints()
        .forEach(
            c -> {
              if (c == '\t') {
                sb.append(' ');
              } else if (Character.isISOControl(c)) {
                sb.append('?');
              } else {
                sb.appendCodePoint(c);
              }
            });
    return sb.toString();
  }
}
