package dev.hagen.change;

import dev.hagen.blueprint.Blueprint;
import dev.hagen.blueprint.InitdbSetting;
import dev.hagen.blueprint.Role;
import dev.hagen.diagnostic.Code;
import dev.hagen.diagnostic.Diagnostic;
import dev.hagen.diagnostic.SourcePosition;
import dev.hagen.plan.AutobaseGroup;
import dev.hagen.plan.ClusterPlan;
import dev.hagen.plan.ClusterPlan.Host;
import dev.hagen.plan.ClusterPlan.InventoryGroup;
import dev.hagen.state.ClusterState;
import dev.hagen.state.Observation;
import dev.hagen.state.StateCodec;
import dev.hagen.steps.ChangePlan;
import dev.hagen.steps.ChangePlan.Action;
import dev.hagen.steps.ChangePlan.Change;
import dev.hagen.steps.ChangePlan.Drifted;
import dev.hagen.steps.ChangePlan.Step;
import dev.hagen.steps.SettingsStep;
import dev.hagen.steps.StepCatalogue;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Between plan and render, the change: the record of what was built against the blueprint's plan,
 * by autobase 2.6.0's rules (add_node.yml, remove_node.yml and the roles they run). A change it
 * cannot carry out safely is refused with a diagnostic on the blueprint line that asks for it.
 */
public final class ChangePlanner {
  /** The fewest etcd members a removal may leave: fewer cannot lose one and keep a quorum. */
  static final int MIN_ETCD = 3;

  /** What one rule found: changes in the user's words, or problems no step can solve. */
  record Outcome(List<Change> changes, List<Diagnostic> problems) {}

  private ChangePlanner() {}

