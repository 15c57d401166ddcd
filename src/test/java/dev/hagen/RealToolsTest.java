package dev.hagen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hagen.plan.ClusterPlan;
import dev.hagen.plan.ClusterPlan.Host;
import dev.hagen.plan.ClusterPlan.InventoryGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The programs that consume hagen's output accept it, and read from it what the blueprint says. */
@Tag(Tools.TIER)
class RealToolsTest {

  @TempDir Path tmp;

  static List<Path> blueprints() {
    return Blueprints.all();
  }

  private Pipeline.Result build(Path blueprint) throws IOException {
    Pipeline.Result result = Pipeline.compile(Blueprints.load(blueprint));
    assertTrue(result.ok(), () -> result.diagnostics().toString());
    Tools.write(tmp, result.files());
    return result;
  }

  /** ansible-inventory --list of the tree build() wrote, which it must read without an error. */
  private Tools.Run inventoryList() {
    Tools.require("ansible-inventory", "ansible-core");
    Tools.Run run = Tools.run(tmp.resolve("ansible"), "ansible-inventory", "--list");
    assertEquals(0, run.exitCode(), run.stderr());
    return run;
  }

  @ParameterizedTest
  @MethodSource("blueprints")
  void ansibleInventorySeesEveryHostGroupAndVariable(Path blueprint) throws IOException {
    ClusterPlan plan = build(blueprint).plan().orElseThrow();
    Tools.Run run = inventoryList();
    assertFalse(run.stderr().contains("WARNING"), run.stderr());
    JsonNode inventory = new ObjectMapper().readTree(run.stdout());

    for (InventoryGroup group : plan.groups()) {
      List<String> hosts = new ArrayList<>();
      inventory.path(group.name()).path("hosts").forEach(h -> hosts.add(h.asText()));
      assertEquals(group.hosts().stream().map(Host::address).toList(), hosts, group.name());
    }
    List<String> children = new ArrayList<>();
    inventory.path("postgres_cluster").path("children").forEach(c -> children.add(c.asText()));
    assertEquals(List.of("master", "replica"), children);
    // No group beyond autobase's (never primary, secondary, new_replica: the playbooks make those).
    TreeSet<String> groups = new TreeSet<>();
    inventory.fieldNames().forEachRemaining(groups::add);
    groups.removeAll(
        List.of("_meta", "all", "ungrouped", "postgres_cluster", "consul_instances", "pgbackrest"));
    assertEquals(
        new TreeSet<>(List.of("balancers", "etcd_cluster", "master", "replica"))
            .stream()
                .filter(
                    g ->
                        plan.groups().stream()
                            .anyMatch(pg -> pg.name().equals(g) && !pg.hosts().isEmpty()))
                .toList(),
        List.copyOf(groups));

    JsonNode hostvars = inventory.path("_meta").path("hostvars");
    for (Host host : plan.hosts()) {
      JsonNode vars = hostvars.path(host.address());
      assertEquals(host.address(), vars.path("bind_address").asText(), host.name());
      assertEquals(host.name(), vars.path("hostname").asText(), host.name());
      assertTrue(
          vars.path("hostname").isTextual(),
          "hostname must stay a string: " + vars.path("hostname"));
      if (!host.patroniTags().isEmpty()) {
        assertEquals(host.patroniTags(), vars.path("patroni_tags").asText(), host.name());
      }
      host.replicateFrom()
          .ifPresent(
              r -> assertEquals(r, vars.path("patroni_replicatefrom").asText(), host.name()));
      assertEquals(
          host.login().user().orElse(plan.connection().user()), vars.path("ansible_user").asText());
      assertEquals(
          host.login().privateKeyFile().orElse(plan.connection().privateKeyFile()),
          vars.path("ansible_ssh_private_key_file").asText());
      assertEquals(
          host.login().host().orElse(null), vars.path("ansible_host").textValue(), host.name());
      if (host.login().port().isPresent()) {
        assertTrue(
            vars.path("ansible_port").isInt(), host.name() + ": " + vars.path("ansible_port"));
        assertEquals(host.login().port().get(), vars.path("ansible_port").asInt(), host.name());
      } else {
        assertTrue(vars.path("ansible_port").isMissingNode(), host.name());
      }
      // Every variable of the table, as Ansible reads it: the same value, the same YAML type.
      plan.vars()
          .derived()
          .forEach(
              (name, value) ->
                  assertEquals(asJson(value), vars.path(name), name + " as Ansible reads it"));
      assertTrue(vars.path("postgresql_version").isInt());
      assertTrue(vars.path("with_haproxy_load_balancing").isBoolean());
      assertEquals(5000, vars.path("haproxy_listen_port").path("master").asInt());
      plan.vars()
          .passThrough()
          .forEach(
              (name, value) ->
                  assertEquals(
                      asJson(value),
                      vars.path(name),
                      "autobase_vars." + name + " as Ansible reads it"));
    }
  }

