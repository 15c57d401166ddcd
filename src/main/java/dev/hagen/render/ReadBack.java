package dev.hagen.render;

import dev.hagen.plan.ClusterPlan;
import dev.hagen.plan.ClusterPlan.Host;
import dev.hagen.plan.ClusterPlan.InventoryGroup;
import dev.hagen.render.InventoryReader.Inventory;
import dev.hagen.state.ClusterState;
import dev.hagen.state.Observation;
import dev.hagen.state.StateCodec;
import dev.hagen.steps.ChangePlan;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Parses every generated YAML, INI and Ruby file back, and compares what a consumer would read with
 * what the plan meant. A mismatch is a bug in hagen: nothing is written then.
 */
final class ReadBack {
  /** A string Ansible will not template: YAML {@code !unsafe "..."}. */
  record Unsafe(String value) {}

  private ReadBack() {}

  static void verify(List<GeneratedFile> files, ClusterPlan plan) {
    verify(files, plan, ChangePlan.NONE, plan.state());
  }

  static void verify(
      List<GeneratedFile> files, ClusterPlan plan, ChangePlan changes, ClusterState record) {
    for (GeneratedFile f : files) {
      try {
        if (f.path().startsWith(ChangePlan.TREE_FOLDER)) {
          step(f, changes, files);
          continue;
        }
        OutputFile file =
            OutputFile.at(f.path())
                .orElseThrow(
                    () -> new UnreadableOutputException(f.path(), "no reader for this file"));
        switch (file) {
          case RECORD -> {
            StateCodec.Read read = StateCodec.read(f.content(), f.path());
            read.problems().stream()
                .findFirst()
                .ifPresent(
                    p -> {
                      throw new UnreadableOutputException(f.path(), p.message());
                    });
            expect(f, Optional.of(record), read.record());
          }
          case VAGRANTFILE -> vagrantfile(f.content(), plan);
          case INVENTORY -> inventory(f.content(), plan);
          case GROUP_VARS -> expect(f, groupVars(plan), yaml(f.content()));
          case REQUIREMENTS ->
              expect(
                  f,
                  Map.of(
                      "collections",
                      List.of(
                          Map.of(
                              "name",
                              "vitabaks.autobase",
                              "version",
                              data(plan.autobaseVersion())))),
                  yaml(f.content()));
          case DEPLOY, REMOVE -> playbook(f, plan);
          case RESTORE -> restore(f, plan);
          case OBSERVE -> observe(f, plan);
          case ANSIBLE_CFG ->
              expect(
                  f,
                  "inventories/hosts",
                  config(f.content()).getOrDefault("defaults", Map.of()).get("inventory"));
          case README -> {}
        }
      } catch (RuntimeException e) {
        if (e instanceof UnreadableOutputException u) {
          throw u;
        }
        throw new UnreadableOutputException(f.path(), e.getMessage());
      }
    }
  }

  /** What YAML readers see for a string hagen wrote: tagged unsafe when it holds Jinja2. */
  static Object data(String s) {
    return Literals.hasJinja(s) ? new Unsafe(s) : s;
  }

  static Object yaml(String text) {
    return READER.get().load(text);
  }

  /**
   * The YAML reader, made once per thread: a reader holds state while it reads, so threads do not
   * share one, but making one (its constructors and representers) costs as much as reading a small
   * file.
   */
  private static final ThreadLocal<Yaml> READER = ThreadLocal.withInitial(ReadBack::reader);

