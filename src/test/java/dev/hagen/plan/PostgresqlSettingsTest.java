package dev.hagen.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hagen.Blueprints;
import dev.hagen.Pipeline;
import dev.hagen.autobase.AutobaseDefaults;
import dev.hagen.autobase.AutobaseRelease;
import dev.hagen.blueprint.Blueprint;
import dev.hagen.blueprint.BlueprintSource;
import dev.hagen.plan.ClusterPlan.Jinja;
import dev.hagen.postgresql.ServerParameters;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The blueprint's PostgreSQL settings merged into autobase's defaults: nothing of autobase's lost.
 */
class PostgresqlSettingsTest {
  static Blueprint blueprint(String extra) {
    String text = Blueprints.load(Blueprints.LAB).text() + extra;
    Pipeline.Checked checked =
        Pipeline.check(new BlueprintSource("lab.yml", "lab.yml", text), false);
    return checked.blueprint().orElseThrow(() -> new AssertionError(checked.diagnostics()));
  }

  static List<String> names(List<Map<String, Object>> entries) {
    return entries.stream().map(e -> (String) e.get("option")).toList();
  }

  static Object value(List<Map<String, Object>> entries, String name) {
    return entries.stream()
        .filter(e -> name.equals(e.get("option")))
        .findFirst()
        .orElseThrow()
        .get("value");
  }

  @Test
  void withoutSettingsTheListsAreAutobasesOwn() {
    Blueprint b = blueprint("");
    List<Map<String, String>> defaults =
        AutobaseDefaults.entries(AutobaseRelease.V2_6_0, "postgresql_parameters");
    List<Map<String, Object>> written =
        PostgresqlSettings.entries(
            PostgresqlSettings.parameters(b, PostgresqlSettings.CLUSTER_WIDE));
    assertEquals(defaults.size(), written.size());
    assertEquals(defaults.stream().map(e -> e.get("option")).toList(), names(written));
    // autobase's Jinja2 stays for autobase to evaluate; its literals stay text.
    assertEquals(new Jinja("{{ postgresql_archive_command }}"), value(written, "archive_command"));
    assertEquals("logical", value(written, "wal_level"));
    assertEquals(6, PostgresqlSettings.entries(PostgresqlSettings.pgHba(b)).size());
    assertEquals(
        "0.0.0.0/0", PostgresqlSettings.entries(PostgresqlSettings.pgHba(b)).get(5).get("address"));
  }

  @Test
  void parametersOverrideRemoveAndAddByName() {
    Blueprint b =
        blueprint(
            "postgresql:\n  parameters:\n    max_connections: 300\n    jit: true\n"
                + "    idle_in_transaction_session_timeout: null\n    log_min_duration_statement: 250ms\n"
                + "    shared_buffers: 1GB\n");
    var written =
        PostgresqlSettings.entries(
            PostgresqlSettings.parameters(b, PostgresqlSettings.CLUSTER_WIDE));
    var defaults = AutobaseDefaults.entries(AutobaseRelease.V2_6_0, "postgresql_parameters");
    assertEquals(defaults.size(), written.size(), "one removed, one added");
    assertEquals("max_connections", names(written).get(0), "an override keeps autobase's place");
    assertEquals("300", value(written, "max_connections"));
    assertEquals("on", value(written, "jit"), "YAML's true is PostgreSQL's on");
    assertFalse(names(written).contains("idle_in_transaction_session_timeout"));
    assertEquals("log_min_duration_statement", names(written).get(written.size() - 1));
    assertFalse(names(written).contains("shared_buffers"));
    var local =
        PostgresqlSettings.entries(PostgresqlSettings.parameters(b, PostgresqlSettings.LOCAL));
    assertEquals(
        "1GB", value(local, "shared_buffers"), "autobase sizes it per host: overridden there");
    assertEquals(
        new Jinja("{{ (ansible_memtotal_mb * 0.75) | int }}MB"),
        value(local, "effective_cache_size"));
  }

  @Test
  void everyDefaultOfEverySupportedReleaseIsAParameterPostgresql17Has() {
    for (AutobaseRelease r : AutobaseRelease.values()) {
      for (String list : List.of("postgresql_parameters", "local_postgresql_parameters")) {
        for (Map<String, String> e : AutobaseDefaults.entries(r, list)) {
          assertTrue(
              ServerParameters.find(17, e.get("option")).isPresent(),
              r.version() + " " + e.get("option"));
        }
      }
    }
  }

