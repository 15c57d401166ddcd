package dev.hagen.plan;

import dev.hagen.blueprint.Blueprint;
import dev.hagen.plan.ClusterPlan.GroupVars;
import dev.hagen.plan.ClusterPlan.Host;
import dev.hagen.state.ClusterState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster a plan builds, as a {@link ClusterState}: its "after", from the typed blueprint. The
 * configuration is the very entries group_vars writes ({@link PostgresqlSettings}' typed lists:
 * autobase's defaults merged with the blueprint's), read as fields, so what the record says was
 * applied is what the steps apply, never a second derivation of it nor a parse of its text.
 */
final class PlannedState {
  private PlannedState() {}

  static ClusterState of(
      Blueprint b,
      String blueprintFile,
      List<Host> hosts,
      GroupVars vars,
      Optional<ClusterPlan.Backups> backups) {
    List<ClusterState.Member> nodes = new ArrayList<>();
    for (Host h : hosts) {
      nodes.add(
          new ClusterState.Member(
              h.name(), h.address(), h.roles().stream().sorted().toList(), h.login()));
    }
    Object dataDir = vars.passThrough().get("postgresql_data_dir");
    return new ClusterState(
        b.cluster().name(),
        blueprintFile,
        b.cluster().postgresqlVersion(),
        b.cluster().autobaseVersion(),
        String.valueOf(vars.get("dcs_type")),
        dataDir == null || dataDir == ClusterPlan.YAML_NULL
            ? Optional.empty()
            : Optional.of(String.valueOf(dataDir)).filter(d -> !d.isEmpty()),
        b.postgresql().initdb(),
        b.network().vip(),
        b.features().haproxy(),
        List.copyOf(nodes),
        Optional.of(settings(b, vars, backups)));
  }

  private static ClusterState.Settings settings(
      Blueprint b, GroupVars vars, Optional<ClusterPlan.Backups> backups) {
    Map<String, String> parameters = new LinkedHashMap<>();
    for (String variable : List.of(PostgresqlSettings.CLUSTER_WIDE, PostgresqlSettings.LOCAL)) {
      PostgresqlSettings.parameters(b, variable)
          .forEach(o -> parameters.put(o.name(), text(o.value())));
    }
    List<ClusterState.HbaRule> pgHba =
        PostgresqlSettings.pgHba(b).stream()
            .map(
                r ->
                    new ClusterState.HbaRule(
                        text(r.type()),
                        text(r.database()),
                        text(r.user()),
                        text(r.address()),
                        text(r.method()),
                        r.options().map(PlannedState::text).orElse("")))
            .toList();
    // Patroni's dynamic settings are scalars: the blueprint's, or autobase_vars' passed through.
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
    for (PostgresqlSettings.UserEntry u : PostgresqlSettings.users(b)) {
      users.put(
          text(u.name()),
          new ClusterState.User(
              List.of(text(u.flags()).split(",", -1)),
              Optional.of(text(u.role())).filter(r -> !r.isEmpty())));
    }
    Map<String, ClusterState.Database> databases = new LinkedHashMap<>();
    for (Blueprint.Database db : b.postgresql().databases()) {
      databases.put(
          db.name(),
          new ClusterState.Database(
              db.owner(), db.encoding(), db.locale(), List.copyOf(db.extensions())));
    }
    Map<String, ClusterState.Pool> pools = new LinkedHashMap<>();
    for (PostgresqlSettings.PoolEntry p : PostgresqlSettings.pools(b)) {
      pools.put(text(p.name()), new ClusterState.Pool(text(p.database()), text(p.parameters())));
    }
    Optional<ClusterState.Backup> backup =
        backups.map(
            k -> {
              Map<String, String> schedule = new LinkedHashMap<>();
              k.schedule().forEach(s -> schedule.put(s.kind(), s.cron()));
              return new ClusterState.Backup(
                  k.repository(), k.retentionFull(), Collections.unmodifiableMap(schedule));
            });
    return new ClusterState.Settings(
        Collections.unmodifiableMap(parameters),
        pgHba,
        Collections.unmodifiableMap(patroni),
        Collections.unmodifiableMap(users),
        Collections.unmodifiableMap(databases),
        Collections.unmodifiableMap(pools),
        backup);
  }

  /** A cell as text: autobase's Jinja2 as its text. */
  private static String text(Object o) {
    return String.valueOf(o);
  }
}
