package dev.hagen.autobase;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.hagen.autobase.AutobaseVariables.Scope;
import dev.hagen.plan.GroupVariables;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AutobaseVariablesTest {
  @Test
  void scopesFollowTheContract() {
    assertEquals(
        Optional.of(Scope.CLUSTER), AutobaseVariables.scope(AutobaseRelease.V2_6_0, "patroni_ttl"));
    assertEquals(
        Optional.of(Scope.CLUSTER),
        AutobaseVariables.scope(AutobaseRelease.V2_4_1, "enable_citus"));
    assertEquals(
        Optional.of(Scope.HOST), AutobaseVariables.scope(AutobaseRelease.V2_6_0, "bind_address"));
    assertEquals(
        Optional.of(Scope.HOST),
        AutobaseVariables.scope(AutobaseRelease.V2_6_0, "patroni_replicatefrom"));
    assertEquals(
        Optional.of(Scope.INTERNAL),
        AutobaseVariables.scope(AutobaseRelease.V2_6_0, "new_replica"));
    assertEquals(
        Optional.of(Scope.EXTRA_VAR),
        AutobaseVariables.scope(AutobaseRelease.V2_6_0, "node_to_remove"));
    assertEquals(Optional.empty(), AutobaseVariables.scope(AutobaseRelease.V2_6_0, "patroni_tll"));
  }

  @Test
  void aReleaseBetweenTwoListsAcceptsEither() {
    // patroni_superuser_auth_options: declared by one list but not the other.
    List<String> onlyIn260 =
        AutobaseVariables.all(AutobaseRelease.V2_6_0).stream()
            .filter(v -> AutobaseVariables.scope(AutobaseRelease.V2_4_1, v).isEmpty())
            .toList();
    assertFalse(onlyIn260.isEmpty(), "2.6.0 declares variables 2.4.1 does not");
    for (String v : onlyIn260) {
      assertTrue(AutobaseVariables.scope(AutobaseRelease.V2_5_1, v).isPresent(), v);
    }
  }

  @Test
  void derivedVariablesAndSecrets() {
    assertEquals(Optional.of("network.interface"), GroupVariables.drivenBy("vip_interface"));
    assertEquals(Optional.of("features.extensions"), GroupVariables.drivenBy("enable_timescaledb"));
    assertEquals(Optional.empty(), GroupVariables.drivenBy("enable_ssh_key_based_authentication"));
    assertTrue(dev.hagen.blueprint.SecretValues.isSecretName("patroni_replication_password"));
    assertFalse(dev.hagen.blueprint.SecretValues.isSecretName("patroni_ttl"));
  }

  /**
   * ../shared/autobase, the data copied from the collection; the test is skipped without it (not in
   * CI).
   */
  private static Path sharedAutobase() {
    Path shared = Path.of(System.getProperty("hagen.shared", "../shared"), "autobase");
    if (!Files.isDirectory(shared)) {
      if ("true".equals(System.getenv("CI"))) {
        fail("CI must have ../shared/autobase");
      }
      System.err.println("SKIPPED: " + shared + " is not here");
      org.junit.jupiter.api.Assumptions.abort(shared + " is not here");
    }
    return shared;
  }

  /**
   * The lists in the jar are copies of the CEO's data in ../shared/autobase: they must not drift.
   */
  @Test
  void theBundledListsAreTheSharedOnes() throws IOException {
    Path shared = sharedAutobase();
    for (String name :
        List.of(
            "known-variables-2.4.1.txt",
            "known-variables-2.6.0.txt",
            "inventory-and-optional-variables.tsv")) {
      try (InputStream in = AutobaseVariables.class.getResourceAsStream(name)) {
        assertArrayEquals(Files.readAllBytes(shared.resolve(name)), in.readAllBytes(), name);
      }
    }
  }

  /**
   * A dict hagen writes replaces autobase's default whole, so it must have every key of the default
   * of each release (haproxy_listen_port lacked `stats`, and the lab's deploy failed on it). Also:
   * every scalar hagen derives is a variable the release declares.
   */
  @Test
  void everyDictHagenWritesHasEveryKeyOfAutobasesDefault() throws IOException {
    Path shared = sharedAutobase();
    var plan =
        dev.hagen.Pipeline.compile(dev.hagen.Blueprints.load(dev.hagen.Blueprints.LAB))
            .plan()
            .orElseThrow();
    for (String release : List.of("2.4.1", "2.6.0")) {
      Map<?, ?> defaults =
          new org.yaml.snakeyaml.Yaml()
              .load(
                  Files.readString(
                      shared.resolve(release).resolve("roles/common/defaults/main.yml")));
      int dicts = 0;
      for (var e : plan.vars().derived().entrySet()) {
        if (e.getValue() instanceof Map<?, ?> written) {
          Object dflt = defaults.get(e.getKey());
          assertTrue(
              dflt instanceof Map<?, ?>,
              release + ": " + e.getKey() + " is not a dict in autobase's defaults");
          assertTrue(
              written.keySet().containsAll(((Map<?, ?>) dflt).keySet()),
              release
                  + ": "
                  + e.getKey()
                  + " lacks "
                  + ((Map<?, ?>) dflt).keySet()
                  + " minus "
                  + written.keySet());
          dicts++;
        }
      }
      assertTrue(dicts > 0, "hagen writes haproxy_listen_port: the test must see it");
    }
  }

  /** Everything hagen writes into group_vars is a variable each release it supports reads. */
  @Test
  void everyVariableHagenWritesIsOneTheReleaseReads() {
    var plan =
        dev.hagen.Pipeline.compile(dev.hagen.Blueprints.load(dev.hagen.Blueprints.LAB))
            .plan()
            .orElseThrow();
    java.util.List<String> names = new java.util.ArrayList<>(plan.vars().derived().keySet());
    plan.secrets().forEach(secret -> names.add(secret.variable()));
    for (AutobaseRelease release : AutobaseRelease.values()) {
      for (String name : names) {
        assertTrue(
            AutobaseVariables.scope(release, name).isPresent(),
            release.version() + " does not read " + name);
      }
    }
    assertTrue(
        names.containsAll(
            java.util.List.of("patroni_ttl", "synchronous_mode_strict", "synchronous_node_count")));
  }

  /**
   * The ports each cluster README lists are autobase's: its defaults (PostgreSQL, PgBouncer,
   * Patroni's REST API) and the etcd ports its firewall role opens, in every release the shared
   * data has.
   */
  @Test
  void thePortsTheReadmeListsAreAutobases() throws IOException {
    Path shared = sharedAutobase();
    var ports =
        dev.hagen.Pipeline.compile(
                dev.hagen.Blueprints.load(dev.hagen.Blueprints.EXAMPLES.resolve("shop-lab.yml")))
            .plan()
            .orElseThrow()
            .settings()
            .ports();
    java.util.function.Function<String, Integer> port =
        service ->
            ports.stream()
                .filter(p -> p.service().equals(service))
                .findFirst()
                .orElseThrow(() -> new AssertionError(service))
                .port();
    for (String release : List.of("2.4.1", "2.6.0")) {
      String text =
          Files.readString(shared.resolve(release).resolve("roles/common/defaults/main.yml"));
      Map<?, ?> defaults = new org.yaml.snakeyaml.Yaml().load(text);
      assertEquals(defaults.get("postgresql_port"), port.apply("PostgreSQL"), release);
      assertEquals(defaults.get("pgbouncer_listen_port"), port.apply("PgBouncer"), release);
      assertEquals(defaults.get("patroni_restapi_port"), port.apply("Patroni's REST API"), release);
      assertTrue(text.contains("- \"" + port.apply("etcd: clients") + "\" # ETCD port"), release);
      assertTrue(text.contains("- \"" + port.apply("etcd: peers") + "\" # ETCD port"), release);
    }
  }
}
