package dev.hagen.change;

import dev.hagen.blueprint.Role;
import dev.hagen.diagnostic.Code;
import dev.hagen.diagnostic.Diagnostic;
import dev.hagen.diagnostic.SourcePosition;
import dev.hagen.plan.ClusterPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads a cluster's record back, strictly: every key known, every value of its type, or one
 * diagnostic that says the record cannot be planned from. A record is hagen's own output, so a
 * problem here means it was edited or damaged, never that the user's blueprint is wrong.
 */
public final class RecordFile {
  private static final Set<String> KEYS =
      Set.of(
          "format",
          "cluster",
          "blueprint",
          "postgresql_version",
          "autobase_version",
          "dcs",
          "data_dir",
          "vip",
          "haproxy",
          "nodes",
          "settings");
  private static final List<String> SETTINGS_KEYS =
      List.of("parameters", "pg_hba", "patroni", "users", "databases", "pools", "backup");
  private static final Set<String> NODE_KEYS =
      Set.of("name", "address", "roles", "ssh_host", "ssh_port", "ssh_user", "ssh_key");

  /** A record read from disk, or why it could not be. */
  public record Read(Optional<ClusterRecord> record, Optional<Diagnostic> problem) {
    public static Read of(ClusterRecord r) {
      return new Read(Optional.of(r), Optional.empty());
    }
  }

  /**
   * What the output folder holds for a plan: its record (maybe in a renamed folder), or a problem.
   */
  public record Found(Optional<ChangePlanner.Previous> previous, Optional<Diagnostic> problem) {
    public static final Found NOTHING = new Found(Optional.empty(), Optional.empty());
  }

