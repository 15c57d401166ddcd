package dev.hagen.plan;

import dev.hagen.blueprint.Blueprint;
import dev.hagen.blueprint.BlueprintSource;
import dev.hagen.blueprint.Role;
import dev.hagen.blueprint.S3Keys;
import dev.hagen.plan.ClusterPlan.ClientAccess;
import dev.hagen.plan.ClusterPlan.Connection;
import dev.hagen.plan.ClusterPlan.GroupVars;
import dev.hagen.plan.ClusterPlan.Host;
import dev.hagen.plan.ClusterPlan.InventoryGroup;
import dev.hagen.plan.ClusterPlan.Lab;
import dev.hagen.plan.ClusterPlan.LibvirtLab;
import dev.hagen.plan.ClusterPlan.Provenance;
import dev.hagen.plan.ClusterPlan.Secret;
import dev.hagen.plan.ClusterPlan.Vault;
import dev.hagen.plan.ClusterPlan.VmSize;
import dev.hagen.postgresql.HbaRules;
import dev.hagen.postgresql.ServerParameters;
import dev.hagen.state.ClusterState.Login;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** Stage 4, plan: a checked blueprint to the {@link ClusterPlan}. Pure; never fails. */
public final class Planner {
  /**
   * autobase's PostgreSQL and PgBouncer ports: vip-manager's VIP points clients straight at them.
   */
  static final int POSTGRESQL_PORT = 5432;

  static final int PGBOUNCER_PORT = 6432;

  /** What each of autobase's HAProxy ports serves, in the order of its haproxy_listen_port. */
  static final List<Map.Entry<String, String>> HAPROXY_SERVICES =
      List.of(
          Map.entry("master", "HAProxy: read-write (the leader)"),
          Map.entry("replicas", "HAProxy: read-only (the replicas)"),
          Map.entry("replicas_sync", "HAProxy: synchronous replicas"),
          Map.entry("replicas_async", "HAProxy: asynchronous replicas"),
          Map.entry("stats", "HAProxy: statistics page"));

  /** autobase's defaults: patroni_restapi_port, and etcd's client and peer ports. */
  static final int PATRONI_PORT = 8008;

  static final int ETCD_CLIENT_PORT = 2379;
  static final int ETCD_PEER_PORT = 2380;

  /**
   * A password autobase reads: its variable, the controller's environment variable, what it is for,
   * and what autobase does when it is empty (2.6.0, roles/pre_checks/tasks/passwords.yml generates
   * only the three Patroni ones).
   */
  record Password(
      String variable,
      String environmentVariable,
      String purpose,
      String whenUnset,
      boolean required) {
    Password(String variable, String environmentVariable, String purpose, String whenUnset) {
      this(variable, environmentVariable, purpose, whenUnset, false);
    }
  }

  /**
   * Where autobase keeps the passwords it generated: each PostgreSQL node's Patroni configuration.
   */
  static final String GENERATED =
      "autobase generates one on the first primary; it is then in /etc/patroni/patroni.yml";

  static final List<Password> PASSWORDS =
      List.of(
          new Password(
              "patroni_superuser_password",
              "HAGEN_SUPERUSER_PASSWORD",
              "the `postgres` superuser",
              GENERATED),
          new Password(
              "patroni_replication_password",
              "HAGEN_REPLICATION_PASSWORD",
              "the `replicator` user that streams WAL to replicas",
              GENERATED),
          new Password(
              "patroni_restapi_password",
              "HAGEN_RESTAPI_PASSWORD",
              "Patroni's REST API",
              GENERATED),
          new Password(
              "pgbouncer_auth_password",
              "HAGEN_PGBOUNCER_PASSWORD",
              "PgBouncer's auth user (used when pgbouncer is on)",
              "it stays empty: autobase does not generate it; set it when pgbouncer is on"));

  /** The S3 repository's keys: pgBackRest cannot reach the bucket without them. */
  static final List<Password> S3_KEYS =
      List.of(
          new Password(
              S3Keys.KEY_VARIABLE,
              S3Keys.KEY_ENVIRONMENT,
              "the S3 access key of the backup repository",
              "deploy.yml stops before it changes anything",
              true),
          new Password(
              S3Keys.SECRET_VARIABLE,
              S3Keys.SECRET_ENVIRONMENT,
              "the S3 secret key of the backup repository",
              "deploy.yml stops before it changes anything",
              true));

  private Planner() {}

