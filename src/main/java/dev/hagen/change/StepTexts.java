package dev.hagen.change;

import dev.hagen.blueprint.Role;
import dev.hagen.change.ChangePlan.Action;
import dev.hagen.change.ChangePlan.Kind;
import dev.hagen.change.ChangePlan.Restart;
import dev.hagen.change.ChangePlan.Step;
import dev.hagen.plan.ClusterPlan;
import dev.hagen.plan.ClusterPlan.Host;
import dev.hagen.plan.ClusterPlan.InventoryGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Each kind of step as the plan prints it: its files, its command, what it restarts where, and what
 * clients see. Every statement here is what autobase 2.6.0's playbooks and roles do (or hagen's own
 * plays around them); the lab's day-2 scenario measures the add and the removal.
 */
final class StepTexts {
  /** The main inventory, which every step reads first. */
  static final String INVENTORY = "inventories/hosts";

  private StepTexts() {}

  static Step add(int number, List<Host> added, List<String> everyone, ClusterPlan after) {
    String name = String.format("%02d-%s", number, Kind.ADD_NODES.slug());
    String file = ChangePlan.FOLDER + "/" + name + ".yml";
    String ini = ChangePlan.FOLDER + "/" + name + ".ini";
    List<String> names = added.stream().map(Host::name).toList();
    List<String> existingPostgres =
        names(after, h -> (h.isPrimary() || h.isReplica()) && !added.contains(h));
    List<Restart> restarts = new ArrayList<>();
    restarts.add(
        new Restart(
            "every service",
            "install and start",
            names,
            "one run; a new replica is cloned from the leader and streams from it"));
    if (added.stream().anyMatch(h -> h.isReplica() || h.isPrimary())) {
      restarts.add(
          new Restart(
              "PostgreSQL (pg_hba.conf gains the new hosts)",
              "reload",
              existingPostgres,
              "all at once; nothing restarts"));
    }
    if (added.stream().anyMatch(h -> h.roles().contains(Role.ETCD))) {
      restarts.add(
          new Restart(
              "etcd where its configuration changed (the new member joins; TLS certificates are"
                  + " issued anew), and Patroni reloads (patroni.yml lists the new etcd host)",
              "restart and reload",
              names(after, h -> h.roles().contains(Role.ETCD) && !added.contains(h)),
              "etcd one member at a time"));
    }
    List<InventoryGroup> marks = new ArrayList<>();
    for (Host h : added) {
      InventoryGroup first =
          after.groups().stream().filter(g -> g.hosts().contains(h)).findFirst().orElseThrow();
      marks.add(new InventoryGroup(first.name(), first.comment(), List.of(h), first.postgres()));
    }
    return new Step(
        number,
        Kind.ADD_NODES,
        Action.ADD,
        "add " + String.join(", ", names) + " with autobase's add_node",
        "vitabaks.autobase.add_node",
        file,
        Optional.of(ini),
        "ansible-playbook " + file + " -i " + INVENTORY + " -i " + ini,
        everyone,
        added,
        marks,
        restarts,
        "none expected: no running PostgreSQL, Patroni or HAProxy is restarted (the lab measures"
            + " the longest write gap through the VIP)",
        false,
        Optional.empty(),
        Map.of());
  }

