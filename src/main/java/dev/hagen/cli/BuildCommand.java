package dev.hagen.cli;

import dev.hagen.Pipeline;
import dev.hagen.blueprint.BlueprintSource;
import dev.hagen.diagnostic.Code;
import dev.hagen.diagnostic.Diagnostic;
import dev.hagen.diagnostic.DiagnosticPrinter;
import dev.hagen.diagnostic.SourcePosition;
import dev.hagen.emit.Emitter;
import dev.hagen.emit.Emitter.Change;
import dev.hagen.emit.Emitter.Outcome;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

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
      "  hagen build blueprints/lab.yml -o /tmp/out     # writes /tmp/out/postgres-cluster/"
    })
final class BuildCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "BLUEPRINT", description = "the blueprint file (YAML)")
  Path blueprint;

  @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = "generated",
      description = "the folder that holds one folder per cluster (default: ${DEFAULT-VALUE})")
  Path output;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    DiagnosticPrinter printer = new DiagnosticPrinter(err);
    String display = blueprint.toString();

    Optional<BlueprintSource> source = read(blueprint, display, printer);
    if (source.isEmpty()) {
      return Main.INVALID_BLUEPRINT;
    }
    Pipeline.Result result = Pipeline.compile(source.get());
    List<String> lines = source.get().lines();
    result.diagnostics().forEach(d -> printer.print(d, lines));
    if (!result.ok()) {
      long errors = result.diagnostics().stream().filter(Diagnostic::isError).count();
      err.println("hagen: " + display + ": " + errors + (errors == 1 ? " error" : " errors")
          + ", nothing written");
      return Main.INVALID_BLUEPRINT;
    }

    String cluster = result.plan().orElseThrow().clusterName();
    Path dir = output.resolve(cluster);
    List<Path> foreign = new ArrayList<>();
    List<Outcome> outcomes = Emitter.plan(dir, result.files(), foreign);
    if (!foreign.isEmpty()) {
      for (Path p : foreign) {
        printer.print(new Diagnostic(Code.FOREIGN_FILE, SourcePosition.wholeFile(p.toString()),
            "this file is in the way and was not written by hagen",
            "move it elsewhere; hagen never overwrites files it did not write"), List.of());
      }
      err.println("hagen: " + cluster + ": nothing written");
      return Main.OUTPUT_REFUSED;
    }
    Emitter.write(dir, result.files(), outcomes);
    out.println(summary(cluster, dir, outcomes));
    return Main.OK;
  }

  static String summary(String cluster, Path dir, List<Outcome> outcomes) {
    long created = outcomes.stream().filter(o -> o.change() == Change.CREATED).count();
    long changed = outcomes.stream().filter(o -> o.change() == Change.CHANGED).count();
    return cluster + ": " + outcomes.size() + " files in " + dir + " (" + created + " created, "
        + changed + " changed, " + (outcomes.size() - created - changed) + " unchanged)";
  }

  /** The blueprint's text, strictly UTF-8, or a diagnostic saying why it cannot be read. */
  private static Optional<BlueprintSource> read(Path file, String display, DiagnosticPrinter printer) {
    String problem;
    try {
      if (Files.size(file) > BlueprintSource.MAX_BYTES) {
        problem = "the file is larger than " + BlueprintSource.MAX_BYTES + " bytes";
      } else {
        byte[] bytes = Files.readAllBytes(file);
        String text = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes)).toString();
        if (text.startsWith("\uFEFF")) {
          text = text.substring(1);
        }
        Path name = file.getFileName();
        return Optional.of(new BlueprintSource(display, name == null ? display : name.toString(), text));
      }
    } catch (CharacterCodingException e) {
      problem = "the file is not UTF-8 text";
    } catch (java.nio.file.NoSuchFileException e) {
      problem = "no such file";
    } catch (IOException e) {
      problem = "cannot read it: " + e.getMessage();
    }
    printer.print(new Diagnostic(Code.IO, SourcePosition.wholeFile(display), problem,
        "give the path of a blueprint file, e.g. blueprints/lab.yml"), List.of());
    return Optional.empty();
  }
}
