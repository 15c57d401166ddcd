package dev.hagen.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hagen.Blueprints;
import dev.hagen.Pipeline;
import dev.hagen.blueprint.BlueprintSource;
import dev.hagen.diagnostic.Code;
import dev.hagen.diagnostic.Diagnostic;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BlueprintChecksTest {
  private static final String NODE1 =
      "  - { name: postgresql-1, ip: 192.168.56.10, ssh_port: 6996,  roles: [primary, etcd, balancer] }";
  private static final String NODE2 =
      "  - { name: postgresql-2, ip: 192.168.56.11, ssh_port: 9669,  roles: [replica, etcd, balancer] }";

  private static List<Diagnostic> diagnostics(BlueprintSource source) {
    return Pipeline.compile(source).diagnostics();
  }

  private static Diagnostic only(BlueprintSource source) {
    List<Diagnostic> all = diagnostics(source);
    assertEquals(1, all.size(), all::toString);
    return all.get(0);
  }

  @Test
  void theLabIsClean() {
    assertEquals(List.of(), diagnostics(Blueprints.load(Blueprints.BASE)));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "cidr: 192.168.56.0/24 | 'cidr: 192.168.56.5/24'  | MALFORMED_CIDR   | 10  | did you mean `192.168.56.0/24`?",
        "cidr: 192.168.56.0/24 | 'cidr: 192.168.56.0/33'  | MALFORMED_CIDR   | 10  | ",
        "vip: 192.168.56.69 | 'vip: 192.168.56.256'    | MALFORMED_IP     | 12 | ",
        "vip: 192.168.56.69 | 'vip: 192.168.57.69'     | IP_OUTSIDE_CIDR  | 12 | ",
        "vip: 192.168.56.69 | 'vip: 192.168.56.255'    | RESERVED_ADDRESS | 12 | pick an address between 192.168.56.2 and 192.168.56.254",
        "vip: 192.168.56.69 | 'vip: 192.168.56.11'     | VIP_IS_NODE_IP   | 12 | ",
        "interface: enp0s8 | 'interface: enp0s8:1'    | INVALID_INTERFACE | 11 | ",
        "interface: enp0s8 | 'interface: averyveryverylongnic' | INVALID_INTERFACE | 11 | ",
        "name: postgres-cluster | 'name: ../etc'          | INVALID_CLUSTER_NAME | 6 | ",
        "autobase_version: 2.6.0 | 'autobase_version: latest' | UNKNOWN_AUTOBASE_VERSION | 8 | ",
        "postgresql_version: 17 | 'postgresql_version: 9' | POSTGRESQL_VERSION | 7  | ",
        "user: vagrant | 'user: Root Admin'       | INVALID_USER     | 19 | ",
        "private_key: ~/.ssh/vmbox | 'private_key: \"{{ lookup(''pipe'', ''id'') }}\"' | UNSAFE_TEXT | 20 | ",
      })
  void reportsOneMistakeAtItsPlace(
      String line, String replacement, Code code, int lineNo, String hint) {
    Diagnostic d = only(Blueprints.labWith(line, replacement));
    assertEquals(code, d.code(), d::toString);
    assertEquals(lineNo, d.position().line(), d::toString);
    assertTrue(d.position().column() > 1, d::toString);
    if (hint != null) {
      assertEquals(hint, d.hint());
    }
  }

  @Test
  void duplicateAddressesNameTheFirstUse() {
    Diagnostic d = only(Blueprints.labWith(NODE2, NODE2.replace("192.168.56.11", "192.168.56.10")));
    assertEquals(Code.DUPLICATE_IP, d.code());
    assertEquals(24, d.position().line());
    assertTrue(d.message().contains("line 23"), d.message());
  }

  @Test
  void nodeNamesAreUniqueWithoutCase() {
    Diagnostic d = only(Blueprints.labWith(NODE2, NODE2.replace("postgresql-2", "PostgreSQL-1")));
    assertEquals(Code.DUPLICATE_NODE_NAME, d.code());
  }

  @Test
  void nodeNamesMustBeHostNames() {
    Diagnostic d = only(Blueprints.labWith(NODE2, NODE2.replace("postgresql-2", "pg_2")));
    assertEquals(Code.INVALID_NODE_NAME, d.code());
  }

  @Test
  void exactlyOnePrimary() {
    Diagnostic two = only(Blueprints.labWith(NODE2, NODE2.replace("replica", "primary")));
    assertEquals(Code.PRIMARY_COUNT, two.code());
    assertEquals(24, two.position().line());
    Diagnostic none = only(Blueprints.labWith(NODE1, NODE1.replace("primary", "replica")));
    assertEquals(Code.PRIMARY_COUNT, none.code());
    assertTrue(none.message().endsWith("found 0"), none.message());
  }

  @Test
  void primaryAndReplicaAtOnceIsAConflict() {
    List<Diagnostic> all =
        diagnostics(Blueprints.labWith(NODE2, NODE2.replace("replica,", "replica, primary,")));
    // Two primaries, and one node with both roles: both problems are reported, at that node.
    assertEquals(
        List.of(Code.PRIMARY_COUNT, Code.CONFLICTING_ROLES),
        all.stream().map(Diagnostic::code).toList());
    assertTrue(all.stream().allMatch(d -> d.position().line() == 24), all::toString);
  }

  @Test
  void etcdIsRequired() {
    String text = Blueprints.load(Blueprints.BASE).text().replace(" etcd,", "");
    Diagnostic d = only(new BlueprintSource("lab.yml", "lab.yml", text));
    assertEquals(Code.NO_ETCD, d.code());
  }

  @Test
  void forwardedPortsAreValidAndDistinct() {
    assertEquals(
        Code.PORT_RANGE, only(Blueprints.labWith(NODE2, NODE2.replace("9669", "70000"))).code());
    assertEquals(
        Code.DUPLICATE_PORT, only(Blueprints.labWith(NODE2, NODE2.replace("9669", "6996"))).code());
  }

  /** The lab moved to libvirt: a generic/* box, its eth1, and no VirtualBox range rule. */
  private static BlueprintSource libvirtLab(String line, String replacement) {
    String text =
        Blueprints.load(Blueprints.BASE)
            .text()
            .replace(
                "  provider: virtualbox\n  box: ubuntu/jammy64\n",
                "  provider: libvirt\n  box: generic/ubuntu2204\n")
            .replace("interface: enp0s8", "interface: eth1");
    if (!text.contains(line)) {
      throw new IllegalArgumentException(line);
    }
    return Blueprints.inline(text.replace(line, replacement));
  }

  @Test
  void aLibvirtLabHasItsOwnRules() {
    assertEquals(List.of(), diagnostics(libvirtLab("", "")));
    // Any private range will do on libvirt (VirtualBox would refuse this one: HG210).
    assertEquals(
        List.of(),
        diagnostics(
            Blueprints.inline(libvirtLab("", "").text().replace("192.168.56.", "10.56.0."))));
    Diagnostic nic = only(libvirtLab("interface: eth1", "interface: enp0s8"));
    assertEquals(Code.INTERFACE_MISMATCH, nic.code());
    assertTrue(nic.message().contains("`eth1`"), nic.message());
    // libvirt gives the network's first address to the host's bridge, as VirtualBox does.
    assertEquals(
        Code.HOST_ADAPTER_ADDRESS,
        only(libvirtLab("ip: 192.168.56.10,", "ip: 192.168.56.1,")).code());
    Diagnostic overlap =
        only(Blueprints.inline(libvirtLab("", "").text().replace("192.168.56.", "192.168.121.")));
    assertEquals(Code.MANAGEMENT_OVERLAP, overlap.code());
    assertEquals(
        Code.PROVIDER_OPTION,
        only(libvirtLab(
                "  memory_mb: 2048\n", "  memory_mb: 2048\n  custom_host_only_ranges: true\n"))
            .code());
  }

  @Test
  void aVmIsSizedForWhatItRuns() {
    // etcd alone is content with 1 CPU and 512 MiB; a PostgreSQL node is not.
    String etcd =
        "  - { name: etcd-9, ip: 192.168.56.30, roles: [etcd], cpus: 1, memory_mb: 512 }\n";
    BlueprintSource small =
        Blueprints.inline(
            Blueprints.load(Blueprints.BASE).text().replace("features:", etcd + "features:"));
    assertEquals(
        List.of(Code.ETCD_EVEN), diagnostics(small).stream().map(Diagnostic::code).toList());
    Diagnostic pg = only(Blueprints.labWith(NODE2, NODE2.replace(" }", ", cpus: 1 }")));
    assertEquals(Code.SMALL_VM, pg.code());
    assertTrue(pg.message().contains("postgresql-2"), pg.message());
    Diagnostic memory = only(Blueprints.labWith("memory_mb: 2048", "memory_mb: 768"));
    assertEquals(
        Code.SMALL_VM, memory.code(), "the lab-wide size is reported once, at vagrant.memory_mb");
    assertEquals(17, memory.position().line());
  }

  @Test
  void onExistingMachinesSshPortIsSshdsPortAndMayRepeat() {
    BlueprintSource existing =
        Blueprints.inline(
            Blueprints.load(Blueprints.BASE)
                .text()
                .replaceAll("(?m)^vagrant:.*\n(  (provider|box|cpus|memory_mb).*\n)+", "")
                .replaceAll("ssh_port: [0-9]+, *", "ssh_port: 22, "));
    assertEquals(List.of(), diagnostics(existing), "three hosts may all listen on 22");
    Diagnostic size =
        only(
            Blueprints.inline(
                existing.text().replaceFirst("ssh_port: 22, ", "ssh_port: 22, cpus: 4, ")));
    assertEquals(Code.MISPLACED_NODE_SETTING, size.code());
  }

  @Test
  void synchronousModeNeedsAReplicaThatMayBeSynchronous() {
    String text =
        Blueprints.load(Blueprints.BASE)
            .text()
            .replace("synchronous_mode: false", "synchronous_mode: true");
    assertEquals(List.of(), diagnostics(Blueprints.inline(text)));
    Diagnostic none =
        only(
            Blueprints.inline(
                text.replace(
                    "roles: [replica, etcd, balancer] }",
                    "roles: [replica, etcd, balancer], tags: [nosync] }")));
    assertEquals(Code.SYNCHRONOUS_COUNT, none.code());
    assertTrue(none.message().contains("no replicas stream"), none.message());
    Diagnostic two =
        only(
            Blueprints.inline(
                text.replace(
                        "synchronous_mode: true",
                        "synchronous_mode: true\n"
                            + "  synchronous_node_count: 2\n  synchronous_mode_strict: true")
                    + "postgresql:\n  parameters:\n    wal_retrieve_retry_interval: 1s\n"));
    assertEquals(Code.SYNCHRONOUS_STRICT_STALL, two.code(), "two of two: strict with no spare");
  }

  /** Patroni's timing: every rule broken is said, not only the first. */
  @Test
  void everyPatroniTimingProblemIsReported() {
    String text =
        Blueprints.load(Blueprints.BASE).text()
            + "patroni: { ttl: 10, loop_wait: 0, retry_timeout: 6 }\n";
    List<String> found =
        diagnostics(Blueprints.inline(text)).stream()
            .map(d -> d.code() + " " + d.message().replaceAll(" .*", ""))
            .toList();
    assertEquals(
        List.of("PATRONI_TIMING a", "PATRONI_TIMING loop_wait", "PATRONI_TIMING loop_wait"), found);
  }
}
