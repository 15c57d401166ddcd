package dev.hagen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hagen.blueprint.BlueprintSource;
import dev.hagen.diagnostic.Diagnostic;
import dev.hagen.render.GeneratedFile;
import dev.hagen.render.InventoryReader;
import dev.hagen.render.Literals;
import dev.hagen.render.RubyReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every string field of a blueprint, with payloads that are code or structure in the languages
 * hagen writes. Each payload is either refused with a diagnostic on its own line, or reaches its
 * file as inert data that reads back as exactly the payload, while the rest of the file means what
 * it meant (the render stage's read-back compares every file's whole meaning with the plan).
 */
class InjectionTest {
  static final List<String> PAYLOADS =
      Stream.of(
              Payloads.HOSTILE.stream(),
              Stream.of(
                  "../../etc/passwd",
                  "/etc/passwd",
                  "..",
                  ".",
                  "a/b",
                  "C:\\Windows",
                  "- a",
                  "key: value",
                  "*ref",
                  "&anchor x",
                  "!!str x",
                  "|",
                  ">-",
                  "---\nx: 1",
                  "%YAML 1.1",
                  "a=b",
                  "a b",
                  "[all]",
                  "x\n[all:vars]\nansible_user=root",
                  "host ansible_connection=local",
                  "'; system('id'); '",
                  "\" + `id` + \"",
                  "__END__",
                  "=begin",
                  "${IFS}id",
                  "$(touch /tmp/pwned)",
                  "{{ 7*7 }}",
                  "{% raw %}x{% endraw %}",
                  "{{ lookup('pipe','id') }}",
                  "PostgreSQL-1",
                  "n1",
                  "ubuntu/jammy64",
                  "~/.ssh/id_ed25519",
                  "enp0s8",
                  "192.168.56.70",
                  "2.5.2",
                  "en_US.UTF-8",
                  "half \uD800 a pair"))
          .flatMap(s -> s)
          .distinct()
          .toList();

  /** A blueprint field: how the payload gets into the blueprint, and how to read it back. */
  record Field(String name, String line, BiConsumer<String, List<GeneratedFile>> readBack) {
    BlueprintSource with(String payload) {
      String text = Blueprints.load(Blueprints.LAB).text();
      if (!text.contains(line)) {
        throw new IllegalArgumentException(line);
      }
      // The line's key, then the payload as a double-quoted YAML scalar (its comment goes).
      String replaced = line.substring(0, line.indexOf(':') + 1) + " " + quoted(payload);
      return new BlueprintSource("lab.yml", "lab.yml", text.replace(line, replaced));
    }

    int lineNumber() {
      List<String> lines = Blueprints.load(Blueprints.LAB).text().lines().toList();
      return lines.indexOf(line.split("\n", -1)[0]) + 1;
    }
  }

  /** A YAML double-quoted scalar for the blueprint (no !unsafe: blueprints have no tags). */
  static String quoted(String s) {
    return Literals.yaml(s).replaceFirst("^!unsafe ", "");
  }

  static String file(List<GeneratedFile> files, String path) {
    return files.stream().filter(f -> f.path().equals(path)).findFirst().orElseThrow().content();
  }

  static Object groupVar(List<GeneratedFile> files, String name) {
    return ((Map<?, ?>)
            dev.hagen.render.ReadBackAccess.yaml(
                file(files, "ansible/inventories/group_vars/all.yml")))
        .get(name);
  }