  static Step remove(
      int number, Host gone, List<InventoryGroup> groups, List<String> touched, ClusterPlan after) {
    String name = String.format("%02d-%s-%s", number, Kind.REMOVE_NODE.slug(), gone.name());
    String file = ChangePlan.FOLDER + "/" + name + ".yml";
    String ini = ChangePlan.FOLDER + "/" + name + ".ini";
    List<Restart> restarts = new ArrayList<>();
    boolean postgres = gone.roles().contains(Role.PRIMARY) || gone.roles().contains(Role.REPLICA);
    List<String> others = names(after, h -> h.isPrimary() || h.isReplica());
    if (postgres) {
      restarts.add(
          new Restart(
              "Patroni and PostgreSQL, disabled, and the data directory DELETED,",
              "stop",
              List.of(gone.name()),
              "first"));
      restarts.add(
          new Restart(
              "PostgreSQL (pg_hba.conf without " + gone.name() + ") and Patroni (patroni.yml)",
              "reload",
              others,
              "all at once; nothing restarts"));
    }
    if (gone.roles().contains(Role.ETCD)) {
      restarts.add(
          new Restart(
              "the etcd member (etcdctl member remove)",
              "remove",
              List.of(gone.name()),
              "after PostgreSQL"));
    }
    String confirmation = "confirm_removal=" + gone.name();
    return new Step(
        number,
        Kind.REMOVE_NODE,
        Action.REMOVE,
        "remove " + gone.name() + " with autobase's remove_node",
        "vitabaks.autobase.remove_node",
        file,
        Optional.of(ini),
        "ansible-playbook " + file + " -i " + INVENTORY + " -i " + ini + " -e " + confirmation,
        touched,
        List.of(gone),
        groups,
        restarts,
        postgres
            ? "none expected for a replica; the step stops before anything when "
                + gone.name()
                + " is the leader, and says how to switch over first"
            : "none expected",
        true,
        Optional.of(confirmation),
        Map.of());
  }

  static Step etcdEndpoints(int number, List<String> everyone, ClusterPlan after) {
    String file =
        ChangePlan.FOLDER
            + "/"
            + String.format("%02d-%s", number, Kind.ETCD_ENDPOINTS.slug())
            + ".yml";
    boolean vipManager = after.access().readOnlyPort().isEmpty() && after.access().viaVip();
    List<Restart> restarts = new ArrayList<>();
    restarts.add(
        new Restart(
            "Patroni where patroni.yml changed (it lists the etcd members)",
            "reload",
            names(after, h -> h.isPrimary() || h.isReplica()),
            "one host at a time"));
    if (vipManager) {
      restarts.add(
          new Restart(
              "vip-manager where its configuration changed (its etcd endpoints)",
              "restart",
              names(after, h -> h.isPrimary() || h.isReplica()),
              "one host at a time"));
    } else if (after.access().readOnlyPort().isPresent()) {
      restarts.add(
          new Restart(
              "confd where its configuration changed (its etcd endpoints), when confd manages"
                  + " HAProxy (confd_install, autobase's default)",
              "restart",
              names(after, Host::isBalancer),
              "one host at a time"));
    }
    return new Step(
        number,
        Kind.ETCD_ENDPOINTS,
        Action.CHANGE,
        "point Patroni"
            + (vipManager
                ? ", vip-manager"
                : after.access().readOnlyPort().isPresent() ? ", confd" : "")
            + " at the etcd members",
        "hagen (autobase's patroni, vip_manager and confd roles)",
        file,
        Optional.empty(),
        "ansible-playbook " + file,
        everyone,
        List.of(),
        List.of(),
        restarts,
        vipManager
            ? "a few seconds when vip-manager restarts on the leader: the VIP is released and"
                + " taken again"
            : "none expected",
        false,
        Optional.empty(),
        Map.of());
  }

  static Step balancers(int number, ClusterPlan after) {
    String file =
        ChangePlan.FOLDER + "/" + String.format("%02d-%s", number, Kind.BALANCERS.slug()) + ".yml";
    List<String> balancers = names(after, Host::isBalancer);
    return new Step(
        number,
        Kind.BALANCERS,
        Action.CHANGE,
        "give HAProxy the PostgreSQL hosts as they are now",
        "hagen (autobase's haproxy role)",
        file,
        Optional.empty(),
        "ansible-playbook " + file,
        balancers,
        List.of(),
        List.of(),
        List.of(
            new Restart(
                "HAProxy where haproxy.cfg changed (it lists the PostgreSQL hosts; confd, autobase's"
                    + " default, keeps it, and then nothing changes)",
                "restart",
                balancers,
                "one balancer at a time, the one holding the VIP last")),
        "connections through a balancer are cut when its HAProxy restarts, and clients reconnect;"
            + " new connections go through the others meanwhile",
        false,
        Optional.empty(),
        Map.of());
  }

