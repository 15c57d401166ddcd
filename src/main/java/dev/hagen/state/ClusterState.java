package dev.hagen.change;

import dev.hagen.blueprint.Role;
import dev.hagen.plan.ClusterPlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What hagen built for a cluster, kept beside it as {@link #FILE}: the "before" of every plan. Only
 * what a change of the running cluster depends on: its nodes with their roles, addresses and
 * logins, and the settings that a plan refuses to change.
 */
public record ClusterRecord(
    String cluster,
    String blueprint,
    int postgresqlVersion,
    String autobaseVersion,
    String dcs,
    Optional<String> dataDir,
    Optional<String> vip,
    boolean haproxy,
    List<Member> nodes,
    Optional<Settings> settings) {

  /** The record's path inside the cluster's folder. */
  public static final String FILE = "hagen-state.yml";

  /** The format of the record; a hagen that reads another refuses it. */
  public static final int FORMAT = 2;

  /** The format before settings were recorded: still read, its settings unknown. */
  public static final int FORMAT_WITHOUT_SETTINGS = 1;

  /**
   * The running cluster's configuration as hagen wrote it, each entry in one line of text so that a
   * change is a difference of two texts: PostgreSQL's parameters (autobase's and the blueprint's,
   * cluster-wide and per host), pg_hba rules in order, Patroni's dynamic settings by their DCS
   * name, the users, databases and pools autobase creates (never a password), and the backups:
   * where the repository is, the retention and the schedule (empty: none).
   */
  public record Settings(
      Map<String, String> parameters,
      List<String> pgHba,
      Map<String, String> patroni,
      Map<String, String> users,
      Map<String, String> databases,
      Map<String, String> pools,
      Map<String, String> backup) {

    /** Patroni's dynamic settings (its DCS keys) and the autobase variable of each. */
    public static final Map<String, String> PATRONI_DCS = patroniDcs();

    private static Map<String, String> patroniDcs() {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("ttl", "patroni_ttl");
      m.put("loop_wait", "patroni_loop_wait");
      m.put("retry_timeout", "patroni_retry_timeout");
      m.put("maximum_lag_on_failover", "patroni_maximum_lag_on_failover");
      m.put("master_start_timeout", "patroni_master_start_timeout");
      m.put("synchronous_mode", "synchronous_mode");
      m.put("synchronous_mode_strict", "synchronous_mode_strict");
      m.put("synchronous_node_count", "synchronous_node_count");
      return java.util.Collections.unmodifiableMap(m);
    }

    static Settings of(ClusterPlan plan) {
      ClusterPlan.GroupVars vars = plan.vars();
      Map<String, String> parameters = new LinkedHashMap<>();
      for (String variable : List.of("postgresql_parameters", "local_postgresql_parameters")) {
        for (Map<?, ?> e : entries(vars.get(variable))) {
          parameters.put(String.valueOf(e.get("option")), String.valueOf(e.get("value")));
        }
      }
      List<String> pgHba = new ArrayList<>();
      for (Map<?, ?> rule : entries(vars.get("postgresql_pg_hba"))) {
        pgHba.add(
            java.util.stream.Stream.of("type", "database", "user", "address", "method", "options")
                .map(rule::get)
                .filter(java.util.Objects::nonNull)
                .map(String::valueOf)
                .filter(v -> !v.isEmpty())
                .collect(Collectors.joining(" ")));
      }
      Map<String, String> patroni = new LinkedHashMap<>();
      Map<String, Object> derived = vars.derived();
      PATRONI_DCS.forEach(
          (key, variable) -> {
            Object v = vars.passThrough().getOrDefault(variable, derived.get(variable));
            if (v != null && v != ClusterPlan.YAML_NULL) {
              patroni.put(key, String.valueOf(v));
            }
          });
      Map<String, String> users = new LinkedHashMap<>();
      for (Map<?, ?> u : entries(vars.get("postgresql_users"))) {
        users.put(
            String.valueOf(u.get("name")),
            u.get("flags") + (isEmpty(u.get("role")) ? "" : ", member of " + u.get("role")));
      }
      Map<String, String> databases = new LinkedHashMap<>();
      for (Map<?, ?> db : entries(vars.get("postgresql_databases"))) {
        databases.put(
            String.valueOf(db.get("db")),
            "owner " + db.get("owner") + ", " + db.get("encoding") + ", " + db.get("lc_collate"));
      }
      for (Map<?, ?> ext : entries(vars.get("postgresql_extensions"))) {
        databases.computeIfPresent(
            String.valueOf(ext.get("db")),
            (k, v) -> v + (v.contains("; extensions ") ? ", " : "; extensions ") + ext.get("ext"));
      }
      Map<String, String> pools = new LinkedHashMap<>();
      for (Map<?, ?> p : entries(vars.get("pgbouncer_pools"))) {
        pools.put(
            String.valueOf(p.get("name")),
            "database " + p.get("dbname") + ", " + p.get("pool_parameters"));
      }
      Map<String, String> backup = new LinkedHashMap<>();
      plan.backups()
          .ifPresent(
              b -> {
                backup.put("repository", b.repository());
                backup.put("retention_full", String.valueOf(b.retentionFull()));
                b.schedule().forEach(s -> backup.put(s.kind(), s.cron()));
              });
      return new Settings(
          java.util.Collections.unmodifiableMap(parameters),
          List.copyOf(pgHba),
          java.util.Collections.unmodifiableMap(patroni),
          java.util.Collections.unmodifiableMap(users),
          java.util.Collections.unmodifiableMap(databases),
          java.util.Collections.unmodifiableMap(pools),
          java.util.Collections.unmodifiableMap(backup));
    }

    private static boolean isEmpty(Object o) {
      return o == null || String.valueOf(o).isEmpty();
    }

    private static List<Map<?, ?>> entries(Object list) {
      List<Map<?, ?>> out = new ArrayList<>();
      if (list instanceof List<?> l) {
        l.forEach(o -> out.add((Map<?, ?>) o));
      }
      return out;
    }

    /** The settings as data, in the order the record writes them. */
    Map<String, Object> asData() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("parameters", parameters);
      m.put("pg_hba", pgHba);
      m.put("patroni", patroni);
      m.put("users", users);
      m.put("databases", databases);
      m.put("pools", pools);
      if (!backup.isEmpty()) {
        m.put("backup", backup);
      }
      return m;
    }
  }

  /** A node as it was built; {@code roles} in {@link Role}'s order. */
  public record Member(String name, String address, List<Role> roles, ClusterPlan.Login login) {
    public boolean has(Role role) {
      return roles.contains(role);
    }

    public boolean postgres() {
      return has(Role.PRIMARY) || has(Role.REPLICA);
    }

    public String roleWords() {
      return roles.stream().map(Role::word).collect(Collectors.joining(", "));
    }
  }

  /** The record of a plan as built now. */
  public static ClusterRecord of(ClusterPlan plan) {
    List<Member> nodes = new ArrayList<>();
    for (ClusterPlan.Host h : plan.hosts()) {
      nodes.add(new Member(h.name(), h.address(), h.roles().stream().sorted().toList(), h.login()));
    }
    Object dataDir = plan.vars().passThrough().get("postgresql_data_dir");
    return new ClusterRecord(
        plan.clusterName(),
        plan.provenance().blueprintFile(),
        Integer.parseInt(String.valueOf(plan.vars().get("postgresql_version"))),
        plan.autobaseVersion(),
        String.valueOf(plan.vars().get("dcs_type")),
        dataDir == null || dataDir == ClusterPlan.YAML_NULL
            ? Optional.empty()
            : Optional.of(String.valueOf(dataDir)).filter(d -> !d.isEmpty()),
        Optional.ofNullable(plan.vars().derived().get("cluster_vip"))
            .map(String::valueOf)
            .filter(v -> !v.isEmpty()),
        Boolean.TRUE.equals(plan.vars().get("with_haproxy_load_balancing")),
        List.copyOf(nodes),
        Optional.of(Settings.of(plan)));
  }

  public Optional<Member> node(String name) {
    return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
  }

  public long count(Role role) {
    return nodes.stream().filter(n -> n.has(role)).count();
  }

  /** The record as data, in the order the file writes it: what templates and read-back use. */
  public Map<String, Object> asData() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("format", FORMAT);
    m.put("cluster", cluster);
    m.put("blueprint", blueprint);
    m.put("postgresql_version", postgresqlVersion);
    m.put("autobase_version", autobaseVersion);
    m.put("dcs", dcs);
    m.put("data_dir", dataDir.orElse(null));
    m.put("vip", vip.orElse(null));
    m.put("haproxy", haproxy);
    List<Object> list = new ArrayList<>();
    for (Member n : nodes) {
      Map<String, Object> node = new LinkedHashMap<>();
      node.put("name", n.name());
      node.put("address", n.address());
      node.put("roles", n.roles().stream().map(Role::word).toList());
      n.login().host().ifPresent(v -> node.put("ssh_host", v));
      n.login().port().ifPresent(v -> node.put("ssh_port", v));
      n.login().user().ifPresent(v -> node.put("ssh_user", v));
      n.login().privateKeyFile().ifPresent(v -> node.put("ssh_key", v));
      list.add(node);
    }
    m.put("nodes", list);
    settings.ifPresent(st -> m.put("settings", st.asData()));
    return m;
  }
}
