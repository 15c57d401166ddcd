package dev.hagen.change;

import dev.hagen.blueprint.Limits;
import dev.hagen.blueprint.Role;
import dev.hagen.check.Addresses;
import dev.hagen.check.Grammar;
import dev.hagen.diagnostic.Code;
import dev.hagen.diagnostic.Diagnostic;
import dev.hagen.diagnostic.Diagnostics;
import dev.hagen.diagnostic.SourcePosition;
import dev.hagen.plan.ClusterPlan;
import dev.hagen.postgresql.ServerParameters;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads a cluster's record back as untrusted input: a pull request can change the record and the
 * manifest's hash of it together, so every value is held to the grammar a blueprint's is (names,
 * addresses, logins, parameter names, versions), every key must be known and said once, and every
 * problem is a diagnostic at its line. Nothing in a record that is refused reaches a plan.
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
  private static final Set<String> SETTINGS_KEYS =
      Set.of("parameters", "pg_hba", "patroni", "users", "databases", "pools", "backup");
  private static final Set<String> NODE_KEYS =
      Set.of("name", "address", "roles", "ssh_host", "ssh_port", "ssh_user", "ssh_key");

  /** The DCSs autobase deploys. */
  private static final Set<String> DCS = Set.of("etcd", "consul");

  /** What a record's settings.backup holds: where, how long, and the schedule's kinds. */
  private static final Set<String> BACKUP_KEYS =
      Set.of("repository", "retention_full", "full", "differential", "incremental");

  /** The tag hagen writes a text with that Ansible would otherwise template. */
  private static final Tag UNSAFE = new Tag("!unsafe");

  /** A record read from disk, or why it could not be. */
  public record Read(Optional<ClusterRecord> record, List<Diagnostic> problems) {
    public static Read of(ClusterRecord r) {
      return new Read(Optional.of(r), List.of());
    }
  }

  /**
   * What the output folder holds for a plan: its record (maybe in a renamed folder), or problems.
   */
  public record Found(Optional<ChangePlanner.Previous> previous, List<Diagnostic> problems) {
    public static final Found NOTHING = new Found(Optional.empty(), List.of());

    public static Found problem(Diagnostic d) {
      return new Found(Optional.empty(), List.of(d));
    }
  }

  private RecordFile() {}

  /** {@code path}: the record's path as diagnostics name it. */
  public static Read parse(String text, String path) {
    Node root;
    try {
      root =
          new Composer(
                  new ParserImpl(new StreamReader(new StringReader(text)), options()),
                  new Resolver(),
                  options())
              .getSingleNode();
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      return failed(damaged(at(path, mark), "it is not valid YAML: " + e.getProblem()));
    } catch (YAMLException | IllegalArgumentException | IndexOutOfBoundsException e) {
      return failed(damaged(SourcePosition.wholeFile(path), "it cannot be read as YAML"));
    }
    if (root == null) {
      return failed(damaged(SourcePosition.wholeFile(path), "it is empty"));
    }
    Reader reader = new Reader(path);
    Optional<ClusterRecord> record = reader.record(root);
    if (!reader.problems.isEmpty()) {
      return new Read(
          Optional.empty(),
          Diagnostics.capped(
              reader.problems.stream().sorted(Diagnostic.IN_SOURCE_ORDER).toList(),
              path,
              Limits.MAX_DIAGNOSTICS_PER_FILE));
    }
    return Read.of(record.orElseThrow());
  }

  /** The diagnostic for a record that was changed since hagen wrote it. */
  public static Diagnostic edited(String path) {
    return damaged(SourcePosition.wholeFile(path), "it was changed since hagen wrote it");
  }

  /** The diagnostic for a record hagen cannot read at all (too large, not UTF-8 text). */
  public static Diagnostic unreadable(String path, String why) {
    return damaged(SourcePosition.wholeFile(path), why);
  }

  private static Read failed(Diagnostic d) {
    return new Read(Optional.empty(), List.of(d));
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

  private static SourcePosition at(String path, Mark mark) {
    return mark == null
        ? SourcePosition.wholeFile(path)
        : new SourcePosition(path, mark.getLine() + 1, mark.getColumn() + 1);
  }

  private static LoaderOptions options() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(true); // the reader reports a key said twice, at its line
    options.setMaxAliasesForCollections(0);
    options.setNestingDepthLimit(Limits.MAX_DEPTH);
    options.setCodePointLimit(Limits.MAX_OWN_FILE);
    options.setAllowRecursiveKeys(false);
    options.setTagInspector(tag -> true); // nodes only: no tag constructs anything
    return options;
  }

  /** Walks the node tree once, collecting every problem with its place. */
  private static final class Reader {
    private final String path;
    final List<Diagnostic> problems = new ArrayList<>();

    Reader(String path) {
      this.path = path;
    }

    private void wrong(Node at, String why) {
      problems.add(damaged(RecordFile.at(path, at.getStartMark()), why));
    }

    Optional<ClusterRecord> record(Node root) {
      Map<String, Node> m = mapping(root, "the record", KEYS);
      if (m == null) {
        return Optional.empty();
      }
      Optional<Integer> format = integer(m, root, "format", f -> f >= 1 && f <= 2, "1 or 2");
      if (format.isPresent()
          && format.get() != ClusterRecord.FORMAT
          && format.get() != ClusterRecord.FORMAT_WITHOUT_SETTINGS) {
        wrong(m.get("format"), "its format is " + format.get());
      }
      String cluster = text(m, root, "cluster", Grammar.CLUSTER_NAME.asMatchPredicate(), "a name");
      // Texts a plan only compares and shows (never runs), as the blueprint had them.
      String blueprint = text(m, root, "blueprint", any -> true, "a file name");
      int[] versions = {ServerParameters.OLDEST, ServerParameters.NEWEST};
      Optional<Integer> postgresql =
          integer(
              m,
              root,
              "postgresql_version",
              v -> v >= versions[0] && v <= versions[1],
              "a major version from " + versions[0] + " to " + versions[1]);
      String autobase =
          text(m, root, "autobase_version", Grammar.RELEASE.asMatchPredicate(), "a release");
      String dcs = text(m, root, "dcs", DCS::contains, "etcd or consul");
      Optional<String> dataDir = optionalText(m, "data_dir", any -> true, "a folder");
      Optional<String> vip = optionalText(m, "vip", RecordFile::address, "an IPv4 address");
      Optional<Boolean> haproxy = bool(m, root, "haproxy");
      List<ClusterRecord.Member> nodes = nodes(m, root);
      Optional<ClusterRecord.Settings> settings = Optional.empty();
      if (format.orElse(0) == ClusterRecord.FORMAT) {
        if (!m.containsKey("settings")) {
          wrong(root, "a format " + ClusterRecord.FORMAT + " record has settings");
        } else {
          settings = settings(m.get("settings"));
        }
      } else if (m.containsKey("settings")) {
        wrong(m.get("settings"), "a format 1 record has no settings");
      }
      if (!problems.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(
          new ClusterRecord(
              cluster,
              blueprint,
              postgresql.orElseThrow(),
              autobase,
              dcs,
              dataDir,
              vip,
              haproxy.orElseThrow(),
              nodes,
              settings));
    }

    private List<ClusterRecord.Member> nodes(Map<String, Node> m, Node root) {
      Node list = m.get("nodes");
      if (!(list instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
        wrong(list == null ? root : list, "nodes is not a list of nodes");
        return List.of();
      }
      if (seq.getValue().size() > Limits.MAX_NODES) {
        wrong(list, "it has more than " + Limits.MAX_NODES + " nodes");
        return List.of();
      }
      List<ClusterRecord.Member> nodes = new ArrayList<>();
      Map<String, Node> names = new HashMap<>();
      Map<String, Node> addresses = new HashMap<>();
      int primaries = 0;
      for (Node item : seq.getValue()) {
        Map<String, Node> n = mapping(item, "a node", NODE_KEYS);
        if (n == null) {
          continue;
        }
        String name = text(n, item, "name", Grammar.NODE_NAME.asMatchPredicate(), "a host name");
        String address = text(n, item, "address", RecordFile::address, "an IPv4 address");
        List<Role> roles = roles(n, item);
        Optional<String> host =
            optionalText(
                n,
                "ssh_host",
                h -> Grammar.SSH_HOST.matcher(h).matches() && h.length() <= Grammar.SSH_HOST_LENGTH,
                "an IPv4 address or a DNS name");
        Optional<Integer> port =
            n.containsKey("ssh_port")
                ? integer(n, item, "ssh_port", p -> p >= 1 && p <= 65535, "a port")
                : Optional.empty();
        Optional<String> user =
            optionalText(n, "ssh_user", Grammar.LINUX_USER.asMatchPredicate(), "a Linux user");
        Optional<String> key =
            optionalText(
                n,
                "ssh_key",
                Grammar::filePath,
                "a file path on one line, without template markers");
        if (name != null
            && names.putIfAbsent(name.toLowerCase(Locale.ROOT), n.get("name")) != null) {
          wrong(n.get("name"), "node " + name + " is in it twice");
        }
        if (address != null && addresses.putIfAbsent(address, n.get("address")) != null) {
          wrong(n.get("address"), "two of its nodes have the address " + address);
        }
        if (roles.contains(Role.PRIMARY)) {
          primaries++;
        }
        if (name != null && address != null && !roles.isEmpty()) {
          nodes.add(
              new ClusterRecord.Member(
                  name,
                  address,
                  roles.stream().sorted().toList(),
                  new ClusterPlan.Login(host, port, user, key)));
        }
      }
      if (primaries != 1) {
        wrong(list, "it has " + primaries + " nodes with role primary, not one");
      }
      return List.copyOf(nodes);
    }

    private List<Role> roles(Map<String, Node> n, Node item) {
      Node words = n.get("roles");
      if (!(words instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
        wrong(words == null ? item : words, "a node's roles are not a list of roles");
        return List.of();
      }
      List<Role> roles = new ArrayList<>();
      for (Node w : seq.getValue()) {
        Optional<Role> role = plain(w).flatMap(Role::fromWord);
        if (role.isEmpty()) {
          wrong(w, "a node's role is not one of primary, replica, etcd, balancer, backup");
        } else if (roles.contains(role.get())) {
          wrong(w, "a node has the role " + role.get().word() + " twice");
        } else {
          roles.add(role.get());
        }
      }
      if (roles.contains(Role.PRIMARY) && roles.contains(Role.REPLICA)) {
        wrong(words, "a node is both primary and replica");
      }
      return roles;
    }

    private Optional<ClusterRecord.Settings> settings(Node node) {
      Map<String, Node> m = mapping(node, "settings", SETTINGS_KEYS);
      if (m == null) {
        return Optional.empty();
      }
      List<String> pgHba = new ArrayList<>();
      Node rules = m.get("pg_hba");
      if (!(rules instanceof SequenceNode seq)) {
        wrong(rules == null ? node : rules, "settings.pg_hba is not a list");
      } else {
        for (Node r : seq.getValue()) {
          textOf(r, any -> true, "a pg_hba rule").ifPresent(pgHba::add);
        }
      }
      Map<String, String> parameters =
          texts(
              m,
              node,
              "parameters",
              Grammar.PARAMETER_NAME.asMatchPredicate(),
              "a parameter name",
              true);
      Map<String, String> patroni =
          texts(
              m,
              node,
              "patroni",
              ClusterRecord.Settings.PATRONI_DCS::containsKey,
              "one of Patroni's dynamic settings",
              true);
      // Names and values of users, databases and pools are compared and shown, never run: the
      // steps take them from group_vars, which they check by its hash.
      Map<String, String> users = texts(m, node, "users", any -> true, "a user", true);
      Map<String, String> databases = texts(m, node, "databases", any -> true, "a database", true);
      Map<String, String> pools = texts(m, node, "pools", any -> true, "a pool", true);
      // Written only for a cluster with backups: a record without it has none.
      Map<String, String> backup =
          texts(m, node, "backup", BACKUP_KEYS::contains, "a backup setting", false);
      return Optional.of(
          new ClusterRecord.Settings(
              parameters, List.copyOf(pgHba), patroni, users, databases, pools, backup));
    }

    /**
     * A mapping of names to one-line texts, in its order: numbers and booleans read as their text.
     */
    private Map<String, String> texts(
        Map<String, Node> m,
        Node parent,
        String key,
        Predicate<String> name,
        String what,
        boolean required) {
      Node node = m.get(key);
      if (node == null) {
        if (required) {
          wrong(parent, "settings." + key + " is missing");
        }
        return Map.of();
      }
      if (!(node instanceof MappingNode map)) {
        wrong(node, "settings." + key + " is not a mapping");
        return Map.of();
      }
      Map<String, String> out = new LinkedHashMap<>();
      for (NodeTuple t : map.getValue()) {
        Optional<String> k = textOf(t.getKeyNode(), name, what);
        Optional<String> v = textOf(t.getValueNode(), any -> true, "a text");
        if (k.isPresent() && v.isPresent() && out.put(k.get(), v.get()) != null) {
          wrong(t.getKeyNode(), "settings." + key + " names " + k.get() + " twice");
        }
      }
      return Collections.unmodifiableMap(out);
    }

    /** A mapping with only {@code keys}, each said once; null (and a problem) otherwise. */
    private Map<String, Node> mapping(Node node, String what, Set<String> keys) {
      if (!(node instanceof MappingNode map)) {
        wrong(node, what + " is not a mapping");
        return null;
      }
      Map<String, Node> m = new LinkedHashMap<>();
      for (NodeTuple t : map.getValue()) {
        Optional<String> key = plain(t.getKeyNode());
        if (key.isEmpty() || !keys.contains(key.get())) {
          wrong(t.getKeyNode(), what + " has a key hagen does not write");
        } else if (m.put(key.get(), t.getValueNode()) != null) {
          wrong(t.getKeyNode(), what + " has the key " + key.get() + " twice");
        }
      }
      return m;
    }

    private String text(
        Map<String, Node> m, Node parent, String key, Predicate<String> ok, String what) {
      Node node = m.get(key);
      if (node == null) {
        wrong(parent, key + " is missing");
        return null;
      }
      return textOf(node, ok, key + " is not " + what).orElse(null);
    }

    private Optional<String> optionalText(
        Map<String, Node> m, String key, Predicate<String> ok, String what) {
      Node node = m.get(key);
      if (node == null || isNull(node)) {
        return Optional.empty();
      }
      return textOf(node, ok, key + " is not " + what);
    }

    /**
     * A scalar's text when it is a plain value hagen writes (a string, a number, a boolean, or a
     * text marked {@code !unsafe}) and passes {@code ok}.
     */
    private Optional<String> textOf(Node node, Predicate<String> ok, String what) {
      if (!(node instanceof ScalarNode s) || isNull(node)) {
        wrong(node, what.startsWith("a ") ? "it holds what is not " + what : what);
        return Optional.empty();
      }
      Tag tag = s.getTag();
      boolean scalarTag =
          tag.equals(Tag.STR) || tag.equals(Tag.INT) || tag.equals(Tag.BOOL) || tag.equals(UNSAFE);
      if (!scalarTag || !ok.test(s.getValue())) {
        wrong(node, what.startsWith("a ") ? "it holds what is not " + what : what);
        return Optional.empty();
      }
      return Optional.of(s.getValue());
    }

    private Optional<Integer> integer(
        Map<String, Node> m, Node parent, String key, Predicate<Integer> ok, String what) {
      Node node = m.get(key);
      if (node == null) {
        wrong(parent, key + " is missing");
        return Optional.empty();
      }
      if (node instanceof ScalarNode s
          && s.getTag().equals(Tag.INT)
          && s.getValue().matches("[0-9]{1,9}")
          && ok.test(Integer.parseInt(s.getValue()))) {
        return Optional.of(Integer.parseInt(s.getValue()));
      }
      wrong(node, key + " is not " + what);
      return Optional.empty();
    }

    private Optional<Boolean> bool(Map<String, Node> m, Node parent, String key) {
      Node node = m.get(key);
      if (node instanceof ScalarNode s
          && s.getTag().equals(Tag.BOOL)
          && (s.getValue().equals("true") || s.getValue().equals("false"))) {
        return Optional.of(Boolean.parseBoolean(s.getValue()));
      }
      wrong(node == null ? parent : node, key + " is not true or false");
      return Optional.empty();
    }

    /** A plain or quoted string scalar's text. */
    private static Optional<String> plain(Node node) {
      return node instanceof ScalarNode s && s.getTag().equals(Tag.STR)
          ? Optional.of(s.getValue())
          : Optional.empty();
    }

    private static boolean isNull(Node node) {
      return node instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
    }
  }

  /** Whether {@code text} is an IPv4 address written as a blueprint must write one. */
  private static boolean address(String text) {
    return Addresses.address(text).isPresent();
  }
}
