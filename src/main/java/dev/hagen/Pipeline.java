package dev.hagen;

import dev.hagen.blueprint.Blueprint;
import dev.hagen.blueprint.BlueprintBinder;
import dev.hagen.blueprint.BlueprintFiles;
import dev.hagen.blueprint.BlueprintOverlay;
import dev.hagen.blueprint.BlueprintParser;
import dev.hagen.blueprint.BlueprintSource;
import dev.hagen.blueprint.Limits;
import dev.hagen.blueprint.SecretValues;
import dev.hagen.change.ChangePlanner;
import dev.hagen.check.BlueprintChecks;
import dev.hagen.check.CrossBlueprintChecks;
import dev.hagen.diagnostic.Diagnostic;
import dev.hagen.diagnostic.Diagnostics;
import dev.hagen.plan.ClusterPlan;
import dev.hagen.plan.GroupVariables;
import dev.hagen.plan.Planner;
import dev.hagen.render.GeneratedFile;
import dev.hagen.render.Renderer;
import dev.hagen.state.ClusterState;
import dev.hagen.state.StateCodec;
import dev.hagen.steps.ChangePlan;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;

/**
 * parse, bind, check, plan, change, render: from blueprints' text to files in memory. Nothing here
 * touches the disk; the one input besides the text is the record a caller's {@link Records} finds
 * (the CLI reads it from the output folder), so the same text and record give the same files.
 */
public final class Pipeline {
  /** The diagnostics of one blueprint, and, when there was no error, its plan and files. */
  public record Result(
      List<Diagnostic> diagnostics,
      Optional<ClusterPlan> plan,
      ChangePlan changes,
      List<GeneratedFile> files) {
    public boolean ok() {
      return plan.isPresent();
    }
  }

  /**
   * Where the record of what was built comes from: the output folder (read at the CLI's edge), or
   * nowhere for a first build, or when {@code --applied} takes the blueprint as the running
   * cluster.
   */
  public interface Records {
    StateCodec.Found find(ClusterPlan plan);

    Records NONE = plan -> StateCodec.Found.NOTHING;
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

  /** Plans and renders a checked blueprint, as a first build; one with errors gives no files. */
  public static Result generate(Checked checked) {
    return generate(checked, Records.NONE, false);
  }

  /**
   * Plans and renders a checked blueprint against the record of what was built ({@code records}): a
   * change the running cluster needs steps for is written as those steps, beside the record it
   * starts from; a change that cannot be planned is an error, and gives no files. {@code strict}:
   * the change's warnings are errors too.
   */
  public static Result generate(Checked checked, Records records, boolean strict) {
    if (checked.blueprint().isEmpty()) {
      return new Result(checked.diagnostics(), Optional.empty(), ChangePlan.NONE, List.of());
    }
    Blueprint blueprint = checked.blueprint().get();
    ClusterPlan plan = Planner.plan(blueprint, Version.VALUE);
    StateCodec.Found found = records.find(plan);
    List<Diagnostic> diagnostics = new ArrayList<>(checked.diagnostics());
    if (!found.problems().isEmpty()) {
      diagnostics.addAll(found.problems());
      return new Result(diagnostics, Optional.empty(), ChangePlan.NONE, List.of());
    }
    ChangePlan changes = ChangePlanner.plan(found.previous(), blueprint, plan);
    changes.diagnostics().forEach(d -> diagnostics.add(strict ? d.asError() : d));
    List<Diagnostic> sorted = diagnostics.stream().sorted(Diagnostic.IN_SOURCE_ORDER).toList();
    if (sorted.stream().anyMatch(Diagnostic::isError)) {
      return new Result(sorted, Optional.empty(), changes, List.of());
    }
    ClusterState record = changes.pending() ? found.previous().orElseThrow().state() : plan.state();
    return new Result(sorted, Optional.of(plan), changes, Renderer.render(plan, changes, record));
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
      blueprint.ifPresent(b -> BlueprintChecks.run(b, d, GroupVariables::drivenBy));
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
