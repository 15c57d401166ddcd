package dev.hagen.diagnostic;

import java.util.Comparator;

/** One problem found in a blueprint: where, which rule, what is wrong, and how to fix it. */
public record Diagnostic(Code code, SourcePosition position, String message, String hint) {

  /** Diagnostics are reported in source order, whatever order the checks ran in. */
  public static final Comparator<Diagnostic> IN_SOURCE_ORDER =
      Comparator.comparing((Diagnostic d) -> d.position().file())
          .thenComparingInt(d -> d.position().line())
          .thenComparingInt(d -> d.position().column())
          .thenComparing(d -> d.code().id())
          .thenComparing(Diagnostic::message);

  public Severity severity() {
    return code.severity();
  }

  public boolean isError() {
    return severity() == Severity.ERROR;
  }
}
