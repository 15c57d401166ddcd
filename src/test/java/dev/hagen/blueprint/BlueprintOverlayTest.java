package dev.hagen.blueprint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hagen.Blueprints;
import dev.hagen.Pipeline;
import dev.hagen.cli.Main;
import dev.hagen.diagnostic.Diagnostic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code extends}: an overlay merged over its base, with diagnostics in the file that wrote the
 * value.
 */
class BlueprintOverlayTest {
  static final String BASE =
      """
      version: 1
      cluster:
        name: prod
      network:
        cidr: 10.20.0.0/24
        interface: ens19
        vip: 10.20.0.50
      ssh:
        user: deploy
        private_key: ~/.ssh/prod
      nodes:
        - { name: db-1, ip: 10.20.0.11, ssh_host: 172.30.0.11, roles: [primary, etcd, balancer] }
        - { name: db-2, ip: 10.20.0.12, ssh_host: 172.30.0.12, roles: [replica, etcd, balancer] }
        - { name: db-3, ip: 10.20.0.13, ssh_host: 172.30.0.13, roles: [replica, etcd, balancer] }
      features:
        pgbouncer: true
      autobase_vars:
        patroni_maximum_lag_on_failover: 1048576
        postgresql_pg_ident:
          - { mapname: main, system_username: postgres, pg_username: postgres }
      postgresql:
        parameters: { max_connections: 300, work_mem: 32MB }
      """;

  static final String LAB =
      """
      version: 1
      extends: prod.yml
      cluster:
        name: prod-lab
      network:
        cidr: 192.168.61.0/24
        interface: enp0s8
        vip: 192.168.61.50
      vagrant:
        cpus: 2
      ssh:
        user: vagrant
      nodes:
        - { name: db-3, ip: 192.168.61.13, ssh_host: null }
        - { name: db-1, ip: 192.168.61.11, ssh_host: null }
        - { name: db-2, ip: 192.168.61.12, ssh_host: null }
      autobase_vars:
        postgresql_pg_ident:
          - { mapname: lab, system_username: vagrant, pg_username: postgres }
      postgresql:
        parameters: { work_mem: null, jit: on }
      """;

  @TempDir Path dir;

  private Pipeline.Checked check(String overlay) throws IOException {
    Files.writeString(dir.resolve("prod.yml"), BASE);
    Path lab = dir.resolve("lab.yml");
    Files.writeString(lab, overlay);
    return Pipeline.check(Blueprints.load(lab), false);
  }

  @Test
  void mapsMergeNullsRemoveNodesMergeByNameInTheBasesOrder() throws IOException {
    Pipeline.Checked checked = check(LAB);
    Blueprint b = checked.blueprint().orElseThrow(() -> new AssertionError(checked.diagnostics()));
    assertEquals("prod-lab", b.cluster().name());
    assertEquals(
        new Blueprint.Network("192.168.61.0/24", "enp0s8", Optional.of("192.168.61.50")),
        b.network());
    assertEquals("vagrant", b.ssh().user());
    assertEquals(
        "~/.ssh/prod", b.ssh().privateKey(), "a key the overlay does not set stays the base's");
    assertEquals(
        List.of("db-1", "db-2", "db-3"), b.nodes().stream().map(Blueprint.Node::name).toList());
    assertEquals(
        List.of("192.168.61.11", "192.168.61.12", "192.168.61.13"),
        b.nodes().stream().map(Blueprint.Node::ip).toList());
    assertTrue(
        b.nodes().stream().allMatch(n -> n.ssh().host().isEmpty()), "ssh_host: null removed it");
    assertEquals(b.nodes().get(1).roles(), Blueprint.Node.class.cast(b.nodes().get(2)).roles());
    assertTrue(b.features().pgbouncer(), "the base's features stay");
    // autobase_vars merge by variable; a variable's value is replaced whole, lists included.
    assertEquals(
        List.of("patroni_maximum_lag_on_failover", "postgresql_pg_ident"),
        List.copyOf(b.autobaseVars().keySet()));
    assertEquals(
        List.of(Map.of("mapname", "lab", "system_username", "vagrant", "pg_username", "postgres")),
        b.autobaseVars().get("postgresql_pg_ident"));
    // Parameters merge by name like any mapping: the overlay's null takes the base's work_mem
    // away (autobase's default applies again), and its jit is added.
    assertEquals(
        List.of(
            new Blueprint.Parameter("max_connections", java.util.Optional.of("300")),
            new Blueprint.Parameter("jit", java.util.Optional.of("on"))),
        b.postgresql().parameters());
    assertEquals(dir.resolve("prod.yml").toString(), b.base().orElseThrow().displayPath());
  }

  @Test
  void aNullSectionRemovesIt() throws IOException {
    String lab =
        BASE.replaceAll("ssh_host: [0-9.]+, ", "").replace("interface: ens19", "interface: enp0s8")
            + "vagrant: { cpus: 2, custom_host_only_ranges: true }\n";
    Files.writeString(dir.resolve("lab.yml"), lab);
    Path real = dir.resolve("real.yml");
    Files.writeString(
        real,
        "version: 1\nextends: lab.yml\ncluster: { name: real }\nvagrant: null\n"
            + "network: { interface: ens19 }\n");
    assertTrue(
        Pipeline.check(Blueprints.load(dir.resolve("lab.yml")), false)
            .blueprint()
            .orElseThrow()
            .vagrant()
            .isPresent());
    Pipeline.Checked checked = Pipeline.check(Blueprints.load(real), false);
    Blueprint b = checked.blueprint().orElseThrow(() -> new AssertionError(checked.diagnostics()));
    assertTrue(b.vagrant().isEmpty(), "vagrant: null removed the lab");
    assertEquals("ens19", b.network().iface());
    assertEquals("real", b.cluster().name());
  }

