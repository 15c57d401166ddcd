package dev.hagen.plan;

import dev.hagen.blueprint.Blueprint;
import dev.hagen.blueprint.Extension;
import dev.hagen.blueprint.Role;
import dev.hagen.plan.ClusterPlan.ClientAccess;
import dev.hagen.plan.ClusterPlan.Connection;
import dev.hagen.plan.ClusterPlan.GroupVars;
import dev.hagen.plan.ClusterPlan.Host;
import dev.hagen.plan.ClusterPlan.InventoryGroup;
import dev.hagen.plan.ClusterPlan.Lab;
import dev.hagen.plan.ClusterPlan.Provenance;
import dev.hagen.plan.ClusterPlan.Secret;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Stage 4, plan: a checked blueprint to the {@link ClusterPlan}. Pure; never fails. */
public final class Planner {
  /** autobase's HAProxy ports. Overriding the dict replaces it whole, so all four are written. */
  static final Map<String, Integer> HAPROXY_PORTS = ordered(
      "master", 5000, "replicas", 5001, "replicas_sync", 5002, "replicas_async", 5003);

  static final List<Secret> SECRETS = List.of(
      new Secret("patroni_superuser_password", "HAGEN_SUPERUSER_PASSWORD",
          "the `postgres` superuser"),
      new Secret("patroni_replication_password", "HAGEN_REPLICATION_PASSWORD",
          "the `replicator` user that streams WAL to replicas"),
      new Secret("patroni_restapi_password", "HAGEN_RESTAPI_PASSWORD",
          "Patroni's REST API"),
      new Secret("pgbouncer_auth_password", "HAGEN_PGBOUNCER_PASSWORD",
          "PgBouncer's auth user (used when pgbouncer is on)"));

  private Planner() {}

  public static ClusterPlan plan(Blueprint b, String hagenVersion) {
    List<Host> hosts = new ArrayList<>();
    for (int i = 0; i < b.nodes().size(); i++) {
      Blueprint.Node n = b.nodes().get(i);
      // Vagrant's `primary: true` on the first node only: the seed had it on all three.
      hosts.add(new Host(n.name(), n.ip(), n.sshPort(), n.roles(), i == 0 && b.vagrant().isPresent(),
          String.join(",", n.tags().stream().map(t -> t + "=true").toList()), n.replicateFrom()));
    }

    var f = b.features();
    Map<String, Boolean> flags = new LinkedHashMap<>();
    for (Extension e : Extension.values()) {
      e.flags().forEach(flag -> flags.put(flag, f.extensions().contains(e)));
    }
    GroupVars vars = new GroupVars(b.cluster().name(), b.cluster().postgresqlVersion(), f.haproxy(),
        HAPROXY_PORTS, b.network().vip().orElse(""), b.network().iface(), f.pgbouncer(),
        f.synchronousMode(), Collections.unmodifiableMap(flags), b.autobaseVars());

    List<String> clientAddresses = b.network().vip().map(List::of)
        .orElseGet(() -> (f.haproxy() ? having(hosts, h -> h.roles().contains(Role.BALANCER))
            : having(hosts, h -> h.roles().contains(Role.PRIMARY))).stream().map(Host::address).toList());
    ClientAccess access = new ClientAccess(clientAddresses, HAPROXY_PORTS.get("master"),
        HAPROXY_PORTS.get("replicas"), b.network().vip().isPresent());

    return new ClusterPlan(
        new Provenance(hagenVersion, b.source().fileName(), b.source().sha256()),
        b.cluster().name(),
        b.network().cidr(),
        b.cluster().autobaseVersion(),
        Collections.unmodifiableList(hosts),
        groups(hosts),
        new Connection(b.ssh().user(), b.ssh().privateKey()),
        vars,
        b.vagrant().map(v -> new Lab(v.provider(), v.box(), v.cpus(), v.memoryMb(),
            b.ssh().publicKey(), b.ssh().user())),
        access,
        SECRETS);
  }

  /** autobase's groups, every one of them even when empty; the playbooks make the rest in memory. */
  static List<InventoryGroup> groups(List<Host> hosts) {
    return List.of(
        new InventoryGroup("etcd_cluster", "etcd members (dcs_type: etcd)",
            having(hosts, h -> h.roles().contains(Role.ETCD)), false),
        new InventoryGroup("consul_instances", "unused: this cluster keeps its state in etcd",
            List.of(), false),
        new InventoryGroup("balancers", "HAProxy (+ keepalived for the VIP)",
            having(hosts, h -> h.roles().contains(Role.BALANCER)), false),
        new InventoryGroup("master", "the one host that bootstraps the cluster",
            having(hosts, h -> h.roles().contains(Role.PRIMARY)), true),
        new InventoryGroup("replica", "PostgreSQL replicas",
            having(hosts, h -> h.roles().contains(Role.REPLICA)), true));
  }

  private static List<Host> having(List<Host> hosts, Predicate<Host> p) {
    return hosts.stream().filter(p).toList();
  }

  private static Map<String, Integer> ordered(Object... pairs) {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put((String) pairs[i], (Integer) pairs[i + 1]);
    }
    return Collections.unmodifiableMap(m);
  }
}
