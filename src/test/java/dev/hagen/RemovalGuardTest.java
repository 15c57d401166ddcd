package dev.hagen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Nothing of autobase's remove_cluster runs without {@code -e confirm_removal=<cluster>}, whatever
 * ansible-playbook is told to skip or select: real ansible-playbook runs of the generated
 * remove.yml against the stand-in collection, whose remove_cluster keeps autobase's plays, task
 * names and {@code when:} conditions and reports each task that runs.
 */
@Tag(Tools.TIER)
class RemovalGuardTest {
  static final String RAN = "STAND-IN removal task ran: ";

  @TempDir Path tmp;
  Path ansible;

  @BeforeEach
  void build() throws IOException {
    Tools.require("ansible-playbook", "ansible-core");
    Pipeline.Result result = Pipeline.compile(Blueprints.load(Blueprints.LAB));
    assertTrue(result.ok(), () -> result.diagnostics().toString());
    Tools.write(tmp, result.files());
    ansible = tmp.resolve("ansible");
  }

  private Tools.Run removal(String stdin, List<String> options) {
    List<String> command = new ArrayList<>(List.of("ansible-playbook", "remove.yml"));
    command.addAll(options);
    return Tools.run(
        ansible,
        Map.of(
            "ANSIBLE_COLLECTIONS_PATH",
            Tools.STAND_IN_COLLECTIONS.toString(),
            "ANSIBLE_NOCOLOR",
            "1"),
        stdin,
        command.toArray(String[]::new));
  }

  /** The removal tasks that ran, as "task on host" lines. */
  private static List<String> ran(Tools.Run run) {
    return run.stdout()
        .lines()
        .filter(l -> l.contains(RAN))
        .map(l -> l.substring(l.indexOf(RAN) + RAN.length()).replaceAll("\"\\s*$", ""))
        .toList();
  }

  /** Each way a user might run remove.yml without naming the cluster, or naming another one. */
  static List<List<String>> unconfirmed() {
    String firstRemoval = "Stop and disable patroni service";
    return List.of(
        List.of(),
        List.of("-e", "confirm_removal=other-cluster"),
        List.of("-e", "confirm_removal="),
        List.of("--tags", "remove"),
        List.of("--tags", "never,all"),
        List.of("--skip-tags", "always"),
        List.of("--limit", "192.168.56.11"),
        List.of("--limit", "192.168.56.11", "-e", "confirm_removal=other-cluster"),
        List.of("--limit", "etcd_cluster"),
        List.of("--start-at-task", firstRemoval),
        List.of("--start-at-task", "Delete PostgreSQL content"),
        List.of("--start-at-task", "Stop and disable etcd service"),
        List.of("--start-at-task", firstRemoval, "--limit", "192.168.56.10"),
        List.of("--step"),
        List.of("--step", "--skip-tags", "always"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unconfirmed")
  void nothingIsRemovedWithoutTheConfirmation(List<String> options) {
    // --step asks before each task: "n" declines the guard, then "y" accepts every removal task.
    String answers = "n\n" + "y\n".repeat(40);
    Tools.Run run = removal(options.contains("--step") ? answers : null, options);
    assertEquals(
        List.of(), ran(run), options + " ran removal tasks:\n" + run.stdout() + run.stderr());
    assertTrue(
        run.exitCode() == 0 || run.exitCode() == 2, options + ": " + run.stdout() + run.stderr());
  }

  @Test
  void withTheConfirmationTheClusterIsRemoved() {
    Tools.Run run = removal(null, List.of("-e", "confirm_removal=postgres-cluster"));
    assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
    List<String> expected = new ArrayList<>();
    for (String task :
        List.of(
            "Stop and disable patroni service",
            "Delete PostgreSQL content",
            "Stop and disable etcd service",
            "Delete etcd content")) {
      for (String host : List.of("192.168.56.10", "192.168.56.11", "192.168.56.12")) {
        expected.add(task + " on " + host);
      }
    }
    assertEquals(
        expected.stream().sorted().toList(), ran(run).stream().sorted().toList(), run.stdout());
  }

  @Test
  void theConfirmationWithALimitRemovesOnlyThere() {
    Tools.Run run =
        removal(
            null, List.of("-e", "confirm_removal=postgres-cluster", "--limit", "192.168.56.11"));
    assertEquals(
        List.of(
            "Stop and disable patroni service on 192.168.56.11",
            "Delete PostgreSQL content on 192.168.56.11",
            "Stop and disable etcd service on 192.168.56.11",
            "Delete etcd content on 192.168.56.11"),
        ran(run),
        run.stdout());
  }

  @Test
  void withoutTheConfirmationTheGuardSaysHowToRemove() {
    Tools.Run run = removal(null, List.of());
    // Every group autobase's playbooks name is in the inventory, the empty pgbackrest too.
    assertFalse(run.stderr().contains("Could not match supplied host pattern"), run.stderr());
    assertEquals(2, run.exitCode(), run.stdout());
    assertTrue(
        run.stdout()
            .contains(
                "Nothing was removed. To remove this cluster and its data, run: ansible-playbook"
                    + " remove.yml -e confirm_removal=postgres-cluster"),
        run.stdout());
  }

  /**
   * The stand-in's plays, hosts, task names and conditions are autobase's own: checked against a
   * copy of the real collection when one is given (HAGEN_AUTOBASE_COLLECTION, the folder holding
   * its playbooks/), for example one unpacked from the autobase repository as vagrant/README.md
   * says.
   */
  @Test
  void theStandInKeepsAutobasesConditions() throws IOException {
    String real = System.getenv("HAGEN_AUTOBASE_COLLECTION");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        real != null,
        "HAGEN_AUTOBASE_COLLECTION is not set: the stand-in is not compared with a real autobase");
    Path stand =
        Tools.STAND_IN_COLLECTIONS.resolve(
            "ansible_collections/vitabaks/autobase/playbooks/remove_cluster.yml");
    assertEquals(shape(Path.of(real, "playbooks/remove_cluster.yml")), shape(stand));
  }

  /**
   * Of each play: its name and hosts, and of each block its condition and the names of its tasks.
   */
  @SuppressWarnings("unchecked")
  private static List<Object> shape(Path playbook) throws IOException {
    List<Map<String, Object>> plays =
        (List<Map<String, Object>>)
            new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(playbook));
    List<Object> shape = new ArrayList<>();
    for (Map<String, Object> play : plays) {
      shape.add(play.get("name") + " @ " + play.get("hosts"));
      for (Map<String, Object> block : (List<Map<String, Object>>) play.get("tasks")) {
        shape.add(block.get("when"));
        ((List<Map<String, Object>>) block.get("block")).forEach(t -> shape.add(t.get("name")));
      }
    }
    return shape;
  }
}