  /** Where explain says Ansible logs in is where ansible-inventory says it does. */
  @ParameterizedTest
  @MethodSource("blueprints")
  void explainsLoginIsTheInventorys(Path blueprint) throws IOException {
    ClusterPlan plan = build(blueprint).plan().orElseThrow();
    Tools.Run run = inventoryList();
    JsonNode hostvars = new ObjectMapper().readTree(run.stdout()).path("_meta").path("hostvars");
    for (Host host : plan.hosts()) {
      JsonNode v = hostvars.path(host.address());
      String inventory =
          v.path("ansible_user").asText()
              + "@"
              + v.path("ansible_host").asText(host.address())
              + ":"
              + v.path("ansible_port").asInt(22);
      assertEquals(inventory, plan.sshTarget(host), host.name());
    }
  }

  /**
   * Each host sits in exactly the groups its roles in the blueprint name, read from the blueprint
   * itself (not from the plan): primary is master, replica is replica, and so on.
   */
  @ParameterizedTest
  @MethodSource("blueprints")
  void everyHostIsInExactlyTheGroupsOfItsRoles(Path blueprint) throws IOException {
    Pipeline.Checked checked = Pipeline.check(Blueprints.load(blueprint), false);
    var b = checked.blueprint().orElseThrow();
    build(blueprint);
    Tools.Run run = inventoryList();
    JsonNode inventory = new ObjectMapper().readTree(run.stdout());
    Map<String, String> groupOf =
        Map.of(
            "primary",
            "master",
            "replica",
            "replica",
            "etcd",
            "etcd_cluster",
            "balancer",
            "balancers",
            "backup",
            "pgbackrest");
    for (var node : b.nodes()) {
      TreeSet<String> expected = new TreeSet<>();
      node.roles().forEach(r -> expected.add(groupOf.get(r.word())));
      if (node.roles().stream()
          .anyMatch(r -> r.word().equals("primary") || r.word().equals("replica"))) {
        expected.add("postgres_cluster");
      }
      TreeSet<String> actual = new TreeSet<>();
      for (String group :
          List.of(
              "master", "replica", "etcd_cluster", "balancers", "consul_instances", "pgbackrest")) {
        inventory
            .path(group)
            .path("hosts")
            .forEach(
                h -> {
                  if (h.asText().equals(node.ip())) {
                    actual.add(group);
                  }
                });
      }
      if (actual.contains("master") || actual.contains("replica")) {
        actual.add("postgres_cluster"); // its children, as ansible-inventory lists them
      }
      assertEquals(expected, actual, blueprint + ": " + node.name());
    }
  }

  /**
   * With a vault file, the passwords come out of it at run time, decrypted with the vault password.
   */
  @Test
  void passwordsComeFromTheVaultFile() throws IOException {
    Tools.require("ansible", "ansible-core");
    Tools.require("ansible-vault", "ansible-core");
    // The generated tree sits at <tmp>/generated/orders, so the blueprint's
    // ../../../secrets/orders.vault.yml (from its ansible/ folder) is
    // <tmp>/secrets/orders.vault.yml.
    Pipeline.Result result =
        Pipeline.compile(Blueprints.load(Blueprints.EXAMPLES.resolve("production.yml")));
    assertTrue(result.ok(), () -> result.diagnostics().toString());
    Path ansible = tmp.resolve("generated/orders/ansible");
    Tools.write(tmp.resolve("generated/orders"), result.files());
    Path vault = tmp.resolve("secrets/orders.vault.yml");
    Files.createDirectories(vault.getParent());
    Files.writeString(
        vault,
        "patroni_superuser_password: 'vault-{{ not_templated }}'\npatroni_replication_password: rep-7\n");
    Path password = tmp.resolve("vault-password");
    Files.writeString(password, "correct horse\n");
    Tools.Run encrypt =
        Tools.run(
            tmp,
            "ansible-vault",
            "encrypt",
            "--vault-password-file",
            password.toString(),
            vault.toString());
    assertEquals(0, encrypt.exitCode(), encrypt.stderr());
    assertTrue(Files.readString(vault).startsWith("$ANSIBLE_VAULT;"), "the file is encrypted");

    String msg =
        "msg=[{{ patroni_superuser_password }}][{{ patroni_replication_password }}][{{ pgbouncer_auth_password }}]";
    Tools.Run run =
        Tools.run(
            ansible,
            "ansible",
            "10.20.0.11",
            "-m",
            "ansible.builtin.debug",
            "-a",
            msg,
            "--vault-password-file",
            password.toString());
    assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
    // A key the file lacks is empty (autobase then generates it); a value is data, never a
    // template.
    assertTrue(
        run.stdout().contains("\"msg\": \"[vault-{{ not_templated }}][rep-7][]\""), run.stdout());

    Tools.Run wrong =
        Tools.run(ansible, "ansible", "10.20.0.11", "-m", "ansible.builtin.debug", "-a", msg);
    assertTrue(
        wrong.exitCode() != 0, "without the vault password the run fails: " + wrong.stdout());
  }

