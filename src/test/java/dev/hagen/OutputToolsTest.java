package dev.hagen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hagen.plan.ClusterPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * scripts/check-output, the same script users run, passes on every generated tree: yamllint
 * (strict, .yamllint), ansible-lint (offline, .ansible-lint), ansible-inventory, ansible-playbook
 * --syntax-check, ruby -c and vagrant validate. ansible-lint and ansible-playbook run against a
 * stand-in vitabaks.autobase (src/test/resources/stand-ins/collections): they check hagen's wrapper
 * playbooks, not autobase. A stand-in VBoxManage that only answers --version makes Vagrant validate
 * the VirtualBox provider blocks, which it skips when VirtualBox is absent.
 */
@Tag(Tools.TIER)
class OutputToolsTest {
  static final Path SCRIPT = Path.of("scripts/check-output").toAbsolutePath();

  @TempDir Path tmp;
  Path home;

  @BeforeEach
  void tools() {
    for (String[] tool :
        new String[][] {
          {"yamllint", "yamllint"},
          {"ansible-lint", "ansible-lint"},
          {"ansible-inventory", "ansible-core"},
          {"ansible-playbook", "ansible-core"},
          {"ruby", "ruby"},
          {"vagrant", "vagrant"}
        }) {
      Tools.require(tool[0], tool[1]);
    }
    home = tmp.resolve("home");
  }

  static List<Path> blueprints() {
    return Blueprints.all();
  }

