package dev.hagen.cli;

import dev.hagen.Pipeline;
import dev.hagen.cli.DiagnosticReport.FileDiagnostics;
import dev.hagen.diagnostic.Diagnostic;
import dev.hagen.diagnostic.DiagnosticPrinter;
import dev.hagen.emit.Records;
import dev.hagen.plan.ClusterPlan;
import dev.hagen.render.GeneratedFile;
import dev.hagen.state.ClusterState;
import dev.hagen.state.StateCodec;
import dev.hagen.steps.ChangePlan;
import dev.hagen.steps.ChangePlan.Action;
import dev.hagen.steps.ChangePlan.Restart;
import dev.hagen.steps.ChangePlan.Step;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "plan",
    exitCodeOnInvalidInput = ExitCode.PLAN_ERRORS,
    mixinStandardHelpOptions = true,
    header = "Shows the steps that make a blueprint change on a running cluster.",
    description = {
      "Compares each BLUEPRINT with the record of what was built for its cluster"
          + " (DIR/<cluster name>/hagen-state.yml) and prints the change, Terraform-style (+ add,"
          + " - remove, ~ change), and the steps that make it on the running cluster, in the order"
          + " they must run: for each, the autobase playbook, the exact command (run from"
          + " DIR/<cluster name>/ansible), the hosts it touches, what reloads or restarts where and"
          + " in which order, the expected write interruption, and whether it is destructive.",
      "",
      "hagen build writes each step's playbook into DIR/<cluster name>/ansible/plan/; once the"
          + " steps have run, hagen build --applied records the change. A change the running"
          + " cluster cannot take safely is an error, with the blueprint line that asks for it."
          + " plan writes nothing."
    },
    footer = {
      "%nExit codes (as terraform plan -detailed-exitcode):",
      "  0  nothing to do: every cluster is as its record says",
      "  1  errors: a blueprint is invalid, a change is refused, a record is damaged, or the"
          + " command line is wrong",
      "  2  changes planned, drift observed, or a cluster not built yet",
      "%nExamples:",
      "  hagen plan blueprints/lab.yml",
      "  hagen plan blueprints/ --format json     # for CI: the steps as data"
    })
final class PlanCommand implements Callable<Integer> {
  static final int NOTHING = 0;
  static final int ERRORS = 1;
  static final int CHANGES = 2;

  /** The version of the JSON document's {@code plan} part. */
  static final int JSON_FORMAT = 1;

  @Spec CommandSpec spec;

  @Mixin DiagnosticOptions diagnosticOptions;

  @Mixin ClusterArguments arguments;

