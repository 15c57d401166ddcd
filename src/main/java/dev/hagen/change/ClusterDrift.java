package dev.hagen.change;

import dev.hagen.blueprint.Blueprint;
import dev.hagen.blueprint.InitdbSetting;
import dev.hagen.blueprint.Role;
import dev.hagen.diagnostic.Code;
import dev.hagen.diagnostic.Diagnostic;
import dev.hagen.postgresql.ServerParameters;
import dev.hagen.state.ClusterState;
import dev.hagen.state.Observation;
import dev.hagen.steps.ChangePlan.Drifted;
import dev.hagen.steps.ChangePlan.Drifted.Subject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The running cluster (an {@link Observation}) against its record: every difference, the cluster as
 * observed (the record with the observed configuration in it: the "before" the steps start from, so
 * they plan the drift away), and what stops a plan (a host that gave nothing, a member not running
 * or streaming, lag beyond Patroni's own bound for a failover, an observation of another cluster).
 * Pure: the observation was read and checked before.
 */
final class ClusterDrift {
  private ClusterDrift() {}

  record Result(List<Drifted> drift, List<Diagnostic> stops, ClusterState observed) {}

  /** Databases every cluster has. */
  static final List<String> OWN_DATABASES = List.of("postgres");

  /** Patroni's default maximum_lag_on_failover, in bytes, when the record does not set it. */
  static final long DEFAULT_MAXIMUM_LAG = 1048576;

  static Result compare(ClusterState record, Observation o, Blueprint b) {
    List<Drifted> drift = new ArrayList<>();
    List<Diagnostic> stops = new ArrayList<>();
    var where = b.where().at("cluster.name");
    if (!o.cluster().equals(record.cluster())) {
      stops.add(
          new Diagnostic(
              Code.STALE_OBSERVATION,
              where,
              "the observation is of cluster " + o.cluster() + ", not of " + record.cluster(),
              "take it from this cluster's folder: ansible-playbook observe.yml"));
      return new Result(List.of(), stops, record);
    }
    for (String u : o.unreached()) {
      stops.add(sick(where, u, "bring the host back (or fix the command), then observe again"));
    }
    for (ClusterState.Member n : record.nodes()) {
      if (n.postgres()
          && !o.hosts().containsKey(n.address())
          && o.unreached().stream().noneMatch(u -> u.startsWith(n.address() + ":"))) {
        stops.add(
            sick(
                where,
                "node " + n.name() + " (" + n.address() + ") is not in the observation",
                "observe the whole cluster (no --limit), with every host reachable"));
      }
    }
    long maximumLagMb =
        Optional.ofNullable(
                    record
                        .settings()
                        .map(s -> s.patroni().get("maximum_lag_on_failover"))
                        .orElse(null))
                .flatMap(ClusterDrift::number)
                .orElse(DEFAULT_MAXIMUM_LAG)
            >> 20;
    for (Observation.Member m : o.members()) {
      if (!m.healthy()) {
        stops.add(
            sick(
                where,
                "member " + m.name() + " (" + m.host() + ") is " + m.role() + ", " + m.state(),
                "make it run (a leader) or stream (a replica) again, e.g. patronictl reinit for a"
                    + " replica, then observe again"));
      }
      if (m.lagMb().filter(l -> l > Math.max(maximumLagMb, 1)).isPresent()) {
        stops.add(
            sick(
                where,
                "member "
                    + m.name()
                    + " lags "
                    + m.lagMb().get()
                    + " MB behind the leader, more than Patroni lets a failover take ("
                    + Math.max(maximumLagMb, 1)
                    + " MB)",
                "wait until it caught up (patronictl list), then observe again"));
      }
    }
    Optional<Observation.Member> leader = o.leader();
    if (o.members().size() > 0 && leader.isEmpty()) {
      stops.add(sick(where, "Patroni has no leader", "bring a leader back, then observe again"));
    }
    Optional<Observation.Host> server =
        leader
            .map(Observation.Member::host)
            .map(o.hosts()::get)
            .or(() -> o.hosts().values().stream().findFirst());
    members(record, o, leader, drift);
    etcd(record, o, drift);
    vip(record, o, where, stops);
    if (server.isEmpty() || record.settings().isEmpty()) {
      return new Result(List.copyOf(drift), List.copyOf(stops), record);
    }
    Observation.Host h = server.get();
    if (h.major() != record.postgresqlVersion()) {
      drift.add(
          new Drifted(
              Subject.POSTGRESQL_VERSION,
              "postgresql_version",
              String.valueOf(record.postgresqlVersion()),
              String.valueOf(h.major())));
    }
    Object checksums = record.initdb().get(InitdbSetting.DATA_CHECKSUMS);
    if (checksums != null && !checksums.equals(h.dataChecksums())) {
      drift.add(
          new Drifted(
              Subject.INITDB,
              InitdbSetting.DATA_CHECKSUMS.field(),
              String.valueOf(checksums),
              String.valueOf(h.dataChecksums())));
    }
    ClusterState.Settings recorded = record.settings().get();
    Map<String, String> parameters = parameters(recorded, o, h, drift);
    List<ClusterState.HbaRule> pgHba = pgHba(record, h, drift);
    if (!o.dcsPgHba().isEmpty()) {
      drift.add(
          new Drifted(
              Subject.PATRONI_PG_HBA,
              "rules",
              "none (autobase writes pg_hba.conf)",
              o.dcsPgHba().size() + " rules, from patronictl edit-config"));
    }
    Map<String, String> patroni = new LinkedHashMap<>(recorded.patroni());
    o.patroni()
        .forEach(
            (key, value) -> {
              String was = recorded.patroni().get(key);
              if (was != null && !same(was, value)) {
                drift.add(new Drifted(Subject.PATRONI, key, was, value));
                patroni.put(key, value);
              }
            });
    Map<String, ClusterState.User> users = users(recorded, h, drift);
    Map<String, ClusterState.Database> databases = databases(recorded, h, drift);
    ClusterState.Settings observed =
        new ClusterState.Settings(
            java.util.Collections.unmodifiableMap(parameters),
            List.copyOf(pgHba),
            java.util.Collections.unmodifiableMap(patroni),
            java.util.Collections.unmodifiableMap(users),
            java.util.Collections.unmodifiableMap(databases),
            recorded.pools(),
            recorded.backup());
    return new Result(
        List.copyOf(drift),
        List.copyOf(stops),
        new ClusterState(
            record.cluster(),
            record.blueprint(),
            record.postgresqlVersion(),
            record.autobaseVersion(),
            record.dcs(),
            record.dataDir(),
            record.initdb(),
            record.vip(),
            record.haproxy(),
            record.nodes(),
            Optional.of(observed)));
  }

  /** A member pending a restart that no step of the plan makes: someone changed a value by hand. */
  static List<Diagnostic> unplannedRestarts(Observation o, Blueprint b) {
    List<Diagnostic> out = new ArrayList<>();
    for (Observation.Member m : o.members()) {
      if (m.pendingRestart()) {
        out.add(
            sick(
                b.where().at("cluster.name"),
                "member " + m.name() + " is pending a restart that no step of this plan makes",
                "see what is pending (patronictl list -e; pg_settings where pending_restart), and"
                    + " restart it (patronictl restart) or set the value back, then observe again"));
      }
    }
    return out;
  }

  private static Diagnostic sick(
      dev.hagen.diagnostic.SourcePosition where, String what, String fix) {
    return new Diagnostic(
        Code.SICK_CLUSTER, where, "the observed cluster is not healthy: " + what, fix);
  }

  private static Optional<Long> number(String s) {
    try {
      return Optional.of(Long.parseLong(s.strip()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The record's PostgreSQL nodes against Patroni's members; the leader against the primary. */
  private static void members(
      ClusterState record,
      Observation o,
      Optional<Observation.Member> leader,
      List<Drifted> drift) {
    if (o.members().isEmpty()) {
      return;
    }
    for (ClusterState.Member n : record.nodes()) {
      if (n.postgres() && o.members().stream().noneMatch(m -> m.host().equals(n.address()))) {
        drift.add(new Drifted(Subject.MEMBER, n.name(), n.address(), "not a Patroni member"));
      }
    }
    for (Observation.Member m : o.members()) {
      if (record.nodes().stream().noneMatch(n -> n.postgres() && n.address().equals(m.host()))) {
        drift.add(new Drifted(Subject.MEMBER, m.name(), "not in the record", m.host()));
      }
    }
    Optional<ClusterState.Member> primary =
        record.nodes().stream().filter(n -> n.has(Role.PRIMARY)).findFirst();
    if (leader.isPresent()
        && primary.isPresent()
        && !primary.get().address().equals(leader.get().host())) {
      drift.add(
          new Drifted(
              Subject.LEADER,
              "leader",
              primary.get().name() + " (the primary role)",
              leader.get().name()));
    }
  }

  private static void etcd(ClusterState record, Observation o, List<Drifted> drift) {
    if (o.etcdMembers().isEmpty()) {
      return;
    }
    TreeSet<String> recorded = new TreeSet<>();
    record.nodes().stream().filter(n -> n.has(Role.ETCD)).forEach(n -> recorded.add(n.name()));
    if (!recorded.equals(new TreeSet<>(o.etcdMembers()))) {
      drift.add(
          new Drifted(
              Subject.ETCD,
              "etcd members",
              String.join(", ", recorded),
              String.join(", ", o.etcdMembers())));
    }
  }

  private static void vip(
      ClusterState record,
      Observation o,
      dev.hagen.diagnostic.SourcePosition where,
      List<Diagnostic> stops) {
    if (record.vip().isEmpty() || o.hosts().isEmpty()) {
      return;
    }
    String vip = record.vip().get();
    List<String> holders =
        o.vipHolders().stream()
            .filter(h -> h.endsWith(" " + vip))
            .map(h -> h.substring(0, h.indexOf(' ')))
            .toList();
    if (holders.size() != 1) {
      stops.add(
          sick(
              where,
              holders.isEmpty()
                  ? "no host holds the VIP " + vip
                  : "the VIP " + vip + " is on " + String.join(" and ", holders),
              "check keepalived (or vip-manager) on the balancers, then observe again"));
    }
  }

  /** A value of the record as the host has it: autobase's expressions as they came out there. */
  private static Optional<String> resolved(String value, Observation.Host h) {
    if (!dev.hagen.check.Grammar.hasJinja(value)) {
      return Optional.of(value);
    }
    return Optional.ofNullable(h.autobase().get(value));
  }

  private static boolean same(String a, String b) {
    return a.strip().equalsIgnoreCase(b.strip());
  }

  /**
   * Each recorded parameter against Patroni's configuration (what it applies) or, for one set per
   * host, the leader's own; and every parameter Patroni's configuration holds that the record does
   * not (a patronictl edit-config by hand).
   */
  private static Map<String, String> parameters(
      ClusterState.Settings recorded, Observation o, Observation.Host h, List<Drifted> drift) {
    Map<String, String> out = new LinkedHashMap<>(recorded.parameters());
    recorded
        .parameters()
        .forEach(
            (name, value) -> {
              Optional<String> expected = resolved(value, h);
              Optional<String> seen =
                  Optional.ofNullable(o.dcsParameters().get(name))
                      .or(
                          () ->
                              Optional.ofNullable(h.settings().get(name))
                                  .map(Observation.Setting::value));
              if (expected.isPresent()
                  && seen.isPresent()
                  && !equal(h.major(), name, expected.get(), seen.get())) {
                drift.add(new Drifted(Subject.PARAMETER, name, value, seen.get()));
                out.put(name, seen.get());
              }
            });
    o.dcsParameters()
        .forEach(
            (name, value) -> {
              if (!recorded.parameters().containsKey(name)) {
                drift.add(new Drifted(Subject.PARAMETER, name, "not set", value));
                out.put(name, value);
              }
            });
    return out;
  }

  /** Two values of one parameter, as PostgreSQL would hold them (64MB and 8192 are one). */
  static boolean equal(int major, String name, String a, String b) {
    Optional<ServerParameters.Parameter> p = ServerParameters.find(major, name);
    if (p.isPresent()) {
      Optional<String> x = ServerParameters.setting(p.get(), a);
      Optional<String> y = ServerParameters.setting(p.get(), b);
      if (x.isPresent() && y.isPresent()) {
        return x.get().equals(y.get());
      }
    }
    return a.strip().equals(b.strip());
  }

  /**
   * The recorded rules (autobase's expressions as they came out) against the leader's. autobase's
   * pg_hba.conf.j2 writes the list, then a rule per PostgreSQL host and the replication user's
   * rules: after the list, only rules of that kind are autobase's own.
   */
  private static List<ClusterState.HbaRule> pgHba(
      ClusterState record, Observation.Host h, List<Drifted> drift) {
    ClusterState.Settings recorded = record.settings().orElseThrow();
    List<String> expected = new ArrayList<>();
    for (ClusterState.HbaRule r : recorded.pgHba()) {
      List<Optional<String>> fields =
          List.of(
              resolved(r.type(), h),
              resolved(r.database(), h),
              resolved(r.user(), h),
              resolved(r.address(), h),
              resolved(r.method(), h),
              resolved(r.options(), h));
      if (fields.stream().anyMatch(Optional::isEmpty)) {
        return recorded.pgHba(); // an expression the observation does not know: not compared
      }
      String address = fields.get(3).get();
      expected.add(
          new ClusterState.HbaRule(
                  fields.get(0).get(),
                  fields.get(1).get(),
                  fields.get(2).get(),
                  address.isEmpty() ? "" : dev.hagen.plan.PostgresqlSettings.network(address),
                  fields.get(4).get(),
                  fields.get(5).get())
              .line());
    }
    List<String> seen = h.pgHba().stream().map(ClusterState.HbaRule::line).toList();
    String replication = resolved("{{ patroni_replication_username }}", h).orElse("replicator");
    List<String> hosts =
        record.nodes().stream()
            .filter(ClusterState.Member::postgres)
            .map(n -> n.address() + "/32")
            .toList();
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < expected.size(); i++) {
      if (i >= seen.size() || !seen.get(i).equals(expected.get(i))) {
        missing.add(expected.get(i));
      }
    }
    List<String> extra = new ArrayList<>();
    for (int i = 0; i < seen.size(); i++) {
      boolean listed = i < expected.size() && seen.get(i).equals(expected.get(i));
      if (!listed && !(i >= expected.size() && autobaseOwn(h.pgHba().get(i), replication, hosts))) {
        extra.add(seen.get(i));
      }
    }
    if (missing.isEmpty() && extra.isEmpty()) {
      return recorded.pgHba();
    }
    drift.add(
        new Drifted(
            Subject.PG_HBA,
            "rules",
            missing.isEmpty() ? "(no other rule)" : String.join("; ", missing),
            extra.isEmpty() ? "(not there)" : String.join("; ", extra)));
    // The rules as the cluster has them: a rule that is the record's stays as the record writes
    // it (autobase's expressions in it), autobase's own after the list are left out (it writes
    // them again), any other is the cluster's.
    List<ClusterState.HbaRule> observed = new ArrayList<>();
    for (int i = 0; i < h.pgHba().size(); i++) {
      if (i < expected.size() && seen.get(i).equals(expected.get(i))) {
        observed.add(recorded.pgHba().get(i));
      } else if (!(i >= expected.size() && autobaseOwn(h.pgHba().get(i), replication, hosts))) {
        observed.add(h.pgHba().get(i));
      }
    }
    return observed;
  }

  /** A rule autobase's template adds after the list: a PostgreSQL host's, or replication's. */
  private static boolean autobaseOwn(
      ClusterState.HbaRule r, String replication, List<String> hosts) {
    boolean allFromAHost =
        r.database().equals("all") && r.user().equals("all") && hosts.contains(r.address());
    boolean replicationRule = r.database().equals("replication") && r.user().equals(replication);
    return allFromAHost || replicationRule;
  }

  private static Map<String, ClusterState.User> users(
      ClusterState.Settings recorded, Observation.Host h, List<Drifted> drift) {
    Map<String, ClusterState.User> out = new LinkedHashMap<>();
    java.util.Set<String> known = new java.util.HashSet<>();
    for (String own : Observation.AUTOBASE_ROLES) {
      resolved(own, h).ifPresent(known::add);
    }
    recorded
        .users()
        .forEach(
            (name, user) -> {
              Optional<String> real = resolved(name, h);
              real.ifPresent(known::add);
              ClusterState.User seen = real.map(h.roles()::get).orElse(null);
              if (real.isPresent() && seen == null) {
                drift.add(
                    new Drifted(
                        Subject.USER, real.get(), String.join(",", user.flags()), "missing"));
                return;
              }
              if (seen != null
                  && !new TreeSet<>(user.flags()).equals(new TreeSet<>(seen.flags()))) {
                drift.add(
                    new Drifted(
                        Subject.USER,
                        real.get(),
                        String.join(",", user.flags()),
                        String.join(",", seen.flags())));
              }
              out.put(name, user);
            });
    h.roles()
        .forEach(
            (name, seen) -> {
              if (!known.contains(name)) {
                drift.add(
                    new Drifted(
                        Subject.USER, name, "not in the record", String.join(",", seen.flags())));
              }
            });
    return out;
  }

  private static Map<String, ClusterState.Database> databases(
      ClusterState.Settings recorded, Observation.Host h, List<Drifted> drift) {
    Map<String, ClusterState.Database> out = new LinkedHashMap<>();
    recorded
        .databases()
        .forEach(
            (name, db) -> {
              ClusterState.Database seen = h.databases().get(name);
              if (seen == null) {
                drift.add(new Drifted(Subject.DATABASE, name, "owner " + db.owner(), "missing"));
                return;
              }
              if (!Objects.equals(seen.owner(), db.owner())
                  || !new TreeSet<>(db.extensions()).equals(new TreeSet<>(seen.extensions()))) {
                drift.add(
                    new Drifted(
                        Subject.DATABASE,
                        name,
                        "owner " + db.owner() + ", extensions " + db.extensions(),
                        "owner " + seen.owner() + ", extensions " + seen.extensions()));
              }
              out.put(name, db);
            });
    h.databases()
        .forEach(
            (name, seen) -> {
              if (!recorded.databases().containsKey(name) && !OWN_DATABASES.contains(name)) {
                drift.add(
                    new Drifted(
                        Subject.DATABASE, name, "not in the record", "owner " + seen.owner()));
              }
            });
    return out;
  }
}
