package dev.hagen.plan;

import dev.hagen.blueprint.Blueprint;
import dev.hagen.blueprint.Extension;
import dev.hagen.blueprint.InitdbSetting;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The autobase variables hagen derives from a blueprint and writes into {@code group_vars/all.yml},
 * one row each, in the order they are written: the variable, the blueprint field it comes from, the
 * comment written above it, and the function that computes it. {@code all.yml} is rendered from
 * this table, the read-back and {@code hagen explain} read it, and the check that refuses these
 * names in {@code autobase_vars} asks it. Adding a variable is one row here (and, when it comes
 * from a new field, that field in {@code BlueprintFormat}).
 */
public final class GroupVariables {
  /**
   * A row: {@code names} is one variable, or a family the row writes together (the {@code enable_*}
   * flags); {@code comment} is written above it after a blank line ({@code ""}: the blank line
   * only; null: neither); {@code values} computes each of them from the blueprint.
   */
  public record Row(
      List<String> names,
      String field,
      String comment,
      Function<Blueprint, Map<String, Object>> values) {}

  /** autobase's HAProxy ports, every key of its default dict: overriding it replaces it whole. */
  static final Map<String, Integer> HAPROXY_PORTS =
      ordered(
          "master",
          5000,
          "replicas",
          5001,
          "replicas_sync",
          5002,
          "replicas_async",
          5003,
          "stats",
          7000);

  public static final List<Row> ROWS =
      java.util.stream.Stream.of(
              List.of(
                  one("patroni_cluster_name", "cluster.name", "", b -> b.cluster().name()),
                  one(
                      "postgresql_version",
                      "cluster.postgresql_version",
                      null,
                      b -> b.cluster().postgresqlVersion())),
              initdb(),
              List.of(
                  one("dcs_type", "hagen (always etcd)", null, b -> "etcd"),
                  one(
                      "with_haproxy_load_balancing",
                      "features.haproxy",
                      "Load balancing. Overriding haproxy_listen_port replaces autobase's default dict, so all keys are here.",
                      b -> b.features().haproxy()),
                  one(
                      "haproxy_listen_port",
                      "hagen (5000 read-write, 5001 read-only, 5002, 5003, 7000 stats)",
                      null,
                      b -> HAPROXY_PORTS),
                  one(
                      "cluster_vip",
                      "network.vip",
                      """
          The VIP and the NIC it lives on. Without vip_interface autobase takes the default route's NIC:
          on Vagrant that is the NAT NIC, and keepalived would put the VIP where no client can reach it.""",
                      b -> b.network().vip().orElse("")),
                  one("vip_interface", "network.interface", null, b -> b.network().iface()),
                  one(
                      "vip_manager_mask",
                      "network.cidr",
                      "vip-manager's netmask for the VIP (with HAProxy off): the network's, not autobase's 24.",
                      b -> b.network().cidr().substring(b.network().cidr().indexOf('/') + 1)),
                  one(
                      "mask_password",
                      "hagen (never print a password)",
                      "autobase prints the superuser's password at the end of a deploy unless it is masked.",
                      b -> true),
                  one("pgbouncer_install", "features.pgbouncer", "", b -> b.features().pgbouncer()),
                  one(
                      "synchronous_mode",
                      "features.synchronous_mode",
                      "Synchronous replication: with strict mode, the leader takes no writes while no synchronous standby is up.",
                      b -> b.features().synchronousMode()),
                  one(
                      "synchronous_mode_strict",
                      "features.synchronous_mode_strict",
                      null,
                      b -> b.features().synchronousMode() && b.features().synchronousModeStrict()),
                  one(
                      "synchronous_node_count",
                      "features.synchronous_node_count",
                      null,
                      b -> b.features().nodeCount()),
                  one(
                      "patroni_ttl",
                      "patroni.ttl",
                      """
          Failover timing: a lost leader's lock lives patroni_ttl seconds. Patroni's defaults (30/10/10)
          took 36-47 s to replace a lost leader in hagen's lab; these, with deploy.yml's etcd tuning, 23-30 s.""",
                      b -> b.patroni().ttl()),
                  one("patroni_loop_wait", "patroni.loop_wait", null, b -> b.patroni().loopWait()),
                  one(
                      "patroni_retry_timeout",
                      "patroni.retry_timeout",
                      null,
                      b -> b.patroni().retryTimeout()),
                  new Row(
                      Arrays.stream(Extension.values()).flatMap(e -> e.flags().stream()).toList(),
                      "features.extensions",
                      "Extensions (enable_* flags), all written so the choice is visible in review.",
                      b -> {
                        Map<String, Object> flags = new LinkedHashMap<>();
                        for (Extension e : Extension.values()) {
                          e.flags()
                              .forEach(
                                  flag -> flags.put(flag, b.features().extensions().contains(e)));
                        }
                        return flags;
                      }),
                  one(
                      "tls_cert_generate",
                      "tls.enabled",
                      """
          TLS: autobase makes a CA and a certificate per node; PostgreSQL takes TLS, its network rule is
          hostssl, and Patroni's REST API and etcd use https. Clients connect with sslmode=require.""",
                      b -> b.tls().enabled()),
                  one(
                      "netdata_install",
                      "monitoring.netdata",
                      """
          Monitoring. autobase installs Netdata by running a script it downloads from the internet;
          its web server listens on port 19999 where netdata_conf.web_bind_to says.""",
                      b -> b.monitoring().netdata()),
                  one(
                      "netdata_conf",
                      "monitoring.netdata_listen",
                      null,
                      PostgresqlSettings::netdata),
                  one(
                      "postgresql_parameters",
                      "postgresql.parameters",
                      """
          PostgreSQL parameters: autobase's defaults for this release, with the blueprint's merged in
          by name. Each list here replaces autobase's default whole, so all of its entries are written.""",
                      b ->
                          PostgresqlSettings.entries(
                              PostgresqlSettings.parameters(b, PostgresqlSettings.CLUSTER_WIDE))),
                  one(
                      "local_postgresql_parameters",
                      "postgresql.parameters",
                      "Per host (patroni.yml): these override the cluster-wide list on each node.",
                      b ->
                          PostgresqlSettings.entries(
                              PostgresqlSettings.parameters(b, PostgresqlSettings.LOCAL))),
                  one(
                      "postgresql_pg_hba",
                      "postgresql.pg_hba",
                      """
          Client authentication, first match wins; autobase's template adds every PostgreSQL host and
          replication after these.""",
                      b -> PostgresqlSettings.entries(PostgresqlSettings.pgHba(b))),
                  one(
                      "postgresql_users",
                      "postgresql.users",
                      """
          Users: autobase's PgBouncer auth user, then the blueprint's. Passwords are looked up on the
          controller at run time (see the README), never written here.""",
                      b -> PostgresqlSettings.entries(PostgresqlSettings.users(b))),
                  one(
                      "postgresql_databases",
                      "postgresql.databases",
                      "",
                      PostgresqlSettings::databases),
                  one(
                      "postgresql_extensions",
                      "postgresql.databases[].extensions",
                      null,
                      PostgresqlSettings::extensions),
                  one(
                      "pgbouncer_pools",
                      "postgresql.pools",
                      "PgBouncer's pools: autobase's `postgres` pool, then the blueprint's.",
                      b -> PostgresqlSettings.entries(PostgresqlSettings.pools(b))),
                  new Row(
                      List.of(
                          "pgbackrest_install",
                          "pgbackrest_repo_type",
                          "pgbackrest_repo_host",
                          "pgbackrest_conf",
                          "pgbackrest_server_conf",
                          "pgbackrest_cron_jobs"),
                      "backup",
                      """
          Backups with pgBackRest, with the blueprint's backup section (none without it): autobase
          archives WAL to the repository continuously and cron jobs take the backups.""",
                      BackupSettings::variables)))
          .flatMap(List::stream)
          .toList();