  /** The record for a plan in {@code output}; a read failure is the machine's, not the user's. */
  static StateCodec.Found find(Path output, ClusterPlan plan, Optional<Path> observed) {
    try {
      return Records.find(output, plan, observed);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    BlueprintInputs.Collected collected = arguments.collect();
    Path output = arguments.output;
    if (collected.usage().isPresent()) {
      err.println("hagen: " + collected.usage().get());
      return ERRORS;
    }
    List<FileDiagnostics> reports = new ArrayList<>(collected.problems());
    List<Map<String, Object>> clusters = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    boolean changes = false;
    for (Pipeline.Checked c : Pipeline.checkAll(collected.sources(), diagnosticOptions.strict)) {
      Pipeline.Result result =
          Pipeline.generate(
              c, plan -> find(output, plan, arguments.observed), diagnosticOptions.strict);
      reports.add(new FileDiagnostics(c.source().displayPath(), c.lines(), result.diagnostics()));
      if (result.plan().isEmpty()) {
        continue;
      }
      ClusterPlan plan = result.plan().get();
      Path dir = output.resolve(plan.clusterName());
      boolean built = Records.hasRecord(dir);
      changes |=
          !built
              || result.changes().pending()
              || !result.changes().changes().isEmpty()
              || !result.changes().drift().isEmpty();
      clusters.add(json(plan, dir, built, result, c.source().displayPath()));
      text.append(text(plan, dir, built, result));
    }
    boolean failed =
        reports.stream().flatMap(r -> r.diagnostics().stream()).anyMatch(Diagnostic::isError);
    if (diagnosticOptions.format == DiagnosticOptions.Format.json) {
      Map<String, Object> more = new LinkedHashMap<>();
      Map<String, Object> planned = new LinkedHashMap<>();
      planned.put("format", JSON_FORMAT);
      planned.put("changes", !failed && changes);
      planned.put("clusters", failed ? List.of() : clusters);
      more.put("plan", planned);
      DiagnosticReport.write(diagnosticOptions.format, reports, more, out, err);
    } else {
      DiagnosticReport.write(diagnosticOptions.format, reports, out, err);
      if (!failed && diagnosticOptions.format == DiagnosticOptions.Format.text) {
        out.print(text);
        out.flush();
      }
    }
    if (failed) {
      err.println("hagen: nothing planned: fix the errors above");
      return ERRORS;
    }
    return changes ? CHANGES : NOTHING;
  }

  /** Whether each step's files in the tree are what hagen build writes for it now. */
  private static boolean written(Path dir, List<GeneratedFile> files, Step step) {
    for (GeneratedFile f : files) {
      if (step.treePaths().contains(f.path())
          && !StaleOutput.sameAsOnDisk(dir.resolve(f.path()), f.content())) {
        return false;
      }
    }
    return true;
  }

  private String rebuild(boolean applied) {
    return arguments.command(applied ? "build --applied" : "build");
  }

  private String text(ClusterPlan plan, Path dir, boolean built, Pipeline.Result result) {
    StringBuilder s = new StringBuilder();
    ChangePlan changes = result.changes();
    if (!built) {
      s.append(plan.clusterName())
          .append(": not built yet (no ")
          .append(dir.resolve(ClusterState.FILE))
          .append(")\n\n  + cluster ")
          .append(plan.clusterName())
          .append(": ")
          .append(plan.hosts().size())
          .append(" nodes\n\n")
          .append("  ")
          .append(rebuild(false))
          .append(" writes it; ansible-playbook deploy.yml (from ")
          .append(dir.resolve(ChangePlan.RUN_FROM))
          .append(") deploys it.\n\n");
      return s.toString();
    }
    drift(s, plan, changes);
    if (changes.changes().isEmpty()) {
      s.append(plan.clusterName())
          .append(": no changes. The running cluster, as ")
          .append(dir.resolve(ClusterState.FILE))
          .append(" records it, is what the blueprint describes.\n\n");
      return s.toString();
    }
    s.append(plan.clusterName())
        .append(" (")
        .append(dir)
        .append("): ")
        .append(counts(changes))
        .append("\n\n");
    for (ChangePlan.Change c : changes.changes()) {
      s.append("  ")
          .append(c.action().symbol())
          .append(' ')
          .append(DiagnosticPrinter.printable(c.subject()))
          .append("  ")
          .append(DiagnosticPrinter.printable(c.detail()))
          .append('\n');
    }
    if (changes.steps().isEmpty()) {
      s.append("\n  No step runs on the cluster: ")
          .append(rebuild(false))
          .append(" records the change.\n\n");
      return s.toString();
    }
    s.append("\nSteps, in this order, each run once from ")
        .append(dir.resolve(ChangePlan.RUN_FROM))
        .append(
            changes.steps().stream().anyMatch(st -> !st.kind().playbook())
                ? " (a vagrant command from " + dir + ")"
                : "")
        .append(":\n");
    for (Step step : changes.steps()) {
      s.append("\n  ")
          .append(step.number())
          .append(". ")
          .append(step.action().symbol())
          .append(' ')
          .append(step.title())
          .append('\n');
      row(s, "run", step.command());
      if (step.kind().playbook()) {
        row(s, "playbook", step.playbook() + " (" + step.file() + ")");
      }
      row(s, "hosts", String.join(", ", step.hosts()));
      String label = "restarts";
      for (Restart r : step.restarts()) {
        row(
            s,
            label,
            r.how()
                + " "
                + r.service()
                + " on "
                + String.join(", ", r.hosts())
                + " ("
                + r.order()
                + ")");
        label = "";
      }
      row(s, "writes", step.interruption());
      String needs = "needs";
      for (String need : step.needs()) {
        row(s, needs, need);
        needs = "";
      }
      row(
          s,
          "destructive",
          step.destructive()
              ? "yes: "
                  + step.destroys()
                  + step.confirmation().map(c -> " Nothing runs without -e " + c + ".").orElse("")
              : "no");
    }
    boolean written = changes.steps().stream().allMatch(step -> written(dir, result.files(), step));
    s.append("\n  ")
        .append(
            written
                ? "The step files are in the tree, as hagen build wrote them."
                : "The step files are not in the tree yet: " + rebuild(false) + " first.")
        .append("\n  When every step has run: ")
        .append(rebuild(true))
        .append(" (records the change; the next plan starts from it).\n\n")
        .append("Plan: ")
        .append(counts(changes))
        .append("\n\n");
    return s.toString();
  }

  /** The running cluster's differences from its record, each with what the plan does with it. */
  private static void drift(StringBuilder s, ClusterPlan plan, ChangePlan changes) {
    if (changes.drift().isEmpty()) {
      return;
    }
    s.append(plan.clusterName())
        .append(": drift: the running cluster differs from its record in ")
        .append(changes.drift().size())
        .append(changes.drift().size() == 1 ? " way" : " ways")
        .append("\n\n");
    for (ChangePlan.Drifted d : changes.drift()) {
      s.append("  ! ")
          .append(d.subject().word)
          .append(' ')
          .append(DiagnosticPrinter.printable(d.name()))
          .append(": recorded ")
          .append(DiagnosticPrinter.printable(d.recorded()))
          .append(", observed ")
          .append(DiagnosticPrinter.printable(d.observed()))
          .append("\n      ")
          .append(d.disposition().words)
          .append('\n');
    }
    s.append('\n');
  }

  private static String counts(ChangePlan changes) {
    return changes.count(Action.ADD)
        + " to add, "
        + changes.count(Action.CHANGE)
        + " to change, "
        + changes.count(Action.REMOVE)
        + " to remove.";
  }

  private static void row(StringBuilder s, String label, String value) {
    s.append("       ")
        .append(String.format("%-13s", label.isEmpty() ? "" : label + ":"))
        .append(value)
        .append('\n');
  }

  private Map<String, Object> json(
      ClusterPlan plan, Path dir, boolean built, Pipeline.Result result, String blueprint) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cluster", plan.clusterName());
    m.put("blueprint", blueprint);
    m.put("folder", dir.toString());
    m.put("built", built);
    List<Object> changes = new ArrayList<>();
    if (!built) {
      changes.add(
          Map.of(
              "action",
              Action.ADD.word(),
              "subject",
              "cluster " + plan.clusterName(),
              "detail",
              plan.hosts().size() + " nodes, not built yet"));
    }
    for (ChangePlan.Change c : result.changes().changes()) {
      Map<String, Object> change = new LinkedHashMap<>();
      change.put("action", c.action().word());
      change.put("subject", c.subject());
      change.put("detail", c.detail());
      changes.add(change);
    }
    m.put("changes", changes);
    List<Object> drift = new ArrayList<>();
    for (ChangePlan.Drifted d : result.changes().drift()) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("subject", d.subject().word);
      x.put("name", d.name());
      x.put("recorded", d.recorded());
      x.put("observed", d.observed());
      x.put("disposition", d.disposition().word());
      drift.add(x);
    }
    m.put("drift", drift);
    List<Object> steps = new ArrayList<>();
    for (Step step : result.changes().steps()) {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("number", step.number());
      s.put("action", step.action().word());
      s.put("kind", step.kind().slug());
      s.put("title", step.title());
      s.put("playbook", step.playbook());
      s.put("file", step.kind().playbook() ? step.treeFile() : null);
      s.put("inventory", step.treeInventory().orElse(null));
      s.put("run_from", dir.resolve(step.runFrom()).normalize().toString());
      s.put("command", step.command());
      s.put("hosts", step.hosts());
      List<Object> restarts = new ArrayList<>();
      for (Restart r : step.restarts()) {
        Map<String, Object> restart = new LinkedHashMap<>();
        restart.put("service", r.service());
        restart.put("how", r.how());
        restart.put("hosts", r.hosts());
        restart.put("order", r.order());
        restarts.add(restart);
      }
      s.put("restarts", restarts);
      s.put("interruption", step.interruption());
      s.put("needs", step.needs());
      s.put("destructive", step.destructive());
      s.put("confirmation", step.confirmation().orElse(null));
      s.put("destroys", step.destructive() ? step.destroys() : null);
      s.put("written", written(dir, result.files(), step));
      steps.add(s);
    }
    m.put("steps", steps);
    // --applied only once the tree holds every step as hagen writes it: they must run first.
    boolean written =
        result.changes().steps().stream().allMatch(step -> written(dir, result.files(), step));
    m.put(
        "then",
        result.changes().changes().isEmpty() && built
            ? null
            : rebuild(result.changes().pending() && written));
    return m;
  }
}
