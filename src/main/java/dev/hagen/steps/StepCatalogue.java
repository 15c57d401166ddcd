package dev.hagen.steps;

import dev.hagen.plan.ClusterPlan;
import dev.hagen.plan.ClusterPlan.Host;
import dev.hagen.plan.ClusterPlan.InventoryGroup;
import dev.hagen.steps.ChangePlan.Action;
import dev.hagen.steps.ChangePlan.Kind;
import dev.hagen.steps.ChangePlan.Restart;
import dev.hagen.steps.ChangePlan.Step;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Each kind of step as the plan prints it: its files, its command, what it restarts where, and what
 * clients see. Every statement here is what autobase 2.6.0's playbooks and roles do (or hagen's own
 * plays around them); the lab's day-2 scenario measures the add and the removal.
 */
public final class StepCatalogue {
  private StepCatalogue() {}

  /** A lab's new VMs, made before autobase can add them (the Vagrantfile defines them already). */
  public static Step vagrantUp(int number, List<Host> added) {
    List<String> names = added.stream().map(Host::name).toList();
    return Step.of(number, Kind.VAGRANT_UP, Action.ADD)
        .title("make the VM" + (names.size() == 1 ? " " : "s ") + String.join(", ", names))
        .playbook("vagrant up")
        .command("vagrant up " + String.join(" ", names))
        .hosts(names)
        .interruption("none: the running nodes are not touched")
        .build();
  }

  /**
   * A lab's removed VM, destroyed once autobase has removed its node: the Vagrantfile defines it
   * until the change is recorded (and no longer starts it).
   */
  public static Step vagrantDestroy(int number, String name) {
    return Step.of(number, Kind.VAGRANT_DESTROY, Action.REMOVE)
        .title("destroy the VM " + name + ", which the cluster no longer has")
        .playbook("vagrant destroy")
        .command("vagrant destroy -f " + name)
        .hosts(List.of(name))
        .interruption("none: the node left the cluster in the steps before")
        .destructive(name + "'s VM and its disk.")
        .build();
  }

  public static Step add(int number, List<Host> added, List<String> everyone, ClusterPlan after) {
    List<String> names = added.stream().map(Host::name).toList();
    List<String> existingPostgres = names(after, h -> h.isPostgres() && !added.contains(h));
    List<Restart> restarts = new ArrayList<>();
    restarts.add(
        new Restart(
            "every service",
            "install and start",
            names,
            "one run; a new replica is cloned from the leader and streams from it"));
    if (added.stream().anyMatch(Host::isPostgres)) {
      restarts.add(
          new Restart(
              "PostgreSQL (pg_hba.conf gains the new hosts)",
              "reload",
              existingPostgres,
              "all at once; nothing restarts"));
    }
    if (added.stream().anyMatch(Host::isEtcd)) {
      restarts.add(
          new Restart(
              "etcd where its configuration changed (the new member joins; TLS certificates are"
                  + " issued anew), and Patroni reloads (patroni.yml lists the new etcd host)",
              "restart and reload",
              names(after, h -> h.isEtcd() && !added.contains(h)),
              "etcd one member at a time"));
    }
    List<InventoryGroup> marks = new ArrayList<>();
    for (Host h : added) {
      InventoryGroup first =
          after.groups().stream().filter(g -> g.hosts().contains(h)).findFirst().orElseThrow();
      marks.add(new InventoryGroup(first.name(), first.comment(), List.of(h), first.postgres()));
    }
    return Step.of(number, Kind.ADD_NODES, Action.ADD)
        .title("add " + String.join(", ", names) + " with autobase's add_node")
        .playbook("vitabaks.autobase.add_node")
        .inventory(marks)
        .hosts(everyone)
        .targets(added)
        .restarts(restarts)
        .interruption(
            "none expected: no running PostgreSQL, Patroni or HAProxy is restarted (the lab"
                + " measures the longest write gap through the VIP)")
        .build();
  }

