package dev.hagen;

import dev.hagen.blueprint.Blueprint;
import dev.hagen.blueprint.BlueprintBinder;
import dev.hagen.blueprint.BlueprintParser;
import dev.hagen.blueprint.BlueprintSource;
import dev.hagen.check.BlueprintChecks;
import dev.hagen.diagnostic.Diagnostic;
import dev.hagen.diagnostic.Diagnostics;
import dev.hagen.plan.ClusterPlan;
import dev.hagen.plan.Planner;
import dev.hagen.render.GeneratedFile;
import dev.hagen.render.Renderer;
import java.util.List;
import java.util.Optional;

/** parse, bind, check, plan, render: a pure function from a blueprint's text to files in memory. */
public final class Pipeline {
  /** The diagnostics of the run, and, when there was no error, the plan and its files. */
  public record Result(List<Diagnostic> diagnostics, Optional<ClusterPlan> plan, List<GeneratedFile> files) {
    public boolean ok() {
      return plan.isPresent();
    }
  }

  private Pipeline() {}

  public static Result compile(BlueprintSource source) {
    return compile(source, false);
  }

  /** With {@code strict}, warnings are errors: they are reported as such and stop the build. */
  public static Result compile(BlueprintSource source, boolean strict) {
    Checked checked = check(source, strict);
    if (checked.blueprint().isEmpty()) {
      return new Result(checked.diagnostics(), Optional.empty(), List.of());
    }
    ClusterPlan plan = Planner.plan(checked.blueprint().get(), Version.VALUE);
    return new Result(checked.diagnostics(), Optional.of(plan), Renderer.render(plan));
  }

  /** The diagnostics of parse, bind and check; the blueprint only when none of them is an error. */
  public record Checked(List<Diagnostic> diagnostics, Optional<Blueprint> blueprint) {}

  public static Checked check(BlueprintSource source, boolean strict) {
    Diagnostics collected = new Diagnostics();
    Optional<Blueprint> blueprint = BlueprintParser.parse(source, collected)
        .flatMap(root -> BlueprintBinder.bind(root, source, collected));
    blueprint.ifPresent(b -> BlueprintChecks.run(b, collected));
    Diagnostics diagnostics = new Diagnostics();
    diagnostics.addAll(strict
        ? collected.sorted().stream().map(Diagnostic::asError).toList()
        : collected.sorted());
    return new Checked(diagnostics.sorted(),
        diagnostics.hasErrors() ? Optional.empty() : blueprint);
  }
}