  public static ClusterPlan plan(Blueprint b, String hagenVersion) {
    List<Host> hosts = new ArrayList<>();
    for (int i = 0; i < b.nodes().size(); i++) {
      Blueprint.Node n = b.nodes().get(i);
      // Vagrant's `primary: true` on the first node only: the seed had it on all three.
      hosts.add(
          new Host(
              n.name(),
              n.ip(),
              n.sshPort(),
              n.roles(),
              i == 0 && b.vagrant().isPresent(),
              String.join(",", n.tags().stream().map(t -> t + "=true").toList()),
              n.replicateFrom(),
              login(b, n),
              b.vagrant()
                  .map(
                      v ->
                          new VmSize(
                              n.cpus().orElse(v.cpus()), n.memoryMb().orElse(v.memoryMb())))));
    }

    var f = b.features();
    List<GroupVars.Written> written = new ArrayList<>();
    for (GroupVariables.Row row : GroupVariables.ROWS) {
      Optional<String> comment = Optional.ofNullable(row.comment());
      for (Map.Entry<String, Object> v : row.values().apply(b).entrySet()) {
        written.add(new GroupVars.Written(v.getKey(), v.getValue(), row.field(), comment));
        comment = Optional.empty();
      }
    }
    GroupVars vars = new GroupVars(List.copyOf(written), passThrough(b.autobaseVars()));

    List<String> clientAddresses =
        b.network()
            .vip()
            .map(List::of)
            .orElseGet(
                () ->
                    (f.haproxy()
                            ? having(hosts, h -> h.roles().contains(Role.BALANCER))
                            : having(hosts, h -> h.roles().contains(Role.PRIMARY)))
                        .stream().map(Host::address).toList());
    // Without HAProxy the VIP is vip-manager's: it follows the leader, so clients use its own port.
    ClientAccess access =
        f.haproxy()
            ? new ClientAccess(
                clientAddresses,
                GroupVariables.HAPROXY_PORTS.get("master"),
                java.util.Optional.of(GroupVariables.HAPROXY_PORTS.get("replicas")),
                b.network().vip().isPresent(),
                "keepalived, on a healthy balancer")
            : new ClientAccess(
                clientAddresses,
                f.pgbouncer() ? PGBOUNCER_PORT : POSTGRESQL_PORT,
                java.util.Optional.empty(),
                b.network().vip().isPresent(),
                "vip-manager, on the current leader");

    Provenance provenance =
        new Provenance(
            hagenVersion,
            b.base()
                .map(base -> b.source().fileName() + " + " + base.fileName())
                .orElse(b.source().fileName()),
            b.base()
                .map(base -> BlueprintSource.sha256(b.source().text() + "\u0000" + base.text()))
                .orElse(b.source().sha256()));
    Optional<ClusterPlan.Backups> backups = BackupSettings.backups(b);
    return new ClusterPlan(
        provenance,
        b.cluster().name(),
        b.network().cidr(),
        b.cluster().autobaseVersion(),
        Collections.unmodifiableList(hosts),
        groups(hosts),
        new Connection(b.ssh().user(), b.ssh().privateKey()),
        vars,
        b.vagrant()
            .map(
                v ->
                    new Lab(
                        v.provider().word(),
                        v.box(),
                        netmask(b.network().cidr()),
                        b.ssh().publicKey(),
                        b.ssh().user(),
                        v.isLibvirt()
                            ? java.util.Optional.of(
                                new LibvirtLab(
                                    v.libvirt().driver(),
                                    v.libvirt().managementNetwork(),
                                    "hagen-" + b.cluster().name(),
                                    b.cluster().name() + "-"))
                            : java.util.Optional.empty())),
        access,
        secrets(b),
        b.secrets().vaultFile().map(Planner::vault),
        settings(b),
        backups,
        PlannedState.of(b, provenance.blueprintFile(), hosts, vars, backups),
        PostgresqlSettings.autobaseExpressions(b));
  }

  /** The settings the README and deploy.yml speak of; parameters with when they take effect. */
  static ClusterPlan.Settings settings(Blueprint b) {
    var pg = b.postgresql();
    int major = b.cluster().postgresqlVersion();
    return new ClusterPlan.Settings(
        b.tls().enabled(),
        b.monitoring().netdata() ? Optional.of(b.monitoring().netdataListen()) : Optional.empty(),
        pg.parameters().stream()
            .map(
                p ->
                    new ClusterPlan.ParameterSetting(
                        p.name(),
                        p.value(),
                        ServerParameters.find(major, p.name())
                            .map(known -> known.context().word())
                            .orElse("unknown")))
            .toList(),
        pg.users().stream()
            .map(
                u ->
                    new ClusterPlan.UserLogin(
                        u.name(),
                        u.login()
                            ? Optional.of(PostgresqlSettings.passwordFrom(b, u.name()))
                            : Optional.empty()))
            .toList(),
        pg.databases().stream().map(Blueprint.Database::name).toList(),
        pg.pools().stream()
            .map(p -> p.name() + " -> " + p.database() + " (" + p.mode() + ")")
            .toList(),
        ports(b),
        pg.pgHba().stream()
            .filter(r -> !HbaRules.meetsTheVip(r, HbaRules.balancerAddresses(b)))
            .map(
                r ->
                    String.join(
                        " ",
                        r.type(),
                        r.database(),
                        r.user(),
                        r.address().map(PostgresqlSettings::network).orElse(""),
                        r.method()))
            .toList());
  }