  static final List<Field> FIELDS =
      List.of(
          new Field(
              "cluster.name",
              "  name: postgres-cluster          # patroni_cluster_name and the output folder name",
              (p, files) ->
                  assertEquals(
                      dev.hagen.render.ReadBackAccess.data(p),
                      groupVar(files, "patroni_cluster_name"))),
          new Field(
              "nodes[0].name",
              "  - { name: postgresql-1, ip: 192.168.56.10, ssh_port: 6996,  roles: [primary, etcd, balancer] }",
              (p, files) -> {
                var hosts = InventoryReader.read(file(files, "ansible/inventories/hosts")).hosts();
                assertEquals(p, hosts.get("master").get("192.168.56.10").get("hostname"));
                assertTrue(RubyReader.literals(file(files, "Vagrantfile")).contains(p));
              }),
          new Field(
              "vagrant.box",
              "  box: ubuntu/jammy64",
              (p, files) ->
                  assertTrue(RubyReader.literals(file(files, "Vagrantfile")).contains(p))),
          new Field(
              "ssh.user",
              "  user: vagrant",
              (p, files) ->
                  assertEquals(
                      p,
                      InventoryReader.read(file(files, "ansible/inventories/hosts"))
                          .vars()
                          .get("all")
                          .get("ansible_user"))),
          new Field(
              "ssh.private_key",
              "  private_key: ~/.ssh/vmbox",
              (p, files) ->
                  assertEquals(
                      p,
                      InventoryReader.read(file(files, "ansible/inventories/hosts"))
                          .vars()
                          .get("all")
                          .get("ansible_ssh_private_key_file"))),
          new Field(
              "ssh.public_key",
              "  public_key: ~/.ssh/vmbox.pub    # installed into each guest by the Vagrantfile",
              (p, files) ->
                  assertTrue(RubyReader.literals(file(files, "Vagrantfile")).contains(p))),
          new Field(
              "network.interface",
              "  interface: enp0s8               # that network's NIC inside each guest (vip_interface)",
              (p, files) ->
                  assertEquals(
                      dev.hagen.render.ReadBackAccess.data(p), groupVar(files, "vip_interface"))),
          new Field(
              "network.vip",
              "  vip: 192.168.56.69              # clients use VIP:5000 (read-write), VIP:5001 (read-only)",
              (p, files) -> assertEquals(p, groupVar(files, "cluster_vip"))),
          new Field(
              "cluster.autobase_version",
              "  autobase_version: 2.6.0         # pinned in ansible/requirements.yml",
              (p, files) -> {}),
          new Field(
              "nodes[0].ssh_host",
              "",
              (p, files) -> assertEquals(p, masterVars(files).get("ansible_host"))),
          new Field(
              "nodes[0].ssh_user",
              "",
              (p, files) -> assertEquals(p, masterVars(files).get("ansible_user"))),
          new Field(
              "nodes[0].ssh_private_key",
              "",
              (p, files) -> assertEquals(p, masterVars(files).get("ansible_ssh_private_key_file"))),
          new Field(
              "secrets.vault_file",
              "",
              (p, files) ->
                  assertEquals(
                      "{{ lookup('ansible.builtin.unvault', "
                          + (p.startsWith("/") ? "'" + p + "'" : "inventory_dir ~ '/../" + p + "'")
                          + ") | from_yaml }}",
                      groupVar(files, "hagen_vault"))),
          new Field(
              "autobase_vars value",
              "  extensions: []                  # e.g. [timescaledb, citus] -> enable_* flags\n",
              (p, files) ->
                  assertEquals(
                      dev.hagen.render.ReadBackAccess.data(p),
                      groupVar(files, "postgresql_data_dir"))),
          new Field(
              "autobase_vars key",
              "  extensions: []                  # e.g. [timescaledb, citus] -> enable_* flags\n",
              (p, files) ->
                  assertEquals(
                      "v",
                      ((Map<?, ?>) ((List<?>) groupVar(files, "postgresql_pg_ident")).get(0))
                          .get(dev.hagen.render.ReadBackAccess.data(p)))),
          new Field(
              "postgresql.parameters value",
              "",
              (p, files) ->
                  assertEquals(
                      dev.hagen.render.ReadBackAccess.data(p),
                      entry(files, "postgresql_parameters", "option", "log_line_prefix")
                          .get("value"))),
          new Field(
              "postgresql.users name",
              "",
              (p, files) ->
                  assertEquals(
                      dev.hagen.render.ReadBackAccess.data(p),
                      ((Map<?, ?>) ((List<?>) groupVar(files, "postgresql_users")).get(1))
                          .get("name"))),
          new Field(
              "postgresql.pg_hba address",
              "",
              (p, files) ->
                  assertEquals(
                      dev.hagen.plan.PostgresqlSettings.network(p),
                      entry(files, "postgresql_pg_hba", "method", "scram-sha-256").get("address"))),
          new Field(
              "postgresql.databases locale",
              "",
              (p, files) ->
                  assertEquals(
                      dev.hagen.render.ReadBackAccess.data(p),
                      ((Map<?, ?>) ((List<?>) groupVar(files, "postgresql_databases")).get(0))
                          .get("lc_collate"))));

