package dev.hagen.cli;

import dev.hagen.Version;
import dev.hagen.diagnostic.Code;
import dev.hagen.diagnostic.Diagnostic;
import dev.hagen.diagnostic.DiagnosticPrinter;
import dev.hagen.diagnostic.Severity;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prints the diagnostics of one run in the chosen format: text, JSON, or SARIF 2.1.0. */
final class DiagnosticReport {
  /**
   * One blueprint's diagnostics, and the lines of each file they point into (the caret display).
   */
  record FileDiagnostics(
      String path, Map<String, List<String>> lines, List<Diagnostic> diagnostics) {
    FileDiagnostics(String path, List<Diagnostic> diagnostics) {
      this(path, Map.of(), diagnostics);
    }
  }

  static final String SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
  static final String DOCS = "docs/diagnostics.md";

  private DiagnosticReport() {}

  static void write(
      DiagnosticOptions.Format format,
      List<FileDiagnostics> files,
      PrintWriter out,
      PrintWriter err) {
    write(format, files, Map.of(), out, err);
  }

  /**
   * {@code more}: entries the JSON document carries besides the diagnostics (the other formats
   * ignore them).
   */
  static void write(
      DiagnosticOptions.Format format,
      List<FileDiagnostics> files,
      Map<String, Object> more,
      PrintWriter out,
      PrintWriter err) {
    switch (format) {
      case text -> {
        DiagnosticPrinter printer = new DiagnosticPrinter(err);
        files.forEach(
            f ->
                f.diagnostics()
                    .forEach(
                        d ->
                            printer.print(
                                d, f.lines().getOrDefault(d.position().file(), List.of()))));
      }
      case json -> out.print(json(files, more) + "\n");
      case sarif -> out.print(sarif(files) + "\n");
    }
    out.flush();
  }

  static String json(List<FileDiagnostics> files) {
    return json(files, Map.of());
  }

  static String json(List<FileDiagnostics> files, Map<String, Object> more) {
    List<Map<String, Object>> diagnostics = new ArrayList<>();
    long errors = 0;
    for (FileDiagnostics f : files) {
      for (Diagnostic d : f.diagnostics()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", d.position().file());
        m.put("line", d.position().line());
        m.put("column", d.position().column());
        m.put("severity", d.severity().label());
        m.put("code", d.code().id());
        m.put("message", d.message());
        m.put("hint", d.hint());
        diagnostics.add(m);
        errors += d.isError() ? 1 : 0;
      }
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("hagen", Version.VALUE);
    doc.put("valid", errors == 0);
    doc.put("errors", errors);
    doc.put("warnings", diagnostics.size() - errors);
    doc.put("files", files.stream().map(FileDiagnostics::path).toList());
    doc.put("diagnostics", diagnostics);
    doc.putAll(more);
    return write(doc);
  }

  /** SARIF 2.1.0: one run, every rule hagen has, one result per diagnostic. */
  static String sarif(List<FileDiagnostics> files) {
    List<Code> codes = Arrays.asList(Code.values());
    List<Map<String, Object>> rules = new ArrayList<>();
    for (Code c : codes) {
      rules.add(
          map(
              "id", c.id(),
              "name", ruleName(c),
              "shortDescription", Map.of("text", c.summary()),
              "help",
                  Map.of("text", "See " + DOCS + " (" + c.id() + ") for an example and the fix."),
              "defaultConfiguration", Map.of("level", level(c.severity()))));
    }
    List<Map<String, Object>> results = new ArrayList<>();
    for (FileDiagnostics f : files) {
      for (Diagnostic d : f.diagnostics()) {
        Map<String, Object> physical = new LinkedHashMap<>();
        physical.put("artifactLocation", Map.of("uri", uri(d.position().file())));
        if (d.position().line() > 0) {
          physical.put(
              "region",
              map("startLine", d.position().line(), "startColumn", d.position().column()));
        }
        String text = d.message() + (d.hint() == null ? "" : ". Hint: " + d.hint());
        results.add(
            map(
                "ruleId", d.code().id(),
                "ruleIndex", codes.indexOf(d.code()),
                "level", level(d.severity()),
                "message", Map.of("text", text),
                "locations", List.of(Map.of("physicalLocation", physical))));
      }
    }
    Map<String, Object> driver =
        map(
            "name",
            "hagen",
            "version",
            Version.VALUE,
            "semanticVersion",
            Version.VALUE,
            "rules",
            rules);
    return write(
        map(
            "$schema",
            SARIF_SCHEMA,
            "version",
            "2.1.0",
            "runs",
            List.of(map("tool", Map.of("driver", driver), "results", results))));
  }

  /** A relative path as SARIF wants it (forward slashes), or a file: URI for an absolute one. */
  static String uri(String file) {
    Path p = Path.of(file).normalize();
    if (p.isAbsolute()) {
      return p.toUri().toString();
    }
    StringBuilder sb = new StringBuilder();
    for (Path part : p) {
      if (sb.length() > 0) {
        sb.append('/');
      }
      sb.append(
          java.net.URLEncoder.encode(part.toString(), java.nio.charset.StandardCharsets.UTF_8)
              .replace("+", "%20"));
    }
    return sb.toString();
  }

  private static String level(Severity s) {
    return s == Severity.ERROR ? "error" : "warning";
  }

  /** UNKNOWN_KEY -> UnknownKey */
  static String ruleName(Code c) {
    StringBuilder sb = new StringBuilder();
    for (String w : c.name().split("_", -1)) {
      sb.append(w.charAt(0)).append(w.substring(1).toLowerCase(Locale.ROOT));
    }
    return sb.toString();
  }

  private static Map<String, Object> map(Object... pairs) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put((String) pairs[i], pairs[i + 1]);
    }
    return m;
  }

  /** Any document as hagen prints JSON: two-space indents, LF line endings. */
  static String write(Object doc) {
    return JsonText.of(doc);
  }
}
