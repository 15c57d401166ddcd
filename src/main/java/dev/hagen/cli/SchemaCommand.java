package dev.hagen.cli;

import dev.hagen.blueprint.BlueprintSchema;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "schema",
    mixinStandardHelpOptions = true,
    header = "Prints the JSON Schema of the blueprint format, for editors.",
    description = {
      "Prints the JSON Schema of the blueprint format, for editors that complete and check YAML"
          + " (a blueprint whose first line is `# yaml-language-server: $schema=<path>` gets"
          + " completion and descriptions in VS Code, Neovim, IntelliJ...)."
    },
    footer = {"%nExamples:", "  hagen schema > blueprint.schema.json"})
final class SchemaCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getOut().print(DiagnosticReport.write(BlueprintSchema.schema()) + "\n");
    spec.commandLine().getOut().flush();
    return ExitCode.OK;
  }
}