  /**
   * A balancer that retires: keepalived stops first (the VIP, when it holds it, moves to another
   * balancer), then HAProxy and confd; each is disabled. The other balancers list no peer
   * (keepalived's VRRP is multicast) and no balancer, so nothing changes on them.
   */
  public static Step retireBalancer(int number, Host gone, ClusterPlan after) {
    List<String> others = names(after, Host::isBalancer);
    return Step.of(number, Kind.RETIRE_BALANCER, Action.REMOVE)
        .title("retire the balancer on " + gone.name() + " (keepalived, HAProxy, confd)")
        .playbook("hagen (systemd)")
        .suffix(gone.name())
        .inventory(
            List.of(
                new InventoryGroup(
                    RETIRING, "the balancer this step retires", List.of(gone), false)))
        .hosts(java.util.stream.Stream.concat(Stream.of(gone.name()), others.stream()).toList())
        .targets(List.of(gone))
        .restarts(
            List.of(
                new Restart(
                    "keepalived (the VIP moves to another balancer when "
                        + gone.name()
                        + " holds it), then HAProxy and confd; each disabled",
                    "stop",
                    List.of(gone.name()),
                    "once the step has checked that another balancer runs HAProxy and"
                        + " keepalived: "
                        + String.join(", ", others))))
        .interruption(
            "when "
                + gone.name()
                + " holds the VIP, connections through it are cut and new ones wait while"
                + " keepalived moves the VIP (about 3 s, three VRRP adverts); otherwise none")
        .build();
  }

  /** The group of a retire step's own inventory: the balancer it retires. */
  static final String RETIRING = "hagen_retiring_balancer";

  public static Step remove(
      int number, Host gone, List<InventoryGroup> groups, List<String> touched, ClusterPlan after) {
    List<Restart> restarts = new ArrayList<>();
    boolean postgres = gone.isPostgres();
    List<String> others = names(after, Host::isPostgres);
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
    if (gone.isEtcd()) {
      restarts.add(
          new Restart(
              "the etcd member (etcdctl member remove)",
              "remove",
              List.of(gone.name()),
              "after PostgreSQL"));
    }
    boolean synchronous = Boolean.TRUE.equals(after.vars().get("synchronous_mode"));
    boolean strict =
        synchronous && Boolean.TRUE.equals(after.vars().get("synchronous_mode_strict"));
    Map<String, Object> data = new LinkedHashMap<>();
    if (postgres && synchronous) {
      // The replicas that can be synchronous once it is gone (not tagged nosync), which the step
      // checks stream before it removes anything when a commit needs them (strict mode).
      data.put("strict", strict);
      data.put("synchronous_node_count", after.vars().get("synchronous_node_count"));
      data.put(
          "synchronous_candidates",
          names(after, h -> h.isReplica() && !h.patroniTags().contains("nosync=true")));
    }
    String writes =
        !postgres
            ? "none expected"
            : !synchronous
                ? "none expected for a replica; the step stops before anything when "
                    + gone.name()
                    + " is the leader, and says how to switch over first"
                : "none expected for a replica while enough others stream to be synchronous"
                    + (strict
                        ? " (strict synchronous mode: the step checks that before anything)"
                        : "")
                    + "; when "
                    + gone.name()
                    + " is a synchronous standby, commits wait until Patroni makes another one"
                    + " synchronous (a few seconds). The step stops before anything when "
                    + gone.name()
                    + " is the leader, and says how to switch over first";
    return Step.of(number, Kind.REMOVE_NODE, Action.REMOVE)
        .title("remove " + gone.name() + " with autobase's remove_node")
        .playbook("vitabaks.autobase.remove_node")
        .suffix(gone.name())
        .inventory(groups)
        .hosts(touched)
        .targets(List.of(gone))
        .restarts(restarts)
        .interruption(writes)
        .data(data)
        .destructive(
            "confirm_removal=" + gone.name(),
            (postgres ? gone.name() + "'s data directory" : "")
                + (postgres && gone.isEtcd() ? " and " : "")
                + (gone.isEtcd() ? gone.name() + "'s etcd data" : "")
                + ", when the step runs.")
        .build();
  }

