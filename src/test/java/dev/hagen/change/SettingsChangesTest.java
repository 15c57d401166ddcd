package dev.hagen.change;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hagen.Blueprints;
import dev.hagen.Pipeline;
import dev.hagen.blueprint.Blueprint;
import dev.hagen.diagnostic.Code;
import dev.hagen.state.ClusterState;
import dev.hagen.state.ClusterState.Settings;
import dev.hagen.steps.SettingsStep.Rounds;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The configuration rules, one at a time: two states in, changes, problems and the step's inputs
 * out. The change corpus shows the same rules end to end.
 */
class SettingsChangesTest {
  private static final Blueprint LAB =
      Pipeline.check(Blueprints.load(Blueprints.LAB), false).blueprint().orElseThrow();
  private static final Settings BUILT =
      Pipeline.compile(Blueprints.load(Blueprints.LAB))
          .plan()
          .orElseThrow()
          .state()
          .settings()
          .orElseThrow();
  private static final int VERSION = 17;

  private static Settings with(UnaryOperator<Map<String, String>> parameters) {
    return new Settings(
        parameters.apply(new LinkedHashMap<>(BUILT.parameters())),
        BUILT.pgHba(),
        BUILT.patroni(),
        BUILT.users(),
        BUILT.databases(),
        BUILT.pools(),
        BUILT.backup());
  }

  private static SettingsChanges.Result compare(Settings before, Settings now) {
    return SettingsChanges.compare(VERSION, before, now, LAB, false);
  }

  @Test
  void nothingChangedIsNothing() {
    SettingsChanges.Result r = compare(BUILT, BUILT);
    assertEquals(List.of(), r.changes());
    assertEquals(List.of(), r.problems());
    assertTrue(r.step().rounds().isEmpty());
    assertTrue(!r.step().configuration() && !r.step().rolesOnly());
  }

  @ParameterizedTest(name = "max_connections {0} -> {1}, work_mem {2}: {3}")
  @CsvSource({
    "100, 200, 4MB, REPLICAS_THEN_LEADER",
    "200, 100, 4MB, LEADER_THEN_REPLICAS",
    "200, 100, 8MB, LEADER_THEN_REPLICAS",
    "100, 100, 8MB, ",
  })
  void restartsRunInTheOrderStandbysNeed(String was, String now, String workMem, Rounds expected) {
    Settings before = with(p -> put(p, "max_connections", was, "work_mem", "4MB"));
    Settings after = with(p -> put(p, "max_connections", now, "work_mem", workMem));
    assertEquals(Optional.ofNullable(expected), compare(before, after).step().rounds());
  }

  @Test
  void aFallAndARiseTogetherRestartTheReplicasTwice() {
    Settings before = with(p -> put(p, "max_connections", "200", "max_worker_processes", "8"));
    Settings after = with(p -> put(p, "max_connections", "100", "max_worker_processes", "16"));
    assertEquals(
        Optional.of(Rounds.REPLICAS_LEADER_REPLICAS), compare(before, after).step().rounds());
  }

  @Test
  void aUserThatCouldNotLogInGetsItsPasswordAndNoOtherDoes() {
    Map<String, ClusterState.User> users = new LinkedHashMap<>(BUILT.users());
    users.put("reader", new ClusterState.User(List.of("NOLOGIN"), Optional.empty()));
    users.put("writer", new ClusterState.User(List.of("LOGIN"), Optional.empty()));
    Settings before = settingsWithUsers(users);
    Map<String, ClusterState.User> now = new LinkedHashMap<>(users);
    now.put("reader", new ClusterState.User(List.of("LOGIN"), Optional.empty()));
    now.put("writer", new ClusterState.User(List.of("LOGIN", "CREATEDB"), Optional.empty()));
    SettingsChanges.Result r = compare(before, settingsWithUsers(now));
    assertEquals(Set.of("reader"), r.step().passwordsSet());
    assertTrue(r.step().users());
  }

  @Test
  void aDatabaseKeepsItsEncodingAndLocale() {
    Blueprint shop =
        Pipeline.check(Blueprints.load(Blueprints.EXAMPLES.resolve("shop-lab.yml")), false)
            .blueprint()
            .orElseThrow();
    Settings built =
        Pipeline.compile(Blueprints.load(Blueprints.EXAMPLES.resolve("shop-lab.yml")))
            .plan()
            .orElseThrow()
            .state()
            .settings()
            .orElseThrow();
    Map<String, ClusterState.Database> was = new LinkedHashMap<>(built.databases());
    ClusterState.Database shopDb = was.get("shop");
    was.put(
        "shop",
        new ClusterState.Database(shopDb.owner(), "LATIN1", shopDb.locale(), shopDb.extensions()));
    Settings before =
        new Settings(
            built.parameters(),
            built.pgHba(),
            built.patroni(),
            built.users(),
            was,
            built.pools(),
            built.backup());
    SettingsChanges.Result r = SettingsChanges.compare(VERSION, before, built, shop, false);
    assertEquals(1, r.problems().size(), r.problems().toString());
    assertEquals(Code.SETTLED_SETTING, r.problems().get(0).code());
    assertTrue(r.problems().get(0).message().contains("LATIN1"), r.problems().toString());
  }

  @Test
  void fewerSynchronousStandbysRelaxBeforeTheNodeSteps() {
    Map<String, String> patroni = new LinkedHashMap<>(BUILT.patroni());
    patroni.put("synchronous_mode", "true");
    patroni.put("synchronous_node_count", "2");
    Map<String, String> fewer = new LinkedHashMap<>(patroni);
    fewer.put("synchronous_node_count", "1");
    SettingsChanges.Result r = compare(settingsWithPatroni(patroni), settingsWithPatroni(fewer));
    assertEquals(Map.of("synchronous_node_count", "1"), r.step().relaxed());
    SettingsChanges.Result more = compare(settingsWithPatroni(fewer), settingsWithPatroni(patroni));
    assertEquals(Map.of(), more.step().relaxed());
  }

  private static Map<String, String> put(Map<String, String> m, String... pairs) {
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return m;
  }

  private static Settings settingsWithUsers(Map<String, ClusterState.User> users) {
    return new Settings(
        BUILT.parameters(),
        BUILT.pgHba(),
        BUILT.patroni(),
        users,
        BUILT.databases(),
        BUILT.pools(),
        BUILT.backup());
  }

  private static Settings settingsWithPatroni(Map<String, String> patroni) {
    return new Settings(
        BUILT.parameters(),
        BUILT.pgHba(),
        patroni,
        BUILT.users(),
        BUILT.databases(),
        BUILT.pools(),
        BUILT.backup());
  }
}
