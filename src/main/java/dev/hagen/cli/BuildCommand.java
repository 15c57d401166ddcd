package dev.hagen.cli;

import dev.hagen.Pipeline;
import dev.hagen.cli.DiagnosticReport.FileDiagnostics;
import dev.hagen.diagnostic.Code;
import dev.hagen.diagnostic.Diagnostic;
import dev.hagen.diagnostic.SourcePosition;
import dev.hagen.emit.Emitter;
import dev.hagen.emit.Emitter.Change;
import dev.hagen.emit.Emitter.FolderWrites;
import dev.hagen.emit.Manifest;
import dev.hagen.emit.OutputLock;
import dev.hagen.render.GeneratedFile;
import dev.hagen.render.StepInputs;
import dev.hagen.steps.ChangePlan;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "build",
    mixinStandardHelpOptions = true,
    header = "Checks blueprints and writes each cluster's files.",
    description = {
      // The files' paragraph comes first, from the renderer's registry (describe).
      "",
      "Nothing is written when any blueprint has an error. A file hagen did not write is never"
          + " overwritten, moved or removed; a file it wrote and someone edited is reported (--force"
          + " overwrites). Files hagen wrote before and no longer generates are removed. New files"
          + " are written beside the folder first and committed with a journal, so a build that is"
          + " stopped leaves the folder as it was, or is finished by the next build. One build at a"
          + " time runs per output folder, which it locks; another waits for it (--wait)."
    },
    footer = {
      "%nExamples:",
      "  hagen build blueprints/lab.yml",
      "  hagen build blueprints/                         # every blueprint in the folder",
      "  hagen build blueprints/lab.yml -o /tmp/out      # writes /tmp/out/postgres-cluster/",
      "  hagen build --check blueprints/                 # in CI: exit 4 and a diff when generated/ is stale"
    })
final class BuildCommand implements Callable<Integer> {
  /** Puts the list of files, read from the renderer's registry, first in the description. */
  static void describe(CommandSpec spec) {
    {
      List<String> description = new ArrayList<>();
      description.add(
          "Checks each BLUEPRINT (a file, or a folder: every *.yml and *.yaml under it) and writes"
              + " each cluster's files to DIR/<cluster name>/: "
              + dev.hagen.render.OutputFile.listed()
              + ", ansible/plan/ (while a change is pending: a playbook per step) and"
              + " .hagen-manifest (the list of files hagen owns there).");
      description.addAll(List.of(spec.usageMessage().description()));
      spec.usageMessage().description(description.toArray(String[]::new));
    }
  }

  /**
   * A test aid: halt the process (as a kill would) right after this many write steps, so a test can
   * stop a build at every step in turn.
   */
  static final String HALT_PROPERTY = "hagen.emit.haltAfterStep";

  @Spec CommandSpec spec;

  @Mixin DiagnosticOptions diagnosticOptions;

  @Mixin ClusterArguments arguments;

  @Option(
      names = "--check",
      description =
          "write nothing; when the output is stale, exit 4 and print each stale file's unified"
              + " diff, whatever the cause, and the command that fixes it")
  boolean check;

  @Option(
      names = "--force",
      description =
          "overwrite or remove generated files that were edited by hand, "
              + "and take over a cluster's folder that another blueprint built")
  boolean force;

  @Option(
      names = "--wait",
      paramLabel = "SECONDS",
      defaultValue = "60",
      description =
          "how long to wait for another hagen run on DIR to finish (default: ${DEFAULT-VALUE})")
  int waitSeconds;

  @Option(
      names = "--applied",
      description =
          "record the blueprint as the running cluster: after the steps of a pending change ran"
              + " (hagen plan lists them), or for a cluster that was never deployed; removes"
              + " ansible/plan/")
  boolean applied;

  @Option(
      names = "--replace-steps",
      description =
          "replace the steps in ansible/plan/ of a pending change that did not run with the steps"
              + " this blueprint needs (without it, a build that would change or remove them"
              + " refuses)")
  boolean replaceSteps;

