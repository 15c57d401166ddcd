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

  /**
   * The first {@code limit} of {@code sorted} (errors first), and one more line that counts the
   * rest: a hostile file with 100,000 mistakes gets a report a person can read, in bounded memory.
   * The count is an error when an error was cut, so a cut never turns a failing file into a passing
   * one.
   */
  public static List<Diagnostic> capped(List<Diagnostic> sorted, String file, int limit) {
    if (sorted.size() <= limit) {
      return sorted;
    }
    List<Diagnostic> rest = sorted.subList(limit, sorted.size());
    long errors = rest.stream().filter(Diagnostic::isError).count();
    List<Diagnostic> shown = new ArrayList<>(sorted.subList(0, limit));
    shown.add(
        new Diagnostic(
            Code.INPUT_LIMIT,
            errors > 0 ? Severity.ERROR : Severity.WARNING,
            SourcePosition.wholeFile(file),
            "and "
                + rest.size()
                + " more problems in this file ("
                + errors
                + " errors, "
                + (rest.size() - errors)
                + " warnings), not shown",
            "fix the ones above first: hagen shows at most " + limit + " per file"));
    return List.copyOf(shown);
  }
}
