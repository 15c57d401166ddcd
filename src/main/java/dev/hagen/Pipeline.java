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
    Diagnostics diagnostics = new Diagnostics();
    Optional<Blueprint> blueprint = BlueprintParser.parse(source, diagnostics)
        .flatMap(root -> BlueprintBinder.bind(root, source, diagnostics));
    blueprint.ifPresent(b -> BlueprintChecks.run(b, diagnostics));
    if (blueprint.isEmpty() || diagnostics.hasErrors()) {
      return new Result(diagnostics.sorted(), Optional.empty(), List.of());
    }
    ClusterPlan plan = Planner.plan(blueprint.get(), Version.VALUE);
    return new Result(diagnostics.sorted(), Optional.of(plan), Renderer.render(plan));
  }
}