  public static Step etcdEndpoints(int number, List<String> everyone, ClusterPlan after) {
    boolean vipManager = after.access().readOnlyPort().isEmpty() && after.access().viaVip();
    List<Restart> restarts = new ArrayList<>();
    restarts.add(
        new Restart(
            "Patroni where patroni.yml changed (it lists the etcd members)",
            "reload",
            names(after, Host::isPostgres),
            "one host at a time"));
    if (vipManager) {
      restarts.add(
          new Restart(
              "vip-manager where its configuration changed (its etcd endpoints)",
              "restart",
              names(after, Host::isPostgres),
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
    return Step.of(number, Kind.ETCD_ENDPOINTS, Action.CHANGE)
        .title(
            "point Patroni"
                + (vipManager
                    ? ", vip-manager"
                    : after.access().readOnlyPort().isPresent() ? ", confd" : "")
                + " at the etcd members")
        .playbook("hagen (autobase's patroni, vip_manager and confd roles)")
        .hosts(everyone)
        .restarts(restarts)
        .interruption(
            vipManager
                ? "a few seconds when vip-manager restarts on the leader: the VIP is released and"
                    + " taken again"
                : "none expected")
        .build();
  }

  public static Step balancers(int number, ClusterPlan after) {
    List<String> balancers = names(after, Host::isBalancer);
    return Step.of(number, Kind.BALANCERS, Action.CHANGE)
        .title("give HAProxy the PostgreSQL hosts as they are now")
        .playbook("hagen (autobase's haproxy role)")
        .hosts(balancers)
        .restarts(
            List.of(
                new Restart(
                    "HAProxy where haproxy.cfg changed (it lists the PostgreSQL hosts; confd,"
                        + " autobase's default, keeps it, and then nothing changes)",
                    "restart",
                    balancers,
                    "one balancer at a time, each until its checks found the leader; the one"
                        + " holding the VIP last, after keepalived handed the VIP to another"),
                new Restart(
                    "keepalived (it hands the VIP to another balancer, and takes part again once"
                        + " its HAProxy found the leader)",
                    "stop and start",
                    balancers,
                    "on the one that holds the VIP when the step runs, around its HAProxy's"
                        + " restart")))
        .interruption(
            "connections through the VIP are cut when keepalived hands the VIP to another"
                + " balancer, and again if it moves back (keepalived's priorities), each a few"
                + " seconds; no HAProxy takes clients before its checks found the leader, so no"
                + " write reaches a replica")
        .build();
  }

  /**
   * The configuration steps, in the order they run: Patroni's dynamic settings (the DCS), then
   * config_pgcluster with hagen's restarts around it, or only the users and databases.
   */
  public static List<Step> settings(
      int number, int version, SettingsStep found, Map<String, String> patroni, ClusterPlan after) {
    List<Step> steps = new ArrayList<>();
    List<String> postgres = names(after, Host::isPostgres);
    if (!patroni.isEmpty()) {
      steps.add(patroni(number + steps.size(), patroni, after));
    }
    if (found.configuration()) {
      steps.add(configuration(number + steps.size(), version, found, postgres, after));
    } else if (found.rolesOnly()) {
      steps.add(
          Step.of(number + steps.size(), Kind.USERS, Action.CHANGE)
              .title("create the users, databases and extensions with autobase's config_pgcluster")
              .playbook("vitabaks.autobase.config_pgcluster")
              .arguments(" --tags " + String.join(",", ROLE_TAGS))
              .hosts(postgres)
              .interruption(
                  "none expected: on the leader, CREATE ROLE, ALTER ROLE, CREATE DATABASE and"
                      + " CREATE EXTENSION only")
              .needs(needs(found, after))
              .data(users(found, after))
              .build());
    }
    return steps;
  }

  /** autobase's tags of the roles that create users, databases and extensions (2.6.0). */
  static final List<String> ROLE_TAGS =
      List.of("postgresql_users", "postgresql_databases", "postgresql_extensions");

  /**
   * What a step that runs config_pgcluster is given for its postgresql_users role, which sets every
   * password it is given (an empty one as none): the users as group_vars has them, with a password
   * only for those the change creates (or lets log in), and where each of those comes from.
   */
  private static Map<String, Object> users(SettingsStep found, ClusterPlan after) {
    List<Object> users = new ArrayList<>();
    if (after.vars().get("postgresql_users") instanceof List<?> list) {
      for (Object o : list) {
        Map<String, Object> user = new LinkedHashMap<>();
        ((Map<?, ?>) o).forEach((k, v) -> user.put(String.valueOf(k), v));
        if (!found.passwordsSet().contains(String.valueOf(user.get("name")))) {
          user.remove("password");
        }
        users.add(user);
      }
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("users", users);
    data.put("passwords", passwords(found, after));
    return data;
  }

  /** Each user whose password the step sets, and where the controller looks it up. */
  private static Map<String, String> passwords(SettingsStep found, ClusterPlan after) {
    Map<String, String> passwords = new LinkedHashMap<>();
    after.settings().users().stream()
        .filter(u -> u.passwordFrom().isPresent() && found.passwordsSet().contains(u.name()))
        .forEach(u -> passwords.put(u.name(), u.passwordFrom().get()));
    return passwords;
  }

  /** What the controller must hold for a step that sets these users' passwords. */
  private static List<String> needs(SettingsStep found, ClusterPlan after) {
    return passwords(found, after).entrySet().stream()
        .map(e -> e.getValue() + " (user " + e.getKey() + "'s password)")
        .toList();
  }

  /** Patroni's dynamic settings, set in the DCS (every member takes them in its next cycle). */
  public static Step patroni(int number, Map<String, String> settings, ClusterPlan after) {
    List<String> postgres = names(after, Host::isPostgres);
    boolean strict = "true".equals(settings.get("synchronous_mode_strict"));
    return Step.of(number, Kind.PATRONI, Action.CHANGE)
        .title(
            "set "
                + String.join(", ", settings.keySet())
                + " in Patroni's configuration (patronictl edit-config)")
        .playbook("hagen (patronictl edit-config, then show-config)")
        .hosts(postgres)
        .restarts(
            List.of(
                new Restart(
                    "Patroni (each member takes the settings from the DCS in its next cycle)",
                    "reload",
                    postgres,
                    "all at once; nothing restarts")))
        .interruption(
            strict
                ? "none expected; from then on the leader takes no writes while no synchronous"
                    + " standby is up (synchronous_mode_strict)"
                : "none expected")
        .data(Map.of("patroni", settings))
        .build();
  }

  private static Step configuration(
      int number, int version, SettingsStep found, List<String> postgres, ClusterPlan after) {
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
    List<SettingsStep.Parameter> parameters = found.parameters();
    Map<String, Object> data = new LinkedHashMap<>();
    // The values the step waits for and checks are data: the playbook hands them to psql as
    // variables, never as text of its queries.
    data.put("removed", SettingsStep.removed(parameters));
    data.put("written", SettingsStep.written(parameters));
    data.put("expected", SettingsStep.expectedSettings(version, parameters));
    data.put("rendered", SettingsStep.rendered(parameters));
    data.put("pgbouncer", Boolean.TRUE.equals(after.vars().get("pgbouncer_install")));
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
    data.putAll(users(found, after));
    return Step.of(number, Kind.SETTINGS, Action.CHANGE)
        .title("apply " + String.join(", ", what) + " with autobase's config_pgcluster")
        .playbook("vitabaks.autobase.config_pgcluster")
        .hosts(names(after, h -> h.isPostgres() || h.isEtcd()))
        .restarts(restarts)
        .interruption(
            found.rounds().isPresent()
                ? "writes stop while the leader restarts in place, its shutdown checkpoint and"
                    + " start: 1.4-1.6 s in the lab"
                    + (Boolean.TRUE.equals(after.vars().get("synchronous_mode_strict"))
                        ? ", once a synchronous standby has reconnected (it waits"
                            + " wal_retrieve_retry_interval first: 5.4 s with its default of 5 s,"
                            + " 1.5 s with 1 s)"
                        : "")
                    + (Boolean.TRUE.equals(after.vars().get("pgbouncer_install"))
                        ? "; PgBouncer's pools on the leader are paused meanwhile, so queries wait"
                            + " instead of failing"
                        : "; clients reconnect")
                    + ". HAProxy takes the leader out only after 3 failed checks (3 s apart): a"
                    + " restart this short passes unnoticed, and a longer one waits up to 4 more"
                    + " checks after it. A leader that fails to start keeps the leader lock for"
                    + " master_start_timeout (300 s by default) before Patroni fails over. A"
                    + " replica's connections are cut while it restarts, and while a synchronous"
                    + " standby does, commits wait for it or another"
                : "none expected: a reload cuts no connection")
        .needs(needs(found, after))
        .data(data)
        .build();
  }

  /**
   * A major upgrade: a dry run that changes nothing running (new packages, a new data directory,
   * pg_upgrade --check), then autobase's in-place pg_upgrade. Both run with postgresql_version set
   * to the old version, as pg_upgrade.yml derives the new paths from it. The upgrade is
   * destructive: autobase's post-upgrade drops the old cluster and removes its packages, and after
   * pg_upgrade --link the old data directory is not usable; so it runs only when confirmed, and
   * ends with the backups' check and a full backup of the new version (the old backups cannot
   * restore it), or says to take one.
   */
  public static List<Step> upgrade(int number, int from, int to, ClusterPlan after) {
    List<String> postgres = names(after, Host::isPostgres);
    String versions =
        " -e pg_old_version="
            + from
            + " -e pg_new_version="
            + to
            + " -e postgresql_version="
            + from;
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("from", from);
    data.put("to", to);
    String backups =
        after.backups().isPresent()
            ? " The backups taken before cannot restore PostgreSQL "
                + to
                + ": the step upgrades pgBackRest's stanza, checks archiving (pgbackrest check) and"
                + " takes a full backup of the new version as its last play."
            : " Take a full backup of PostgreSQL "
                + to
                + " as soon as the step has run: the blueprint has no backup section.";
    return List.of(
        Step.of(number, Kind.UPGRADE_CHECK, Action.CHANGE)
            .title("check the upgrade " + from + " -> " + to + " (autobase's pg_upgrade, dry run)")
            .playbook("vitabaks.autobase.pg_upgrade")
            .arguments(versions + " --tags " + String.join(",", CHECK_TAGS))
            .hosts(postgres)
            .interruption(
                "none expected: it installs PostgreSQL "
                    + to
                    + "'s packages, makes its data directory and runs pg_upgrade --check; the"
                    + " running cluster is not touched")
            .data(data)
            .build(),
        Step.of(number + 1, Kind.UPGRADE, Action.CHANGE)
            .title("upgrade PostgreSQL " + from + " -> " + to + " with autobase's pg_upgrade")
            .playbook("vitabaks.autobase.pg_upgrade")
            .arguments(versions)
            .hosts(postgres)
            .restarts(
                List.of(
                    new Restart(
                        "PostgreSQL and Patroni (stopped; pg_upgrade --link on the leader, the"
                            + " replicas by rsync; started on "
                            + to
                            + ")",
                        "stop and start",
                        postgres,
                        "the whole cluster at once, in autobase's maintenance mode")))
            .interruption(
                "writes stop for the upgrade: autobase pauses PgBouncer's pools, typically 30-60"
                    + " s and longer for large databases (PgBouncer's query_wait_timeout, 2 min by"
                    + " default); without PgBouncer, connections are refused meanwhile")
            .destructive(
                "confirm_upgrade=" + after.clusterName(),
                "PostgreSQL "
                    + from
                    + "'s data directory (pg_dropcluster) and packages, once PostgreSQL "
                    + to
                    + " runs; pg_upgrade --link leaves the old data directory unusable as soon as"
                    + " the new server starts, so the way back is a restore with PostgreSQL "
                    + from
                    + "'s binaries."
                    + backups)
            .data(data)
            .build());
  }

  /** The pg_upgrade.yml tags of its pre-checks and its upgrade check (2.6.0). */
  static final List<String> CHECK_TAGS = List.of("pre-checks", "upgrade-check");

  private static List<String> names(ClusterPlan plan, java.util.function.Predicate<Host> which) {
    return plan.hosts().stream().filter(which).map(Host::name).collect(Collectors.toList());
  }
}
