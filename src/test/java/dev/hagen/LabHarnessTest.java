package dev.hagen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parts of the lab harness (vagrant/) that run without the autobase collection: it reads a
 * generated cluster's plan from its own inventory, and it skips, loudly and successfully, where the
 * collection is not there (as in CI). The deploy itself is run by hand: vagrant/README.md.
 */
@Tag(Tools.TIER)
class LabHarnessTest {
  @TempDir Path tmp;

  private Map<String, String> topology(Path cluster) throws IOException {
    Tools.require("ansible-inventory", "ansible-core");
    Tools.require("python3", "python3");
    Tools.Run inventory = Tools.run(cluster.resolve("ansible"), "ansible-inventory", "--list");
    assertEquals(0, inventory.exitCode(), inventory.stderr());
    Tools.Run plan =
        Tools.run(
            Path.of("."),
            Map.of(),
            inventory.stdout(),
            "python3",
            "vagrant/lib/topology.py",
            cluster.resolve("Vagrantfile").toString());
    assertEquals(0, plan.exitCode(), plan.stderr());
    Map<String, String> vars = new LinkedHashMap<>();
    plan.stdout()
        .lines()
        .forEach(l -> vars.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
    return vars;
  }

  @Test
  void theLabPlanComesFromTheGeneratedInventory() throws IOException {
    Map<String, String> lab = topology(Path.of("generated/postgres-cluster"));
    assertEquals("(postgresql-1 postgresql-2 postgresql-3)", lab.get("NODE_NAMES"));
    assertEquals("(192.168.56.10 192.168.56.11 192.168.56.12)", lab.get("NODE_IPS"));
    assertEquals("(192.168.56.10 192.168.56.11 192.168.56.12)", lab.get("ETCD_IPS"));
    assertEquals("enp0s8", lab.get("IFACE"));
    assertEquals("192.168.56.69", lab.get("VIP"));
    assertEquals("24", lab.get("PREFIXLEN"));
    assertEquals(
        "192.168.56.1", lab.get("BRIDGE_IP"), "the host's address, as VirtualBox gives it");
    // The controller and the client take free addresses: never a node's or the VIP's.
    for (String own : List.of(lab.get("CONTROLLER_IP"), lab.get("CLIENT_IP"))) {
      assertTrue(own.startsWith("192.168.56."), own);
      assertFalse(
          lab.get("NODE_IPS").contains(own + " ") || lab.get("NODE_IPS").contains(own + ")"), own);
      assertFalse(own.equals(lab.get("VIP")), own);
    }
    assertEquals("vagrant", lab.get("SSH_USER"));
  }

  @Test
  void aSynchronousClusterOnAnotherNetworkIsReadToo() throws IOException {
    Map<String, String> lab = topology(Path.of("generated/orders-lab"));
    assertEquals("192.168.61.1", lab.get("BRIDGE_IP"));
    assertEquals("true", lab.get("SYNCHRONOUS"));
    assertEquals("(192.168.61.11 192.168.61.12 192.168.61.13)", lab.get("POSTGRES_IPS"));
  }

  /**
   * shellcheck on every shell script of the project: the lab's libraries through the lab, which
   * sources them all (alone, each would report the others' variables as unset).
   */
  @Test
  void everyShellScriptPassesShellcheck() {
    Tools.require("shellcheck", "shellcheck");
    Tools.Run run =
        Tools.run(
            Path.of("."),
            "shellcheck",
            "-x",
            "-P",
            "SCRIPTDIR",
            "-f",
            "gcc",
            "hagen",
            ".ci/run",
            "scripts/check-output",
            "scripts/regenerate",
            "vagrant/lab");
    assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
  }

  @Test
  void everyScriptOfTheLabParses() throws IOException {
    try (var files = Files.list(Path.of("vagrant/lib"))) {
      for (Path script : files.filter(p -> p.toString().endsWith(".sh")).toList()) {
        Tools.Run run = Tools.run(Path.of("."), "bash", "-n", script.toString());
        assertEquals(0, run.exitCode(), script + ": " + run.stderr());
      }
    }
    Tools.Run lab = Tools.run(Path.of("."), "bash", "-n", "vagrant/lab");
    assertEquals(0, lab.exitCode(), lab.stderr());
    Tools.Run writer =
        Tools.run(
            Path.of("."),
            "python3",
            "-c",
            "import ast, sys; [ast.parse(open(f).read(), f) for f in sys.argv[1:]]",
            "vagrant/lib/writer.py",
            "vagrant/lib/topology.py");
    assertEquals(0, writer.exitCode(), writer.stderr());
  }

  @Test
  void withoutTheCollectionTheLabSkipsAndSaysWhy() throws IOException {
    Path empty = Files.createDirectories(tmp.resolve("collections"));
    for (String command : java.util.List.of("all", "day2")) {
      Tools.Run run =
          Tools.run(
              Path.of("."),
              Map.of("HAGEN_AUTOBASE_COLLECTION", empty.toString()),
              null,
              "vagrant/lab",
              command,
              "generated/postgres-cluster");
      assertEquals(0, run.exitCode(), command + ": " + run.stdout() + run.stderr());
      assertTrue(
          run.stdout().startsWith("SKIPPED: the vitabaks.autobase collection is not available"),
          command + ": " + run.stdout());
    }
    Tools.Run usage = Tools.run(Path.of("."), "vagrant/lab", "--bogus");
    assertEquals(2, usage.exitCode(), "a wrong command line is exit 2");
  }
}
