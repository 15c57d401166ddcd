package dev.hagen.diagnostic;

import java.util.ArrayList;
import java.util.List;

/** Collects every problem of one run, so the user sees all of them at once. */
public final class Diagnostics {
  private final List<Diagnostic> all = new ArrayList<>();

  public void report(Code code, SourcePosition at, String message, String hint) {
    all.add(new Diagnostic(code, at, message, hint));
  }

  public void addAll(List<Diagnostic> diagnostics) {
    all.addAll(diagnostics);
  }

  public boolean hasErrors() {
    return all.stream().anyMatch(Diagnostic::isError);
  }

  public List<Diagnostic> sorted() {
    return all.stream().sorted(Diagnostic.IN_SOURCE_ORDER).distinct().toList();
  }
}
