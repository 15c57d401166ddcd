package dev.hagen;

import dev.hagen.blueprint.Blueprint;
import dev.hagen.blueprint.BlueprintBinder;
import dev.hagen.blueprint.BlueprintFiles;
import dev.hagen.blueprint.BlueprintOverlay;
import dev.hagen.blueprint.BlueprintParser;
import dev.hagen.blueprint.BlueprintSource;
import dev.hagen.blueprint.Limits;
import dev.hagen.blueprint.SecretValues;
import dev.hagen.check.BlueprintChecks;
import dev.hagen.check.CrossBlueprintChecks;
import dev.hagen.diagnostic.Diagnostic;
import dev.hagen.diagnostic.Diagnostics;
import dev.hagen.plan.ClusterPlan;
import dev.hagen.plan.Planner;
import dev.hagen.render.GeneratedFile;
import dev.hagen.render.Renderer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;

/** parse, bind, check, plan, render: pure functions from blueprints' text to files in memory. */
public final class Pipeline {
  /** The diagnostics of one blueprint, and, when there was no error, its plan and files. */
  public record Result(
      List<Diagnostic> diagnostics, Optional<ClusterPlan> plan, List<GeneratedFile> files) {
    public boolean ok() {
      return plan.isPresent();
    }
  }

  /**
   * The diagnostics of parse, bind and check; the blueprint only when none of them is an error.
   * {@code base}: the blueprint it extends, when it was read. {@code lines}: each file's lines, by
   * the path diagnostics name it with, as they may be echoed: with every secret value masked.
   */
  public record Checked(
      BlueprintSource source,
      Optional<BlueprintSource> base,
      List<Diagnostic> diagnostics,
      Optional<Blueprint> blueprint,
      Map<String, List<String>> lines) {}

  private Pipeline() {}

  public static Result compile(BlueprintSource source) {
    return compile(source, false);
  }

  /** With {@code strict}, warnings are errors: they are reported as such and stop the build. */
  public static Result compile(BlueprintSource source, boolean strict) {
    return generate(checkAll(List.of(source), strict).get(0));
  }

  /** Plans and renders a checked blueprint; a blueprint with errors gives no files. */
  public static Result generate(Checked checked) {
    if (checked.blueprint().isEmpty()) {
      return new Result(checked.diagnostics(), Optional.empty(), List.of());
    }
    ClusterPlan plan = Planner.plan(checked.blueprint().get(), Version.VALUE);
    return new Result(checked.diagnostics(), Optional.of(plan), Renderer.render(plan));
  }

  public static Checked check(BlueprintSource source, boolean strict) {
    return checkAll(List.of(source), strict).get(0);
  }

  /**
   * Checks blueprints built together: each on its own, then against each other (cluster names,
   * addresses, VRRP router ids and forwarded ports must not collide), in the order given.
   */
  public static List<Checked> checkAll(List<BlueprintSource> sources, boolean strict) {
    List<Diagnostics> collected = new ArrayList<>();
    List<Optional<Blueprint>> blueprints = new ArrayList<>();
    List<Optional<BlueprintSource>> bases = new ArrayList<>();
    List<Map<String, List<String>>> lines = new ArrayList<>();
    for (BlueprintSource source : sources) {
      Diagnostics d = new Diagnostics();
      Optional<Node> root = BlueprintParser.parse(source, d);
      // The one read besides the CLI's: the base blueprint an overlay names, inside the same root.
      Optional<BlueprintOverlay.Merged> merged =
          root.flatMap(
              r ->
                  BlueprintOverlay.resolve(
                      r, source, file -> BlueprintFiles.read(file, source.root()), d));
      bases.add(merged.flatMap(BlueprintOverlay.Merged::base));
      Map<String, List<String>> shown = new LinkedHashMap<>();
      shown.put(
          source.displayPath(), SecretValues.masked(source.lines(), root.map(SecretValues::spans)));
      merged.ifPresent(
          m ->
              m.base()
                  .ifPresent(
                      b ->
                          shown.putIfAbsent(
                              b.displayPath(),
                              SecretValues.masked(b.lines(), Optional.of(m.baseSecrets())))));
      lines.add(Collections.unmodifiableMap(shown));
      Optional<Blueprint> blueprint = merged.flatMap(m -> BlueprintBinder.bind(m, source, d));
      blueprint.ifPresent(b -> BlueprintChecks.run(b, d));
      collected.add(d);
      blueprints.add(blueprint);
    }
    CrossBlueprintChecks.run(blueprints, collected);
    List<Checked> checked = new ArrayList<>();
    for (int i = 0; i < sources.size(); i++) {
      Diagnostics diagnostics = new Diagnostics();
      List<Diagnostic> found = collected.get(i).sorted();
      boolean failed = found.stream().anyMatch(d -> strict || d.isError());
      List<Diagnostic> shown = withoutBaseRepeats(found, bases.get(i), sources, collected);
      diagnostics.addAll(strict ? shown.stream().map(Diagnostic::asError).toList() : shown);
      checked.add(
          new Checked(
              sources.get(i),
              bases.get(i),
              Diagnostics.capped(
                  diagnostics.sorted(),
                  sources.get(i).displayPath(),
                  Limits.MAX_DIAGNOSTICS_PER_FILE),
              failed ? Optional.empty() : blueprints.get(i),
              lines.get(i)));
    }
    return checked;
  }

  /**
   * A problem in a base blueprint built in the same run is reported once, with the base itself, not
   * again with every overlay that extends it.
   */
  private static List<Diagnostic> withoutBaseRepeats(
      List<Diagnostic> found,
      Optional<BlueprintSource> base,
      List<BlueprintSource> sources,
      List<Diagnostics> collected) {
    if (base.isEmpty()) {
      return found;
    }
    for (int j = 0; j < sources.size(); j++) {
      if (sources.get(j).displayPath().equals(base.get().displayPath())) {
        List<Diagnostic> own = collected.get(j).sorted();
        return found.stream().filter(d -> !own.contains(d)).toList();
      }
    }
    return found;
  }
}