  @Test
  void ansibleInventoryGraphShowsTheLabsGroups() throws IOException {
    Tools.require("ansible-inventory", "ansible-core");
    build(Blueprints.LAB);
    Tools.Run run = Tools.run(tmp.resolve("ansible"), "ansible-inventory", "--graph");
    assertEquals(0, run.exitCode(), run.stderr());
    assertEquals(
        String.join(
            "\n",
            "@all:",
            "  |--@ungrouped:",
            "  |--@etcd_cluster:",
            "  |  |--192.168.56.10",
            "  |  |--192.168.56.11",
            "  |  |--192.168.56.12",
            "  |--@consul_instances:",
            "  |--@balancers:",
            "  |  |--192.168.56.10",
            "  |  |--192.168.56.11",
            "  |  |--192.168.56.12",
            "  |--@pgbackrest:",
            "  |--@postgres_cluster:",
            "  |  |--@master:",
            "  |  |  |--192.168.56.10",
            "  |  |--@replica:",
            "  |  |  |--192.168.56.11",
            "  |  |  |--192.168.56.12",
            ""),
        run.stdout());
  }

  @ParameterizedTest
  @MethodSource("blueprints")
  void rubyAcceptsEveryVagrantfile(Path blueprint) throws IOException {
    Tools.require("ruby", "ruby");
    Pipeline.Result result = build(blueprint);
    if (result.plan().orElseThrow().lab().isEmpty()) {
      assertFalse(Files.exists(tmp.resolve("Vagrantfile")));
      return;
    }
    Tools.Run run = Tools.run(tmp, "ruby", "-c", "Vagrantfile");
    assertEquals(0, run.exitCode(), run.stderr());
    assertEquals("Syntax OK\n", run.stdout());
  }

  @ParameterizedTest
  @MethodSource("blueprints")
  void ansiblePlaybooksPassTheSyntaxCheck(Path blueprint) throws IOException {
    Tools.require("ansible-playbook", "ansible-core");
    build(blueprint);
    List<String> playbooks = new ArrayList<>(List.of("deploy.yml", "remove.yml"));
    if (Files.exists(tmp.resolve("ansible/restore.yml"))) {
      playbooks.add("restore.yml");
    }
    for (String playbook : playbooks) {
      Tools.Run run =
          Tools.run(
              tmp.resolve("ansible"),
              Map.of("ANSIBLE_COLLECTIONS_PATH", Tools.STAND_IN_COLLECTIONS.toString()),
              null,
              "ansible-playbook",
              "--syntax-check",
              playbook);
      assertEquals(0, run.exitCode(), playbook + ": " + run.stdout() + run.stderr());
    }
  }

  /** Pass-through strings that look like Jinja2 stay text when Ansible uses them. */
  @Test
  void passThroughTemplatesAreNotEvaluated() throws IOException {
    Tools.require("ansible", "ansible-core");
    build(Blueprints.FIXTURES.resolve("pass-through.yml"));
    Tools.Run run =
        Tools.run(
            tmp.resolve("ansible"),
            "ansible",
            "192.168.58.11",
            "-c",
            "local",
            "-m",
            "ansible.builtin.debug",
            "-a",
            "var=postgresql_data_dir");
    assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
    assertTrue(
        run.stdout().contains("\"postgresql_data_dir\": \"/pgdata/{{ postgresql_version }}/main\""),
        run.stdout());
  }

