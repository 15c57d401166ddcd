package dev.hagen.cli;

import dev.hagen.Pipeline;
import dev.hagen.diagnostic.Code;
import dev.hagen.diagnostic.Diagnostic;
import dev.hagen.diagnostic.SourcePosition;
import dev.hagen.emit.Emitter;
import dev.hagen.emit.Emitter.Change;
import dev.hagen.emit.Emitter.Outcome;
import dev.hagen.cli.DiagnosticReport.FileDiagnostics;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "build",
    mixinStandardHelpOptions = true,
    description = {
      "Checks BLUEPRINT and writes its cluster's files to DIR/<cluster name>/:",
      "Vagrantfile (when the blueprint has a vagrant section), ansible/inventories/hosts,",
      "ansible/inventories/group_vars/all.yml, ansible/deploy.yml, ansible/remove.yml,",
      "ansible/requirements.yml, ansible/ansible.cfg and README.md.",
      "Nothing is written when the blueprint has an error, and a file hagen did not write",
      "is never overwritten."
    },
    footer = {
      "%nExamples:",
      "  hagen build blueprints/lab.yml",
      "  hagen build blueprints/lab.yml -o /tmp/out     # writes /tmp/out/postgres-cluster/",
      "  hagen build --strict blueprints/lab.yml        # warnings stop the build too"
    })
final class BuildCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin DiagnosticOptions diagnosticOptions;

  @Parameters(paramLabel = "BLUEPRINT", description = "the blueprint file (YAML)")
  Path blueprint;

  @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = "generated",
      description = "the folder that holds one folder per cluster (default: ${DEFAULT-VALUE})")
  Path output;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String display = blueprint.toString();

    BlueprintFiles.Read read = BlueprintFiles.read(blueprint);
    if (read.problem() != null) {
      report(List.of(new FileDiagnostics(display, List.of(), List.of(read.problem()))));
      return Main.INVALID_BLUEPRINT;
    }
    Pipeline.Result result = Pipeline.compile(read.source(), diagnosticOptions.strict);
    List<String> lines = read.source().lines();
    if (!result.ok()) {
      report(List.of(new FileDiagnostics(display, lines, result.diagnostics())));
      long errors = result.diagnostics().stream().filter(Diagnostic::isError).count();
      err.println("hagen: " + display + ": " + errors + (errors == 1 ? " error" : " errors")
          + ", nothing written");
      return Main.INVALID_BLUEPRINT;
    }

    String cluster = result.plan().orElseThrow().clusterName();
    Path dir = output.resolve(cluster);
    List<Path> foreign = new ArrayList<>();
    List<Outcome> outcomes = Emitter.plan(dir, result.files(), foreign);
    List<Diagnostic> refusals = foreign.stream().map(p -> new Diagnostic(Code.FOREIGN_FILE,
        SourcePosition.wholeFile(p.toString()), "this file is in the way and was not written by hagen",
        "move it elsewhere; hagen never overwrites files it did not write")).toList();
    List<Diagnostic> all = new ArrayList<>(result.diagnostics());
    all.addAll(refusals);
    report(List.of(new FileDiagnostics(display, lines, all)));
    if (!refusals.isEmpty()) {
      err.println("hagen: " + cluster + ": nothing written");
      return Main.OUTPUT_REFUSED;
    }
    Emitter.write(dir, result.files(), outcomes);
    (diagnosticOptions.format == DiagnosticOptions.Format.text ? out : err)
        .println(summary(cluster, dir, outcomes));
    return Main.OK;
  }

  private void report(List<FileDiagnostics> files) {
    DiagnosticReport.write(diagnosticOptions.format, files, spec.commandLine().getOut(),
        spec.commandLine().getErr());
  }

  static String summary(String cluster, Path dir, List<Outcome> outcomes) {
    long created = outcomes.stream().filter(o -> o.change() == Change.CREATED).count();
    long changed = outcomes.stream().filter(o -> o.change() == Change.CHANGED).count();
    return cluster + ": " + outcomes.size() + " files in " + dir + " (" + created + " created, "
        + changed + " changed, " + (outcomes.size() - created - changed) + " unchanged)";
  }
}