  @Test
  void aProblemInTheBaseIsReportedInTheBaseFileWithItsLine() throws IOException {
    // The overlay moves the network; the base's VIP is now outside it: the VIP's line is the
    // base's.
    Pipeline.Checked checked = check(LAB.replace("  vip: 192.168.61.50\n", ""));
    assertTrue(checked.blueprint().isEmpty());
    Diagnostic vip =
        checked.diagnostics().stream()
            .filter(d -> d.code().id().equals("HG203"))
            .findFirst()
            .orElseThrow();
    assertEquals(dir.resolve("prod.yml").toString(), vip.position().file());
    assertEquals(7, vip.position().line());
    assertEquals(
        List.of(dir.resolve("lab.yml").toString(), dir.resolve("prod.yml").toString()),
        List.copyOf(checked.lines().keySet()),
        "both files' lines are there for the caret display");

    java.io.StringWriter err = new java.io.StringWriter();
    int code =
        Main.run(
            new String[] {"validate", dir.resolve("lab.yml").toString()},
            new java.io.PrintWriter(new java.io.StringWriter()),
            new java.io.PrintWriter(err));
    assertEquals(1, code);
    assertTrue(
        err.toString().contains(dir.resolve("prod.yml") + ":7:8: error[HG203]"), err.toString());
    assertTrue(
        err.toString().contains("      vip: 10.20.0.50\n           ^"),
        "the caret line is the base's own:\n" + err);
  }

  @Test
  void anOverlayNodeMustNameANodeOfTheBase() throws IOException {
    Pipeline.Checked checked = check(LAB.replace("name: db-3,", "name: db-4,"));
    Diagnostic d = checked.diagnostics().get(0);
    assertEquals("HG111", d.code().id());
    assertEquals(dir.resolve("lab.yml").toString(), d.position().file());
    assertEquals(14, d.position().line());
    assertTrue(d.hint().contains("did you mean `db-1`?") || d.hint().contains("`db-"), d.hint());
    assertTrue(d.message().contains("db-4"), d.message());
  }

  @Test
  void aBaseCannotExtendAnotherAndAMissingBaseIsNamed() throws IOException {
    Files.writeString(dir.resolve("prod.yml"), "version: 1\nextends: other.yml\n");
    Files.writeString(dir.resolve("lab.yml"), LAB);
    Pipeline.Checked chained = Pipeline.check(Blueprints.load(dir.resolve("lab.yml")), false);
    assertEquals(List.of("HG111"), chained.diagnostics().stream().map(d -> d.code().id()).toList());
    assertEquals(
        dir.resolve("prod.yml").toString(), chained.diagnostics().get(0).position().file());

    Files.delete(dir.resolve("prod.yml"));
    Pipeline.Checked missing = Pipeline.check(Blueprints.load(dir.resolve("lab.yml")), false);
    assertEquals(List.of("HG111"), missing.diagnostics().stream().map(d -> d.code().id()).toList());
    assertTrue(
        missing.diagnostics().get(0).message().contains("no such file"),
        missing.diagnostics().toString());
    assertEquals(2, missing.diagnostics().get(0).position().line());
  }

  @Test
  void theHeaderNamesBothFilesAndTheHashCoversTheBase() throws IOException {
    Pipeline.Result first = Pipeline.generate(check(LAB));
    String header =
        first
            .files()
            .get(0)
            .content()
            .lines()
            .filter(l -> l.contains("Generated by"))
            .findFirst()
            .orElseThrow();
    assertTrue(header.endsWith("from lab.yml + prod.yml."), header);
    String hash = first.plan().orElseThrow().provenance().blueprintSha256();
    Files.writeString(
        dir.resolve("prod.yml"),
        BASE.replace(
            "patroni_maximum_lag_on_failover: 1048576",
            "patroni_maximum_lag_on_failover: 2097152"));
    Pipeline.Result second =
        Pipeline.generate(Pipeline.check(Blueprints.load(dir.resolve("lab.yml")), false));
    assertNotEquals(
        hash,
        second.plan().orElseThrow().provenance().blueprintSha256(),
        "a change in the base changes the overlay's hash, which its manifest records");
  }

  @Test
  void aBaseBuiltInTheSameRunReportsItsOwnProblemOnce() throws IOException {
    Files.writeString(
        dir.resolve("prod.yml"),
        BASE.replace(
            "patroni_maximum_lag_on_failover: 1048576", "patroni_maximum_lag_on_failovr: 1048576"));
    Files.writeString(dir.resolve("lab.yml"), LAB);
    List<Pipeline.Checked> both =
        Pipeline.checkAll(
            List.of(
                Blueprints.load(dir.resolve("lab.yml")), Blueprints.load(dir.resolve("prod.yml"))),
            false);
    assertEquals(
        List.of("HG505"), both.get(1).diagnostics().stream().map(d -> d.code().id()).toList());
    assertEquals(
        List.of(), both.get(0).diagnostics(), "the base's typo is the base's, reported once");
    assertFalse(
        both.get(0).blueprint().isPresent(), "but the overlay is not built from a broken base");
  }
}
