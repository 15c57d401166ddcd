package dev.hagen.blueprint;

import dev.hagen.blueprint.Blueprint.Cluster;
import dev.hagen.blueprint.Blueprint.Features;
import dev.hagen.blueprint.Blueprint.Network;
import dev.hagen.blueprint.Blueprint.Ssh;
import dev.hagen.blueprint.Blueprint.VagrantLab;
import dev.hagen.diagnostic.Code;
import dev.hagen.diagnostic.Diagnostics;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Stage 2, bind: the YAML node tree to a typed {@link Blueprint}, with defaults applied. Reports
 * every structural problem (unknown, missing, duplicate keys, wrong types) in one pass; returns a
 * blueprint only when there were none.
 */
public final class BlueprintBinder {
  public static final List<String> PROVIDERS = BlueprintFormat.PROVIDERS;

  // The keys of each section come from the format's one description.
  static final List<String> ROOT_KEYS = BlueprintFormat.keys("");
  static final List<String> CLUSTER_KEYS = BlueprintFormat.keys("cluster");
  static final List<String> NETWORK_KEYS = BlueprintFormat.keys("network");
  static final List<String> VAGRANT_KEYS = BlueprintFormat.keys("vagrant");
  static final List<String> SSH_KEYS = BlueprintFormat.keys("ssh");
  static final List<String> NODE_KEYS = BlueprintFormat.keys("nodes");
  static final List<String> FEATURE_KEYS = BlueprintFormat.keys("features");
  static final List<String> LIBVIRT_KEYS = BlueprintFormat.keys("vagrant.libvirt");
  static final List<String> SECRETS_KEYS = BlueprintFormat.keys("secrets");
  static final List<String> PATRONI_KEYS = BlueprintFormat.keys("patroni");
  static final List<String> POSTGRESQL_KEYS = BlueprintFormat.keys("postgresql");
  static final List<String> HBA_KEYS = BlueprintFormat.keys("postgresql.pg_hba");
  static final List<String> DATABASE_KEYS = BlueprintFormat.keys("postgresql.databases");
  static final List<String> POOL_KEYS = BlueprintFormat.keys("postgresql.pools");
  static final List<String> TLS_KEYS = BlueprintFormat.keys("tls");
  static final List<String> MONITORING_KEYS = BlueprintFormat.keys("monitoring");
  static final List<String> BACKUP_KEYS = BlueprintFormat.keys("backup");
  static final List<String> SCHEDULE_KEYS = BlueprintFormat.keys("backup.schedule");

  /** The S3 keys, and the access keys: read only to refuse them with the way they come in. */
  static final List<String> S3_KEYS =
      java.util.stream.Stream.concat(
              BlueprintFormat.keys("backup.s3").stream(), S3Keys.FIELDS.stream())
          .toList();

  /** A user's keys, and {@code password}: read only to refuse it with the way passwords come in. */
  static final List<String> USER_KEYS =
      java.util.stream.Stream.concat(
              BlueprintFormat.keys("postgresql.users").stream(),
              java.util.stream.Stream.of("password"))
          .toList();

  private final YamlFields fields;
  private final Diagnostics diagnostics;

  private BlueprintBinder(Diagnostics diagnostics, SourceMap where, Map<Node, String> fileOf) {
    this.diagnostics = diagnostics;
    this.fields = new YamlFields(diagnostics, where, fileOf);
  }

  public static Optional<Blueprint> bind(
      Node root, BlueprintSource source, Diagnostics diagnostics) {
    return bind(BlueprintOverlay.Merged.alone(root), source, diagnostics);
  }

  /** Binds a tree that may hold nodes of a base blueprint ({@code merged.fileOf}: their file). */
  public static Optional<Blueprint> bind(
      BlueprintOverlay.Merged merged, BlueprintSource source, Diagnostics diagnostics) {
    SourceMap where = new SourceMap(source.displayPath());
    Diagnostics local = new Diagnostics();
    BlueprintBinder binder = new BlueprintBinder(local, where, merged.fileOf());
    Optional<Blueprint> blueprint = binder.blueprint(merged.root(), source, merged.base());
    diagnostics.addAll(local.sorted());
    return local.hasErrors() ? Optional.empty() : blueprint;
  }

