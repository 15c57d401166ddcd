package dev.hagen.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What build and plan are given: the blueprints, and the folder of the clusters built from them.
 */
final class ClusterArguments {
  static final Path DEFAULT_OUTPUT = Path.of("generated");

  @Parameters(
      paramLabel = "BLUEPRINT",
      arity = "1..*",
      description = "blueprint files, or folders of them")
  List<Path> inputs;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "DIR",
      defaultValue = "generated",
      description = "the folder that holds one folder per cluster (default: ${DEFAULT-VALUE})")
  Path output;

  @Option(
      names = "--observed",
      paramLabel = "FILE",
      description =
          "the running cluster as the cluster's ansible/observe.yml saw it (default: DIR/<cluster"
              + " name>/observed.json, when there is one): the steps start from it, and every"
              + " difference from the record is shown as drift")
  Optional<Path> observed;

  BlueprintInputs.Collected collect() {
    return BlueprintInputs.read(inputs, Optional.of(output));
  }

  /** The hagen command for these arguments, as the user would type it: {@code hagen build ...}. */
  String command(String verbAndOptions) {
    return "hagen "
        + verbAndOptions
        + " "
        + String.join(" ", inputs.stream().map(Path::toString).toList())
        + (output.equals(DEFAULT_OUTPUT) ? "" : " -o " + output)
        + observed.map(f -> " --observed " + f).orElse("");
  }
}
