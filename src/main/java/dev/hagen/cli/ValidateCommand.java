package dev.hagen.cli;

import dev.hagen.Pipeline;
import dev.hagen.cli.DiagnosticReport.FileDiagnostics;
import dev.hagen.diagnostic.Diagnostic;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    header = "Checks blueprints with every rule, and writes nothing.",
    description = {
      "Checks each BLUEPRINT with every rule `hagen build` applies (those across blueprints"
          + " too), and writes nothing. Every problem of every file is reported in one run."
    },
    footer = {
      "%nExamples:",
      "  hagen validate blueprints/*.yml",
      "  hagen validate --format sarif blueprints/*.yml > hagen.sarif   # for code scanning",
      "  hagen validate --format json --strict blueprints/lab.yml"
    })
final class ValidateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin DiagnosticOptions diagnosticOptions;

  @Parameters(
      paramLabel = "BLUEPRINT",
      arity = "1..*",
      description = "blueprint files, or folders of them (every *.yml and *.yaml)")
  List<Path> inputs;

  @Override
  public Integer call() {
    BlueprintInputs.Collected collected = BlueprintInputs.read(inputs, Optional.empty());
    if (collected.usage().isPresent()) {
      spec.commandLine().getErr().println("hagen: " + collected.usage().get());
      return ExitCode.USAGE;
    }
    List<FileDiagnostics> files = new ArrayList<>(collected.problems());
    // Checked together, as `hagen build` would build them: clashes between blueprints count.
    for (Pipeline.Checked c : Pipeline.checkAll(collected.sources(), diagnosticOptions.strict)) {
      files.add(new FileDiagnostics(c.source().displayPath(), c.lines(), c.diagnostics()));
    }
    DiagnosticReport.write(
        diagnosticOptions.format, files, spec.commandLine().getOut(), spec.commandLine().getErr());
    long errors =
        files.stream().flatMap(f -> f.diagnostics().stream()).filter(Diagnostic::isError).count();
    long warnings = files.stream().mapToLong(f -> f.diagnostics().size()).sum() - errors;
    long invalid =
        files.stream().filter(f -> f.diagnostics().stream().anyMatch(Diagnostic::isError)).count();
    if (diagnosticOptions.format == DiagnosticOptions.Format.text) {
      spec.commandLine()
          .getErr()
          .println(
              "hagen: "
                  + files.size()
                  + (files.size() == 1 ? " blueprint, " : " blueprints, ")
                  + invalid
                  + " invalid, "
                  + errors
                  + (errors == 1 ? " error, " : " errors, ")
                  + warnings
                  + (warnings == 1 ? " warning" : " warnings"));
    }
    return invalid == 0 ? ExitCode.OK : ExitCode.INVALID_BLUEPRINT;
  }
}