  /**
   * deploy.yml run on this machine (every host reached locally) with the data directory autobase
   * would look in replaced by a temporary one, and the etcd tuning off: only the wrappers are
   * checked here, the lab runs them on real hosts.
   */
  private Tools.Run deployLocally(Path dataDirectory) {
    return deployLocally(dataDirectory, Map.of());
  }

  /** The environment of a playbook run against the stand-in autobase, with {@code more}. */
  private static Map<String, String> standIns(Map<String, String> more) {
    Map<String, String> env = new java.util.HashMap<>(more);
    env.put("ANSIBLE_COLLECTIONS_PATH", Tools.STAND_IN_COLLECTIONS.toString());
    env.put("ANSIBLE_NOCOLOR", "1");
    return env;
  }

  private Tools.Run deployLocally(Path dataDirectory, Map<String, String> environment) {
    return Tools.run(
        tmp.resolve("ansible"),
        standIns(environment),
        null,
        "ansible-playbook",
        "deploy.yml",
        "-e",
        "ansible_connection=local",
        "-e",
        "ansible_become=false",
        "-e",
        "hagen_etcd_tuning=false",
        "-e",
        "postgresql_data_dir=" + dataDirectory);
  }

  /**
   * deploy.yml imports autobase's deploy and nothing of removal (the removal guard:
   * RemovalGuardTest).
   */
  @Test
  void deployNeverRemoves() throws IOException {
    Tools.require("ansible-playbook", "ansible-core");
    build(Blueprints.LAB);
    Tools.Run deploy = deployLocally(Files.createDirectories(tmp.resolve("pgdata")));
    assertEquals(0, deploy.exitCode(), deploy.stdout());
    assertEquals(3, count(deploy.stdout(), "STAND-IN deploy_pgcluster ran"), deploy.stdout());
    assertEquals(0, count(deploy.stdout(), "remove_cluster"), "deploy never removes");
    assertEquals(0, count(deploy.stdout(), "STAND-IN removal task ran"), "deploy never removes");
  }

  /**
   * On hosts that already run the cluster, deploy.yml stops in its first play: no etcd tuning, no
   * autobase, and a message that says what to use instead.
   */
  @Test
  void aSecondDeployStopsBeforeChangingAnything() throws IOException {
    Tools.require("ansible-playbook", "ansible-core");
    build(Blueprints.LAB);
    Path pgdata = Files.createDirectories(tmp.resolve("pgdata"));
    Files.writeString(pgdata.resolve("PG_VERSION"), "18\n");
    Tools.Run deploy = deployLocally(pgdata);
    assertEquals(2, deploy.exitCode(), deploy.stdout());
    assertTrue(
        deploy
            .stdout()
            .contains(
                "192.168.56.10 already runs this cluster's PostgreSQL ("
                    + pgdata
                    + " is initialized). deploy.yml deploys a new cluster and stopped here:"
                    + " nothing was changed."),
        deploy.stdout());
    assertEquals(0, count(deploy.stdout(), "PLAY [Tune etcd for failover]"), deploy.stdout());
    assertEquals(0, count(deploy.stdout(), "STAND-IN deploy_pgcluster ran"), deploy.stdout());
  }

  /**
   * A user of the blueprint without its password stops deploy.yml in its first play, naming the
   * variable to set; with every user's password set it goes on, and no password is printed.
   */
  @Test
  void aUserWithoutItsPasswordStopsTheDeploy() throws IOException {
    Tools.require("ansible-playbook", "ansible-core");
    build(Blueprints.EXAMPLES.resolve("shop-lab.yml"));
    Path pgdata = Files.createDirectories(tmp.resolve("pgdata"));
    Tools.Run without =
        deployLocally(pgdata, Map.of("HAGEN_USER_MONITORING_PASSWORD", "Mon-1-hunter2"));
    assertEquals(2, without.exitCode(), without.stdout());
    assertTrue(
        without
            .stdout()
            .contains(
                "User shop has no password: set HAGEN_USER_SHOP_PASSWORD on the controller, then"
                    + " run deploy.yml again. Nothing was changed."),
        without.stdout());
    assertEquals(0, count(without.stdout(), "STAND-IN deploy_pgcluster ran"), without.stdout());
    assertEquals(0, count(without.stdout(), "Mon-1-hunter2"), without.stdout());

    Tools.Run with =
        deployLocally(
            pgdata,
            Map.of(
                "HAGEN_USER_SHOP_PASSWORD", "Shop-1-hunter2",
                "HAGEN_USER_MONITORING_PASSWORD", "Mon-1-hunter2"));
    assertEquals(0, with.exitCode(), with.stdout());
    assertEquals(3, count(with.stdout(), "STAND-IN deploy_pgcluster ran"), with.stdout());
    assertEquals(0, count(with.stdout() + with.stderr(), "hunter2"), with.stdout());
  }

