package dev.hagen.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    header = "Prints a bash (and zsh) completion script for hagen.",
    description = "Prints a bash (and zsh, with bashcompinit) completion script for hagen.",
    footer = {
      "%nExamples:",
      "  source <(hagen completion)                       # this shell",
      "  hagen completion > /etc/bash_completion.d/hagen   # every shell"
    })
final class CompletionCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getOut().print(AutoComplete.bash("hagen", spec.root().commandLine()));
    spec.commandLine().getOut().flush();
    return ExitCode.OK;
  }
}