  public static ChangePlan plan(
      Optional<StateCodec.Recorded> previous, Blueprint b, ClusterPlan after) {
    if (previous.isEmpty()) {
      return ChangePlan.NONE;
    }
    ClusterState recorded = previous.get().state();
    List<Diagnostic> d = new ArrayList<>();
    // With an observation, the steps start from the cluster as it runs: its drift is planned away.
    Optional<ClusterDrift.Result> drift =
        previous.get().observed().map(o -> ClusterDrift.compare(recorded, o, b));
    drift.ifPresent(r -> d.addAll(r.stops()));
    ClusterState before = drift.map(ClusterDrift.Result::observed).orElse(recorded);
    if (!previous.get().folder().equals(after.clusterName())) {
      d.add(
          new Diagnostic(
              Code.RENAMED_CLUSTER,
              b.where().at("cluster.name"),
              "this blueprint built cluster "
                  + before.cluster()
                  + " before; cluster.name "
                  + after.clusterName()
                  + " would be a second cluster, and Patroni, etcd and every data directory know"
                  + " the first by its name",
              "keep cluster.name: " + before.cluster() + " for the running cluster"));
      return new ChangePlan(List.of(), List.of(), d);
    }
    ClusterState now = after.state();
    d.addAll(settled(before, b, now));
    List<Change> changes = new ArrayList<>();
    d.addAll(backups(before, b, after, now));
    // A backup host comes and goes with the backups, which backups() refuses to change.
    List<ClusterState.Member> removed =
        before.nodes().stream()
            .filter(n -> after.hosts().stream().noneMatch(named(n)) && !n.has(Role.BACKUP))
            .toList();
    List<Host> added =
        after.hosts().stream()
            .filter(h -> before.node(h.name()).isEmpty() && !h.isBackup())
            .toList();
    for (Host h : after.hosts()) {
      before
          .node(h.name())
          .map(n -> kept(n, h, b))
          .ifPresent(
              o -> {
                changes.addAll(o.changes());
                d.addAll(o.problems());
              });
    }
    for (Host h : added) {
      before.nodes().stream()
          .filter(n -> n.address().equals(h.address()))
          .findFirst()
          .ifPresent(
              n ->
                  d.add(
                      new Diagnostic(
                          Code.NODE_CHANGED,
                          at(b, h, "name"),
                          "node "
                              + n.name()
                              + " ("
                              + n.address()
                              + ") is renamed "
                              + h.name()
                              + ": Patroni and etcd know a member by its name",
                          "keep the name " + n.name() + " for this address")));
    }
    d.addAll(additions(before, added, b, after));
    d.addAll(removals(before, removed, b, after));
    d.addAll(retirements(before, b, after));
    int version = before.postgresqlVersion();
    boolean upgrade = now.postgresqlVersion() > version;
    Optional<SettingsStep> settings = Optional.empty();
    List<Change> settingChanges = new ArrayList<>();
    if (before.settings().isEmpty()) {
      // A record of an older hagen: the settings are recorded now, with nothing to run.
      settingChanges.add(
          new Change(
              Action.CHANGE,
              "settings",
              "recorded for the first time (this record predates them); if the blueprint's"
                  + " settings changed since the cluster was deployed, apply them once from the"
                  + " ansible/ folder: ansible-playbook vitabaks.autobase.config_pgcluster"));
    } else {
      SettingsChanges.Result found =
          SettingsChanges.compare(
              version,
              before.settings().get(),
              now.settings().orElseThrow(),
              b,
              b.features().pgbouncer()
                  && Boolean.FALSE.equals(after.vars().passThrough().get("pgbouncer_auth_user")));
      settingChanges.addAll(found.changes());
      d.addAll(found.problems());
      settings = Optional.of(found.step());
    }
    if (upgrade) {
      d.addAll(upgradeAlone(before, b, now, added, removed, settingChanges));
    }
    List<Drifted> drifted =
        drift
            .map(r -> settle(r.drift(), after.state(), previous.get().observed().get(), b, d))
            .orElse(List.of());
    if (d.stream().anyMatch(Diagnostic::isError)) {
      return new ChangePlan(List.of(), List.of(), sorted(d), drifted);
    }
    added.forEach(
        h ->
            changes.add(
                new Change(Action.ADD, "node " + h.name(), h.address() + ": " + h.roleWords())));
    removed.forEach(
        n ->
            changes.add(
                new Change(Action.REMOVE, "node " + n.name(), n.address() + ": " + n.roleWords())));
    List<Step> steps = new ArrayList<>();
    // Patroni settings that relax what a commit needs (fewer synchronous standbys, strict mode
    // off) go before the node steps, which may need them relaxed; the others come after them.
    Map<String, String> relaxed =
        added.isEmpty() && removed.isEmpty()
            ? Map.of()
            : settings.map(SettingsStep::relaxed).orElse(Map.of());
    if (!relaxed.isEmpty()) {
      steps.add(StepCatalogue.patroni(1, relaxed, after));
    }
    steps.addAll(steps(steps.size() + 1, before, added, removed, after));
    if (upgrade) {
      changes.add(
          new Change(
              Action.CHANGE,
              "postgresql_version",
              version
                  + " -> "
                  + now.postgresqlVersion()
                  + " (a major upgrade with autobase's pg_upgrade)"));
      steps.addAll(
          StepCatalogue.upgrade(steps.size() + 1, version, now.postgresqlVersion(), after));
    }
    changes.addAll(settingChanges);
    settings.ifPresent(
        found -> {
          Map<String, String> patroni = new java.util.LinkedHashMap<>(found.patroni());
          patroni.keySet().removeAll(relaxed.keySet());
          steps.addAll(StepCatalogue.settings(steps.size() + 1, version, found, patroni, after));
        });
    if (steps.stream()
        .flatMap(s -> s.restarts().stream())
        .noneMatch(r -> r.how().equals("restart"))) {
      previous.get().observed().ifPresent(o -> d.addAll(ClusterDrift.unplannedRestarts(o, b)));
    }
    return new ChangePlan(List.copyOf(changes), List.copyOf(steps), sorted(d), drifted);
  }