  private static Yaml reader() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    SafeConstructor constructor =
        new SafeConstructor(options) {
          {
            this.yamlConstructors.put(
                new Tag("!unsafe"),
                new AbstractConstruct() {
                  @Override
                  public Object construct(Node node) {
                    return new Unsafe(((ScalarNode) node).getValue());
                  }
                });
          }
        };
    return new Yaml(
        constructor,
        new org.yaml.snakeyaml.representer.Representer(new org.yaml.snakeyaml.DumperOptions()),
        new org.yaml.snakeyaml.DumperOptions(),
        options);
  }

  static Map<String, Object> groupVars(ClusterPlan plan) {
    var v = plan.vars();
    Map<String, Object> m = new LinkedHashMap<>();
    v.derived().forEach((name, value) -> m.put(name, asRead(value)));
    plan.vault().ifPresent(vault -> m.put(ClusterPlan.Vault.VARIABLE, vault.lookup()));
    plan.secrets().forEach(s -> m.put(s.variable(), s.lookup()));
    v.passThrough().forEach((name, value) -> m.put(name, asRead(value)));
    return m;
  }

  /** Blueprint data as SnakeYAML reads back what {@link Literals#yamlEntry} wrote. */
  static Object asRead(Object value) {
    if (value instanceof String s) {
      return data(s);
    } else if (value instanceof ClusterPlan.Jinja j) {
      return j.text();
    } else if (value instanceof java.math.BigInteger i) {
      return i.bitLength() < 32
          ? (Object) i.intValue()
          : i.bitLength() < 64 ? (Object) i.longValue() : i;
    } else if (value instanceof java.math.BigDecimal d) {
      return d.doubleValue();
    } else if (value instanceof List<?> list) {
      return list.stream().map(ReadBack::asRead).toList();
    } else if (value instanceof Map<?, ?> map) {
      Map<Object, Object> m = new LinkedHashMap<>();
      map.forEach((k, v) -> m.put(data((String) k), asRead(v)));
      return m;
    } else if (value == dev.hagen.plan.ClusterPlan.YAML_NULL) {
      return null;
    }
    return value;
  }

  private static void playbook(GeneratedFile f, ClusterPlan plan) {
    Object doc = yaml(f.content());
    if (!(doc instanceof List<?> plays) || plays.isEmpty()) {
      throw new UnreadableOutputException(f.path(), "not a list of plays");
    }
    String target =
        f.path().endsWith("deploy.yml")
            ? "vitabaks.autobase.deploy_pgcluster"
            : "vitabaks.autobase.remove_cluster";
    Object last = ((Map<?, ?>) plays.get(plays.size() - 1)).get("ansible.builtin.import_playbook");
    expect(f, target, last);
    if (f.path().endsWith("remove.yml")) {
      Map<?, ?> guard = (Map<?, ?>) plays.get(0);
      expect(
          f, data(plan.clusterName()), ((Map<?, ?>) guard.get("vars")).get("hagen_cluster_name"));
      // What keeps removal from starting by accident: each switch autobase reads is the
      // confirmation.
      Map<?, ?> removal = (Map<?, ?>) ((Map<?, ?>) plays.get(plays.size() - 1)).get("vars");
      expect(f, data(plan.clusterName()), removal.get("hagen_cluster_name"));
      for (String flag : List.of("remove_postgres", "remove_etcd")) {
        expect(f, "{{ hagen_removal_confirmed }}", removal.get(flag));
      }
    }
  }

  /** What a task on a cluster host may be in observe.yml: each reads, or keeps what it read. */
  private static final Set<String> READING_MODULES =
      Set.of("ansible.builtin.command", "ansible.builtin.set_fact", "ansible.builtin.import_role");

  /**
   * observe.yml changes nothing on a cluster host: there every command is {@code changed_when:
   * false} (and runs in check mode as it would otherwise), a role is imported only for autobase's
   * defaults, and the one write, of the observation, is the last task of the last play, on the
   * controller.
   */
  private static void observe(GeneratedFile f, ClusterPlan plan) {
    Object doc = yaml(f.content());
    if (!(doc instanceof List<?> plays) || plays.size() < 2) {
      throw new UnreadableOutputException(f.path(), "not the plays of an observation");
    }
    Map<?, ?> write = Map.of();
    for (int i = 0; i < plays.size(); i++) {
      Map<?, ?> play = (Map<?, ?>) plays.get(i);
      boolean controller = "localhost".equals(play.get("hosts"));
      expect(f, i == plays.size() - 1, controller);
      List<?> tasks = (List<?>) play.get("tasks");
      for (int t = 0; t < tasks.size(); t++) {
        Map<?, ?> task = (Map<?, ?>) tasks.get(t);
        String module =
            task.keySet().stream()
                .map(String::valueOf)
                .filter(k -> k.startsWith("ansible.builtin."))
                .findFirst()
                .orElseThrow(() -> new UnreadableOutputException(f.path(), "a task of no module"));
        if (controller) {
          boolean last = t == tasks.size() - 1;
          expect(f, last ? "ansible.builtin.copy" : module, module);
          if (!last && module.equals("ansible.builtin.copy")) {
            throw new UnreadableOutputException(f.path(), "a second write on the controller");
          }
          write = last ? task : write;
          continue;
        }
        if (!READING_MODULES.contains(module)) {
          throw new UnreadableOutputException(f.path(), module + " on a cluster host");
        }
        if (module.equals("ansible.builtin.command")) {
          expect(f, false, task.get("changed_when"));
          expect(f, false, task.get("check_mode"));
        }
        if (module.equals("ansible.builtin.import_role")) {
          expect(f, "vitabaks.autobase.common", ((Map<?, ?>) task.get(module)).get("name"));
        }
      }
    }
    // The only text observe.yml hands Ansible to evaluate: autobase's own expressions, each as
    // the plan has it, never a value of the blueprint's.
    List<Object> evaluated = new ArrayList<>();
    for (Object play : plays) {
      Map<?, ?> vars = (Map<?, ?>) ((Map<?, ?>) play).get("vars");
      if (vars != null && vars.get("hagen_autobase_expressions") instanceof List<?> entries) {
        for (Object e : entries) {
          Map<?, ?> entry = (Map<?, ?>) e;
          expect(f, data(String.valueOf(entry.get("value"))), entry.get("expression"));
          evaluated.add(entry.get("value"));
        }
      }
    }
    expect(f, plan.autobaseExpressions(), evaluated);
    Map<?, ?> observation = (Map<?, ?>) ((Map<?, ?>) write.get("vars")).get("hagen_observation");
    expect(f, Observation.FORMAT, observation.get("format"));
    expect(f, data(plan.clusterName()), observation.get("cluster"));
  }

  /**
   * restore.yml wraps autobase's deploy_pgcluster, and its bootstrap method is pgBackRest only when
   * the restore was asked for: the tag and the time, checked in the last play itself.
   */
  private static void restore(GeneratedFile f, ClusterPlan plan) {
    Object doc = yaml(f.content());
    // The check of the target, autobase's restore, then the plays that follow it up.
    if (!(doc instanceof List<?> plays) || plays.size() < 2) {
      throw new UnreadableOutputException(f.path(), "not the plays of a restore");
    }
    Map<?, ?> last = (Map<?, ?>) plays.get(1);
    expect(f, "vitabaks.autobase.deploy_pgcluster", last.get("ansible.builtin.import_playbook"));
    Map<?, ?> vars = (Map<?, ?>) last.get("vars");
    expect(f, plan.backups().orElseThrow().restoreTarget(), vars.get("hagen_restore_target"));
    expect(
        f,
        "{{ 'pgbackrest' if hagen_restore_confirmed | bool else 'initdb' }}",
        vars.get("patroni_cluster_bootstrap_method"));
  }

  /** A step's playbook wraps the autobase playbook it names; its inventory marks what it says. */
  private static void step(GeneratedFile f, ChangePlan changes, List<GeneratedFile> files) {
    ChangePlan.Step step =
        changes.steps().stream()
            .filter(s -> s.treePaths().contains(f.path()))
            .findFirst()
            .orElseThrow(() -> new UnreadableOutputException(f.path(), "no step writes it"));
    if (f.path().endsWith(".ini")) {
      Map<String, Map<String, Map<String, Object>>> hosts =
          InventoryReader.read(f.content()).hosts();
      for (InventoryGroup g : step.inventoryGroups()) {
        for (Host h : g.hosts()) {
          Map<String, Object> vars = hosts.getOrDefault(g.name(), Map.of()).get(h.address());
          boolean add = step.kind() == ChangePlan.Kind.ADD_NODES;
          expect(
              f,
              add ? "true" : h.name(),
              vars == null ? null : vars.get(add ? "new_node" : "hostname"));
        }
      }
      return;
    }
    Object doc = yaml(f.content());
    if (!(doc instanceof List<?> plays) || plays.isEmpty()) {
      throw new UnreadableOutputException(f.path(), "not a list of plays");
    }
    // It runs only with the files it was written from: their hashes, as rendered with it.
    Optional<GeneratedFile> inventory =
        step.treeInventory()
            .flatMap(i -> files.stream().filter(g -> g.path().equals(i)).findFirst());
    expect(f, Optional.of(StepInputs.of(files, inventory)), StepInputs.recorded(f.content()));
    if (step.playbook().startsWith("vitabaks.autobase.")) {
      boolean imports =
          plays.stream()
              .anyMatch(
                  p ->
                      step.playbook()
                          .equals(((Map<?, ?>) p).get("ansible.builtin.import_playbook")));
      expect(f, true, imports);
    }
    if (step.kind() == ChangePlan.Kind.REMOVE_NODE) {
      // Nothing is removed unless confirmed: remove_node's target is empty otherwise.
      Map<?, ?> removal = (Map<?, ?>) ((Map<?, ?>) plays.get(plays.size() - 1)).get("vars");
      expect(
          f,
          "{{ hagen_node_address if (confirm_removal | default('')) == hagen_node_name else '' }}",
          removal.get("node_to_remove"));
      expect(f, data(step.targets().get(0).name()), removal.get("hagen_node_name"));
      expect(f, data(step.targets().get(0).address()), removal.get("hagen_node_address"));
    }
  }

  private static void inventory(String text, ClusterPlan plan) {
    Inventory read = InventoryReader.read(text);
    Map<String, Map<String, Map<String, Object>>> hosts = new LinkedHashMap<>();
    for (InventoryGroup g : plan.groups()) {
      Map<String, Map<String, Object>> members = new LinkedHashMap<>();
      for (Host h : g.hosts()) {
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("bind_address", h.address());
        vars.put("hostname", h.name());
        h.login().host().ifPresent(v -> vars.put("ansible_host", v));
        h.login()
            .port()
            .ifPresent(
                v -> vars.put("ansible_port", new InventoryReader.NotText(Integer.toString(v))));
        h.login().user().ifPresent(v -> vars.put("ansible_user", v));
        h.login().privateKeyFile().ifPresent(v -> vars.put("ansible_ssh_private_key_file", v));
        if (g.postgres()) {
          vars.put("postgresql_exists", "false");
          if (!h.patroniTags().isEmpty()) {
            vars.put("patroni_tags", h.patroniTags());
          }
          h.replicateFrom().ifPresent(r -> vars.put("patroni_replicatefrom", r));
        }
        members.put(h.address(), vars);
      }
      hosts.put(g.name(), members);
    }
    expect("ansible/inventories/hosts", hosts, read.hosts());
    expect(
        "ansible/inventories/hosts",
        Map.of(
            "postgres_cluster",
            java.util.Arrays.stream(dev.hagen.plan.AutobaseGroup.values())
                .filter(dev.hagen.plan.AutobaseGroup::postgres)
                .map(g -> g.group)
                .toList()),
        read.children());
    Map<String, Object> all = new LinkedHashMap<>();
    all.put("ansible_connection", "ssh");
    all.put("ansible_user", plan.connection().user());
    all.put("ansible_ssh_private_key_file", plan.connection().privateKeyFile());
    all.put("ansible_python_interpreter", "/usr/bin/python3");
    expect("ansible/inventories/hosts", Map.of("all", all), read.vars());
  }

  private static void vagrantfile(String text, ClusterPlan plan) {
    // A set: every host's values are looked up, so a list would make this quadratic in the hosts.
    Set<String> literals = new HashSet<>(RubyReader.literals(text));
    var lab = plan.lab().orElseThrow();
    List<String> expected =
        new ArrayList<>(
            List.of(lab.box(), lab.publicKeyFile(), lab.sshUser(), lab.provider(), lab.netmask()));
    lab.libvirt()
        .ifPresent(
            l ->
                expected.addAll(
                    List.of(l.driver(), l.managementNetwork(), l.networkName(), l.domainPrefix())));
    for (Host h : plan.hosts()) {
      expected.addAll(List.of(h.name(), h.address()));
      if (!lab.isLibvirt()) {
        expected.add(plan.clusterName() + "-" + h.name());
      }
    }
    for (String value : expected) {
      if (!literals.contains(value)) {
        throw new UnreadableOutputException(
            "Vagrantfile",
            "the value " + Literals.ruby(value) + " does not read back as a Ruby string");
      }
    }
  }

  /** ansible.cfg as Python's configparser reads it: sections of unique {@code key = value}. */
  static Map<String, Map<String, String>> config(String text) {
    Map<String, Map<String, String>> sections = new LinkedHashMap<>();
    Map<String, String> current = null;
    for (String raw : text.split("\n", -1)) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      if (line.startsWith("[") && line.endsWith("]")) {
        current = new LinkedHashMap<>();
        if (sections.put(line.substring(1, line.length() - 1), current) != null) {
          throw new IllegalArgumentException("section " + line + " appears twice");
        }
      } else if (current != null && line.indexOf('=') > 0) {
        String key = line.substring(0, line.indexOf('=')).strip();
        if (current.put(key, line.substring(line.indexOf('=') + 1).strip()) != null) {
          throw new IllegalArgumentException("key " + key + " appears twice");
        }
      } else {
        throw new IllegalArgumentException("not a section or key = value: " + line);
      }
    }
    return sections;
  }

  private static void expect(GeneratedFile f, Object expected, Object actual) {
    expect(f.path(), expected, actual);
  }

  private static void expect(String path, Object expected, Object actual) {
    if (!Objects.equals(expected, actual)) {
      throw new UnreadableOutputException(
          path, "reads back as " + actual + ", expected " + expected);
    }
  }
}
