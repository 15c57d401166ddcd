package dev.hagen.cli;

import picocli.CommandLine.Option;

/** How diagnostics are judged and printed; shared by build and validate. */
final class DiagnosticOptions {
  enum Format {
    text,
    json,
    sarif
  }

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description =
          "diagnostics as text (on stderr, with the source line and a caret), json or "
              + "sarif (SARIF 2.1.0, for code-scanning tools; both on stdout). Default: ${DEFAULT-VALUE}")
  Format format;

  @Option(names = "--strict", description = "treat warnings as errors")
  boolean strict;
}