  /**
   * What the plan does with each difference: the blueprint's state compared with the cluster again
   * tells which ones the steps change (they still differ), which the blueprint already says (kept),
   * and which hagen leaves or refuses; a refused one is an error.
   */
  private static List<Drifted> settle(
      List<Drifted> drift, ClusterState now, Observation o, Blueprint b, List<Diagnostic> d) {
    List<Drifted> still = ClusterDrift.compare(now, o, b).drift();
    List<Drifted> out = new ArrayList<>();
    for (Drifted x : drift) {
      boolean differs =
          still.stream().anyMatch(y -> y.subject() == x.subject() && y.name().equals(x.name()));
      Drifted.Disposition how;
      if (x.subject().refused()) {
        how = Drifted.Disposition.REFUSED;
        d.add(
            new Diagnostic(
                Code.DRIFT_REFUSED,
                b.where().at("cluster.name"),
                x.subject().word
                    + " "
                    + x.name()
                    + ": the record says "
                    + x.recorded()
                    + ", the cluster shows "
                    + x.observed(),
                x.subject().fix));
      } else if (x.subject() == Drifted.Subject.LEADER) {
        how = Drifted.Disposition.KEPT;
      } else if (!differs) {
        how = Drifted.Disposition.KEPT;
      } else if (x.recorded().equals("not in the record")) {
        how = Drifted.Disposition.LEFT;
      } else {
        how = Drifted.Disposition.PLANNED_AWAY;
      }
      out.add(x.as(how));
    }
    return List.copyOf(out);
  }

  private static java.util.function.Predicate<Host> named(ClusterState.Member n) {
    return h -> h.name().equals(n.name());
  }

  /**
   * Backups stay as they were built: hagen plans no change of the repository, its host, the
   * retention or the schedule (autobase has no day-2 playbook for them that hagen has proven).
   */
  private static List<Diagnostic> backups(
      ClusterState before, Blueprint b, ClusterPlan after, ClusterState now) {
    List<Diagnostic> d = new ArrayList<>();
    if (before.settings().isEmpty()) {
      return d;
    }
    List<String> was =
        before.nodes().stream()
            .filter(n -> n.has(Role.BACKUP))
            .map(n -> n.name() + " " + n.address() + " [" + n.roleWords() + "]")
            .toList();
    List<String> is =
        after.hosts().stream()
            .filter(Host::isBackup)
            .map(h -> h.name() + " " + h.address() + " [" + h.roleWords() + "]")
            .toList();
    Map<String, String> wasBackup =
        before.settings().get().backup().map(StateCodec::backupFields).orElse(Map.of());
    Map<String, String> isBackup =
        now.settings().orElseThrow().backup().map(StateCodec::backupFields).orElse(Map.of());
    List<String> what = new ArrayList<>();
    if (!was.equals(is)) {
      what.add(
          "backup host "
              + (was.isEmpty() ? "none" : String.join(", ", was))
              + " -> "
              + (is.isEmpty() ? "none" : String.join(", ", is)));
    }
    java.util.Set<String> keys = new java.util.LinkedHashSet<>(wasBackup.keySet());
    keys.addAll(isBackup.keySet());
    for (String key : keys) {
      if (!java.util.Objects.equals(wasBackup.get(key), isBackup.get(key))) {
        what.add(
            key
                + " "
                + wasBackup.getOrDefault(key, "(none)")
                + " -> "
                + isBackup.getOrDefault(key, "(none)"));
      }
    }
    if (!what.isEmpty()) {
      d.add(
          new Diagnostic(
              Code.BACKUP_CHANGE,
              b.backup().isPresent() ? b.where().at("backup") : b.where().at("nodes"),
              "the backups change on the built cluster ("
                  + String.join("; ", what)
                  + "): hagen does not plan a change of backups",
              "keep the backup section and the backup node as hagen-state.yml records them"
                  + " (settings.backup); backups are set up when a cluster is first deployed"));
    }
    return d;
  }