  /** Thrown inside the reader only: the first thing wrong with the record. */
  private static final class Wrong extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Wrong(String message) {
      super(message, null, false, false);
    }
  }

  private RecordFile() {}

  /** {@code path}: the record's path as diagnostics name it. */
  public static Read parse(String text, String path) {
    try {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(false);
      options.setMaxAliasesForCollections(0);
      // hagen writes a text that Ansible would template as !unsafe "...": it is read as the text.
      SafeConstructor constructor =
          new SafeConstructor(options) {
            {
              this.yamlConstructors.put(
                  new org.yaml.snakeyaml.nodes.Tag("!unsafe"),
                  new org.yaml.snakeyaml.constructor.AbstractConstruct() {
                    @Override
                    public Object construct(org.yaml.snakeyaml.nodes.Node node) {
                      return ((org.yaml.snakeyaml.nodes.ScalarNode) node).getValue();
                    }
                  });
            }
          };
      Object doc = new Yaml(constructor).load(text);
      return Read.of(record(doc));
    } catch (MarkedYAMLException e) {
      var mark = e.getProblemMark();
      return problem(
          new SourcePosition(path, mark.getLine() + 1, mark.getColumn() + 1),
          "it is not valid YAML: " + e.getProblem());
    } catch (Wrong | org.yaml.snakeyaml.error.YAMLException e) {
      return problem(SourcePosition.wholeFile(path), e.getMessage());
    }
  }

  /** The diagnostic for a record that was changed since hagen wrote it. */
  public static Diagnostic edited(String path) {
    return damaged(SourcePosition.wholeFile(path), "it was changed since hagen wrote it");
  }

  private static Read problem(SourcePosition at, String why) {
    return new Read(Optional.empty(), Optional.of(damaged(at, why)));
  }

  private static Diagnostic damaged(SourcePosition at, String why) {
    return new Diagnostic(
        Code.DAMAGED_RECORD,
        at,
        "hagen cannot plan from this record: " + why,
        "restore it from version control (git checkout -- "
            + at.file()
            + "): it describes the running cluster, and only hagen writes it");
  }

  private static ClusterRecord record(Object doc) {
    Map<?, ?> m = map(doc, "the record");
    known(m, KEYS, "the record");
    int format = integer(m.get("format"), "format");
    if (format != ClusterRecord.FORMAT && format != ClusterRecord.FORMAT_WITHOUT_SETTINGS) {
      throw new Wrong(
          "its format is "
              + format
              + "; this hagen reads formats "
              + ClusterRecord.FORMAT_WITHOUT_SETTINGS
              + " and "
              + ClusterRecord.FORMAT);
    }
    Optional<ClusterRecord.Settings> settings = Optional.empty();
    if (format == ClusterRecord.FORMAT) {
      settings = Optional.of(settings(m.get("settings")));
    } else if (m.containsKey("settings")) {
      throw new Wrong("a format " + format + " record has no settings");
    }
    List<ClusterRecord.Member> nodes = new ArrayList<>();
    if (!(m.get("nodes") instanceof List<?> list) || list.isEmpty()) {
      throw new Wrong("nodes is not a list of nodes");
    }
    for (Object o : list) {
      Map<?, ?> n = map(o, "a node");
      known(n, NODE_KEYS, "a node");
      List<Role> roles = new ArrayList<>();
      if (!(n.get("roles") instanceof List<?> words) || words.isEmpty()) {
        throw new Wrong("a node's roles are not a list of roles");
      }
      for (Object w : words) {
        roles.add(
            Role.fromWord(String.valueOf(w))
                .orElseThrow(() -> new Wrong("a node has the unknown role " + w)));
      }
      nodes.add(
          new ClusterRecord.Member(
              text(n.get("name"), "a node's name"),
              text(n.get("address"), "a node's address"),
              roles.stream().sorted().toList(),
              new ClusterPlan.Login(
                  optionalText(n.get("ssh_host"), "ssh_host"),
                  n.get("ssh_port") == null
                      ? Optional.empty()
                      : Optional.of(integer(n.get("ssh_port"), "ssh_port")),
                  optionalText(n.get("ssh_user"), "ssh_user"),
                  optionalText(n.get("ssh_key"), "ssh_key"))));
    }
    if (!(m.get("haproxy") instanceof Boolean haproxy)) {
      throw new Wrong("haproxy is not true or false");
    }
    return new ClusterRecord(
        text(m.get("cluster"), "cluster"),
        text(m.get("blueprint"), "blueprint"),
        integer(m.get("postgresql_version"), "postgresql_version"),
        text(m.get("autobase_version"), "autobase_version"),
        text(m.get("dcs"), "dcs"),
        optionalText(m.get("data_dir"), "data_dir"),
        optionalText(m.get("vip"), "vip"),
        haproxy,
        List.copyOf(nodes),
        settings);
  }

  private static ClusterRecord.Settings settings(Object o) {
    Map<?, ?> m = map(o, "settings");
    known(m, java.util.Set.copyOf(SETTINGS_KEYS), "settings");
    List<String> pgHba = new ArrayList<>();
    if (!(m.get("pg_hba") instanceof List<?> rules)) {
      throw new Wrong("settings.pg_hba is not a list");
    }
    for (Object r : rules) {
      pgHba.add(text(r, "a pg_hba rule"));
    }
    return new ClusterRecord.Settings(
        texts(m.get("parameters"), "settings.parameters"),
        List.copyOf(pgHba),
        texts(m.get("patroni"), "settings.patroni"),
        texts(m.get("users"), "settings.users"),
        texts(m.get("databases"), "settings.databases"),
        texts(m.get("pools"), "settings.pools"),
        // Written only for a cluster with backups: a record without it has none.
        m.containsKey("backup") ? texts(m.get("backup"), "settings.backup") : Map.of());
  }

  /** A mapping of names to texts, in its order; numbers and booleans read as their text. */
  private static Map<String, String> texts(Object o, String what) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map(o, what).entrySet()) {
      Object v = e.getValue();
      if (!(v instanceof String || v instanceof Integer || v instanceof Boolean)) {
        throw new Wrong(what + "." + e.getKey() + " is not a text");
      }
      out.put(String.valueOf(e.getKey()), String.valueOf(v));
    }
    return java.util.Collections.unmodifiableMap(out);
  }

  private static Map<?, ?> map(Object o, String what) {
    if (o instanceof Map<?, ?> m) {
      return m;
    }
    throw new Wrong(what + " is not a mapping");
  }

  private static void known(Map<?, ?> m, Set<String> keys, String what) {
    for (Object k : m.keySet()) {
      if (!keys.contains(String.valueOf(k))) {
        throw new Wrong(what + " has the unknown key " + k);
      }
    }
  }

  private static String text(Object o, String what) {
    if (o instanceof String s && !s.isEmpty()) {
      return s;
    }
    throw new Wrong(what + " is not a text");
  }

  private static Optional<String> optionalText(Object o, String what) {
    return o == null ? Optional.empty() : Optional.of(text(o, what));
  }

  private static int integer(Object o, String what) {
    if (o instanceof Integer i) {
      return i;
    }
    throw new Wrong(what + " is not a whole number");
  }
}