  /**
   * The per-host variables hagen writes into the inventory, with the field each comes from: the
   * inventory template writes them, and {@code autobase_vars} may not set them either.
   */
  public static final Map<String, String> HOST_VARIABLES =
      Map.of(
          "bind_address", "nodes[].ip",
          "hostname", "nodes[].name",
          "postgresql_exists", "hagen (false: a new cluster)",
          "ansible_user", "ssh.user",
          "ansible_ssh_private_key_file", "ssh.private_key",
          "ansible_host", "nodes[].ssh_host",
          "ansible_port", "nodes[].ssh_port");

  private GroupVariables() {}

  /** The blueprint field (or "hagen ...") that drives {@code variable}, when hagen writes it. */
  public static Optional<String> drivenBy(String variable) {
    return ROWS.stream()
        .filter(r -> r.names().contains(variable))
        .map(Row::field)
        .findFirst()
        .or(() -> Optional.ofNullable(HOST_VARIABLES.get(variable)));
  }

  private static Row one(
      String name, String field, String comment, Function<Blueprint, Object> value) {
    return new Row(
        List.of(name),
        field,
        comment,
        b -> {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put(name, value.apply(b));
          return m;
        });
  }

  /** One row for each setting fixed when the cluster is made, in its table's order. */
  private static List<Row> initdb() {
    return java.util.Arrays.stream(InitdbSetting.values())
        .map(s -> one(s.variable, s.field(), null, b -> b.postgresql().initdb().get(s)))
        .toList();
  }

  private static Map<String, Integer> ordered(Object... pairs) {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put((String) pairs[i], (Integer) pairs[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(m);
  }
}
