package dev.hagen.diagnostic;

import java.util.Comparator;

/** One problem found in a blueprint: where, which rule, what is wrong, and how to fix it. */
public record Diagnostic(
    Code code, Severity severity, SourcePosition position, String message, String hint) {

  public Diagnostic(Code code, SourcePosition position, String message, String hint) {
    this(code, code.severity(), position, message, hint);
  }

  /** {@code --strict}: a warning counts, and is shown, as an error. */
  public Diagnostic asError() {
    return new Diagnostic(code, Severity.ERROR, position, message, hint);
  }

  /** Errors before warnings, each in source order, whatever order the checks ran in. */
  public static final Comparator<Diagnostic> IN_SOURCE_ORDER =
      Comparator.comparing((Diagnostic d) -> d.severity())
          .thenComparing(d -> d.position().file())
          .thenComparingInt(d -> d.position().line())
          .thenComparingInt(d -> d.position().column())
          .thenComparing(d -> d.code().id())
          .thenComparing(Diagnostic::message);

  public boolean isError() {
    return severity() == Severity.ERROR;
  }
}