  /** What a plan never changes on a running cluster. */
  private static List<Diagnostic> settled(ClusterState before, Blueprint b, ClusterState now) {
    List<Diagnostic> d = new ArrayList<>();
    if (before.postgresqlVersion() > now.postgresqlVersion()) {
      d.add(
          new Diagnostic(
              Code.SETTLED_SETTING,
              b.where().at("cluster.postgresql_version"),
              "cluster.postgresql_version "
                  + before.postgresqlVersion()
                  + " -> "
                  + now.postgresqlVersion()
                  + " is a downgrade: PostgreSQL cannot read a newer major version's data"
                  + " directory",
              "keep postgresql_version: "
                  + before.postgresqlVersion()
                  + "; an older version is a new cluster and a dump and restore"));
    }
    if (!before.dcs().equals(now.dcs())) {
      d.add(
          new Diagnostic(
              Code.SETTLED_SETTING,
              b.where().at("autobase_vars.dcs_type"),
              "the DCS "
                  + before.dcs()
                  + " -> "
                  + now.dcs()
                  + " would start an empty cluster state",
              "keep the DCS the cluster was built with (" + before.dcs() + ")"));
    }
    if (!before.dataDir().equals(now.dataDir())) {
      d.add(
          new Diagnostic(
              Code.SETTLED_SETTING,
              b.where().at("autobase_vars.postgresql_data_dir"),
              "postgresql_data_dir "
                  + before.dataDir().orElse("(autobase's default)")
                  + " -> "
                  + now.dataDir().orElse("(autobase's default)")
                  + ": autobase would look for the data in the new place and not find it",
              "keep postgresql_data_dir as it was; moving the data is done by hand, node by node"));
    }
    for (InitdbSetting s : InitdbSetting.values()) {
      Object was = before.initdb().get(s);
      Object wanted = now.initdb().get(s);
      // A record that does not hold it (written before hagen recorded it) compares nothing.
      if (was != null && wanted != null && !was.equals(wanted)) {
        d.add(
            new Diagnostic(
                Code.SETTLED_SETTING,
                b.where().at(s.field()),
                s.field() + " " + was + " -> " + wanted + ": " + s.why,
                "keep " + s.key + ": " + was + "; to change it, " + s.byHand));
      }
    }
    if (!before.vip().equals(now.vip())) {
      d.add(
          new Diagnostic(
              Code.SETTLED_SETTING,
              b.where().at("network.vip"),
              "network.vip "
                  + before.vip().orElse("(none)")
                  + " -> "
                  + now.vip().orElse("(none)")
                  + ": keepalived or vip-manager would have to move it on every node, and hagen"
                  + " does not plan that",
              "keep vip: " + before.vip().orElse("unset") + " for the running cluster"));
    }
    if (before.haproxy() != now.haproxy()) {
      d.add(
          new Diagnostic(
              Code.FIRST_BALANCER,
              b.where().at("features.haproxy"),
              "features.haproxy "
                  + before.haproxy()
                  + " -> "
                  + now.haproxy()
                  + " changes who holds the VIP (vip-manager on the leader, or keepalived on a"
                  + " balancer) and where clients connect",
              "keep features.haproxy: "
                  + before.haproxy()
                  + "; such a change is a new cluster and a migration of its clients"));
    }
    return d;
  }

  /**
   * A major upgrade runs on its own, on a cluster with a replica: autobase's pg_upgrade.yml
   * upgrades the leader, then the replicas with rsync, and its pre-checks read the replicas' group
   * without a default (2.4.1 to 2.6.0), so it fails before anything on a single node.
   */
  private static List<Diagnostic> upgradeAlone(
      ClusterState before,
      Blueprint b,
      ClusterState now,
      List<Host> added,
      List<ClusterState.Member> removed,
      List<Change> settingChanges) {
    List<Diagnostic> d = new ArrayList<>();
    if (!added.isEmpty() || !removed.isEmpty() || !settingChanges.isEmpty()) {
      d.add(
          new Diagnostic(
              Code.UPGRADE_NOT_ALONE,
              b.where().at("cluster.postgresql_version"),
              "cluster.postgresql_version "
                  + before.postgresqlVersion()
                  + " -> "
                  + now.postgresqlVersion()
                  + " comes with "
                  + (added.isEmpty() && removed.isEmpty()
                      ? "other changes (" + settingChanges.get(0).subject() + ", ...)"
                      : "nodes added or removed")
                  + ": a major upgrade is planned, run and recorded on its own",
              "keep postgresql_version: "
                  + before.postgresqlVersion()
                  + " while the other changes are applied, then raise it alone"));
    }
    if (before.nodes().stream().filter(ClusterState.Member::postgres).count() < 2) {
      d.add(
          new Diagnostic(
              Code.UPGRADE_WITHOUT_REPLICA,
              b.where().at("cluster.postgresql_version"),
              "cluster "
                  + before.cluster()
                  + " has no replica: autobase's pg_upgrade.yml (releases 2.4.1 to 2.6.0) needs"
                  + " one and stops in its pre-checks",
              "add a replica first (apply it), then raise postgresql_version"));
    }
    return d;
  }