  /**
   * The configuration steps, in the order they run: Patroni's dynamic settings (the DCS), then
   * config_pgcluster with hagen's restarts around it, or only the users and databases.
   */
  static List<Step> settings(
      int number, int version, SettingsChanges.Found found, ClusterPlan after) {
    List<Step> steps = new ArrayList<>();
    List<String> postgres = names(after, h -> h.isPrimary() || h.isReplica());
    if (!found.patroni().isEmpty()) {
      steps.add(patroni(number + steps.size(), found, postgres));
    }
    if (found.configuration()) {
      steps.add(configuration(number + steps.size(), version, found, postgres, after));
    } else if (found.rolesOnly()) {
      String file = file(number + steps.size(), Kind.USERS);
      steps.add(
          new Step(
              number + steps.size(),
              Kind.USERS,
              Action.CHANGE,
              "create the users, databases and extensions with autobase's config_pgcluster",
              "vitabaks.autobase.config_pgcluster",
              file,
              Optional.empty(),
              "ansible-playbook " + file + " --tags " + String.join(",", ROLE_TAGS),
              postgres,
              List.of(),
              List.of(),
              List.of(),
              "none expected: on the leader, CREATE ROLE, ALTER ROLE, CREATE DATABASE and CREATE"
                  + " EXTENSION only",
              false,
              Optional.empty(),
              Map.of()));
    }
    return steps;
  }

  /** autobase's tags of the roles that create users, databases and extensions (2.6.0). */
  static final List<String> ROLE_TAGS =
      List.of("postgresql_users", "postgresql_databases", "postgresql_extensions");

  private static Step patroni(int number, SettingsChanges.Found found, List<String> postgres) {
    String file = file(number, Kind.PATRONI);
    boolean strict = "true".equals(found.patroni().get("synchronous_mode_strict"));
    return new Step(
        number,
        Kind.PATRONI,
        Action.CHANGE,
        "set "
            + String.join(", ", found.patroni().keySet())
            + " in Patroni's configuration (patronictl edit-config)",
        "hagen (patronictl edit-config, then show-config)",
        file,
        Optional.empty(),
        "ansible-playbook " + file,
        postgres,
        List.of(),
        List.of(),
        List.of(
            new Restart(
                "Patroni (each member takes the settings from the DCS in its next cycle)",
                "reload",
                postgres,
                "all at once; nothing restarts")),
        strict
            ? "none expected; from then on the leader takes no writes while no synchronous"
                + " standby is up (synchronous_mode_strict)"
            : "none expected",
        false,
        Optional.empty(),
        Map.of("patroni", found.patroni()));
  }

  private static Step configuration(
      int number,
      int version,
      SettingsChanges.Found found,
      List<String> postgres,
      ClusterPlan after) {
    String file = file(number, Kind.SETTINGS);
    List<Restart> restarts = new ArrayList<>();
    restarts.add(
        new Restart(
            "PostgreSQL (pg_hba.conf, parameters that take a reload) and Patroni (patroni.yml)",
            "reload",
            postgres,
            "all at once"));
    if (found.pools()) {
      restarts.add(
          new Restart(
              "PgBouncer (pgbouncer.ini)",
              "reload",
              postgres,
              "all at once; its connections stay"));
    }
    found
        .rounds()
        .ifPresent(
            rounds -> {
              List<String> order = new ArrayList<>();
              List<String> replicas = names(after, Host::isReplica);
              List<String> primary = names(after, Host::isPrimary);
              if (rounds.replicasFirst()) {
                order.addAll(replicas);
              }
              order.addAll(primary);
              if (rounds.replicasAfter()) {
                order.addAll(replicas);
              }
              restarts.add(
                  new Restart(
                      "PostgreSQL through Patroni (patronictl restart, in place: the leader stays"
                          + " the leader), where a changed parameter needs it",
                      "restart",
                      order,
                      rounds.words()
                          + ", by Patroni's roles when the step runs; each replica streams again"
                          + " before the next"));
            });
    List<SettingsChanges.Parameter> parameters = found.parameters();
    Map<String, Object> data = new java.util.LinkedHashMap<>();
    // The values the step waits for and checks are data: the playbook hands them to psql as
    // variables, never as text of its queries.
    data.put("removed", SettingsChanges.removed(parameters));
    data.put("written", SettingsChanges.written(parameters));
    data.put("expected", SettingsChanges.expectedSettings(version, parameters));
    data.put("restart", found.rounds().isPresent());
    data.put("replicas_first", found.rounds().map(r -> r.replicasFirst()).orElse(false));
    data.put("replicas_after", found.rounds().map(r -> r.replicasAfter()).orElse(false));
    List<String> what = new ArrayList<>();
    if (!parameters.isEmpty()) {
      what.add("parameters");
    }
    if (found.pgHba()) {
      what.add("pg_hba");
    }
    if (found.users() || found.databases()) {
      what.add("users and databases");
    }
    if (found.pools()) {
      what.add("pools");
    }
    return new Step(
        number,
        Kind.SETTINGS,
        Action.CHANGE,
        "apply " + String.join(", ", what) + " with autobase's config_pgcluster",
        "vitabaks.autobase.config_pgcluster",
        file,
        Optional.empty(),
        "ansible-playbook " + file,
        names(after, h -> h.isPrimary() || h.isReplica() || h.roles().contains(Role.ETCD)),
        List.of(),
        List.of(),
        restarts,
        found.rounds().isPresent()
            ? "writes stop while the leader restarts (its shutdown checkpoint and start, seconds),"
                + " and clients reconnect; connections to each replica are cut when it restarts"
            : "none expected: a reload cuts no connection",
        false,
        Optional.empty(),
        java.util.Collections.unmodifiableMap(data));
  }