  @SuppressWarnings("unchecked")
  private Optional<Blueprint> blueprint(
      Node root, BlueprintSource source, Optional<BlueprintSource> base) {
    Optional<Map<String, Node>> top = fields.mapping(root, "", ROOT_KEYS);
    if (top.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Node> m = top.get();
    Optional<Integer> version =
        required(m, "", "version", fields::integer, "add `version: 1` as the first line");
    version
        .filter(v -> v != Blueprint.FORMAT_VERSION)
        .ifPresent(
            v ->
                fields.report(
                    Code.UNSUPPORTED_VERSION,
                    m.get("version"),
                    "blueprint format version " + v + " is not supported by this hagen",
                    "this hagen reads `version: " + Blueprint.FORMAT_VERSION + "`"));
    Optional<VagrantLab> vagrant = optionalValue(m, "", "vagrant", this::vagrant);
    optionalValue(m, "", "extends", fields::text); // resolved by BlueprintOverlay before binding
    Optional<Cluster> cluster = requiredSection(m, "cluster", this::cluster);
    Optional<Network> network = requiredSection(m, "network", (n, p) -> network(n, p, vagrant));
    Optional<Ssh> ssh =
        m.containsKey("ssh")
            ? ssh(m.get("ssh"), "ssh", vagrant.isPresent())
            : missingSection("ssh", "add `ssh:` with at least `private_key: ~/.ssh/id_ed25519`");
    Optional<List<Blueprint.Node>> nodes = requiredSection(m, "nodes", this::nodes);
    Features features =
        m.containsKey("features")
            ? features(m.get("features"), "features")
            : Blueprint.DEFAULT_FEATURES;
    Blueprint.Secrets secrets =
        optionalValue(m, "", "secrets", this::secrets).orElse(Blueprint.DEFAULT_SECRETS);
    Blueprint.Patroni patroni =
        optionalValue(m, "", "patroni", this::patroni).orElse(Blueprint.DEFAULT_PATRONI);
    Blueprint.Postgresql postgresql =
        optionalValue(m, "", "postgresql", this::postgresql).orElse(Blueprint.DEFAULT_POSTGRESQL);
    Blueprint.Tls tls = optionalValue(m, "", "tls", this::tls).orElse(Blueprint.DEFAULT_TLS);
    Blueprint.Monitoring monitoring =
        optionalValue(m, "", "monitoring", this::monitoring).orElse(Blueprint.DEFAULT_MONITORING);
    Optional<Blueprint.Backup> backup = optionalValue(m, "", "backup", this::backup);
    Map<String, Object> autobaseVars =
        optionalValue(m, "", "autobase_vars", fields::data)
            .map(v -> (Map<String, Object>) v)
            .orElse(Map.of());
    if (diagnostics.hasErrors()
        || version.isEmpty()
        || cluster.isEmpty()
        || network.isEmpty()
        || ssh.isEmpty()
        || nodes.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Blueprint(
            version.get(),
            cluster.get(),
            network.get(),
            vagrant,
            ssh.get(),
            nodes.get(),
            features,
            patroni,
            postgresql,
            tls,
            monitoring,
            backup,
            secrets,
            autobaseVars,
            source,
            base,
            fields.where()));
  }

  private Optional<Cluster> cluster(Node node, String path) {
    return fields
        .mapping(node, path, CLUSTER_KEYS)
        .flatMap(
            m -> {
              Optional<String> name =
                  required(
                      m,
                      path,
                      "name",
                      fields::text,
                      "name the cluster, e.g. `name: postgres-cluster`");
              int pg = withDefault(m, path, "postgresql_version", fields::integer);
              String autobase = withDefault(m, path, "autobase_version", fields::text);
              return name.map(n -> new Cluster(n, pg, autobase));
            });
  }

  private Optional<Network> network(Node node, String path, Optional<VagrantLab> vagrant) {
    return fields
        .mapping(node, path, NETWORK_KEYS)
        .flatMap(
            m -> {
              Optional<String> cidr =
                  required(
                      m,
                      path,
                      "cidr",
                      fields::text,
                      "name the private network, e.g. `cidr: 192.168.56.0/24`");
              Optional<String> iface =
                  vagrant.isPresent()
                      ? Optional.of(
                          optionalValue(m, path, "interface", fields::text)
                              .orElse(vagrant.get().provider().defaultNic()))
                      : required(
                          m,
                          path,
                          "interface",
                          fields::text,
                          "name the private network's NIC on the hosts (`ip -br addr` shows it), e.g. `interface: eth1`");
              Optional<String> vip = optionalValue(m, path, "vip", fields::text);
              if (cidr.isEmpty() || iface.isEmpty()) {
                return Optional.empty();
              }
              return Optional.of(new Network(cidr.get(), iface.get(), vip));
            });
  }

  private Optional<VagrantLab> vagrant(Node node, String path) {
    return fields
        .mapping(node, path, VAGRANT_KEYS)
        .map(
            m -> {
              String provider = withDefault(m, path, "provider", fields::text);
              if (!PROVIDERS.contains(provider)) {
                fields.report(
                    Code.INVALID_VALUE,
                    m.get("provider"),
                    "unknown Vagrant provider `" + provider + "`",
                    "supported providers: " + String.join(", ", PROVIDERS));
              }
              Provider known = Provider.fromWord(provider).orElse(Provider.VIRTUALBOX);
              String box = optionalValue(m, path, "box", fields::text).orElse(known.defaultBox());
              int cpus = withDefault(m, path, "cpus", fields::integer);
              int memory = withDefault(m, path, "memory_mb", fields::integer);
              boolean customRanges = withDefault(m, path, "custom_host_only_ranges", fields::bool);
              if (known != Provider.VIRTUALBOX && m.containsKey("custom_host_only_ranges")) {
                fields.report(
                    Code.PROVIDER_OPTION,
                    m.get("custom_host_only_ranges"),
                    "`custom_host_only_ranges` is a VirtualBox setting, and this lab runs on "
                        + provider,
                    "remove it: libvirt's private networks may use any range");
              }
              if (known != Provider.LIBVIRT
                  && m.containsKey("libvirt")
                  && !fields.isNull(m.get("libvirt"))) {
                fields.report(
                    Code.PROVIDER_OPTION,
                    m.get("libvirt"),
                    "`libvirt` settings in a lab that runs on " + provider,
                    "remove them, or set `provider: libvirt`");
              }
              Blueprint.Libvirt libvirt =
                  optionalValue(m, path, "libvirt", this::libvirt)
                      .orElse(Blueprint.DEFAULT_LIBVIRT);
              return new VagrantLab(known, box, cpus, memory, customRanges, libvirt);
            });
  }

  private Optional<Blueprint.Libvirt> libvirt(Node node, String path) {
    return fields
        .mapping(node, path, LIBVIRT_KEYS)
        .map(
            m -> {
              String driver = withDefault(m, path, "driver", fields::text);
              if (!BlueprintFormat.LIBVIRT_DRIVERS.contains(driver)) {
                fields.report(
                    Code.INVALID_VALUE,
                    m.get("driver"),
                    "unknown libvirt driver `" + driver + "`",
                    "drivers: " + String.join(", ", BlueprintFormat.LIBVIRT_DRIVERS));
              }
              String management = withDefault(m, path, "management_network", fields::text);
              return new Blueprint.Libvirt(driver, management);
            });
  }

  private Optional<Blueprint.Patroni> patroni(Node node, String path) {
    return fields
        .mapping(node, path, PATRONI_KEYS)
        .map(
            m ->
                new Blueprint.Patroni(
                    withDefault(m, path, "ttl", fields::integer),
                    withDefault(m, path, "loop_wait", fields::integer),
                    withDefault(m, path, "retry_timeout", fields::integer)));
  }

  private Optional<Blueprint.Secrets> secrets(Node node, String path) {
    return fields
        .mapping(node, path, SECRETS_KEYS)
        .map(m -> new Blueprint.Secrets(optionalValue(m, path, "vault_file", fields::text)));
  }

  private Optional<Ssh> ssh(Node node, String path, boolean lab) {
    return fields
        .mapping(node, path, SSH_KEYS)
        .flatMap(
            m -> {
              Optional<String> user =
                  lab
                      ? Optional.of(withDefault(m, path, "user", fields::text))
                      : required(
                          m,
                          path,
                          "user",
                          fields::text,
                          "the user Ansible logs in as, e.g. `user: ubuntu`");
              Optional<String> privateKey =
                  required(
                      m,
                      path,
                      "private_key",
                      fields::text,
                      "the key Ansible logs in with, e.g. `private_key: ~/.ssh/id_ed25519`");
              Optional<String> publicKey = optionalValue(m, path, "public_key", fields::text);
              if (user.isEmpty() || privateKey.isEmpty()) {
                return Optional.empty();
              }
              return Optional.of(
                  new Ssh(
                      user.get(), privateKey.get(), publicKey.orElse(privateKey.get() + ".pub")));
            });
  }

  private Optional<List<Blueprint.Node>> nodes(Node node, String path) {
    return fields
        .sequence(node, path)
        .map(
            items -> {
              if (items.isEmpty()) {
                fields.report(Code.MISSING_KEY, node, "`nodes` is empty", "list at least one node");
              }
              if (items.size() > Limits.MAX_NODES) {
                fields.report(
                    Code.INPUT_LIMIT,
                    node,
                    items.size() + " nodes is more than hagen builds (" + Limits.MAX_NODES + ")",
                    "split the cluster: one Patroni cluster of this size is not a lab");
                return List.of();
              }
              List<Blueprint.Node> nodes = new ArrayList<>();
              for (int i = 0; i < items.size(); i++) {
                node(items.get(i), path + "[" + i + "]").ifPresent(nodes::add);
              }
              return Collections.unmodifiableList(nodes);
            });
  }

  private Optional<Blueprint.Node> node(Node node, String path) {
    return fields
        .mapping(node, path, NODE_KEYS)
        .flatMap(
            m -> {
              Optional<String> name =
                  required(m, path, "name", fields::text, "e.g. `name: postgresql-1`");
              Optional<String> ip =
                  required(m, path, "ip", fields::text, "its address in network.cidr");
              Optional<Integer> sshPort = optionalValue(m, path, "ssh_port", fields::integer);
              Optional<Set<Role>> roles =
                  required(
                      m, path, "roles", this::roles, "e.g. `roles: [primary, etcd, balancer]`");
              List<String> tags = optionalValue(m, path, "tags", this::tags).orElse(List.of());
              Optional<String> replicateFrom =
                  optionalValue(m, path, "replicate_from", fields::text);
              Optional<Integer> cpus = optionalValue(m, path, "cpus", fields::integer);
              Optional<Integer> memory = optionalValue(m, path, "memory_mb", fields::integer);
              Blueprint.NodeSsh ssh =
                  new Blueprint.NodeSsh(
                      optionalValue(m, path, "ssh_host", fields::text),
                      optionalValue(m, path, "ssh_user", fields::text),
                      optionalValue(m, path, "ssh_private_key", fields::text));
              if (name.isEmpty() || ip.isEmpty() || roles.isEmpty()) {
                return Optional.empty();
              }
              return Optional.of(
                  new Blueprint.Node(
                      name.get(),
                      ip.get(),
                      sshPort,
                      roles.get(),
                      tags,
                      replicateFrom,
                      cpus,
                      memory,
                      ssh));
            });
  }

  private Optional<Set<Role>> roles(Node node, String path) {
    return fields
        .sequence(node, path)
        .map(
            items -> {
              Set<Role> roles = EnumSet.noneOf(Role.class);
              List<String> words = java.util.Arrays.stream(Role.values()).map(Role::word).toList();
              for (int i = 0; i < items.size(); i++) {
                Node item = items.get(i);
                fields
                    .text(item, path + "[" + i + "]")
                    .ifPresent(
                        word -> {
                          Optional<Role> role = Role.fromWord(word);
                          if (role.isEmpty()) {
                            fields.report(
                                Code.INVALID_VALUE,
                                item,
                                "unknown role `" + word + "`",
                                Spelling.nearest(word, words)
                                    .map(n -> "did you mean `" + n + "`?")
                                    .orElse("roles are: " + String.join(", ", words)));
                          } else if (!roles.add(role.get())) {
                            fields.report(
                                Code.INVALID_VALUE,
                                item,
                                "role `" + word + "` is listed twice",
                                "list each role once");
                          }
                        });
              }
              if (items.isEmpty()) {
                fields.report(
                    Code.MISSING_KEY,
                    node,
                    "the node has no roles",
                    "give it at least one of: " + String.join(", ", words));
              }
              return Collections.unmodifiableSet(roles);
            });
  }

  private Optional<List<String>> tags(Node node, String path) {
    return words(node, path, BlueprintFormat.PATRONI_TAGS, "Patroni tag");
  }

  private Features features(Node node, String path) {
    return fields
        .mapping(node, path, FEATURE_KEYS)
        .map(
            m -> {
              boolean haproxy = withDefault(m, path, "haproxy", fields::bool);
              boolean pgbouncer = withDefault(m, path, "pgbouncer", fields::bool);
              boolean sync = withDefault(m, path, "synchronous_mode", fields::bool);
              boolean strict = withDefault(m, path, "synchronous_mode_strict", fields::bool);
              Optional<Integer> count =
                  optionalValue(m, path, "synchronous_node_count", fields::integer);
              Set<Extension> extensions =
                  optionalValue(m, path, "extensions", this::extensions).orElse(Set.of());
              return new Features(haproxy, pgbouncer, sync, strict, count, extensions);
            })
        .orElse(Blueprint.DEFAULT_FEATURES);
  }

  private Optional<Set<Extension>> extensions(Node node, String path) {
    return fields
        .sequence(node, path)
        .map(
            items -> {
              Set<Extension> extensions = EnumSet.noneOf(Extension.class);
              for (int i = 0; i < items.size(); i++) {
                Node item = items.get(i);
                fields
                    .text(item, path + "[" + i + "]")
                    .ifPresent(
                        word ->
                            Extension.fromWord(word)
                                .ifPresentOrElse(
                                    extensions::add,
                                    () ->
                                        fields.report(
                                            Code.INVALID_VALUE,
                                            item,
                                            "unknown extension `" + word + "`",
                                            Spelling.nearest(word, Extension.words())
                                                .map(n -> "did you mean `" + n + "`?")
                                                .orElse(
                                                    "autobase installs: "
                                                        + String.join(", ", Extension.words())))));
              }
              return Collections.unmodifiableSet(extensions);
            });
  }

  // --- PostgreSQL as the user declares it ----------------------------------------------------

  private Optional<Blueprint.Postgresql> postgresql(Node node, String path) {
    return fields
        .mapping(node, path, POSTGRESQL_KEYS)
        .map(
            m ->
                new Blueprint.Postgresql(
                    initdb(m, path),
                    optionalValue(m, path, "parameters", this::parameters).orElse(List.of()),
                    optionalValue(m, path, "pg_hba", (n, p) -> each(n, p, this::hbaRule))
                        .orElse(List.of()),
                    optionalValue(m, path, "users", (n, p) -> each(n, p, this::user))
                        .orElse(List.of()),
                    optionalValue(m, path, "databases", (n, p) -> each(n, p, this::database))
                        .orElse(List.of()),
                    optionalValue(m, path, "pools", (n, p) -> each(n, p, this::pool))
                        .orElse(List.of())));
  }

  /** Every {@link InitdbSetting} read as its type, or its default. */
  private Map<InitdbSetting, Object> initdb(Map<String, Node> m, String path) {
    Map<InitdbSetting, Object> out = new java.util.EnumMap<>(InitdbSetting.class);
    for (InitdbSetting s : InitdbSetting.values()) {
      BiFunction<Node, String, Optional<Object>> read =
          switch (s.type) {
            case BOOLEAN -> (n, p) -> fields.bool(n, p).map(Object.class::cast);
            case INTEGER -> (n, p) -> fields.integer(n, p).map(Object.class::cast);
            case STRING -> (n, p) -> fields.text(n, p).map(Object.class::cast);
            default -> throw new IllegalStateException(s + ": a setting is one scalar");
          };
      out.put(s, withDefault(m, path, s.key, read));
    }
    return Collections.unmodifiableMap(out);
  }

  private Optional<List<Blueprint.Parameter>> parameters(Node node, String path) {
    return fields
        .named(node, path, "server parameter names such as `max_connections`")
        .map(
            m -> {
              List<Blueprint.Parameter> parameters = new ArrayList<>();
              m.forEach(
                  (name, value) -> {
                    if (fields.isNull(value)) {
                      parameters.add(new Blueprint.Parameter(name, Optional.empty()));
                    } else {
                      fields
                          .setting(value, path + "." + name)
                          .ifPresent(
                              v -> parameters.add(new Blueprint.Parameter(name, Optional.of(v))));
                    }
                  });
              return List.copyOf(parameters);
            });
  }

  private Optional<Blueprint.HbaRule> hbaRule(Node node, String path) {
    return fields
        .mapping(node, path, HBA_KEYS)
        .map(
            m ->
                new Blueprint.HbaRule(
                    word(m, path, "type"),
                    withDefault(m, path, "database", fields::text),
                    withDefault(m, path, "user", fields::text),
                    optionalValue(m, path, "address", fields::text),
                    word(m, path, "method"),
                    optionalValue(m, path, "options", fields::text)));
  }

  private Optional<Blueprint.User> user(Node node, String path) {
    return fields
        .mapping(node, path, USER_KEYS)
        .flatMap(
            m -> {
              Optional<String> name = required(m, path, "name", fields::text, "e.g. `name: app`");
              if (m.containsKey("password")) {
                String variable =
                    name.map(Passwords::environmentVariable).orElse("HAGEN_USER_<NAME>_PASSWORD");
                fields.report(
                    Code.LITERAL_PASSWORD,
                    m.get("password"),
                    "a password is written in the blueprint, which is committed and reviewed",
                    "remove `password`: hagen reads it when the playbook runs, from the environment variable "
                        + variable
                        + " (or, with `secrets.vault_file`, the vault key "
                        + name.map(Passwords::vaultKey).orElse("user_<name>_password")
                        + ")");
              }
              boolean login = withDefault(m, path, "login", fields::bool);
              List<String> flags =
                  optionalValue(
                          m,
                          path,
                          "flags",
                          (n, p) -> words(n, p, BlueprintFormat.USER_FLAGS, "role attribute"))
                      .orElse(List.of());
              Optional<String> memberOf = optionalValue(m, path, "member_of", fields::text);
              return name.map(n -> new Blueprint.User(n, login, flags, memberOf));
            });
  }

  private Optional<Blueprint.Database> database(Node node, String path) {
    return fields
        .mapping(node, path, DATABASE_KEYS)
        .flatMap(
            m -> {
              Optional<String> name = required(m, path, "name", fields::text, "e.g. `name: app`");
              String owner = withDefault(m, path, "owner", fields::text);
              String encoding = withDefault(m, path, "encoding", fields::text);
              String locale = withDefault(m, path, "locale", fields::text);
              List<String> extensions =
                  optionalValue(
                          m, path, "extensions", (n, p) -> words(n, p, List.of(), "extension"))
                      .orElse(List.of());
              return name.map(n -> new Blueprint.Database(n, owner, encoding, locale, extensions));
            });
  }

  private Optional<Blueprint.Pool> pool(Node node, String path) {
    return fields
        .mapping(node, path, POOL_KEYS)
        .flatMap(
            m -> {
              Optional<String> name = required(m, path, "name", fields::text, "e.g. `name: app`");
              Optional<String> database = optionalValue(m, path, "database", fields::text);
              String mode = word(m, path, "mode");
              Optional<Integer> size = optionalValue(m, path, "size", fields::integer);
              return name.map(n -> new Blueprint.Pool(n, database.orElse(n), mode, size));
            });
  }

  private Optional<Blueprint.Tls> tls(Node node, String path) {
    return fields
        .mapping(node, path, TLS_KEYS)
        .map(m -> new Blueprint.Tls(withDefault(m, path, "enabled", fields::bool)));
  }

  private Optional<Blueprint.Monitoring> monitoring(Node node, String path) {
    return fields
        .mapping(node, path, MONITORING_KEYS)
        .map(
            m ->
                new Blueprint.Monitoring(
                    withDefault(m, path, "netdata", fields::bool),
                    word(m, path, "netdata_listen")));
  }

  private Optional<Blueprint.Backup> backup(Node node, String path) {
    return fields
        .mapping(node, path, BACKUP_KEYS)
        .map(
            m -> {
              Map<String, Node> schedule =
                  optionalValue(m, path, "schedule", (n, p) -> fields.mapping(n, p, SCHEDULE_KEYS))
                      .orElse(Map.of());
              String sp = child(path, "schedule");
              return new Blueprint.Backup(
                  word(m, path, "repository"),
                  withDefault(m, path, "retention_full", fields::integer),
                  new Blueprint.Schedule(
                      withDefault(schedule, sp, "full", fields::text),
                      // `null` turns autobase's differential backups off.
                      schedule.containsKey("differential")
                          ? optionalValue(schedule, sp, "differential", fields::text)
                          : Optional.of(
                              (String) BlueprintFormat.defaultOf("backup.schedule.differential")),
                      optionalValue(schedule, sp, "incremental", fields::text)),
                  optionalValue(m, path, "s3", this::s3));
            });
  }

  private Optional<Blueprint.S3> s3(Node node, String path) {
    return fields
        .mapping(node, path, S3_KEYS)
        .flatMap(
            m -> {
              for (String key : S3Keys.FIELDS) {
                if (m.containsKey(key)) {
                  fields.report(
                      Code.LITERAL_S3_KEY,
                      m.get(key),
                      "an S3 key is written in the blueprint, which is committed and reviewed",
                      "remove `" + key + "`: " + S3Keys.whereFrom());
                }
              }
              Optional<String> endpoint =
                  required(
                      m,
                      path,
                      "endpoint",
                      fields::text,
                      "e.g. `endpoint: s3.eu-central-1.amazonaws.com`");
              Optional<String> bucket =
                  required(m, path, "bucket", fields::text, "e.g. `bucket: orders-backups`");
              Optional<String> region =
                  required(m, path, "region", fields::text, "e.g. `region: eu-central-1`");
              String folder = withDefault(m, path, "path", fields::text);
              String uriStyle = word(m, path, "uri_style");
              if (endpoint.isEmpty() || bucket.isEmpty() || region.isEmpty()) {
                return Optional.empty();
              }
              return Optional.of(
                  new Blueprint.S3(endpoint.get(), bucket.get(), region.get(), folder, uriStyle));
            });
  }

  /** Each item of a list, read by {@code read}; an item with problems is left out. */
  private <T> Optional<List<T>> each(
      Node node, String path, BiFunction<Node, String, Optional<T>> read) {
    return fields
        .sequence(node, path)
        .map(
            items -> {
              List<T> out = new ArrayList<>();
              for (int i = 0; i < items.size(); i++) {
                read.apply(items.get(i), path + "[" + i + "]").ifPresent(out::add);
              }
              return List.copyOf(out);
            });
  }

  /** A list of words, each once; with {@code allowed}, only those. */
  private Optional<List<String>> words(Node node, String path, List<String> allowed, String what) {
    return fields
        .sequence(node, path)
        .map(
            items -> {
              List<String> words = new ArrayList<>();
              for (int i = 0; i < items.size(); i++) {
                Node item = items.get(i);
                fields
                    .text(item, path + "[" + i + "]")
                    .ifPresent(
                        word -> {
                          if (!allowed.isEmpty() && !allowed.contains(word)) {
                            fields.report(
                                Code.INVALID_VALUE,
                                item,
                                "unknown " + what + " `" + word + "`",
                                Spelling.nearest(word, allowed)
                                    .map(n -> "did you mean `" + n + "`?")
                                    .orElse(what + "s are: " + String.join(", ", allowed)));
                          } else if (words.contains(word)) {
                            fields.report(
                                Code.INVALID_VALUE,
                                item,
                                what + " `" + word + "` is listed twice",
                                "list each once");
                          } else {
                            words.add(word);
                          }
                        });
              }
              return List.copyOf(words);
            });
  }

  // --- small combinators over a mapping's entries -------------------------------------------

  private <T> Optional<T> required(
      Map<String, Node> m,
      String path,
      String key,
      BiFunction<Node, String, Optional<T>> read,
      String hint) {
    Node value = m.get(key);
    if (value == null || fields.isNull(value)) {
      fields.missing(path, key, hint);
      return Optional.empty();
    }
    return read.apply(value, child(path, key));
  }

  private <T> Optional<T> optionalValue(
      Map<String, Node> m, String path, String key, BiFunction<Node, String, Optional<T>> read) {
    Node value = m.get(key);
    return value == null || fields.isNull(value)
        ? Optional.empty()
        : read.apply(value, child(path, key));
  }

  /** The value, or the format's default for the field when the blueprint leaves it out. */
  @SuppressWarnings("unchecked") // the format holds each field's default in the field's own type
  private <T> T withDefault(
      Map<String, Node> m, String path, String key, BiFunction<Node, String, Optional<T>> read) {
    return optionalValue(m, path, key, read)
        .orElseGet(() -> (T) BlueprintFormat.defaultOf(formatPath(child(path, key))));
  }

  /**
   * A field's place in the format: {@code postgresql.pg_hba[2].type} is {@code
   * postgresql.pg_hba.type}.
   */
  private static String formatPath(String path) {
    return path.replaceAll("\\[[0-9]+\\]", "");
  }

  /** A word of the field's {@code allowed} ones, or its default. */
  private String word(Map<String, Node> m, String path, String key) {
    String word = withDefault(m, path, key, fields::text);
    List<String> allowed = BlueprintFormat.field(formatPath(child(path, key))).allowed();
    if (!allowed.contains(word)) {
      fields.report(
          Code.INVALID_VALUE,
          m.get(key),
          "`" + child(path, key) + "` cannot be `" + word + "`",
          Spelling.nearest(word, allowed)
              .map(n -> "did you mean `" + n + "`?")
              .orElse("it is one of: " + String.join(", ", allowed)));
    }
    return word;
  }

  private <T> Optional<T> requiredSection(
      Map<String, Node> m, String key, BiFunction<Node, String, Optional<T>> read) {
    return required(m, "", key, read, "add a `" + key + ":` section");
  }

  private <T> Optional<T> missingSection(String key, String hint) {
    fields.missing("", key, hint);
    return Optional.empty();
  }

  private static String child(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }
}