  /** Blueprint text appended to the lab for a field of a section the lab does not have. */
  static final Map<String, String> APPENDED =
      Map.of(
          "autobase_vars value", "autobase_vars:\n  postgresql_data_dir: %s\n",
          "autobase_vars key",
              "autobase_vars:\n  postgresql_pg_ident:\n    - { mapname: x, %s: v }\n",
          "postgresql.parameters value", "postgresql:\n  parameters:\n    log_line_prefix: %s\n",
          "postgresql.users name", "postgresql:\n  users:\n    - { name: %s }\n",
          "postgresql.pg_hba address", "postgresql:\n  pg_hba:\n    - { address: %s }\n",
          "postgresql.databases locale",
              "postgresql:\n  databases:\n    - { name: app, locale: %s }\n",
          "secrets.vault_file", "secrets:\n  vault_file: %s\n");

  /** The entry of a list variable whose {@code key} is {@code value}. */
  static Map<?, ?> entry(List<GeneratedFile> files, String variable, String key, Object value) {
    return ((List<?>) groupVar(files, variable))
        .stream()
            .map(e -> (Map<?, ?>) e)
            .filter(e -> value.equals(e.get(key)))
            .reduce((a, b) -> b)
            .orElseThrow();
  }

  /** The first node's variables in the inventory's master group. */
  static Map<String, Object> masterVars(List<GeneratedFile> files) {
    return InventoryReader.read(file(files, "ansible/inventories/hosts"))
        .hosts()
        .get("master")
        .get("192.168.56.10");
  }

  /** The lab as machines that already exist: where a node's own connection settings belong. */
  static String existingMachines() {
    return Blueprints.load(Blueprints.LAB)
        .text()
        .replaceAll("(?m)^vagrant:.*\n(  (provider|box|cpus|memory_mb).*\n)+", "")
        .replaceAll("ssh_port: [0-9]+, *", "");
  }

  static Stream<Arguments> cases() {
    return FIELDS.stream().flatMap(f -> PAYLOADS.stream().map(p -> Arguments.of(f.name(), p)));
  }

  static Field field(String name) {
    return FIELDS.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
  }

  /** The blueprint with the payload in the named field. */
  static BlueprintSource blueprint(String fieldName, String payload) {
    Field f = field(fieldName);
    if (APPENDED.containsKey(fieldName)) {
      return new BlueprintSource(
          "lab.yml",
          "lab.yml",
          Blueprints.load(Blueprints.LAB).text()
              + APPENDED.get(fieldName).formatted(quoted(payload)));
    }
    if (fieldName.startsWith("nodes[0].ssh_")) {
      String key = fieldName.substring("nodes[0].".length());
      return new BlueprintSource(
          "lab.yml",
          "lab.yml",
          existingMachines()
              .replace(
                  "{ name: postgresql-1,",
                  "{ name: postgresql-1, " + key + ": " + quoted(payload) + ","));
    }
    if (fieldName.equals("nodes[0].name")) {
      return new BlueprintSource(
          "lab.yml",
          "lab.yml",
          Blueprints.load(Blueprints.LAB)
              .text()
              .replace("{ name: postgresql-1,", "{ name: " + quoted(payload) + ","));
    }
    return f.with(payload);
  }