  /**
   * A major upgrade: a dry run that changes nothing running (new packages, a new data directory,
   * pg_upgrade --check), then autobase's in-place pg_upgrade. Both run with postgresql_version set
   * to the old version, as pg_upgrade.yml derives the new paths from it.
   */
  static List<Step> upgrade(int number, int from, int to, ClusterPlan after) {
    List<String> postgres = names(after, h -> h.isPrimary() || h.isReplica());
    String versions =
        " -e pg_old_version="
            + from
            + " -e pg_new_version="
            + to
            + " -e postgresql_version="
            + from;
    String check = file(number, Kind.UPGRADE_CHECK);
    String run = file(number + 1, Kind.UPGRADE);
    Map<String, Object> data = Map.of("from", from, "to", to);
    return List.of(
        new Step(
            number,
            Kind.UPGRADE_CHECK,
            Action.CHANGE,
            "check the upgrade " + from + " -> " + to + " (autobase's pg_upgrade, dry run)",
            "vitabaks.autobase.pg_upgrade",
            check,
            Optional.empty(),
            "ansible-playbook " + check + versions + " --tags " + String.join(",", CHECK_TAGS),
            postgres,
            List.of(),
            List.of(),
            List.of(),
            "none expected: it installs PostgreSQL "
                + to
                + "'s packages, makes its data directory and runs pg_upgrade --check; the running"
                + " cluster is not touched",
            false,
            Optional.empty(),
            data),
        new Step(
            number + 1,
            Kind.UPGRADE,
            Action.CHANGE,
            "upgrade PostgreSQL " + from + " -> " + to + " with autobase's pg_upgrade",
            "vitabaks.autobase.pg_upgrade",
            run,
            Optional.empty(),
            "ansible-playbook " + run + versions,
            postgres,
            List.of(),
            List.of(),
            List.of(
                new Restart(
                    "PostgreSQL and Patroni (stopped; pg_upgrade --link on the leader, the"
                        + " replicas by rsync; started on "
                        + to
                        + ")",
                    "stop and start",
                    postgres,
                    "the whole cluster at once, in autobase's maintenance mode")),
            "writes stop for the upgrade: autobase pauses PgBouncer's pools, typically 30-60 s"
                + " and longer for large databases (PgBouncer's query_wait_timeout, 2 min by"
                + " default); without PgBouncer, connections are refused meanwhile",
            false,
            Optional.empty(),
            data));
  }

  /** The pg_upgrade.yml tags of its pre-checks and its upgrade check (2.6.0). */
  static final List<String> CHECK_TAGS = List.of("pre-checks", "upgrade-check");

  private static String file(int number, Kind kind) {
    return ChangePlan.FOLDER + "/" + String.format("%02d-%s", number, kind.slug()) + ".yml";
  }

  private static List<String> names(ClusterPlan plan, java.util.function.Predicate<Host> which) {
    return plan.hosts().stream().filter(which).map(Host::name).collect(Collectors.toList());
  }
}