  /** A node in both: its address and roles must stay; a moved primary is a note only. */
  private static Outcome kept(ClusterState.Member was, Host now, Blueprint b) {
    List<Diagnostic> d = new ArrayList<>();
    List<Change> changes = new ArrayList<>();
    if (!was.address().equals(now.address())) {
      d.add(
          new Diagnostic(
              Code.NODE_CHANGED,
              at(b, now, "ip"),
              "node "
                  + now.name()
                  + " moves from "
                  + was.address()
                  + " to "
                  + now.address()
                  + ": its members (etcd, Patroni, HAProxy's servers) are known by address",
              "keep ip: "
                  + was.address()
                  + "; to move a node, add a new one at the new address, then remove this one"));
      return new Outcome(List.copyOf(changes), List.copyOf(d));
    }
    Set<Role> other = EnumSet.of(Role.ETCD, Role.BALANCER);
    Set<Role> wasOther = was.roles().stream().filter(other::contains).collect(Collectors.toSet());
    Set<Role> nowOther = now.roles().stream().filter(other::contains).collect(Collectors.toSet());
    boolean wasPostgres = was.postgres();
    boolean nowPostgres = now.isPostgres();
    Set<Role> retiring = EnumSet.noneOf(Role.class);
    retiring.addAll(wasOther);
    retiring.remove(Role.BALANCER);
    if (was.has(Role.BALANCER) && nowOther.equals(retiring) && wasPostgres == nowPostgres) {
      // The one service a node can give up: a balancer retires (hagen's retire step).
      changes.add(
          new Change(
              Action.REMOVE,
              "balancer " + now.name(),
              "HAProxy and keepalived stop on "
                  + now.name()
                  + "; it keeps its other roles ("
                  + now.roleWords()
                  + ")"));
      return new Outcome(List.copyOf(changes), List.copyOf(d));
    }
    if (!wasOther.equals(nowOther) || wasPostgres != nowPostgres) {
      d.add(
          new Diagnostic(
              Code.NODE_CHANGED,
              at(b, now, "roles"),
              "node "
                  + now.name()
                  + "'s roles change from ["
                  + was.roleWords()
                  + "] to ["
                  + now.roleWords()
                  + "]: autobase adds and removes whole nodes, not a service on a node",
              "keep roles: ["
                  + was.roleWords()
                  + "]; for a node with other roles, add a new node with them, then remove this"
                  + " one (a node may give up only its balancer role)"));
      return new Outcome(List.copyOf(changes), List.copyOf(d));
    }
    if (now.isPrimary() && !was.has(Role.PRIMARY)) {
      d.add(
          new Diagnostic(
              Code.PRIMARY_MOVED,
              at(b, now, "roles"),
              "the primary role moves to "
                  + now.name()
                  + ": it names the host a new cluster is bootstrapped on (autobase's master"
                  + " group), so the inventory follows, but the running leader does not move",
              "to make "
                  + now.name()
                  + " the leader, switch over on any PostgreSQL host: sudo patronictl -c"
                  + " /etc/patroni/patroni.yml switchover --candidate "
                  + now.name()
                  + " --force"));
      changes.add(
          new Change(
              Action.CHANGE,
              "primary",
              now.name()
                  + " is the bootstrap host now (autobase's master group); the leader does"
                  + " not move"));
    }
    return new Outcome(List.copyOf(changes), List.copyOf(d));
  }

  private static List<Diagnostic> additions(
      ClusterState before, List<Host> added, Blueprint b, ClusterPlan after) {
    List<Diagnostic> d = new ArrayList<>();
    if (added.isEmpty()) {
      return d;
    }
    if (before.count(Role.BALANCER) == 0 && added.stream().anyMatch(Host::isBalancer)) {
      Host first = added.stream().filter(Host::isBalancer).findFirst().orElseThrow();
      d.add(
          new Diagnostic(
              Code.FIRST_BALANCER,
              at(b, first, "roles"),
              "node "
                  + first.name()
                  + " would be the cluster's first balancer: HAProxy and keepalived in front of a"
                  + " cluster built without them change where clients connect",
              "leave role balancer off new nodes of this cluster"));
    }
    // A new host must never be the first of a group whose first host add_node.yml copies from.
    for (AutobaseGroup group : AutobaseGroup.values()) {
      if (!group.copiedFrom
          || (group == AutobaseGroup.BALANCERS && before.count(Role.BALANCER) == 0)) {
        continue; // the first balancer is refused as such
      }
      after.groups().stream()
          .filter(g -> g.name().equals(group.group) && !g.hosts().isEmpty())
          .map(g -> g.hosts().get(0))
          .filter(added::contains)
          .findFirst()
          .ifPresent(
              h ->
                  d.add(
                      new Diagnostic(
                          Code.NEW_NODE_FIRST,
                          at(b, h, "name"),
                          "new node "
                              + h.name()
                              + " would be the first host of autobase's "
                              + group.group
                              + " group, which add_node.yml copies configuration from",
                          "list new nodes after the existing ones in nodes")));
    }
    return d;
  }