  static int payloadLine(String fieldName) {
    return switch (fieldName) {
      case "autobase_vars value", "secrets.vault_file" -> 32;
      case "autobase_vars key",
          "postgresql.parameters value",
          "postgresql.users name",
          "postgresql.pg_hba address",
          "postgresql.databases locale" ->
          33;
      case "nodes[0].ssh_host", "nodes[0].ssh_user", "nodes[0].ssh_private_key" ->
          existingMachines()
                  .lines()
                  .toList()
                  .indexOf(
                      existingMachines()
                          .lines()
                          .filter(l -> l.contains("name: postgresql-1,"))
                          .findFirst()
                          .orElseThrow())
              + 1;
      default -> field(fieldName).lineNumber();
    };
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("cases")
  void refusedOnItsLineOrReadBackExactly(String fieldName, String payload) {
    Pipeline.Result result = Pipeline.compile(blueprint(fieldName, payload));
    if (!result.ok()) {
      List<Diagnostic> errors = result.diagnostics().stream().filter(Diagnostic::isError).toList();
      assertFalse(errors.isEmpty());
      assertTrue(
          errors.stream().anyMatch(d -> d.position().line() == payloadLine(fieldName)),
          "refused, but not on the payload's line " + payloadLine(fieldName) + ": " + errors);
      return;
    }
    field(fieldName).readBack().accept(payload, result.files());
  }

  @Test
  void everyFieldAcceptsSomePayloadsAndRefusesOthers() {
    for (Field f : FIELDS) {
      long accepted =
          PAYLOADS.stream().filter(p -> Pipeline.compile(blueprint(f.name(), p)).ok()).count();
      assertTrue(
          accepted < PAYLOADS.size() || f.name().startsWith("autobase_vars"),
          f.name() + " refuses nothing");
      assertTrue(accepted > 0, f.name() + " accepts nothing: the test proves nothing for it");
    }
  }

  @TempDir Path tmp;

  /** The real Ruby: each accepted box and public key path is exactly a string Vagrant receives. */
  @Test
  @Tag(Tools.TIER)
  void rubyReadsEveryAcceptedVagrantfileValueBack() throws IOException {
    Tools.require("ruby", "ruby");
    Path recorder = Path.of("src/test/resources/ruby/vagrantfile-strings.rb").toAbsolutePath();
    int checked = 0;
    for (String payload : PAYLOADS) {
      for (String fieldName : List.of("vagrant.box", "ssh.public_key")) {
        Pipeline.Result result = Pipeline.compile(blueprint(fieldName, payload));
        if (!result.ok()) {
          continue;
        }
        Path vagrantfile = tmp.resolve("Vagrantfile");
        Files.writeString(vagrantfile, file(result.files(), "Vagrantfile"));
        Tools.Run run = Tools.run(tmp, "ruby", recorder.toString(), vagrantfile.toString());
        assertEquals(0, run.exitCode(), run.stderr());
        List<String> strings = new ArrayList<>();
        for (JsonNode s : new ObjectMapper().readTree(run.stdout())) {
          StringBuilder sb = new StringBuilder();
          s.forEach(c -> sb.appendCodePoint(c.asInt()));
          strings.add(sb.toString());
        }
        assertTrue(strings.contains(payload), fieldName + ": " + payload + " not among " + strings);
        checked++;
      }
    }
    assertTrue(checked > 50, "only " + checked + " payloads reached a Vagrantfile");
  }

  /**
   * The real ansible-inventory: the key path and a pass-through string read back exactly,
   * unevaluated.
   */
  @Test
  @Tag(Tools.TIER)
  void ansibleInventoryReadsEveryAcceptedValueBack() throws IOException {
    Tools.require("ansible-inventory", "ansible-core");
    int checked = 0;
    for (String payload : PAYLOADS) {
      String text =
          blueprint("ssh.private_key", payload).text()
              + "autobase_vars:\n  postgresql_data_dir: "
              + quoted(payload)
              + "\n";
      Pipeline.Result result = Pipeline.compile(new BlueprintSource("lab.yml", "lab.yml", text));
      if (!result.ok()) {
        continue;
      }
      Path dir = tmp.resolve("t" + checked);
      Tools.write(dir, result.files());
      Tools.Run run =
          Tools.run(dir.resolve("ansible"), "ansible-inventory", "--host", "192.168.56.10");
      assertEquals(0, run.exitCode(), payload + ": " + run.stderr());
      JsonNode vars = new ObjectMapper().readTree(run.stdout());
      assertEquals(payload, vars.path("ansible_ssh_private_key_file").asText(), run.stdout());
      JsonNode dataDir = vars.path("postgresql_data_dir");
      assertEquals(
          payload,
          Literals.hasJinja(payload)
              ? dataDir.path("__ansible_unsafe").asText()
              : dataDir.asText());
      checked++;
    }
    assertTrue(checked > 50, "only " + checked + " payloads reached the inventory");
  }
}
