package dev.hagen.plan;

import dev.hagen.state.ClusterState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster a plan builds, as a {@link ClusterState}: its "after". The configuration is read from
 * the very variables group_vars writes (autobase's defaults merged with the blueprint's), so what
 * the record says was applied is what the steps apply, and never a second derivation of it.
 */
public final class PlannedState {
  private PlannedState() {}

  public static ClusterState of(ClusterPlan plan) {
    List<ClusterState.Member> nodes = new ArrayList<>();
    for (ClusterPlan.Host h : plan.hosts()) {
      nodes.add(
          new ClusterState.Member(
              h.name(), h.address(), h.roles().stream().sorted().toList(), h.login()));
    }
    Object dataDir = plan.vars().passThrough().get("postgresql_data_dir");
    return new ClusterState(
        plan.clusterName(),
        plan.provenance().blueprintFile(),
        Integer.parseInt(String.valueOf(plan.vars().get("postgresql_version"))),
        plan.autobaseVersion(),
        String.valueOf(plan.vars().get("dcs_type")),
        dataDir == null || dataDir == ClusterPlan.YAML_NULL
            ? Optional.empty()
            : Optional.of(String.valueOf(dataDir)).filter(d -> !d.isEmpty()),
        Optional.of(Boolean.TRUE.equals(plan.vars().get("postgresql_data_checksums"))),
        Optional.ofNullable(plan.vars().derived().get("cluster_vip"))
            .map(String::valueOf)
            .filter(v -> !v.isEmpty()),
        Boolean.TRUE.equals(plan.vars().get("with_haproxy_load_balancing")),
        List.copyOf(nodes),
        Optional.of(settings(plan)));
  }

  private static ClusterState.Settings settings(ClusterPlan plan) {
    ClusterPlan.GroupVars vars = plan.vars();
    Map<String, String> parameters = new LinkedHashMap<>();
    for (String variable : List.of(PostgresqlSettings.CLUSTER_WIDE, PostgresqlSettings.LOCAL)) {
      for (Map<?, ?> e : entries(vars.get(variable))) {
        parameters.put(text(e.get("option")), text(e.get("value")));
      }
    }
    List<ClusterState.HbaRule> pgHba = new ArrayList<>();
    for (Map<?, ?> r : entries(vars.get("postgresql_pg_hba"))) {
      pgHba.add(
          new ClusterState.HbaRule(
              text(r.get("type")),
              text(r.get("database")),
              text(r.get("user")),
              text(r.get("address")),
              text(r.get("method")),
              text(r.get("options"))));
    }
    Map<String, String> patroni = new LinkedHashMap<>();
    Map<String, Object> derived = vars.derived();
    ClusterState.Settings.PATRONI_DCS.forEach(
        (key, variable) -> {
          Object v = vars.passThrough().getOrDefault(variable, derived.get(variable));
          if (v != null && v != ClusterPlan.YAML_NULL) {
            patroni.put(key, String.valueOf(v));
          }
        });
    Map<String, ClusterState.User> users = new LinkedHashMap<>();
    for (Map<?, ?> u : entries(vars.get("postgresql_users"))) {
      users.put(
          text(u.get("name")),
          new ClusterState.User(
              List.of(text(u.get("flags")).split(",", -1)),
              Optional.of(text(u.get("role"))).filter(r -> !r.isEmpty())));
    }
    Map<String, List<String>> extensions = new LinkedHashMap<>();
    for (Map<?, ?> e : entries(vars.get("postgresql_extensions"))) {
      extensions.computeIfAbsent(text(e.get("db")), k -> new ArrayList<>()).add(text(e.get("ext")));
    }
    Map<String, ClusterState.Database> databases = new LinkedHashMap<>();
    for (Map<?, ?> db : entries(vars.get("postgresql_databases"))) {
      String name = text(db.get("db"));
      databases.put(
          name,
          new ClusterState.Database(
              text(db.get("owner")),
              text(db.get("encoding")),
              text(db.get("lc_collate")),
              List.copyOf(extensions.getOrDefault(name, List.of()))));
    }
    Map<String, ClusterState.Pool> pools = new LinkedHashMap<>();
    for (Map<?, ?> p : entries(vars.get("pgbouncer_pools"))) {
      pools.put(
          text(p.get("name")),
          new ClusterState.Pool(text(p.get("dbname")), text(p.get("pool_parameters"))));
    }
    Optional<ClusterState.Backup> backup =
        plan.backups()
            .map(
                b -> {
                  Map<String, String> schedule = new LinkedHashMap<>();
                  b.schedule().forEach(s -> schedule.put(s.kind(), s.cron()));
                  return new ClusterState.Backup(
                      b.repository(), b.retentionFull(), Collections.unmodifiableMap(schedule));
                });
    return new ClusterState.Settings(
        Collections.unmodifiableMap(parameters),
        List.copyOf(pgHba),
        Collections.unmodifiableMap(patroni),
        Collections.unmodifiableMap(users),
        Collections.unmodifiableMap(databases),
        Collections.unmodifiableMap(pools),
        backup);
  }

  /** A variable's value as text: a Jinja2 expression of autobase's as its text, absent as "". */
  private static String text(Object o) {
    return o == null ? "" : String.valueOf(o);
  }

  private static List<Map<?, ?>> entries(Object list) {
    List<Map<?, ?>> out = new ArrayList<>();
    if (list instanceof List<?> l) {
      l.forEach(o -> out.add((Map<?, ?>) o));
    }
    return out;
  }
}
