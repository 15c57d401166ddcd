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
        Optional.empty());
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
        Optional.of(confirmation));
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
        Optional.empty());
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
        Optional.empty());
  }

  private static List<String> names(ClusterPlan plan, java.util.function.Predicate<Host> which) {
    return plan.hosts().stream().filter(which).map(Host::name).collect(Collectors.toList());
  }
}