  @Test
  void rulesReplaceAutobasesRuleForEveryAddress() {
    Blueprint b =
        blueprint(
            "postgresql:\n  pg_hba:\n    - { type: hostssl, database: app, user: app, address: 10.1.0.5 }\n"
                + "    - { type: local, user: app, method: peer }\n");
    var rules = PostgresqlSettings.entries(PostgresqlSettings.pgHba(b));
    assertTrue(rules.stream().noneMatch(r -> "0.0.0.0/0".equals(r.get("address"))));
    assertEquals(
        7, rules.size(), "autobase's five local and loopback rules, then the blueprint's two");
    assertEquals(
        Map.of(
            "type",
            "hostssl",
            "database",
            "app",
            "user",
            "app",
            "address",
            "10.1.0.5/32",
            "method",
            "scram-sha-256"),
        rules.get(5));
    assertEquals("", rules.get(6).get("address"), "autobase's template pads every field");
  }

  @Test
  void aBalancerWithoutPostgresqlIsLetIn() {
    Blueprint b = blueprint("postgresql:\n  pg_hba:\n    - { address: 10.1.0.0/16 }\n");
    String text =
        Blueprints.load(Blueprints.EXAMPLES.resolve("libvirt-dedicated-etcd.yml")).text()
            + "postgresql:\n  pg_hba:\n    - { address: 10.1.0.0/16 }\n";
    Pipeline.Checked checked = Pipeline.check(new BlueprintSource("a.yml", "a.yml", text), false);
    Blueprint dedicated =
        checked.blueprint().orElseThrow(() -> new AssertionError(checked.diagnostics()));
    long balancersOnly =
        dedicated.nodes().stream()
            .filter(
                n ->
                    n.has(dev.hagen.blueprint.Role.BALANCER)
                        && !n.has(dev.hagen.blueprint.Role.PRIMARY)
                        && !n.has(dev.hagen.blueprint.Role.REPLICA))
            .count();
    var rules = PostgresqlSettings.entries(PostgresqlSettings.pgHba(dedicated));
    assertEquals(5 + balancersOnly + 1, rules.size());
    assertEquals(
        5 + 1,
        PostgresqlSettings.entries(PostgresqlSettings.pgHba(b)).size(),
        "the lab's balancers all run PostgreSQL");
  }

  @Test
  void usersKeepAutobasesAndLookTheirPasswordsUp() {
    Blueprint b =
        blueprint(
            "postgresql:\n  users:\n    - { name: app-user, flags: [CREATEDB] }\n"
                + "    - { name: readers, login: false }\n");
    var users = PostgresqlSettings.entries(PostgresqlSettings.users(b));
    assertEquals(new Jinja("{{ pgbouncer_auth_username }}"), users.get(0).get("name"));
    assertEquals(
        new Jinja(
            "{{ lookup('ansible.builtin.env', 'HAGEN_USER_APP_USER_PASSWORD', default='') }}"),
        users.get(1).get("password"));
    assertEquals("LOGIN,CREATEDB", users.get(1).get("flags"));
    assertFalse(users.get(2).containsKey("password"), "a role that does not log in has none");
    assertEquals("NOLOGIN", users.get(2).get("flags"));
    Blueprint vault =
        blueprint("secrets: { vault_file: s.vault.yml }\npostgresql:\n  users: [{ name: app }]\n");
    assertEquals(
        new Jinja("{{ hagen_vault['user_app_password'] | default('') }}"),
        PostgresqlSettings.entries(PostgresqlSettings.users(vault)).get(1).get("password"));
  }

  @Test
  void databasesExtensionsAndPools() {
    String text =
        Blueprints.load(Blueprints.LAB).text().replace("pgbouncer: false", "pgbouncer: true")
            + "postgresql:\n  users: [{ name: app }]\n"
            + "  databases: [{ name: app, owner: app, extensions: [pgcrypto] }]\n"
            + "  pools: [{ name: app, mode: transaction, size: 20 }, { name: ro, database: app }]\n";
    Pipeline.Checked checked =
        Pipeline.check(new BlueprintSource("lab.yml", "lab.yml", text), false);
    Blueprint b = checked.blueprint().orElseThrow(() -> new AssertionError(checked.diagnostics()));
    assertEquals(
        List.of(
            Map.of(
                "db",
                "app",
                "encoding",
                "UTF8",
                "lc_collate",
                "C.UTF-8",
                "lc_ctype",
                "C.UTF-8",
                "owner",
                "app")),
        PostgresqlSettings.databases(b));
    assertEquals(List.of(Map.of("ext", "pgcrypto", "db", "app")), PostgresqlSettings.extensions(b));
    var pools = PostgresqlSettings.entries(PostgresqlSettings.pools(b));
    assertEquals("postgres", pools.get(0).get("name"), "autobase's pool stays");
    assertEquals("pool_size=20 pool_mode=transaction", pools.get(1).get("pool_parameters"));
    assertEquals("app", pools.get(2).get("dbname"));
    assertEquals("pool_mode=session", pools.get(2).get("pool_parameters"));
  }
}
