package dev.hagen.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hagen.Blueprints;
import dev.hagen.Pipeline;
import dev.hagen.plan.ClusterPlan.Host;
import dev.hagen.plan.ClusterPlan.InventoryGroup;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PlannerTest {
  private static ClusterPlan plan(String fixture) {
    return Pipeline.compile(Blueprints.load(Blueprints.FIXTURES.resolve(fixture)))
        .plan()
        .orElseThrow();
  }

  private static Map<String, List<String>> groups(ClusterPlan plan) {
    return plan.groups().stream()
        .collect(
            Collectors.toMap(
                InventoryGroup::name, g -> g.hosts().stream().map(Host::name).toList()));
  }

  @Test
  void labGroupsFollowTheRoles() {
    ClusterPlan lab = Pipeline.compile(Blueprints.load(Blueprints.LAB)).plan().orElseThrow();
    List<String> all = List.of("postgresql-1", "postgresql-2", "postgresql-3");
    assertEquals(
        Map.of(
            "etcd_cluster",
            all,
            "consul_instances",
            List.of(),
            "balancers",
            all,
            "master",
            List.of("postgresql-1"),
            "replica",
            List.of("postgresql-2", "postgresql-3"),
            "pgbackrest",
            List.of()),
        groups(lab));
    assertEquals(
        List.of("etcd_cluster", "consul_instances", "balancers", "master", "replica", "pgbackrest"),
        lab.groups().stream().map(InventoryGroup::name).toList());
  }

  @Test
  void onlyTheFirstNodeIsVagrantsPrimary() {
    ClusterPlan lab = Pipeline.compile(Blueprints.load(Blueprints.LAB)).plan().orElseThrow();
    assertEquals(
        List.of(true, false, false), lab.hosts().stream().map(Host::vagrantPrimary).toList());
  }

  @Test
  void dedicatedEtcdNodesStayOutOfThePostgresGroups() {
    ClusterPlan plan = plan("existing-machines.yml");
    Map<String, List<String>> groups = groups(plan);
    assertEquals(List.of("etcd-1", "etcd-2", "etcd-3"), groups.get("etcd_cluster"));
    assertEquals(List.of("pg-a"), groups.get("master"));
    assertEquals(List.of("pg-b"), groups.get("replica"));
    assertTrue(plan.lab().isEmpty());
    assertFalse(plan.hosts().get(0).vagrantPrimary(), "no Vagrant, no Vagrant primary");
  }

  @Test
  void withoutAVipClientsUseTheBalancers() {
    ClusterPlan plan = plan("existing-machines.yml");
    assertEquals("", plan.vars().get("cluster_vip"));
    assertFalse(plan.access().viaVip());
    assertEquals(List.of("10.20.1.10", "10.20.1.11"), plan.access().addresses());
  }

  @Test
  void extensionsTurnOnTheirFlagsAndOnlyThose() {
    Map<String, Object> vars = plan("existing-machines.yml").vars().derived();
    assertEquals(
        List.of("enable_timescale", "enable_timescaledb", "enable_pgvector"),
        vars.entrySet().stream()
            .filter(e -> e.getKey().startsWith("enable_") && Boolean.TRUE.equals(e.getValue()))
            .map(Map.Entry::getKey)
            .toList());
  }

  @Test
  void vipManagersNetmaskIsTheNetworksNotAutobasesDefault() {
    assertEquals("16", plan("existing-machines.yml").vars().get("vip_manager_mask"));
    assertEquals("24", plan("cascading.yml").vars().get("vip_manager_mask"));
  }

  @Test
  void vipInterfaceIsAlwaysTheBlueprintsNic() {
    assertEquals("eth1", plan("existing-machines.yml").vars().get("vip_interface"));
  }

  @Test
  void secretsAreLookupsNeverValues() {
    for (ClusterPlan.Secret s : plan("existing-machines.yml").secrets()) {
      assertTrue(s.lookup().startsWith("{{ lookup('ansible.builtin.env', 'HAGEN_"), s.lookup());
    }
  }

  /** README: every autobase group is written, even when empty, and nothing else. */
  @Test
  void everyAutobaseGroupIsWrittenEvenWhenEmpty() {
    ClusterPlan plan = plan("existing-machines.yml");
    assertEquals(
        List.of("etcd_cluster", "consul_instances", "balancers", "master", "replica", "pgbackrest"),
        plan.groups().stream().map(ClusterPlan.InventoryGroup::name).toList());
    String hosts =
        dev.hagen.Pipeline.compile(
                dev.hagen.Blueprints.load(
                    dev.hagen.Blueprints.FIXTURES.resolve("existing-machines.yml")))
            .files()
            .stream()
            .filter(f -> f.path().endsWith("hosts"))
            .findFirst()
            .orElseThrow()
            .content();
    assertEquals(
        List.of(
            "[etcd_cluster]",
            "[consul_instances]",
            "[balancers]",
            "[master]",
            "[replica]",
            "[pgbackrest]",
            "[postgres_cluster:children]",
            "[all:vars]"),
        hosts.lines().filter(l -> l.startsWith("[")).toList());
  }
}
