package dev.hagen.render;

import dev.hagen.plan.ClusterPlan;
import dev.hagen.state.ClusterState;
import dev.hagen.state.Observation;
import dev.hagen.state.StateCodec;
import dev.hagen.steps.ChangePlan;
import freemarker.template.TemplateException;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stage 5, render: the plan to files in memory, each parsed back before anyone may write it. Output
 * is byte-stable: LF line endings, no timestamps, nothing from the JVM's locale.
 */
public final class Renderer {
  private Renderer() {}

  /** A first build's files: nothing built before, nothing to change. */
  public static List<GeneratedFile> render(ClusterPlan plan) {
    return render(plan, ChangePlan.NONE, plan.state());
  }

  /**
   * The cluster's files, the record to keep beside them ({@code record}: the one the pending change
   * starts from, or the plan's own), and a playbook (and inventory) per step of {@code changes}.
   */
  public static List<GeneratedFile> render(
      ClusterPlan plan, ChangePlan changes, ClusterState record) {
    Map<String, Object> model = new java.util.HashMap<>();
    model.put("plan", plan);
    model.put("changes", changes);
    model.put("record", StateCodec.write(record));
    model.put("header", Literals.commentText(header(plan)));
    model.put("headerNote", HEADER_NOTE);
    model.put("diagramNode", diagramNodes(plan));
    model.put("primaryNodes", primaryNodes(plan));
    model.put("leaving", leaving(plan, changes));
    model.put("recordFile", ClusterState.FILE);
    model.put("observation", Map.of("file", Observation.FILE, "format", Observation.FORMAT));
    model.put("dcsKeys", Observation.DCS_KEYS);
    model.put("autobaseExpressions", autobaseExpressions(plan));
    List<GeneratedFile> files = new ArrayList<>();
    for (OutputFile f : OutputFile.values()) {
      if (f.writtenFor(plan)) {
        files.add(file(f.path, f.template, model));
      }
    }
    for (ChangePlan.Step step : changes.steps()) {
      if (!step.kind().playbook()) {
        continue; // a Vagrant command: nothing to write
      }
      Map<String, Object> stepModel = new java.util.HashMap<>(model);
      stepModel.put("step", step);
      Optional<GeneratedFile> ini =
          step.treeInventory().map(path -> file(path, "plan-step.ini.ftl", stepModel));
      stepModel.put("inputs", StepInputs.of(files, ini));
      stepModel.put("inventories", StepInputs.inventories(step));
      files.add(file(step.treeFile(), STEP_TEMPLATES.get(step.kind()), stepModel));
      ini.ifPresent(files::add);
    }
    ReadBack.verify(files, plan, changes, record);
    return Collections.unmodifiableList(files);
  }

  /**
   * A record's text under {@code header} (one comment line): the file {@link #render} writes, for a
   * record read back on its own.
   */
  public static String recordText(ClusterState record, String header) {
    Map<String, Object> model = new java.util.HashMap<>();
    model.put("record", StateCodec.write(record));
    model.put("header", Literals.commentText(header));
    model.put("headerNote", HEADER_NOTE);
    return file(OutputFile.RECORD.path, OutputFile.RECORD.template, model).content();
  }

  private static final String HEADER_NOTE =
      "Do not edit: change the blueprint, then rebuild with hagen.";

  /**
   * The hosts a pending change removes: a lab's Vagrantfile still defines their VMs (not started by
   * {@code vagrant up}) until the change's last step destroys them.
   */
  static List<ClusterPlan.Host> leaving(ClusterPlan plan, ChangePlan changes) {
    return changes.steps().stream()
        .filter(s -> s.kind() == ChangePlan.Kind.REMOVE_NODE)
        .flatMap(s -> s.targets().stream())
        .toList();
  }

  /** The playbook template of each kind of step. */
  static final Map<ChangePlan.Kind, String> STEP_TEMPLATES = stepTemplates();

  private static Map<ChangePlan.Kind, String> stepTemplates() {
    Map<ChangePlan.Kind, String> m = new java.util.EnumMap<>(ChangePlan.Kind.class);
    for (ChangePlan.Kind kind : ChangePlan.Kind.values()) {
      m.put(kind, "plan-" + kind.slug() + ".yml.ftl");
    }
    return Collections.unmodifiableMap(m);
  }

  /**
   * autobase's own expressions in the plan's "after" (never a blueprint's value), each as {@code
   * {expression: the text, as data; value: the same text, for Ansible to evaluate}}: observe.yml
   * reports what each becomes on each host, so hagen plan can compare them.
   */
  static List<Map<String, Object>> autobaseExpressions(ClusterPlan plan) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (String t : plan.autobaseExpressions()) {
      Map<String, Object> m = new java.util.LinkedHashMap<>();
      m.put("expression", t);
      m.put("value", new ClusterPlan.Jinja(t));
      out.add(m);
    }
    return out;
  }

  /** Every file's template, then every step's. */
  static final List<String> TEMPLATES =
      java.util.stream.Stream.concat(
              java.util.Arrays.stream(OutputFile.values()).map(f -> f.template),
              STEP_TEMPLATES.values().stream())
          .toList();

  /**
   * Each host's node number in the README's diagram, by its name in lower case (as {@code
   * replicate_from} names it): the diagram looks a replica's upstream up here instead of walking
   * every host for every replica.
   */
  static Map<String, Integer> diagramNodes(ClusterPlan plan) {
    Map<String, Integer> nodes = new java.util.HashMap<>();
    for (int i = 0; i < plan.hosts().size(); i++) {
      nodes.putIfAbsent(plan.hosts().get(i).name().toLowerCase(java.util.Locale.ROOT), i);
    }
    return nodes;
  }

  /** The primaries' node numbers in the diagram, found once for all the replicas. */
  static List<Integer> primaryNodes(ClusterPlan plan) {
    List<Integer> primaries = new ArrayList<>();
    for (int i = 0; i < plan.hosts().size(); i++) {
      if (plan.hosts().get(i).isPrimary()) {
        primaries.add(i);
      }
    }
    return primaries;
  }

  /** Parses every template now (each is parsed once per process and cached). */
  public static void prepare() {
    TEMPLATES.forEach(Templates::get);
  }

  /** The first comment of every file: which hagen, from which blueprint. */
  static String header(ClusterPlan plan) {
    var p = plan.provenance();
    String file = p.blueprintFile();
    if (file.length() > 60) {
      file = file.substring(0, 28) + "..." + file.substring(file.length() - 28);
    }
    // The blueprint's hash is the manifest's: here it would change every file for any change.
    return "Generated by hagen " + p.hagenVersion() + " from " + file + ".";
  }

  private static GeneratedFile file(String path, String template, Map<String, Object> model) {
    StringWriter out = new StringWriter();
    try {
      Templates.get(template).process(model, out);
    } catch (TemplateException | IOException e) {
      throw new IllegalStateException("template " + template + " failed: " + e.getMessage(), e);
    }
    String text = out.toString().replace("\r\n", "\n");
    return new GeneratedFile(path, text.endsWith("\n") ? text : text + "\n");
  }
}