  /**
   * An S3 repository's key missing on the controller stops deploy.yml in its first play, naming
   * where it comes from; with both keys set it goes on, and no key is printed.
   */
  @Test
  void anS3KeyMissingStopsTheDeploy() throws IOException {
    Tools.require("ansible-playbook", "ansible-core");
    build(Blueprints.FIXTURES.resolve("backups-minio.yml"));
    Path pgdata = Files.createDirectories(tmp.resolve("pgdata"));
    Tools.Run without = deployLocally(pgdata, Map.of("HAGEN_S3_KEY", "AKIA-hunter2"));
    assertEquals(2, without.exitCode(), without.stdout());
    assertTrue(
        without
            .stdout()
            .contains(
                "pgbackrest_s3_key_secret is empty: set HAGEN_S3_KEY_SECRET on the controller,"
                    + " then run deploy.yml again. Nothing was changed."),
        without.stdout());
    assertEquals(0, count(without.stdout(), "STAND-IN deploy_pgcluster ran"), without.stdout());

    Tools.Run with =
        deployLocally(
            pgdata, Map.of("HAGEN_S3_KEY", "AKIA-hunter2", "HAGEN_S3_KEY_SECRET", "s3-hunter2"));
    assertEquals(0, with.exitCode(), with.stdout());
    assertEquals(3, count(with.stdout(), "STAND-IN deploy_pgcluster ran"), with.stdout());
    assertEquals(0, count(with.stdout() + with.stderr(), "hunter2"), with.stdout());
  }

  /**
   * restore.yml as the cluster README prints it (on this machine, against the stand-in autobase),
   * plus {@code more}.
   */
  private Tools.Run restore(String command, String more) {
    return restore(command, more, PlanStepsTest.LAB.replace("\"shop\"", "\"backup-lab\""));
  }

  /**
   * restore.yml run as printed, against the stand-ins: Patroni's {@code members} after the restore,
   * the leader's timeline history file at {@code tmp/00000002.history}.
   */
  private Tools.Run restore(String command, String more, String members) {
    Map<String, String> env = new java.util.HashMap<>();
    env.put("PATH", Tools.STAND_INS.resolve("bin") + ":" + System.getenv("PATH"));
    env.put("HAGEN_STANDIN_PATRONI_MEMBERS", members);
    env.put("HAGEN_STANDIN_LOG", tmp.resolve("stand-in.log").toString());
    env.put("HAGEN_STANDIN_PSQL_HISTORY", history().toString());
    return Tools.run(
        tmp.resolve("ansible"),
        standIns(env),
        null,
        "sh",
        "-c",
        command + " -e ansible_connection=local -e ansible_become=false " + more);
  }