  /**
   * Builds a blueprint's tree, with the public key its Vagrantfile reads present in a fresh HOME.
   */
  private Path tree(Path blueprint) throws IOException {
    Pipeline.Result result = Pipeline.compile(Blueprints.load(blueprint));
    assertTrue(result.ok(), () -> result.diagnostics().toString());
    ClusterPlan plan = result.plan().orElseThrow();
    Path dir = tmp.resolve("out").resolve(plan.clusterName());
    Tools.write(dir, result.files());
    Files.createDirectories(home);
    plan.lab()
        .ifPresent(
            lab -> {
              String key = lab.publicKeyFile();
              Path file = key.startsWith("~/") ? home.resolve(key.substring(2)) : Path.of(key);
              try {
                Files.createDirectories(file.getParent());
                Files.writeString(
                    file, "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHagenTestKeyOnly test\n");
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    return dir;
  }

  private Tools.Run check(Path dir) {
    Map<String, String> env = new HashMap<>();
    env.put("HOME", home.toString());
    env.put("VAGRANT_HOME", home.resolve(".vagrant.d").toString());
    env.put(
        "PATH",
        Tools.STAND_INS.resolve("bin") + java.io.File.pathSeparator + System.getenv("PATH"));
    env.put("ANSIBLE_COLLECTIONS_PATH", Tools.STAND_IN_COLLECTIONS.toString());
    return Tools.run(Path.of("."), env, null, SCRIPT.toString(), dir.toString());
  }

  @ParameterizedTest
  @MethodSource("blueprints")
  void everyGeneratedTreePassesEveryTool(Path blueprint) throws IOException {
    Tools.Run run = check(tree(blueprint));
    assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
    assertEquals("", run.stdout());
  }

  /** The tree hagen build writes for a change-corpus pair, with its steps pending. */
  private Path pendingTree(String pair) throws IOException {
    Pipeline.Result result = Blueprints.pending(pair);
    assertTrue(result.changes().pending(), () -> result.diagnostics().toString());
    Path dir = tmp.resolve("out").resolve(result.plan().orElseThrow().clusterName());
    Tools.write(dir, result.files());
    Files.createDirectories(home.resolve(".ssh"));
    Files.writeString(
        home.resolve(".ssh/vmbox.pub"),
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHagenTestKeyOnly test\n");
    return dir;
  }

  /** The steps of a pending change (every kind of step among them) pass every tool too. */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {
        "02-add-etcd-member",
        "04-add-and-remove",
        "26-rise-and-fall",
        "27-parameter-removed",
        "29-patroni-timing",
        "30-user-and-database",
        "33-major-upgrade",
        "41-pg-hba-and-a-user",
        "42-major-upgrade-with-backups",
        "43-fewer-synchronous-standbys-and-a-removal",
        "44-balancer-retired",
        "46-raise-with-pgbouncer"
      })
  void theStepsOfAPendingChangePassEveryTool(String pair) throws IOException {
    Tools.Run run = check(pendingTree(pair));
    assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
    assertEquals("", run.stdout());
  }

  @Test
  void aBrokenStepFailsTheSyntaxCheck() throws IOException {
    Path dir = pendingTree("01-add-replica");
    Path step = dir.resolve("ansible/plan/02-add.yml");
    Files.writeString(
        step,
        Files.readString(step)
            .replace("vitabaks.autobase.add_node", "vitabaks.autobase.add_nodes"));
    Tools.Run run = check(dir);
    assertEquals(1, run.exitCode(), run.stdout() + run.stderr());
    assertTrue(run.stdout().contains("ansible-playbook: " + step.toAbsolutePath()), run.stdout());
  }

  /** A break that each tool must catch, naming itself and the file. */
  private void broken(String file, UnaryOperator<String> breakIt, String tool) throws IOException {
    broken(Blueprints.LAB, file, breakIt, tool);
  }

  private void broken(Path blueprint, String file, UnaryOperator<String> breakIt, String tool)
      throws IOException {
    Path dir = tree(blueprint);
    Path target = dir.resolve(file);
    String before = Files.readString(target);
    String after = breakIt.apply(before);
    assertTrue(!after.equals(before), "the break changed nothing in " + file);
    Files.writeString(target, after);
    Tools.Run run = check(dir);
    assertEquals(1, run.exitCode(), run.stdout() + run.stderr());
    assertTrue(
        run.stdout().contains(tool + ": " + target.toAbsolutePath()),
        tool + " did not name " + target + ":\n" + run.stdout());
  }

  @Test
  void yamlIndentationErrorsFailYamllint() throws IOException {
    broken(
        "ansible/inventories/group_vars/all.yml",
        s -> s.replace("\n  master: 5000", "\n   master: 5000"),
        "yamllint");
  }

  @Test
  void aBadInventoryGroupFailsAnsibleInventory() throws IOException {
    broken(
        "ansible/inventories/hosts",
        s -> s.replace("[balancers]", "[bal ancers]"),
        "ansible-inventory");
  }

  @Test
  void anUnknownProviderOptionFailsVagrantValidate() throws IOException {
    broken("Vagrantfile", s -> s.replace("vm.cpus = 2", "vm.cpu = 2"), "vagrant");
  }

  /** With the vagrant-libvirt plugin, vagrant validate knows libvirt's provider options too. */
  @Test
  void anUnknownLibvirtOptionFailsVagrantValidate() throws IOException {
    Tools.requireVagrantPlugin("vagrant-libvirt", "vagrant-libvirt");
    broken(
        Blueprints.EXAMPLES.resolve("libvirt-dedicated-etcd.yml"),
        "Vagrantfile",
        s -> s.replace("lv.driver = 'kvm'", "lv.drivr = 'kvm'"),
        "vagrant");
  }

  @Test
  void aRubySyntaxErrorFailsRuby() throws IOException {
    broken("Vagrantfile", s -> s.substring(0, s.lastIndexOf("end")), "ruby");
  }

  @Test
  void aPlaybookErrorFailsTheSyntaxCheckAndAnsibleLint() throws IOException {
    broken(
        "ansible/deploy.yml",
        s -> s.replace("ansible.builtin.import_playbook:", "ansible.builtin.import_playbok:"),
        "ansible-playbook");
    broken(
        "ansible/remove.yml",
        s -> s.replace("      ansible.builtin.assert:", "      assert:"),
        "ansible-lint");
  }
}
