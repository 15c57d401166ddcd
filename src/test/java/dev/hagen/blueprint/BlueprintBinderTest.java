package dev.hagen.blueprint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hagen.Blueprints;
import dev.hagen.diagnostic.Code;
import dev.hagen.diagnostic.Diagnostic;
import dev.hagen.diagnostic.Diagnostics;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BlueprintBinderTest {
  private static final String MINIMAL =
      """
      version: 1
      cluster:
        name: c1
      network:
        cidr: 10.0.0.0/24
        interface: eth1
      ssh:
        user: admin
        private_key: ~/.ssh/id
      nodes:
        - { name: a, ip: 10.0.0.10, roles: [primary, etcd] }
      """;

  private record Bound(Optional<Blueprint> blueprint, List<Diagnostic> diagnostics) {}

  private static Bound bind(String text) {
    Diagnostics d = new Diagnostics();
    BlueprintSource source = Blueprints.inline(text);
    Optional<Blueprint> b =
        BlueprintParser.parse(source, d).flatMap(n -> BlueprintBinder.bind(n, source, d));
    return new Bound(b, d.sorted());
  }

  private static Diagnostic only(String text) {
    Bound bound = bind(text);
    assertTrue(bound.blueprint().isEmpty(), "an invalid blueprint must not bind");
    assertEquals(1, bound.diagnostics().size(), bound.diagnostics()::toString);
    return bound.diagnostics().get(0);
  }

  @Test
  void bindsTheLabWithEveryField() {
    Diagnostics d = new Diagnostics();
    BlueprintSource source = Blueprints.load(Blueprints.BASE);
    Blueprint b =
        BlueprintParser.parse(source, d)
            .flatMap(n -> BlueprintBinder.bind(n, source, d))
            .orElseThrow();
    assertEquals(new Blueprint.Cluster("postgres-cluster", 17, "2.6.0"), b.cluster());
    assertEquals(
        new Blueprint.Network("192.168.56.0/24", "enp0s8", Optional.of("192.168.56.69")),
        b.network());
    assertEquals(
        Optional.of(
            new Blueprint.VagrantLab(
                Provider.VIRTUALBOX, "ubuntu/jammy64", 2, 2048, false, LIBVIRT_DEFAULTS)),
        b.vagrant());
    assertEquals(new Blueprint.Ssh("vagrant", "~/.ssh/vmbox", "~/.ssh/vmbox.pub"), b.ssh());
    assertEquals(3, b.nodes().size());
    assertEquals(
        new Blueprint.Node(
            "postgresql-3",
            "192.168.56.12",
            Optional.of(16969),
            Set.of(Role.REPLICA, Role.ETCD, Role.BALANCER),
            List.of(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Blueprint.NodeSsh.NONE),
        b.nodes().get(2));
    assertEquals(
        new Blueprint.Features(true, false, false, false, Optional.empty(), Set.of()),
        b.features());
    assertEquals(24, b.where().at("nodes[1].ip").line());
  }

  @Test
  void appliesDefaults() {
    Blueprint b = bind(MINIMAL).blueprint().orElseThrow();
    assertEquals(
        new Blueprint.Cluster(
            "c1", (int) BlueprintFormat.defaultOf("cluster.postgresql_version"), "2.6.0"),
        b.cluster());
    assertEquals(Optional.empty(), b.vagrant());
    assertEquals("~/.ssh/id.pub", b.ssh().publicKey());
    assertEquals(
        new Blueprint.Features(true, false, false, false, Optional.empty(), Set.of()),
        b.features());
  }

  /**
   * A minimal lab binds to exactly the defaults docs/blueprint.md documents: every field the format
   * gives a fixed default is here, read from the bound blueprint (a new default without a line here
   * fails), and each equals the format's, whose values are spelt out once more below.
   */
  @Test
  void aMinimalBlueprintBindsToExactlyTheDocumentedDefaults() {
    Blueprint b =
        bind(MINIMAL.replace("ssh:\n  user: admin\n", "vagrant: {}\nssh:\n"))
            .blueprint()
            .orElseThrow();
    Blueprint kvm =
        bind(MINIMAL.replace(
                "ssh:\n  user: admin\n", "vagrant: { provider: libvirt, libvirt: {} }\nssh:\n"))
            .blueprint()
            .orElseThrow();
    Blueprint.Postgresql pg =
        bind(MINIMAL
                + "postgresql:\n  pg_hba: [{ address: 10.0.0.0/24 }]\n  users: [{ name: app }]\n"
                + "  databases: [{ name: app }]\n  pools: [{ name: app }]\n")
            .blueprint()
            .orElseThrow()
            .postgresql();
    Blueprint.Backup backup =
        bind(MINIMAL
                + "backup:\n  s3: { endpoint: s3.example.com, bucket: b-backups, region: us-east-1 }\n")
            .blueprint()
            .orElseThrow()
            .backup()
            .orElseThrow();
    Map<String, java.util.function.Function<Blueprint, Object>> bound =
        new java.util.TreeMap<>(
            Map.ofEntries(
                Map.entry("cluster.postgresql_version", x -> x.cluster().postgresqlVersion()),
                Map.entry("cluster.autobase_version", x -> x.cluster().autobaseVersion()),
                Map.entry("vagrant.provider", x -> x.vagrant().orElseThrow().provider().word()),
                Map.entry("vagrant.cpus", x -> x.vagrant().orElseThrow().cpus()),
                Map.entry("vagrant.memory_mb", x -> x.vagrant().orElseThrow().memoryMb()),
                Map.entry(
                    "vagrant.custom_host_only_ranges",
                    x -> x.vagrant().orElseThrow().customHostOnlyRanges()),
                Map.entry(
                    "vagrant.libvirt.driver", x -> kvm.vagrant().orElseThrow().libvirt().driver()),
                Map.entry(
                    "vagrant.libvirt.management_network",
                    x -> kvm.vagrant().orElseThrow().libvirt().managementNetwork()),
                Map.entry("ssh.user", x -> x.ssh().user()),
                Map.entry("nodes.tags", x -> x.nodes().get(0).tags()),
                Map.entry("features.haproxy", x -> x.features().haproxy()),
                Map.entry("features.pgbouncer", x -> x.features().pgbouncer()),
                Map.entry("features.synchronous_mode", x -> x.features().synchronousMode()),
                Map.entry(
                    "features.synchronous_mode_strict", x -> x.features().synchronousModeStrict()),
                Map.entry("features.synchronous_node_count", x -> x.features().nodeCount()),
                Map.entry("features.extensions", x -> List.copyOf(x.features().extensions())),
                Map.entry("patroni.ttl", x -> x.patroni().ttl()),
                Map.entry("patroni.loop_wait", x -> x.patroni().loopWait()),
                Map.entry("patroni.retry_timeout", x -> x.patroni().retryTimeout()),
                Map.entry("postgresql.pg_hba.type", x -> pg.pgHba().get(0).type()),
                Map.entry("postgresql.pg_hba.database", x -> pg.pgHba().get(0).database()),
                Map.entry("postgresql.pg_hba.user", x -> pg.pgHba().get(0).user()),
                Map.entry("postgresql.pg_hba.method", x -> pg.pgHba().get(0).method()),
                Map.entry("postgresql.users.login", x -> pg.users().get(0).login()),
                Map.entry("postgresql.users.flags", x -> pg.users().get(0).flags()),
                Map.entry("postgresql.databases.owner", x -> pg.databases().get(0).owner()),
                Map.entry("postgresql.databases.encoding", x -> pg.databases().get(0).encoding()),
                Map.entry("postgresql.databases.locale", x -> pg.databases().get(0).locale()),
                Map.entry(
                    "postgresql.databases.extensions", x -> pg.databases().get(0).extensions()),
                Map.entry("postgresql.pools.mode", x -> pg.pools().get(0).mode()),
                Map.entry("tls.enabled", x -> x.tls().enabled()),
                Map.entry("monitoring.netdata", x -> x.monitoring().netdata()),
                Map.entry("monitoring.netdata_listen", x -> x.monitoring().netdataListen()),
                Map.entry(
                    "postgresql.data_checksums",
                    x -> x.postgresql().initdb().get(InitdbSetting.DATA_CHECKSUMS)),
                Map.entry("backup.repository", x -> backup.repository()),
                Map.entry("backup.retention_full", x -> backup.retentionFull()),
                Map.entry("backup.schedule.full", x -> backup.schedule().full()),
                Map.entry(
                    "backup.schedule.differential",
                    x -> backup.schedule().differential().orElseThrow()),
                Map.entry("backup.s3.path", x -> backup.s3().orElseThrow().path()),
                Map.entry("backup.s3.uri_style", x -> backup.s3().orElseThrow().uriStyle())));
    assertEquals(
        fixedDefaults("", BlueprintFormat.BLUEPRINT),
        bound.keySet(),
        "every documented default is checked");
    bound.forEach(
        (path, read) -> assertEquals(BlueprintFormat.defaultOf(path), read.apply(b), path));
    // The documented values themselves, which users read in docs/blueprint.md.
    assertEquals(
        List.of(18, "2.6.0", 2, 2048, 20, 5, 5, true, false, 1),
        List.of(
            b.cluster().postgresqlVersion(),
            b.cluster().autobaseVersion(),
            b.vagrant().get().cpus(),
            b.vagrant().get().memoryMb(),
            b.patroni().ttl(),
            b.patroni().loopWait(),
            b.patroni().retryTimeout(),
            b.features().haproxy(),
            b.features().pgbouncer(),
            b.features().nodeCount()));
  }

  private static java.util.Set<String> fixedDefaults(String path, BlueprintFormat.Field f) {
    java.util.Set<String> paths = new java.util.TreeSet<>();
    for (BlueprintFormat.Field child : f.fields()) {
      String p = path.isEmpty() ? child.name() : path + "." + child.name();
      Object d = child.defaultValue();
      if (d != null && !(d instanceof String s && s.startsWith("<"))) {
        paths.add(p);
      }
      paths.addAll(fixedDefaults(p, child));
    }
    return paths;
  }

  static final Blueprint.Libvirt LIBVIRT_DEFAULTS =
      new Blueprint.Libvirt("kvm", "192.168.121.0/24");

  @Test
  void aLibvirtLabDefaultsToTheGenericBoxAndItsSecondNic() {
    Blueprint b =
        bind(MINIMAL.replace("  interface: eth1\n", "").replace("  user: admin\n", "")
                + "vagrant: { provider: libvirt }\n")
            .blueprint()
            .orElseThrow();
    assertEquals("eth1", b.network().iface());
    assertEquals(
        new Blueprint.VagrantLab(
            Provider.LIBVIRT, "generic/ubuntu2204", 2, 2048, false, LIBVIRT_DEFAULTS),
        b.vagrant().get());
  }

  @Test
  void libvirtSettingsInAVirtualBoxLabAreRefused() {
    var bound =
        bind(
            MINIMAL.replace("  interface: eth1\n", "").replace("  user: admin\n", "")
                + "vagrant: { libvirt: { driver: qemu } }\n");
    assertTrue(bound.blueprint().isEmpty());
    assertEquals(List.of("HG406"), bound.diagnostics().stream().map(d -> d.code().id()).toList());
  }

  @Test
  void aLabDefaultsToVirtualBoxsPrivateNicAndTheVagrantUser() {
    Blueprint b =
        bind(MINIMAL.replace("  interface: eth1\n", "").replace("  user: admin\n", "")
                + "vagrant: {}\n")
            .blueprint()
            .orElseThrow();
    assertEquals("enp0s8", b.network().iface());
    assertEquals("vagrant", b.ssh().user());
    assertEquals(
        new Blueprint.VagrantLab(
            Provider.VIRTUALBOX, "ubuntu/jammy64", 2, 2048, false, LIBVIRT_DEFAULTS),
        b.vagrant().get());
  }

  @Test
  void existingMachinesMustNameTheirInterface() {
    Diagnostic d = only(MINIMAL.replace("  interface: eth1\n", ""));
    assertEquals(Code.MISSING_KEY, d.code());
    assertTrue(d.message().contains("`interface`"), d.message());
    assertEquals(4, d.position().line());
  }

  @Test
  void unknownKeySuggestsTheNearestKnownOne() {
    Diagnostic d = only(MINIMAL.replace("  cidr:", "  cdir:"));
    assertEquals(Code.UNKNOWN_KEY, d.code());
    assertEquals("did you mean `cidr`?", d.hint());
    assertEquals(5, d.position().line());
    assertEquals(3, d.position().column());
  }

  @Test
  void wrongTypeNamesWhatWasFound() {
    Diagnostic d = only(MINIMAL.replace("version: 1", "version: one"));
    assertEquals(Code.WRONG_TYPE, d.code());
    assertEquals("`version` must be a whole number, found `one`", d.message());
    assertEquals(1, d.position().line());
    assertEquals(10, d.position().column());
  }

  @Test
  void duplicateKeyPointsAtTheSecond() {
    Diagnostic d = only(MINIMAL.replace("  name: c1\n", "  name: c1\n  name: c2\n"));
    assertEquals(Code.DUPLICATE_KEY, d.code());
    assertEquals(4, d.position().line());
    assertTrue(d.message().contains("first at line 3"), d.message());
  }

  @Test
  void theNodeCountIsBounded() {
    StringBuilder nodes = new StringBuilder();
    for (int i = 0; i <= Limits.MAX_NODES; i++) {
      nodes
          .append("  - { name: n")
          .append(i)
          .append(", ip: 10.0.")
          .append(i / 250)
          .append('.')
          .append(1 + i % 250)
          .append(", roles: [replica] }\n");
    }
    String text =
        MINIMAL.replace(
            "  - { name: a, ip: 10.0.0.10, roles: [primary, etcd] }\n", nodes.toString());
    Diagnostic d = only(text);
    assertEquals(Code.INPUT_LIMIT, d.code());
    assertTrue(d.message().startsWith((Limits.MAX_NODES + 1) + " nodes"), d.message());
  }

  @Test
  void unsupportedVersion() {
    assertEquals(
        Code.UNSUPPORTED_VERSION, only(MINIMAL.replace("version: 1", "version: 2")).code());
  }

  @Test
  void customTagsAreRefused() {
    assertEquals(Code.YAML_TAG, only(MINIMAL.replace("name: c1", "name: !ruby/object c1")).code());
  }

  @Test
  void unknownRoleAndExtensionSuggestNearMisses() {
    Bound bound =
        bind(
            MINIMAL.replace("[primary, etcd]", "[primray, etcd]")
                + "features: { extensions: [timescale] }\n");
    assertEquals(
        List.of("did you mean `primary`?", "did you mean `timescaledb`?"),
        bound.diagnostics().stream().map(Diagnostic::hint).toList());
  }

  @Test
  void everyStructuralProblemIsReportedInOneRun() {
    Bound bound =
        bind(
            """
        version: 1
        cluster: { nme: x }
        network: []
        ssh: { private_key: k }
        nodes:
          - { name: a, roles: [] }
          - just-a-string
        """);
    List<Code> codes = bound.diagnostics().stream().map(Diagnostic::code).toList();
    // `nme` is taken for `name`, so the missing `name` is not reported a second time.
    assertEquals(
        List.of(
            Code.UNKNOWN_KEY,
            Code.WRONG_TYPE,
            Code.MISSING_KEY,
            Code.MISSING_KEY,
            Code.MISSING_KEY,
            Code.WRONG_TYPE),
        codes,
        bound.diagnostics()::toString);
  }
}