  private static List<Diagnostic> removals(
      ClusterState before, List<ClusterState.Member> removed, Blueprint b, ClusterPlan after) {
    List<Diagnostic> d = new ArrayList<>();
    if (removed.isEmpty()) {
      return d;
    }
    SourcePosition nodes = b.where().keyAt("nodes");
    if (removed.size() > 1) {
      d.add(
          new Diagnostic(
              Code.SEVERAL_REMOVALS,
              nodes,
              "nodes "
                  + removed.stream()
                      .map(ClusterState.Member::name)
                      .collect(Collectors.joining(", "))
                  + " are removed at once: each removal is checked against the running cluster"
                  + " (its leader, its etcd quorum) on its own",
              "remove one node, run its step and hagen build --applied, then remove the next"));
      return d;
    }
    ClusterState.Member gone = removed.get(0);
    // The removed node comes from the record: it may never name a host the blueprint keeps where
    // the record has it (a node added at its address is a rename, reported as such).
    Optional<Host> kept =
        after.hosts().stream()
            .filter(
                h -> before.node(h.name()).filter(n -> n.address().equals(h.address())).isPresent())
            .filter(
                h -> h.address().equals(gone.address()) || h.name().equalsIgnoreCase(gone.name()))
            .findFirst();
    if (kept.isPresent()) {
      d.add(
          new Diagnostic(
              Code.NODE_CHANGED,
              at(b, kept.get(), kept.get().address().equals(gone.address()) ? "ip" : "name"),
              "removing "
                  + gone.name()
                  + " ("
                  + gone.address()
                  + ") would remove node "
                  + kept.get().name()
                  + " ("
                  + kept.get().address()
                  + "), which the blueprint keeps: the record and the blueprint name one host"
                  + " twice",
              "restore hagen-state.yml from version control; a node keeps its name and address"
                  + " for as long as it runs"));
      return d;
    }
    long etcd = after.hosts().stream().filter(Host::isEtcd).count();
    if (gone.has(Role.ETCD) && etcd < MIN_ETCD) {
      d.add(
          new Diagnostic(
              Code.TOO_FEW_ETCD,
              nodes,
              "removing etcd member "
                  + gone.name()
                  + " leaves "
                  + etcd
                  + " etcd members: the cluster's state would not survive the loss of one more",
              "add an etcd node first (apply it), then remove " + gone.name()));
    }
    if (gone.postgres() && after.hosts().stream().noneMatch(Host::isReplica)) {
      d.add(
          new Diagnostic(
              Code.LAST_REPLICA,
              nodes,
              "removing " + gone.name() + " leaves the cluster without a replica to fail over to",
              "add a replica first (apply it), then remove " + gone.name()));
    }
    return d;
  }

