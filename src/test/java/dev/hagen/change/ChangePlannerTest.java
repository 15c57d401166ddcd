package dev.hagen.change;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hagen.Blueprints;
import dev.hagen.Pipeline;
import dev.hagen.blueprint.Blueprint;
import dev.hagen.blueprint.BlueprintSource;
import dev.hagen.blueprint.InitdbSetting;
import dev.hagen.blueprint.Role;
import dev.hagen.diagnostic.Code;
import dev.hagen.diagnostic.Diagnostic;
import dev.hagen.plan.ClusterPlan;
import dev.hagen.state.ClusterState;
import dev.hagen.state.StateCodec;
import dev.hagen.steps.ChangePlan;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The node rules, each on its own: a recorded state and a blueprint in, a change plan out. The
 * change corpus runs the same rules end to end through hagen build and hagen plan.
 */
class ChangePlannerTest {
  private static final String NODE3 =
      "  - { name: postgresql-3, ip: 192.168.56.12, ssh_port: 16969, roles: [replica, etcd, balancer] }";

  private record Planned(Blueprint blueprint, ClusterPlan plan) {}

  private static Planned planned(BlueprintSource source) {
    Pipeline.Checked checked = Pipeline.check(source, false);
    Blueprint b = checked.blueprint().orElseThrow(() -> new AssertionError(checked.diagnostics()));
    return new Planned(b, Pipeline.generate(checked).plan().orElseThrow());
  }

  private static final ClusterState BUILT =
      planned(Blueprints.load(Blueprints.BASE)).plan().state();

  private static ChangePlan plan(ClusterState before, BlueprintSource after) {
    Planned p = planned(after);
    return ChangePlanner.plan(
        Optional.of(new StateCodec.Recorded(before, p.plan().clusterName())),
        p.blueprint(),
        p.plan());
  }

  /** The lab as built, with {@code nodes} and {@code initdb} recorded instead. */
  private static ClusterState built(
      List<ClusterState.Member> nodes, Map<InitdbSetting, Object> initdb) {
    return new ClusterState(
        BUILT.cluster(),
        BUILT.blueprint(),
        BUILT.postgresqlVersion(),
        BUILT.autobaseVersion(),
        BUILT.dcs(),
        BUILT.dataDir(),
        initdb,
        BUILT.vip(),
        BUILT.haproxy(),
        nodes,
        BUILT.settings());
  }

  private static List<Code> codes(ChangePlan plan) {
    return plan.diagnostics().stream().map(Diagnostic::code).toList();
  }

  @Test
  void theSameClusterIsNoChange() {
    ChangePlan plan = plan(BUILT, Blueprints.load(Blueprints.BASE));
    assertEquals(List.of(), plan.changes());
    assertEquals(List.of(), plan.steps());
    assertEquals(List.of(), plan.diagnostics());
  }

  @Test
  void removingAnEtcdMemberBelowThreeIsRefused() {
    ChangePlan plan = plan(BUILT, Blueprints.labWith(NODE3 + "\n", ""));
    assertEquals(List.of(Code.TOO_FEW_ETCD), codes(plan));
    assertEquals(List.of(), plan.steps());
  }

  @Test
  void aNodeRenamedAtItsAddressIsRefused() {
    ChangePlan plan =
        plan(BUILT, Blueprints.labWith(NODE3, NODE3.replace("postgresql-3", "postgresql-9")));
    assertTrue(codes(plan).contains(Code.NODE_CHANGED), plan.diagnostics().toString());
  }

  /** A record that names a kept host under another name: the removal would hit the kept node. */
  @Test
  void aRecordedNodeAtAKeptAddressIsNeverRemoved() {
    List<ClusterState.Member> nodes = new ArrayList<>(BUILT.nodes());
    ClusterState.Member kept = nodes.get(1);
    nodes.add(
        new ClusterState.Member(
            kept.name() + "-old", kept.address(), List.of(Role.REPLICA), kept.login()));
    ChangePlan plan =
        plan(built(List.copyOf(nodes), BUILT.initdb()), Blueprints.load(Blueprints.BASE));
    assertEquals(List.of(Code.NODE_CHANGED), codes(plan));
    assertEquals(List.of(), plan.steps());
  }

  /**
   * Every setting fixed when the cluster is made: another value on a built cluster is refused,
   * naming the field; a record written before hagen recorded it compares nothing.
   */
  @ParameterizedTest
  @EnumSource(InitdbSetting.class)
  void aSettingFixedAtInitdbStaysAsTheClusterWasMade(InitdbSetting setting) {
    Object other =
        switch (setting.type) {
          case BOOLEAN -> !(Boolean) setting.defaultValue;
          case INTEGER -> (Integer) setting.defaultValue + 1;
          default -> setting.defaultValue + "x";
        };
    BlueprintSource changed =
        Blueprints.labWith(
            "network:", "postgresql:\n  " + setting.key + ": " + other + "\nnetwork:");
    ChangePlan plan = plan(BUILT, changed);
    assertEquals(List.of(Code.SETTLED_SETTING), codes(plan));
    assertTrue(plan.diagnostics().get(0).message().startsWith(setting.field() + " "));
    assertTrue(plan.diagnostics().get(0).message().contains(setting.why));
    Map<InitdbSetting, Object> unrecorded = new EnumMap<>(BUILT.initdb());
    unrecorded.remove(setting);
    assertEquals(List.of(), codes(plan(built(BUILT.nodes(), unrecorded), changed)));
  }

  @Test
  void aFourthReplicaIsAddedWithItsSteps() {
    String node4 =
        NODE3
            + "\n  - { name: postgresql-4, ip: 192.168.56.13, ssh_port: 16970, roles: [replica] }";
    ChangePlan plan = plan(BUILT, Blueprints.labWith(NODE3, node4));
    assertEquals(List.of(), plan.diagnostics());
    assertEquals(
        List.of(ChangePlan.Kind.VAGRANT_UP, ChangePlan.Kind.ADD_NODES, ChangePlan.Kind.BALANCERS),
        plan.steps().stream().map(ChangePlan.Step::kind).toList());
  }
}
