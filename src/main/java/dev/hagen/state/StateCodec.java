package dev.hagen.state;

import dev.hagen.blueprint.InitdbSetting;
import dev.hagen.blueprint.Limits;
import dev.hagen.blueprint.Role;
import dev.hagen.check.Addresses;
import dev.hagen.check.Grammar;
import dev.hagen.diagnostic.Code;
import dev.hagen.diagnostic.Diagnostic;
import dev.hagen.diagnostic.Diagnostics;
import dev.hagen.diagnostic.SourcePosition;
import dev.hagen.postgresql.ServerParameters;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
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
 * The one codec of {@link ClusterState#FILE}: {@link #write} gives the data the record's template
 * lays out, {@link #read} takes a record back, both from the same key tables and the same text
 * forms (a user, a database, a pool, a pg_hba rule each on one line). An older format is read
 * through its upgrade function. A record is untrusted input: a pull request can change it and the
 * manifest's hash of it together, so every value is held to the grammar a blueprint's is, every key
 * must be known and said once, every one-line text must read back to exactly itself, and every
 * problem is a diagnostic at its line. Nothing in a record that is refused reaches a plan.
 */
public final class StateCodec {
  /** The format hagen writes; a hagen that reads a newer one refuses it. */
  public static final int FORMAT = 2;

  /** The format before settings were recorded: still read, its settings unknown. */
  public static final int FORMAT_WITHOUT_SETTINGS = 1;

  /** The record's keys, in the order it writes them: the writer and the reader use them alike. */
  enum Key {
    FORMAT,
    CLUSTER,
    BLUEPRINT,
    POSTGRESQL_VERSION,
    AUTOBASE_VERSION,
    DCS,
    DATA_DIR,
    VIP,
    HAPROXY,
    NODES,
    SETTINGS;

    final String text = name().toLowerCase(Locale.ROOT);
  }

  /** A node's keys. */
  enum NodeKey {
    NAME,
    ADDRESS,
    ROLES,
    SSH_HOST,
    SSH_PORT,
    SSH_USER,
    SSH_KEY;

    final String text = name().toLowerCase(Locale.ROOT);
  }

  /** The keys of settings. */
  enum SettingsKey {
    PARAMETERS,
    PG_HBA,
    PATRONI,
    USERS,
    DATABASES,
    POOLS,
    BACKUP;

    final String text = name().toLowerCase(Locale.ROOT);
  }

  /** The record's keys: every {@link Key}, and each {@link InitdbSetting}'s after data_dir. */
  private static final List<String> RECORD_KEYS = recordKeys();

  private static List<String> recordKeys() {
    List<String> keys = new ArrayList<>();
    for (Key k : Key.values()) {
      keys.add(k.text);
      if (k == Key.DATA_DIR) {
        java.util.Arrays.stream(InitdbSetting.values()).forEach(s -> keys.add(s.key));
      }
    }
    return List.copyOf(keys);
  }

  private static List<String> texts(Enum<?>[] keys) {
    return java.util.Arrays.stream(keys).map(k -> k.name().toLowerCase(Locale.ROOT)).toList();
  }

  /** The DCSs autobase deploys. */
  private static final Set<String> DCS = Set.of("etcd", "consul");

  /** What a record's settings.backup holds besides the schedule's kinds. */
  private static final String REPOSITORY = "repository";

  private static final String RETENTION_FULL = "retention_full";

  /** The kinds of scheduled backups, in the order the record writes them. */
  public static final List<String> BACKUP_KINDS = List.of("full", "differential", "incremental");

  /** The tag hagen writes a text with that Ansible would otherwise template. */
  private static final Tag UNSAFE = new Tag("!unsafe");

  /** A record read from disk, or why it could not be. */
  public record Read(Optional<ClusterState> record, List<Diagnostic> problems) {
    public static Read of(ClusterState r) {
      return new Read(Optional.of(r), List.of());
    }
  }

  /** A record found for a plan, and the folder it was found in (another one: a rename). */
  public record Recorded(ClusterState state, String folder, Optional<Observation> observed) {
    public Recorded(ClusterState state, String folder) {
      this(state, folder, Optional.empty());
    }
  }

  /**
   * What the output folder holds for a plan: its record (maybe in a renamed folder), or problems.
   */
  public record Found(Optional<Recorded> previous, List<Diagnostic> problems) {
    public static final Found NOTHING = new Found(Optional.empty(), List.of());

    public static Found problem(Diagnostic d) {
      return new Found(Optional.empty(), List.of(d));
    }
  }

  private StateCodec() {}

  // ---- writing ------------------------------------------------------------------------------

  /**
   * The record as data, in the order the file writes it: what the template lays out. A state
   * without settings (read from a format 1 record) is written as format 1, so it reads back as it
   * was.
   */
  public static Map<String, Object> write(ClusterState s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(Key.FORMAT.text, s.settings().isPresent() ? FORMAT : FORMAT_WITHOUT_SETTINGS);
    m.put(Key.CLUSTER.text, s.cluster());
    m.put(Key.BLUEPRINT.text, s.blueprint());
    m.put(Key.POSTGRESQL_VERSION.text, s.postgresqlVersion());
    m.put(Key.AUTOBASE_VERSION.text, s.autobaseVersion());
    m.put(Key.DCS.text, s.dcs());
    m.put(Key.DATA_DIR.text, s.dataDir().orElse(null));
    s.initdb().forEach((setting, value) -> m.put(setting.key, value));
    m.put(Key.VIP.text, s.vip().orElse(null));
    m.put(Key.HAPROXY.text, s.haproxy());
    List<Object> list = new ArrayList<>();
    for (ClusterState.Member n : s.nodes()) {
      Map<String, Object> node = new LinkedHashMap<>();
      node.put(NodeKey.NAME.text, n.name());
      node.put(NodeKey.ADDRESS.text, n.address());
      node.put(NodeKey.ROLES.text, n.roles().stream().map(Role::word).toList());
      n.login().host().ifPresent(v -> node.put(NodeKey.SSH_HOST.text, v));
      n.login().port().ifPresent(v -> node.put(NodeKey.SSH_PORT.text, v));
      n.login().user().ifPresent(v -> node.put(NodeKey.SSH_USER.text, v));
      n.login().privateKeyFile().ifPresent(v -> node.put(NodeKey.SSH_KEY.text, v));
      list.add(node);
    }
    m.put(Key.NODES.text, list);
    s.settings().ifPresent(st -> m.put(Key.SETTINGS.text, settings(st)));
    return m;
  }

  private static Map<String, Object> settings(ClusterState.Settings st) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(SettingsKey.PARAMETERS.text, st.parameters());
    m.put(SettingsKey.PG_HBA.text, st.pgHba().stream().map(ClusterState.HbaRule::line).toList());
    m.put(SettingsKey.PATRONI.text, st.patroni());
    m.put(SettingsKey.USERS.text, lines(st.users(), StateCodec::userLine));
    m.put(SettingsKey.DATABASES.text, lines(st.databases(), StateCodec::databaseLine));
    m.put(SettingsKey.POOLS.text, lines(st.pools(), StateCodec::poolLine));
    st.backup().ifPresent(b -> m.put(SettingsKey.BACKUP.text, backupFields(b)));
    return m;
  }

  /** The backups as the record writes them (and a plan shows them): one text per key. */
  public static Map<String, String> backupFields(ClusterState.Backup b) {
    Map<String, String> backup = new LinkedHashMap<>();
    backup.put(REPOSITORY, b.repository());
    backup.put(RETENTION_FULL, String.valueOf(b.retentionFull()));
    backup.putAll(b.schedule());
    return backup;
  }

  /** Each entry as its one-line text, in order. */
  public static <T> Map<String, String> lines(
      Map<String, T> entries, java.util.function.Function<T, String> line) {
    Map<String, String> m = new LinkedHashMap<>();
    entries.forEach((k, v) -> m.put(k, line.apply(v)));
    return m;
  }

  // ---- the one-line text forms, each written and read here ---------------------------------

  private static final String MEMBER_OF = ", member of ";
  private static final String OWNER = "owner ";
  private static final String EXTENSIONS = "; extensions ";
  private static final String POOL_DATABASE = "database ";

  /** "LOGIN,CREATEDB" or "NOLOGIN, member of pg_monitor". */
  public static String userLine(ClusterState.User u) {
    return String.join(",", u.flags()) + u.memberOf().map(r -> MEMBER_OF + r).orElse("");
  }

  static Optional<ClusterState.User> user(String line) {
    String[] parts = line.split(java.util.regex.Pattern.quote(MEMBER_OF), 2);
    List<String> flags = List.of(parts[0].split(",", -1));
    Optional<String> role = parts.length == 2 ? Optional.of(parts[1]) : Optional.empty();
    boolean ok =
        flags.stream().allMatch(f -> f.matches("[A-Z]{1,40}"))
            && (flags.get(0).equals("LOGIN") || flags.get(0).equals("NOLOGIN"))
            && role.map(r -> Grammar.ROLE_NAME.matcher(r).matches()).orElse(true);
    return ok ? Optional.of(new ClusterState.User(flags, role)) : Optional.empty();
  }

  /** "owner shop, UTF8, C.UTF-8; extensions pg_stat_statements, pgcrypto". */
  public static String databaseLine(ClusterState.Database d) {
    return OWNER
        + d.owner()
        + ", "
        + d.encoding()
        + ", "
        + d.locale()
        + (d.extensions().isEmpty() ? "" : EXTENSIONS + String.join(", ", d.extensions()));
  }

  static Optional<ClusterState.Database> database(String line) {
    if (!line.startsWith(OWNER)) {
      return Optional.empty();
    }
    String[] halves = line.substring(OWNER.length()).split(EXTENSIONS, 2);
    String[] head = halves[0].split(", ", -1);
    List<String> extensions = halves.length == 2 ? List.of(halves[1].split(", ", -1)) : List.of();
    if (head.length != 3
        || extensions.stream().anyMatch(e -> !Grammar.ROLE_NAME.matcher(e).matches())) {
      return Optional.empty();
    }
    return Optional.of(new ClusterState.Database(head[0], head[1], head[2], extensions));
  }

  /** "database shop, pool_size=20 pool_mode=transaction"; autobase's own pool has "" for none. */
  public static String poolLine(ClusterState.Pool p) {
    return POOL_DATABASE + p.database() + ", " + p.parameters();
  }

  static Optional<ClusterState.Pool> pool(String line) {
    if (!line.startsWith(POOL_DATABASE)) {
      return Optional.empty();
    }
    String[] parts = line.substring(POOL_DATABASE.length()).split(", ", 2);
    return parts.length == 2
        ? Optional.of(new ClusterState.Pool(parts[0], parts[1]))
        : Optional.empty();
  }

  /**
   * A pg_hba rule: its fields apart by spaces, an autobase Jinja2 expression one field, a local
   * rule without an address, the rest options.
   */
  static Optional<ClusterState.HbaRule> hbaRule(String line) {
    List<String> fields = new ArrayList<>();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\\{\\{.*?\\}\\}|[^ ]+").matcher(line);
    while (m.find()) {
      fields.add(m.group());
    }
    boolean local = !fields.isEmpty() && fields.get(0).equals("local");
    int needed = local ? 4 : 5;
    if (fields.size() < needed) {
      return Optional.empty();
    }
    int method = needed - 1;
    return Optional.of(
        new ClusterState.HbaRule(
            fields.get(0),
            fields.get(1),
            fields.get(2),
            local ? "" : fields.get(3),
            fields.get(method),
            String.join(" ", fields.subList(needed, fields.size()))));
  }

  // ---- reading ------------------------------------------------------------------------------

  /** {@code path}: the record's path as diagnostics name it. */
  public static Read read(String text, String path) {

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
    Optional<ClusterState> record = reader.record(root);
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
      problems.add(damaged(StateCodec.at(path, at.getStartMark()), why));
    }

    Optional<ClusterState> record(Node root) {
      Map<String, Node> m = mapping(root, "the record", RECORD_KEYS);
      if (m == null) {
        return Optional.empty();
      }
      Optional<Integer> format =
          integer(
              m,
              root,
              Key.FORMAT.text,
              f -> f >= FORMAT_WITHOUT_SETTINGS && f <= FORMAT,
              FORMAT_WITHOUT_SETTINGS + " to " + FORMAT);
      String cluster =
          text(m, root, Key.CLUSTER.text, Grammar.CLUSTER_NAME.asMatchPredicate(), "a name");
      // Texts a plan only compares and shows (never runs), as the blueprint had them.
      String blueprint = text(m, root, Key.BLUEPRINT.text, any -> true, "a file name");
      int[] versions = {ServerParameters.OLDEST, ServerParameters.NEWEST};
      Optional<Integer> postgresql =
          integer(
              m,
              root,
              Key.POSTGRESQL_VERSION.text,
              v -> v >= versions[0] && v <= versions[1],
              "a major version from " + versions[0] + " to " + versions[1]);
      String autobase =
          text(m, root, Key.AUTOBASE_VERSION.text, Grammar.RELEASE.asMatchPredicate(), "a release");
      String dcs = text(m, root, Key.DCS.text, DCS::contains, "etcd or consul");
      Optional<String> dataDir = optionalText(m, Key.DATA_DIR.text, any -> true, "a folder");
      Optional<String> vip = optionalText(m, Key.VIP.text, StateCodec::address, "an IPv4 address");
      Map<InitdbSetting, Object> initdb = initdb(m, root);
      Optional<Boolean> haproxy = bool(m, root, Key.HAPROXY.text);
      List<ClusterState.Member> nodes = nodes(m, root);
      // The upgrade from format 1 (written before settings were recorded): its settings are
      // unknown, and the plan after it records them with nothing to run.
      Optional<ClusterState.Settings> settings = Optional.empty();
      if (format.orElse(0) == FORMAT) {
        if (!m.containsKey(Key.SETTINGS.text)) {
          wrong(root, "a format " + FORMAT + " record has settings");
        } else {
          settings = settings(m.get(Key.SETTINGS.text));
        }
      } else if (m.containsKey(Key.SETTINGS.text)) {
        wrong(m.get(Key.SETTINGS.text), "a format 1 record has no settings");
      }
      if (!problems.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(
          new ClusterState(
              cluster,
              blueprint,
              postgresql.orElseThrow(),
              autobase,
              dcs,
              dataDir,
              initdb,
              vip,
              haproxy.orElseThrow(),
              nodes,
              settings));
    }

    /**
     * The settings fixed when the cluster was made, each read as its type. A setting missing from
     * the record is one the hagen that wrote it did not record yet: unknown, and compared with
     * nothing.
     */
    private Map<InitdbSetting, Object> initdb(Map<String, Node> m, Node root) {
      Map<InitdbSetting, Object> out = new EnumMap<>(InitdbSetting.class);
      for (InitdbSetting s : InitdbSetting.values()) {
        if (m.containsKey(s.key)) {
          Optional<?> value =
              switch (s.type) {
                case BOOLEAN -> bool(m, root, s.key);
                case INTEGER -> integer(m, root, s.key, any -> true, "a whole number");
                case STRING -> optionalText(m, s.key, any -> true, "a word");
                default -> throw new IllegalStateException(s + ": a setting is one scalar");
              };
          value.ifPresent(v -> out.put(s, v));
        }
      }
      return Collections.unmodifiableMap(out);
    }

    private List<ClusterState.Member> nodes(Map<String, Node> m, Node root) {
      Node list = m.get(Key.NODES.text);
      if (!(list instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
        wrong(list == null ? root : list, "nodes is not a list of nodes");
        return List.of();
      }
      if (seq.getValue().size() > Limits.MAX_NODES) {
        wrong(list, "it has more than " + Limits.MAX_NODES + " nodes");
        return List.of();
      }
      List<ClusterState.Member> nodes = new ArrayList<>();
      Map<String, Node> names = new HashMap<>();
      Map<String, Node> addresses = new HashMap<>();
      int primaries = 0;
      for (Node item : seq.getValue()) {
        Map<String, Node> n = mapping(item, "a node", texts(NodeKey.values()));
        if (n == null) {
          continue;
        }
        String name =
            text(n, item, NodeKey.NAME.text, Grammar.NODE_NAME.asMatchPredicate(), "a host name");
        String address =
            text(n, item, NodeKey.ADDRESS.text, StateCodec::address, "an IPv4 address");
        List<Role> roles = roles(n, item);
        Optional<String> host =
            optionalText(
                n,
                NodeKey.SSH_HOST.text,
                h -> Grammar.SSH_HOST.matcher(h).matches() && h.length() <= Grammar.SSH_HOST_LENGTH,
                "an IPv4 address or a DNS name");
        Optional<Integer> port =
            n.containsKey(NodeKey.SSH_PORT.text)
                ? integer(n, item, NodeKey.SSH_PORT.text, p -> p >= 1 && p <= 65535, "a port")
                : Optional.empty();
        Optional<String> user =
            optionalText(
                n, NodeKey.SSH_USER.text, Grammar.LINUX_USER.asMatchPredicate(), "a Linux user");
        Optional<String> key =
            optionalText(
                n,
                NodeKey.SSH_KEY.text,
                Grammar::filePath,
                "a file path on one line, without template markers");
        if (name != null
            && names.putIfAbsent(name.toLowerCase(Locale.ROOT), n.get(NodeKey.NAME.text)) != null) {
          wrong(n.get(NodeKey.NAME.text), "node " + name + " is in it twice");
        }
        if (address != null
            && addresses.putIfAbsent(address, n.get(NodeKey.ADDRESS.text)) != null) {
          wrong(n.get(NodeKey.ADDRESS.text), "two of its nodes have the address " + address);
        }
        if (roles.contains(Role.PRIMARY)) {
          primaries++;
        }
        if (name != null && address != null && !roles.isEmpty()) {
          nodes.add(
              new ClusterState.Member(
                  name,
                  address,
                  roles.stream().sorted().toList(),
                  new ClusterState.Login(host, port, user, key)));
        }
      }
      if (primaries != 1) {
        wrong(list, "it has " + primaries + " nodes with role primary, not one");
      }
      return List.copyOf(nodes);
    }

    private List<Role> roles(Map<String, Node> n, Node item) {
      Node words = n.get(NodeKey.ROLES.text);
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

    private Optional<ClusterState.Settings> settings(Node node) {
      Map<String, Node> m = mapping(node, Key.SETTINGS.text, texts(SettingsKey.values()));
      if (m == null) {
        return Optional.empty();
      }
      List<ClusterState.HbaRule> pgHba = new ArrayList<>();
      Node rules = m.get(SettingsKey.PG_HBA.text);
      if (!(rules instanceof SequenceNode seq)) {
        wrong(rules == null ? node : rules, "settings.pg_hba is not a list");
      } else {
        for (Node r : seq.getValue()) {
          textOf(r, any -> true, "a pg_hba rule")
              .flatMap(line -> form(r, line, StateCodec::hbaRule, ClusterState.HbaRule::line))
              .ifPresent(pgHba::add);
        }
      }
      Map<String, String> parameters =
          forms(
              m,
              node,
              SettingsKey.PARAMETERS,
              Grammar.PARAMETER_NAME.asMatchPredicate(),
              "a parameter name",
              Optional::of,
              v -> v);
      Map<String, String> patroni =
          forms(
              m,
              node,
              SettingsKey.PATRONI,
              ClusterState.Settings.PATRONI_DCS::containsKey,
              "one of Patroni's dynamic settings",
              Optional::of,
              v -> v);
      // Names of users, databases and pools are compared and shown, never run: the steps take
      // them from group_vars, which they check by its hash.
      Map<String, ClusterState.User> users =
          forms(
              m,
              node,
              SettingsKey.USERS,
              any -> true,
              "a user",
              StateCodec::user,
              StateCodec::userLine);
      Map<String, ClusterState.Database> databases =
          forms(
              m,
              node,
              SettingsKey.DATABASES,
              any -> true,
              "a database",
              StateCodec::database,
              StateCodec::databaseLine);
      Map<String, ClusterState.Pool> pools =
          forms(
              m,
              node,
              SettingsKey.POOLS,
              any -> true,
              "a pool",
              StateCodec::pool,
              StateCodec::poolLine);
      return Optional.of(
          new ClusterState.Settings(
              parameters, List.copyOf(pgHba), patroni, users, databases, pools, backup(m)));
    }

    /** Written only for a cluster with backups: a record without it has none. */
    private Optional<ClusterState.Backup> backup(Map<String, Node> settings) {
      Node node = settings.get(SettingsKey.BACKUP.text);
      if (node == null) {
        return Optional.empty();
      }
      List<String> keys = new ArrayList<>(List.of(REPOSITORY, RETENTION_FULL));
      keys.addAll(BACKUP_KINDS);
      Map<String, Node> m = mapping(node, "settings.backup", keys);
      if (m == null) {
        return Optional.empty();
      }
      String repository = text(m, node, REPOSITORY, Grammar::oneLine, "one line of text");
      String retention =
          text(m, node, RETENTION_FULL, r -> r.matches("[1-9][0-9]{0,3}"), "a count");
      Map<String, String> schedule = new LinkedHashMap<>();
      for (String kind : BACKUP_KINDS) {
        optionalText(m, kind, Grammar::oneLine, "a cron schedule")
            .ifPresent(cron -> schedule.put(kind, cron));
      }
      if (repository == null || retention == null) {
        return Optional.empty();
      }
      return Optional.of(
          new ClusterState.Backup(
              repository, Integer.parseInt(retention), Collections.unmodifiableMap(schedule)));
    }

    /**
     * A one-line text read by its form, which must write it back exactly: anything else is not what
     * hagen wrote.
     */
    private <T> Optional<T> form(
        Node at,
        String line,
        java.util.function.Function<String, Optional<T>> read,
        java.util.function.Function<T, String> write) {
      Optional<T> value = read.apply(line).filter(v -> write.apply(v).equals(line));
      if (value.isEmpty()) {
        wrong(at, "it holds what is not written as hagen writes it");
      }
      return value;
    }

    /** A mapping of names to one-line texts, each read by its form, in its order. */
    private <T> Map<String, T> forms(
        Map<String, Node> m,
        Node parent,
        SettingsKey key,
        Predicate<String> name,
        String what,
        java.util.function.Function<String, Optional<T>> read,
        java.util.function.Function<T, String> write) {
      Node node = m.get(key.text);
      if (node == null) {
        wrong(parent, "settings." + key.text + " is missing");
        return Map.of();
      }
      if (!(node instanceof MappingNode map)) {
        wrong(node, "settings." + key.text + " is not a mapping");
        return Map.of();
      }
      Map<String, T> out = new LinkedHashMap<>();
      for (NodeTuple t : map.getValue()) {
        Optional<String> k = textOf(t.getKeyNode(), name, what);
        Optional<T> v =
            textOf(t.getValueNode(), any -> true, "a text")
                .flatMap(line -> form(t.getValueNode(), line, read, write));
        if (k.isPresent() && v.isPresent() && out.put(k.get(), v.get()) != null) {
          wrong(t.getKeyNode(), "settings." + key.text + " names " + k.get() + " twice");
        }
      }
      return Collections.unmodifiableMap(out);
    }

    /** A mapping with only {@code keys}, each said once; null (and a problem) otherwise. */
    private Map<String, Node> mapping(Node node, String what, List<String> keys) {
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