  /** The leader's timeline history file, as restore.yml finds it after the restore. */
  private Path history() {
    Path file = tmp.resolve("00000002.history");
    try {
      if (!Files.exists(file)) {
        Files.writeString(file, "1\t0/3000060\tno recovery target specified\n");
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return file;
  }

  /**
   * The README's restore command hands autobase's deploy pgBackRest's point-in-time restore with
   * the time given; without the tag, without a time, or with a time without its UTC offset, it
   * stops in its first play, and past that play the bootstrap method stays initdb.
   */
  @Test
  void restoreRunsOnlyWithTheTagAndATime() throws IOException {
    Tools.require("ansible-playbook", "ansible-core");
    build(Blueprints.EXAMPLES.resolve("backup-lab.yml"));
    String readme = Files.readString(tmp.resolve("README.md"));
    String command =
        readme
            .lines()
            .map(String::strip)
            .filter(l -> l.startsWith("ansible-playbook restore.yml"))
            .findFirst()
            .orElseThrow();
    Tools.Run asPrinted = restore(command, "");
    assertEquals(0, asPrinted.exitCode(), asPrinted.stdout());
    // Then the new timeline's history file reaches the repository, the backups are checked and a
    // full backup is taken.
    List<String> pgbackrest =
        Files.readAllLines(tmp.resolve("stand-in.log")).stream()
            .filter(l -> l.startsWith("pgbackrest "))
            .distinct()
            .toList();
    assertEquals(
        List.of(
            "pgbackrest --stanza=backup-lab archive-push " + history(),
            "pgbackrest --stanza=backup-lab check",
            "pgbackrest --stanza=backup-lab --type=full backup"),
        pgbackrest);
    // A replica that does not stream on the leader's timeline stops it, naming the replica.
    Tools.Run behind =
        restore(
            command,
            "-e restore_wait_seconds=0",
            PlanStepsTest.members(
                PlanStepsTest.member("backup-lab-1", "192.168.63.10", "Leader", "running"),
                PlanStepsTest.member("backup-lab-2", "192.168.63.11", "Replica", "streaming"),
                PlanStepsTest.member("backup-lab-3", "192.168.63.12", "Replica", "stopped")));
    assertNotEquals(0, behind.exitCode(), behind.stdout());
    assertTrue(behind.stdout().contains("but backup-lab-3 does not stream"), behind.stdout());
    assertEquals(
        3,
        count(
            asPrinted.stdout(),
            "bootstrap=pgbackrest restore_command=/usr/bin/pgbackrest --stanza=backup-lab"
                + " --type=time '--target=2026-01-31 14:30:00+00' --delta restore"),
        asPrinted.stdout());

    String bare = "ansible-playbook restore.yml";
    for (String refused :
        List.of(
            bare,
            bare + " --tags point_in_time_recovery",
            bare + " -e \"restore_target='2026-01-31 14:30:00+00'\"",
            bare + " --tags point_in_time_recovery -e \"restore_target='2026-01-31 14:30:00'\"",
            bare + " --tags point_in_time_recovery -e \"restore_target='yesterday; rm -rf /'\"")) {
      Tools.Run run = restore(refused, "");
      assertEquals(2, run.exitCode(), refused + ": " + run.stdout());
      assertTrue(run.stdout().contains("Nothing was restored."), refused + ": " + run.stdout());
      assertEquals(0, count(run.stdout(), "STAND-IN deploy_pgcluster ran"), run.stdout());
    }
    // Past the first play (--start-at-task skips it) without a time: autobase's deploy runs with
    // initdb, and its own check refuses a data directory that is there.
    Tools.Run skipped =
        restore(bare + " --tags point_in_time_recovery", "--start-at-task 'Say what would run'");
    assertEquals(0, skipped.exitCode(), skipped.stdout());
    assertEquals(3, count(skipped.stdout(), "bootstrap=initdb"), skipped.stdout());
    assertEquals(0, count(skipped.stdout(), "bootstrap=pgbackrest"), skipped.stdout());
  }

  /**
   * Blueprint data as ansible-inventory prints it: YAML types kept, every string exactly as
   * written.
   */
  private static JsonNode asJson(Object value) {
    ObjectMapper json = new ObjectMapper();
    if (value == dev.hagen.plan.ClusterPlan.YAML_NULL) {
      return json.nullNode();
    } else if (value instanceof dev.hagen.plan.ClusterPlan.Jinja j) {
      // hagen's and autobase's own expressions: for Ansible to evaluate, so not marked unsafe.
      return json.getNodeFactory().textNode(j.text());
    } else if (value instanceof String s && dev.hagen.render.Literals.hasJinja(s)) {
      // ansible-inventory marks a !unsafe string (one Ansible will never template) this way.
      return json.createObjectNode().put("__ansible_unsafe", s);
    } else if (value instanceof java.math.BigDecimal d) {
      return json.getNodeFactory().numberNode(d.doubleValue());
    } else if (value instanceof java.math.BigInteger i) {
      return i.bitLength() < 32
          ? json.getNodeFactory().numberNode(i.intValue())
          : json.getNodeFactory().numberNode(i.longValue());
    } else if (value instanceof List<?> list) {
      var array = json.createArrayNode();
      list.forEach(v -> array.add(asJson(v)));
      return array;
    } else if (value instanceof Map<?, ?> map) {
      var object = json.createObjectNode();
      map.forEach((k, v) -> object.set((String) k, asJson(v)));
      return object;
    }
    return json.valueToTree(value);
  }

  private static int count(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }
}
