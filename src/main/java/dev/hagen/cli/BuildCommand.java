package dev.hagen.cli;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import dev.hagen.Pipeline;
import dev.hagen.blueprint.BlueprintFiles;
import dev.hagen.blueprint.BlueprintSource;
import dev.hagen.cli.DiagnosticReport.FileDiagnostics;
import dev.hagen.diagnostic.Code;
import dev.hagen.diagnostic.Diagnostic;
import dev.hagen.diagnostic.SourcePosition;
import dev.hagen.emit.Emitter;
import dev.hagen.emit.Emitter.Change;
import dev.hagen.emit.Emitter.EmitPlan;
import dev.hagen.emit.Emitter.Outcome;
import dev.hagen.render.GeneratedFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
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
      "Checks each BLUEPRINT (a file, or a folder: every *.yml and *.yaml under it) and writes",
      "each cluster's files to DIR/<cluster name>/: Vagrantfile (when the blueprint has a vagrant",
      "section), ansible/inventories/hosts, ansible/inventories/group_vars/all.yml,",
      "ansible/deploy.yml, ansible/remove.yml, ansible/requirements.yml, ansible/ansible.cfg,",
      "README.md, and .hagen-manifest (the list of files hagen owns there).",
      "",
      "Nothing is written when any blueprint has an error. A file hagen did not write is never",
      "overwritten or removed; a file it wrote and someone edited is reported (--force overwrites).",
      "Files hagen wrote before and no longer generates are removed. The new tree is written",
      "beside the old one and swapped in, so an interrupted build leaves the old tree whole."
    },
    footer = {
      "%nExamples:",
      "  hagen build blueprints/lab.yml",
      "  hagen build blueprints/                         # every blueprint in the folder",
      "  hagen build blueprints/lab.yml -o /tmp/out      # writes /tmp/out/postgres-cluster/",
      "  hagen build --check blueprints/                 # in CI: exit 4 and a diff when generated/ is stale"
    })
final class BuildCommand implements Callable<Integer> {
  /** A test aid: pause this long between the steps of a write, so a test can kill hagen mid-way. */
  static final String PAUSE_PROPERTY = "hagen.emit.pauseMillis";

  @Spec CommandSpec spec;

  @Mixin DiagnosticOptions diagnosticOptions;

  @Parameters(paramLabel = "BLUEPRINT", arity = "1..*",
      description = "blueprint files, or folders of them")
  List<Path> inputs;