  /** The node steps, numbered from {@code first}. */
  private static List<Step> steps(
      int first,
      ClusterState record,
      List<Host> added,
      List<ClusterState.Member> removed,
      ClusterPlan after) {
    List<Step> steps = new ArrayList<>();
    int offset = first - 1;
    List<String> everyone =
        after.hosts().stream().map(Host::name).collect(Collectors.toCollection(ArrayList::new));
    boolean etcdChanged =
        added.stream().anyMatch(Host::isEtcd) || removed.stream().anyMatch(n -> n.has(Role.ETCD));
    boolean postgresChanged =
        added.stream().anyMatch(Host::isPostgres)
            || removed.stream().anyMatch(ClusterState.Member::postgres);
    boolean lab = after.lab().isPresent();
    if (!added.isEmpty() && lab) {
      steps.add(StepCatalogue.vagrantUp(offset + steps.size() + 1, added));
    }
    if (!added.isEmpty()) {
      steps.add(StepCatalogue.add(offset + steps.size() + 1, added, everyone, after));
    }
    // Balancers that retire, kept nodes and removed ones alike, before anything else leaves.
    for (ClusterState.Member was : record.nodes()) {
      boolean kept = after.hosts().stream().anyMatch(named(was));
      boolean stays = after.hosts().stream().anyMatch(h -> named(was).test(h) && h.isBalancer());
      if (was.has(Role.BALANCER) && !stays && (kept || removed.contains(was))) {
        steps.add(StepCatalogue.retireBalancer(offset + steps.size() + 1, asHost(was), after));
      }
    }
    // A node that runs neither PostgreSQL nor etcd has nothing for autobase's remove_node.
    List<ClusterState.Member> leaving =
        removed.stream().filter(n -> n.postgres() || n.has(Role.ETCD)).toList();
    if (!leaving.isEmpty()) {
      ClusterState.Member gone = leaving.get(0);
      Host host = asHost(gone);
      List<InventoryGroup> groups = new ArrayList<>();
      for (InventoryGroup g : after.groups()) {
        if (AutobaseGroup.named(g.name())
            .map(a -> a.holdsWhenRemoved(gone.roles()))
            .orElse(false)) {
          groups.add(new InventoryGroup(g.name(), g.comment(), List.of(host), g.postgres()));
        }
      }
      List<String> touched = new ArrayList<>(everyone);
      touched.add(gone.name());
      steps.add(StepCatalogue.remove(offset + steps.size() + 1, host, groups, touched, after));
    }
    if (etcdChanged) {
      steps.add(StepCatalogue.etcdEndpoints(offset + steps.size() + 1, everyone, after));
    }
    if (postgresChanged && after.access().readOnlyPort().isPresent()) {
      steps.add(StepCatalogue.balancers(offset + steps.size() + 1, after));
    }
    if (!removed.isEmpty() && lab) {
      steps.add(StepCatalogue.vagrantDestroy(offset + steps.size() + 1, removed.get(0).name()));
    }
    return List.copyOf(steps);
  }

  /**
   * A balancer retires (its node removed, or its role): without a VIP, clients connect to the
   * balancers by their own addresses, and nothing moves them off this one.
   */
  private static List<Diagnostic> retirements(ClusterState before, Blueprint b, ClusterPlan after) {
    List<Diagnostic> d = new ArrayList<>();
    if (after.access().viaVip() || after.access().readOnlyPort().isEmpty()) {
      return d;
    }
    for (ClusterState.Member was : before.nodes()) {
      boolean stays = after.hosts().stream().anyMatch(h -> named(was).test(h) && h.isBalancer());
      if (!was.has(Role.BALANCER) || stays) {
        continue;
      }
      Optional<Host> kept = after.hosts().stream().filter(named(was)).findFirst();
      d.add(
          new Diagnostic(
              Code.BALANCER_REMOVED,
              kept.map(h -> at(b, h, "roles")).orElse(b.where().keyAt("nodes")),
              "balancer "
                  + was.name()
                  + " retires, and the cluster has no VIP: its clients connect to "
                  + was.address()
                  + " by that address, and nothing moves them to another balancer",
              "point its clients at the other balancers ("
                  + String.join(
                      ", ",
                      after.hosts().stream().filter(Host::isBalancer).map(Host::address).toList())
                  + ") before the retire step runs"));
    }
    return d;
  }

  /** A removed node as the old inventory listed it. */
  static Host asHost(ClusterState.Member n) {
    return new Host(
        n.name(),
        n.address(),
        Optional.empty(),
        Set.copyOf(n.roles()),
        false,
        "",
        Optional.empty(),
        n.login(),
        Optional.empty());
  }

  private static SourcePosition at(Blueprint b, Host h, String field) {
    for (int i = 0; i < b.nodes().size(); i++) {
      if (Objects.equals(b.nodes().get(i).name(), h.name())) {
        return b.where().at("nodes[" + i + "]." + field);
      }
    }
    return b.where().keyAt("nodes");
  }

  private static List<Diagnostic> sorted(List<Diagnostic> d) {
    return d.stream().sorted(Diagnostic.IN_SOURCE_ORDER).toList();
  }
}