  @Option(
      names = {"-q", "--quiet"},
      description = "print nothing but problems")
  boolean quiet;

  @Option(
      names = {"-v", "--verbose"},
      description = "also list each file and what happened to it")
  boolean verbose;

  /** A checked blueprint's files, the folder they go to, and the blueprint they came from. */
  private record Target(
      Path dir, List<GeneratedFile> files, Manifest.Source blueprint, ChangePlan changes) {}

  @Override
  @SuppressWarnings("try") // the lock is held for the try's body; nothing in it needs to name it
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    BlueprintInputs.Collected collected = arguments.collect();
    Path output = arguments.output;
    if (collected.usage().isPresent()) {
      err.println("hagen: " + collected.usage().get());
      return ExitCode.USAGE;
    }
    List<FileDiagnostics> reports = new ArrayList<>(collected.problems());
    List<Pipeline.Checked> checked =
        Pipeline.checkAll(collected.sources(), diagnosticOptions.strict);
    for (Pipeline.Checked c : checked) {
      reports.add(new FileDiagnostics(c.source().displayPath(), c.lines(), c.diagnostics()));
    }
    if (errors(reports) > 0) {
      return invalid(reports);
    }
    try (OutputLock lock =
        OutputLock.acquire(
            output,
            !check,
            Duration.ofSeconds(Math.max(0, waitSeconds)),
            () ->
                err.println(
                    "hagen: waiting for another hagen run on "
                        + output
                        + " to finish (at most "
                        + waitSeconds
                        + " s) ..."))) {
      // The record of what was built is read under the lock: another build may be writing it.
      reports = new ArrayList<>(collected.problems());
      List<Target> targets = new ArrayList<>();
      // Each blueprint is planned and rendered on its own (pure, apart from reading its record):
      // a folder of them uses every core. The results keep the blueprints' order.
      List<Pipeline.Result> results = checked.parallelStream().map(this::generate).toList();
      for (int i = 0; i < checked.size(); i++) {
        Pipeline.Checked c = checked.get(i);
        Pipeline.Result result = results.get(i);
        result
            .plan()
            .ifPresent(
                plan ->
                    targets.add(
                        new Target(
                            output.resolve(plan.clusterName()),
                            result.files(),
                            new Manifest.Source(
                                plan.provenance().blueprintFile(),
                                plan.provenance().blueprintSha256()),
                            result.changes())));
        reports.add(new FileDiagnostics(c.source().displayPath(), c.lines(), result.diagnostics()));
      }
      if (errors(reports) > 0) {
        return invalid(reports);
      }
      return check ? check(targets, reports) : build(targets, reports);
    } catch (OutputLock.Busy busy) {
      report(
          reports,
          new Diagnostic(
              Code.OUTPUT_BUSY,
              SourcePosition.wholeFile(busy.file().toString()),
              waitSeconds <= 0
                  ? "another hagen run holds this lock"
                  : "another hagen run has held this lock for the "
                      + waitSeconds
                      + " s hagen waited",
              "wait for it to finish and run this again, or give it longer with --wait SECONDS"));
      err.println("hagen: nothing written");
      return ExitCode.BUSY;
    } catch (IOException | UncheckedIOException e) {
      IOException io = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
      report(reports, OutputFailure.diagnostic(io, output));
      err.println(
          check
              ? "hagen: the output could not be read"
              : "hagen: the output could not be written"
                  + " (a build stopped before its commit changed nothing; one stopped after it, the next build finishes)");
      return ExitCode.IO_ERROR;
    }
  }

  private static long errors(List<FileDiagnostics> reports) {
    return reports.stream()
        .flatMap(r -> r.diagnostics().stream())
        .filter(Diagnostic::isError)
        .count();
  }

  private int invalid(List<FileDiagnostics> reports) {
    long errors = errors(reports);
    report(reports);
    spec.commandLine()
        .getErr()
        .println("hagen: " + errors + (errors == 1 ? " error" : " errors") + ", nothing written");
    return ExitCode.INVALID_BLUEPRINT;
  }

  /**
   * A checked blueprint's files against the record of what was built. With {@code --applied} the
   * blueprint becomes the record, once the tree holds the pending change's steps as they would be
   * written now (so what ran is what was reviewed).
   */
  private Pipeline.Result generate(Pipeline.Checked c) {
    Pipeline.Records records = plan -> PlanCommand.find(arguments.output, plan, arguments.observed);
    Pipeline.Result pending = Pipeline.generate(c, records, diagnosticOptions.strict);
    if (!applied) {
      return pending;
    }
    Pipeline.Result taken = Pipeline.generate(c, Pipeline.Records.NONE, diagnosticOptions.strict);
    if (!pending.changes().pending() || pending.plan().isEmpty()) {
      return taken;
    }
    Path dir = arguments.output.resolve(pending.plan().get().clusterName());
    List<String> differ = new ArrayList<>();
    // The steps on disk name the files they were written from: those that differ from the files
    // this build writes say why the steps are not the ones it would write.
    java.util.Set<String> inputs = new java.util.TreeSet<>();
    for (GeneratedFile f : pending.files()) {
      if (!f.path().startsWith(ChangePlan.TREE_FOLDER) || !f.path().endsWith(".yml")) {
        continue;
      }
      Optional<String> disk = StaleOutput.onDisk(dir.resolve(f.path()));
      if (disk.equals(Optional.of(f.content()))) {
        continue;
      }
      differ.add(f.path());
      Map<String, String> now = StepInputs.recorded(f.content()).orElse(Map.of());
      disk.flatMap(StepInputs::recorded)
          .ifPresent(
              was ->
                  now.forEach(
                      (input, sha256) -> {
                        if (!sha256.equals(was.get(input))) {
                          inputs.add(ChangePlan.RUN_FROM + "/" + input);
                        }
                      }));
    }
    for (GeneratedFile f : pending.files()) {
      if (f.path().startsWith(ChangePlan.TREE_FOLDER)
          && f.path().endsWith(".ini")
          && !StaleOutput.sameAsOnDisk(dir.resolve(f.path()), f.content())) {
        differ.add(f.path());
      }
    }
    if (differ.isEmpty()) {
      return taken;
    }
    List<Diagnostic> d = new ArrayList<>(taken.diagnostics());
    d.add(
        new Diagnostic(
            Code.STEPS_NOT_WRITTEN,
            SourcePosition.wholeFile(dir.toString()),
            inputs.isEmpty()
                ? "--applied records the blueprint as the running cluster, but "
                    + dir
                    + " does not hold the steps this change needs as hagen writes them now ("
                    + String.join(", ", differ)
                    + ")"
                : "--applied records what the steps ran, but they were written from another "
                    + String.join(", ", inputs)
                    + " than this blueprint makes: the blueprint changed after the steps were"
                    + " written, and what it says now never ran ("
                    + String.join(", ", differ)
                    + ")",
            "run hagen build (without --applied) to write the steps this blueprint needs, review"
                + " and run them, then run hagen build --applied again; a cluster that was never"
                + " deployed takes a change the same way"));
    return new Pipeline.Result(d, Optional.empty(), taken.changes(), List.of());
  }

  private int build(List<Target> targets, List<FileDiagnostics> reports) throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    List<FolderWrites> plans = new ArrayList<>();
    List<Diagnostic> refusals = new ArrayList<>();
    for (Target t : targets) {
      Emitter.Recovery recovery = Emitter.recover(t.dir());
      recovery.done().ifPresent(done -> err.println("hagen: " + done));
      if (recovery.problem().isPresent()) {
        refusals.add(recovery.problem().get());
        continue;
      }
      FolderWrites plan = Emitter.writes(t.dir(), t.files(), t.blueprint(), force);
      plans.add(plan);
      refusals.addAll(plan.refusals());
      pendingSteps(plan).ifPresent(refusals::add);
    }
    if (!refusals.isEmpty()) {
      report(reports, refusals.toArray(Diagnostic[]::new));
      err.println("hagen: nothing written");
      return ExitCode.OUTPUT_REFUSED;
    }
    report(reports);
    long haltAfter = Long.getLong(HALT_PROPERTY, 0);
    Runnable step = halt(haltAfter);
    PrintWriter summaries =
        diagnosticOptions.format == DiagnosticOptions.Format.text
            ? spec.commandLine().getOut()
            : err;
    // Each cluster's folder is written on its own (its own staging folder and journal), so a
    // batch writes several at once: on a virtual disk a file system call waits more than it works.
    // One at a time when a test halts the process at a numbered step.
    List<Optional<IOException>> failures =
        (haltAfter > 0 ? plans.stream() : plans.parallelStream())
            .map(plan -> apply(plan, step))
            .toList();
    for (int i = 0; i < plans.size(); i++) {
      FolderWrites plan = plans.get(i);
      if (failures.get(i).isPresent()) {
        continue;
      }
      if (!quiet) {
        summaries.println(summary(plan));
      }
      targets.stream()
          .filter(t -> t.dir().equals(plan.dir()) && t.changes().pending())
          .findFirst()
          .ifPresent(
              t ->
                  err.println(
                      "hagen: "
                          + t.dir().getFileName()
                          + ": a change is pending: "
                          + t.changes().steps().size()
                          + (t.changes().steps().size() == 1 ? " step" : " steps")
                          + " in "
                          + t.dir().resolve(ChangePlan.TREE_FOLDER)
                          + " (hagen plan lists them); run them in order, then hagen build"
                          + " --applied"));
      if (verbose) {
        plan.outcomes()
            .forEach(
                o ->
                    summaries.println(
                        "  " + o.change().name().toLowerCase(Locale.ROOT) + " " + o.path()));
      }
    }
    Optional<IOException> failed = failures.stream().flatMap(Optional::stream).findFirst();
    if (failed.isPresent()) {
      throw failed.get();
    }
    return ExitCode.OK;
  }

  /**
   * A build that would change or remove the steps of a change not recorded yet: they may have run
   * (some of them), and then the record must follow them first. --applied records them, and
   * --replace-steps says none ran.
   */
  private Optional<Diagnostic> pendingSteps(FolderWrites plan) {
    if (applied || replaceSteps) {
      return Optional.empty();
    }
    List<String> replaced =
        plan.outcomes().stream()
            .filter(o -> o.path().startsWith(ChangePlan.TREE_FOLDER))
            .filter(o -> o.change() == Change.CHANGED || o.change() == Change.REMOVED)
            .map(Emitter.Outcome::path)
            .toList();
    if (replaced.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Diagnostic(
            Code.PENDING_STEPS,
            SourcePosition.wholeFile(plan.dir().resolve(ChangePlan.TREE_FOLDER).toString()),
            "the tree holds the steps of a change not recorded yet, and this build would"
                + " replace them ("
                + String.join(", ", replaced)
                + "): if some of them ran, the record must follow them first",
            "if every step ran, record them with the blueprint they were written from (hagen"
                + " build --applied); if none ran, "
                + arguments.command("build --replace-steps")
                + " writes this blueprint's steps instead"));
  }

  private static Optional<IOException> apply(FolderWrites plan, Runnable step) {
    try {
      Emitter.apply(plan, step);
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of(e);
    }
  }

  private int check(List<Target> targets, List<FileDiagnostics> reports) throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    String rebuild = arguments.command("build");
    List<StaleOutput.Stale> stale = new ArrayList<>();
    List<Diagnostic> refusals = new ArrayList<>();
    Map<Path, List<StaleOutput.Stale>> byFolder = new LinkedHashMap<>();
    for (Target t : targets) {
      FolderWrites plan = Emitter.writes(t.dir(), t.files(), t.blueprint(), force);
      refusals.addAll(plan.refusals());
      List<StaleOutput.Stale> found = StaleOutput.of(plan, Emitter.interrupted(t.dir()), rebuild);
      stale.addAll(found);
      byFolder.put(t.dir(), found);
    }
    if (diagnosticOptions.format == DiagnosticOptions.Format.json) {
      Map<String, Object> check = new LinkedHashMap<>();
      check.put("up_to_date", stale.isEmpty());
      check.put("stale", stale.stream().map(StaleOutput.Stale::json).toList());
      report(reports, check, refusals.toArray(Diagnostic[]::new));
    } else {
      report(reports, Map.of(), refusals.toArray(Diagnostic[]::new));
      PrintWriter diffs =
          diagnosticOptions.format == DiagnosticOptions.Format.text
              ? spec.commandLine().getOut()
              : err;
      stale.forEach(s -> diffs.print(s.diff()));
      diffs.flush();
    }
    byFolder.forEach(
        (dir, found) -> {
          if (!found.isEmpty()) {
            Map<StaleOutput.Cause, Long> counts =
                found.stream()
                    .collect(
                        Collectors.groupingBy(
                            StaleOutput.Stale::cause,
                            java.util.TreeMap::new,
                            Collectors.counting()));
            err.println(
                "hagen: "
                    + dir
                    + " is stale: "
                    + String.join(
                        ", ",
                        counts.entrySet().stream()
                            .map(e -> e.getValue() + " " + e.getKey().words)
                            .toList()));
          }
        });
    if (!stale.isEmpty()) {
      List<String> fixes = stale.stream().map(StaleOutput.Stale::fix).distinct().toList();
      err.println(
          "hagen: the output is not what the blueprints produce; to fix it: "
              + String.join("; ", fixes)
              + "; then commit the result");
      return ExitCode.STALE;
    }
    err.println(
        "hagen: "
            + targets.size()
            + (targets.size() == 1 ? " cluster" : " clusters")
            + " up to date");
    return ExitCode.OK;
  }

  /** The run's diagnostics, with those about the output folder (if any) after the blueprints'. */
  private void report(List<FileDiagnostics> files, Diagnostic... aboutOutput) {
    report(files, Map.of(), aboutOutput);
  }

  /** The same, with more of the JSON document ({@code --check}'s findings). */
  private void report(
      List<FileDiagnostics> files, Map<String, Object> json, Diagnostic... aboutOutput) {
    List<FileDiagnostics> all = new ArrayList<>(files);
    if (aboutOutput.length > 0) {
      all.add(new FileDiagnostics(arguments.output.toString(), List.of(aboutOutput)));
    }
    DiagnosticReport.write(
        diagnosticOptions.format,
        all,
        json,
        spec.commandLine().getOut(),
        spec.commandLine().getErr());
  }

  /** What runs after each write step: a halt at step {@code after} (a test aid), or nothing. */
  private static Runnable halt(long after) {
    if (after <= 0) {
      return () -> {};
    }
    long[] steps = {0};
    return () -> {
      if (++steps[0] == after) {
        Runtime.getRuntime().halt(ExitCode.HALTED);
      }
    };
  }

  static String summary(FolderWrites plan) {
    return plan.dir().getFileName()
        + ": "
        + plan.files().size()
        + " files in "
        + plan.dir()
        + " ("
        + plan.count(Change.CREATED)
        + " created, "
        + plan.count(Change.CHANGED)
        + " changed, "
        + plan.count(Change.UNCHANGED)
        + " unchanged, "
        + plan.count(Change.REMOVED)
        + " removed)";
  }
}