  /** Every port the cluster's services listen on, and on which nodes. */
  static List<ClusterPlan.ServicePort> ports(Blueprint b) {
    List<ClusterPlan.ServicePort> ports = new ArrayList<>();
    if (b.features().haproxy()) {
      HAPROXY_SERVICES.forEach(
          e ->
              ports.add(
                  new ClusterPlan.ServicePort(
                      e.getValue(), GroupVariables.HAPROXY_PORTS.get(e.getKey()), "balancers")));
    }
    String postgres = "PostgreSQL nodes";
    ports.add(new ClusterPlan.ServicePort("PostgreSQL", POSTGRESQL_PORT, postgres));
    if (b.features().pgbouncer()) {
      ports.add(new ClusterPlan.ServicePort("PgBouncer", PGBOUNCER_PORT, postgres));
    }
    ports.add(new ClusterPlan.ServicePort("Patroni's REST API", PATRONI_PORT, postgres));
    ports.add(new ClusterPlan.ServicePort("etcd: clients", ETCD_CLIENT_PORT, "etcd members"));
    ports.add(new ClusterPlan.ServicePort("etcd: peers", ETCD_PEER_PORT, "etcd members"));
    if (b.monitoring().netdata()) {
      ports.add(
          new ClusterPlan.ServicePort(
              "Netdata's dashboard",
              Integer.parseInt((String) PostgresqlSettings.netdata(b).get("web_default_port")),
              switch (b.monitoring().netdataListen()) {
                case "private" -> "every node, on its own address";
                case "localhost" -> "every node, on localhost only";
                default -> "every node, on every interface";
              }));
    }
    return List.copyOf(ports);
  }

  /** A node's own connection settings; on existing machines {@code ssh_port} is sshd's port. */
  private static Login login(Blueprint b, Blueprint.Node n) {
    boolean lab = b.vagrant().isPresent();
    return new Login(
        n.ssh().host(),
        lab ? java.util.Optional.empty() : n.sshPort(),
        n.ssh().user(),
        n.ssh().privateKey());
  }

  static String netmask(String cidr) {
    return new inet.ipaddr.IPAddressString(cidr)
        .getAddress()
        .getNetworkMask()
        .withoutPrefixLength()
        .toNormalizedString();
  }

  /**
   * The vault file is decrypted on the controller with the run's vault password. A relative path is
   * taken from the generated ansible/ folder (the inventory's parent), where ansible-playbook runs;
   * the checks allow only characters that need no quoting in the Jinja2 string.
   */
  static Vault vault(String file) {
    String path = file.startsWith("/") ? "'" + file + "'" : "inventory_dir ~ '/../" + file + "'";
    return new Vault(file, "{{ lookup('ansible.builtin.unvault', " + path + ") | from_yaml }}");
  }

  /** Each password's lookup: the controller's environment, or a key of the vault file. */
  static List<Secret> secrets(Blueprint b) {
    Blueprint.Secrets source = b.secrets();
    List<Secret> secrets = new ArrayList<>();
    List<Password> needed = new ArrayList<>(PASSWORDS);
    if (b.backup().flatMap(Blueprint.Backup::s3).isPresent()) {
      needed.addAll(S3_KEYS);
    }
    for (Password p : needed) {
      String lookup =
          source.vaultFile().isPresent()
              ? "{{ " + Vault.VARIABLE + "." + p.variable() + " | default('') }}"
              : "{{ lookup('ansible.builtin.env', '"
                  + p.environmentVariable()
                  + "', default='') }}";
      secrets.add(
          new Secret(
              p.variable(),
              p.environmentVariable(),
              p.purpose(),
              p.whenUnset(),
              lookup,
              p.required()));
    }
    return List.copyOf(secrets);
  }

  /**
   * autobase's groups, every one of them even when empty; the playbooks make the rest in memory.
   */
  static List<InventoryGroup> groups(List<Host> hosts) {
    List<InventoryGroup> groups = new ArrayList<>();
    for (AutobaseGroup g : AutobaseGroup.values()) {
      List<Host> members = having(hosts, h -> g.holds(h.roles()));
      String comment =
          g == AutobaseGroup.PGBACKREST && members.isEmpty()
              ? "pgBackRest's repository host: none, this cluster has no backup host"
              : g.comment;
      groups.add(new InventoryGroup(g.group, comment, members, g.postgres()));
    }
    return List.copyOf(groups);
  }

  private static List<Host> having(List<Host> hosts, Predicate<Host> p) {
    return hosts.stream().filter(p).toList();
  }

  /** autobase_vars as the plan holds them: the same data, with the plan's own YAML null. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> passThrough(Map<String, Object> vars) {
    return (Map<String, Object>) planData(vars);
  }

  private static Object planData(Object value) {
    if (value == Blueprint.YAML_NULL) {
      return ClusterPlan.YAML_NULL;
    } else if (value instanceof Map<?, ?> map) {
      Map<String, Object> m = new LinkedHashMap<>();
      map.forEach((k, v) -> m.put((String) k, planData(v)));
      return Collections.unmodifiableMap(m);
    } else if (value instanceof List<?> list) {
      return list.stream().map(Planner::planData).toList();
    }
    return value;
  }
}