  @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = "generated",
      description = "the folder that holds one folder per cluster (default: ${DEFAULT-VALUE})")
  Path output;

  @Option(names = "--check", description = "write nothing; exit 4 and print a unified diff of each "
      + "file that differs from what would be generated")
  boolean check;

  @Option(names = "--force", description = "overwrite or remove generated files that were edited by hand")
  boolean force;

  @Option(names = {"-q", "--quiet"}, description = "print nothing but problems")
  boolean quiet;

  @Option(names = {"-v", "--verbose"}, description = "also list each file and what happened to it")
  boolean verbose;

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    List<Path> files = BlueprintInputs.expand(inputs);
    if (files.isEmpty()) {
      err.println("hagen: no blueprint (*.yml, *.yaml) in " + inputs);
      return Main.USAGE;
    }

    List<FileDiagnostics> reports = new ArrayList<>();
    List<BlueprintSource> sources = new ArrayList<>();
    for (Path file : files) {
      BlueprintFiles.Read read = BlueprintFiles.read(file);
      if (read.problem() != null) {
        reports.add(new FileDiagnostics(file.toString(), List.of(read.problem())));
      } else {
        sources.add(read.source());
      }
    }
    List<Pipeline.Result> results = new ArrayList<>();
    for (Pipeline.Checked checked : Pipeline.checkAll(sources, diagnosticOptions.strict)) {
      Pipeline.Result result = Pipeline.generate(checked);
      results.add(result);
      reports.add(new FileDiagnostics(checked.source().displayPath(), checked.lines(),
          result.diagnostics()));
    }
    long errors = reports.stream().flatMap(r -> r.diagnostics().stream()).filter(Diagnostic::isError).count();
    if (errors > 0) {
      report(reports);
      err.println("hagen: " + errors + (errors == 1 ? " error" : " errors") + ", nothing written");
      return Main.INVALID_BLUEPRINT;
    }

    List<EmitPlan> plans = new ArrayList<>();
    List<Diagnostic> refusals = new ArrayList<>();
    List<String> interrupted = new ArrayList<>();
    for (Pipeline.Result result : results) {
      Path dir = output.resolve(result.plan().orElseThrow().clusterName());
      if (check) {
        if (Emitter.interrupted(dir)) {
          interrupted.add(dir.toString());
        }
      } else {
        Emitter.recover(dir).ifPresent(done -> err.println("hagen: " + done));
      }
      EmitPlan plan = Emitter.plan(dir, result.files(), force);
      plans.add(plan);
      plan.refusals().forEach(r -> refusals.add(refusal(r)));
    }
    List<FileDiagnostics> withRefusals = new ArrayList<>(reports);
    if (!refusals.isEmpty() && !check) {
      withRefusals.add(new FileDiagnostics(output.toString(), refusals));
    }
    report(withRefusals);
    if (!refusals.isEmpty() && !check) {
      err.println("hagen: nothing written");
      return Main.OUTPUT_REFUSED;
    }
    return check ? check(plans, interrupted) : write(plans);
  }

  private int write(List<EmitPlan> plans) throws IOException {
    Runnable step = pause();
    PrintWriter summaries = diagnosticOptions.format == DiagnosticOptions.Format.text
        ? spec.commandLine().getOut() : spec.commandLine().getErr();
    for (EmitPlan plan : plans) {
      Emitter.apply(plan, step);
      if (!quiet) {
        summaries.println(summary(plan));
      }
      if (verbose) {
        plan.outcomes().forEach(o -> summaries.println("  " + o.change().name().toLowerCase(java.util.Locale.ROOT)
            + " " + o.path()));
      }
    }
    return Main.OK;
  }

  private int check(List<EmitPlan> plans, List<String> interrupted) throws IOException {
    PrintWriter diffs = diagnosticOptions.format == DiagnosticOptions.Format.text
        ? spec.commandLine().getOut() : spec.commandLine().getErr();
    PrintWriter err = spec.commandLine().getErr();
    boolean stale = !interrupted.isEmpty();
    interrupted.forEach(dir -> err.println("hagen: " + dir + ": a build was interrupted here; run hagen build to finish it"));
    for (EmitPlan plan : plans) {
      Map<String, String> wanted = plan.files().stream()
          .collect(Collectors.toMap(GeneratedFile::path, GeneratedFile::content));
      for (Outcome o : plan.outcomes()) {
        if (o.change() == Change.UNCHANGED) {
          continue;
        }
        stale = true;
        Path onDisk = plan.dir().resolve(o.path());
        String before = o.change() == Change.CREATED ? "" : Files.readString(onDisk, StandardCharsets.UTF_8);
        String after = o.change() == Change.REMOVED ? "" : wanted.get(o.path());
        diffs.print(unifiedDiff(plan.dir(), o, before, after));
      }
      plan.refusals().forEach(r -> err.println("hagen: " + r.file() + ": " + r.conflict().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')));
      stale |= !plan.refusals().isEmpty();
      if (plan.changesAnything() || !plan.refusals().isEmpty()) {
        err.println("hagen: " + plan.dir() + " is stale: " + plan.count(Change.CHANGED) + " changed, "
            + plan.count(Change.CREATED) + " missing, " + plan.count(Change.REMOVED) + " no longer generated");
      }
    }
    diffs.flush();
    if (stale) {
      err.println("hagen: the output is not what the blueprints produce: run hagen build "
          + String.join(" ", inputs.stream().map(Path::toString).toList()) + " and commit the result");
      return Main.STALE;
    }
    err.println("hagen: " + plans.size() + (plans.size() == 1 ? " cluster" : " clusters") + " up to date");
    return Main.OK;
  }

  static String unifiedDiff(Path dir, Outcome o, String before, String after) {
    String path = dir.resolve(o.path()).toString().replace('\\', '/');
    String a = path.startsWith("/") ? "a" + path : "a/" + path;
    String b = path.startsWith("/") ? "b" + path : "b/" + path;
    List<String> old = before.isEmpty() ? List.of() : List.of(before.split("\n", -1));
    List<String> now = after.isEmpty() ? List.of() : List.of(after.split("\n", -1));
    List<String> lines = UnifiedDiffUtils.generateUnifiedDiff(
        o.change() == Change.CREATED ? "/dev/null" : a,
        o.change() == Change.REMOVED ? "/dev/null" : b,
        old, DiffUtils.diff(old, now), 3);
    return lines.stream().map(l -> l + "\n").collect(Collectors.joining());
  }

  private Diagnostic refusal(Emitter.Refusal r) {
    return r.conflict() == Emitter.Conflict.FOREIGN
        ? new Diagnostic(Code.FOREIGN_FILE, SourcePosition.wholeFile(r.file().toString()),
            "this file is in the way and was not written by hagen",
            "move it elsewhere; hagen never overwrites or removes files it did not write")
        : new Diagnostic(Code.HAND_EDITED, SourcePosition.wholeFile(r.file().toString()),
            "hagen generated this file, and it was edited since",
            "move the edit into the blueprint, or pass --force to overwrite it");
  }

  private void report(List<FileDiagnostics> files) {
    DiagnosticReport.write(diagnosticOptions.format, files, spec.commandLine().getOut(),
        spec.commandLine().getErr());
  }

  private static Runnable pause() {
    long millis = Long.getLong(PAUSE_PROPERTY, 0);
    return millis <= 0 ? () -> {} : () -> {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
  }

  static String summary(EmitPlan plan) {
    return plan.dir().getFileName() + ": " + plan.files().size() + " files in " + plan.dir() + " ("
        + plan.count(Change.CREATED) + " created, " + plan.count(Change.CHANGED) + " changed, "
        + plan.count(Change.UNCHANGED) + " unchanged, " + plan.count(Change.REMOVED) + " removed)";
  }
}
