package dev.hagen.render;

import dev.hagen.steps.ChangePlan;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The files a step's playbook reads besides itself, by their SHA-256: the step checks them before
 * anything runs, so it never runs with a group_vars, an inventory or an ansible.cfg other than the
 * ones it was written (and reviewed) with; and a change to any of them changes the step's own text,
 * so {@code hagen build --applied} sees steps written from other files.
 */
public final class StepInputs {
  /** The files of the cluster's tree that Ansible reads for every step, relative to ansible/. */
  static final List<String> SHARED =
      List.of("ansible.cfg", "inventories/hosts", "inventories/group_vars/all.yml");

  /** The name of the playbook variable that holds them, in the step's first play. */
  public static final String VARIABLE = "hagen_inputs";

  private StepInputs() {}

  /**
   * Each input's path (relative to ansible/) and SHA-256, from the files rendered so far and the
   * step's own inventory.
   */
  static Map<String, String> of(List<GeneratedFile> files, Optional<GeneratedFile> ini) {
    Map<String, String> inputs = new LinkedHashMap<>();
    for (String path : SHARED) {
      files.stream()
          .filter(f -> f.path().equals(ChangePlan.RUN_FROM + "/" + path))
          .findFirst()
          .ifPresent(f -> inputs.put(path, f.sha256()));
    }
    ini.ifPresent(
        f -> inputs.put(f.path().substring(ChangePlan.RUN_FROM.length() + 1), f.sha256()));
    return Collections.unmodifiableMap(inputs);
  }

  /** The inventories the step's command names, in order (ansible.cfg names the first). */
  static List<String> inventories(ChangePlan.Step step) {
    List<String> sources = new ArrayList<>(List.of("inventories/hosts"));
    step.inventory().ifPresent(sources::add);
    return List.copyOf(sources);
  }

  /**
   * The inputs a step's playbook on disk says it was written from, or nothing when it says none (it
   * is not a step hagen wrote).
   */
  public static Optional<Map<String, String>> recorded(String playbook) {
    try {
      SafeConstructor constructor =
          new SafeConstructor(new LoaderOptions()) {
            {
              // A text the step keeps from Ansible's templating: read as the text.
              this.yamlConstructors.put(
                  new Tag("!unsafe"),
                  new AbstractConstruct() {
                    @Override
                    public Object construct(Node node) {
                      return ((ScalarNode) node).getValue();
                    }
                  });
            }
          };
      Object doc = new Yaml(constructor).load(playbook);
      if (doc instanceof List<?> plays
          && !plays.isEmpty()
          && plays.get(0) instanceof Map<?, ?> play
          && play.get("vars") instanceof Map<?, ?> vars
          && vars.get(VARIABLE) instanceof Map<?, ?> inputs) {
        Map<String, String> m = new LinkedHashMap<>();
        inputs.forEach((k, v) -> m.put(String.valueOf(k), String.valueOf(v)));
        return Optional.of(m);
      }
    } catch (YAMLException e) {
      // not YAML hagen wrote
    }
    return Optional.empty();
  }
}
