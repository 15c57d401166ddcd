package dev.hagen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hagen.state.Observation;
import dev.hagen.state.ObservationCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lab blueprint's observe.yml, run by ansible-playbook with a local connection against the
 * stand-ins (every host is this machine): it changes nothing on any host (each play's recap says
 * changed=0 but the controller's one write, and no stand-in was asked to restart, edit, stop or set
 * anything), writes an observation hagen reads back whole, and in --check mode writes nothing.
 */
@Tag(Tools.TIER)
class ObserveToolsTest {
  @TempDir Path tmp;

  /** The server as observe.yml's query describes it: PostgreSQL 18, a primary. */
  static final String SERVER =
      "{\"server_version_num\": 180001, \"system_identifier\": \"7444000000000000001\","
          + " \"in_recovery\": false, \"data_checksums\": true,"
          + " \"settings\": [{\"name\": \"max_connections\", \"setting\": \"100\", \"unit\": null,"
          + " \"source\": \"configuration file\", \"pending_restart\": false}],"
          + " \"pg_hba\": [{\"line\": 1, \"type\": \"local\", \"database\": [\"all\"],"
          + " \"user_name\": [\"postgres\"], \"address\": null, \"netmask\": null,"
          + " \"auth_method\": \"trust\", \"options\": null, \"error\": null}],"
          + " \"roles\": [{\"name\": \"postgres\", \"login\": true, \"superuser\": true,"
          + " \"createdb\": true, \"createrole\": true, \"replication\": true, \"bypassrls\": true,"
          + " \"inherit\": true, \"member_of\": []}],"
          + " \"databases\": [{\"name\": \"postgres\", \"owner\": \"postgres\", \"encoding\":"
          + " \"UTF8\", \"locale\": \"en_US.UTF-8\"}]}";

  private Tools.Run observe(String... more) throws IOException {
    Tools.require("ansible-playbook", "ansible-core");
    Pipeline.Result built = Pipeline.compile(Blueprints.load(Blueprints.LAB));
    assertTrue(built.ok(), () -> built.diagnostics().toString());
    Tools.write(tmp, built.files());
    List<String> command =
        new ArrayList<>(
            List.of(
                "ansible-playbook",
                "observe.yml",
                "-e",
                "ansible_connection=local",
                "-e",
                "ansible_become=false",
                "-e",
                "etcd_bin_dir=" + Tools.STAND_INS.resolve("bin").toAbsolutePath()));
    command.addAll(List.of(more));
    Map<String, String> env = new HashMap<>();
    env.put("ANSIBLE_COLLECTIONS_PATH", Tools.STAND_IN_COLLECTIONS.toAbsolutePath().toString());
    env.put("ANSIBLE_NOCOLOR", "1");
    env.put(
        "HAGEN_STANDIN_PATRONI_MEMBERS",
        PlanStepsTest.members(
            PlanStepsTest.member("postgresql-1", "192.168.56.10", "Leader", "running"),
            PlanStepsTest.member("postgresql-2", "192.168.56.11", "Replica", "streaming"),
            PlanStepsTest.member("postgresql-3", "192.168.56.12", "Replica", "streaming")));
    env.put(
        "HAGEN_STANDIN_PATRONI_CONFIG",
        "loop_wait: 5\nttl: 20\npostgresql:\n  parameters:\n    max_connections: 100\n    primary_conninfo: password=secret\n");
    env.put("HAGEN_STANDIN_OBSERVED_SERVER", SERVER);
    env.put(
        "HAGEN_STANDIN_ETCD_MEMBERS",
        "{\"members\": [{\"name\": \"postgresql-1\"}, {\"name\": \"postgresql-2\"},"
            + " {\"name\": \"postgresql-3\"}]}");
    env.put("PATH", Tools.STAND_INS.resolve("bin").toAbsolutePath() + ":" + System.getenv("PATH"));
    env.put("HAGEN_STANDIN_LOG", tmp.resolve("stand-in.log").toString());
    return Tools.run(tmp.resolve("ansible"), env, null, command.toArray(String[]::new));
  }

  /** Each host's changed= count in the play recap. */
  private static Map<String, Integer> changed(String stdout) {
    Map<String, Integer> out = new HashMap<>();
    Matcher m = Pattern.compile("(?m)^(\\S+)\\s+: ok=\\d+\\s+changed=(\\d+)").matcher(stdout);
    while (m.find()) {
      out.put(m.group(1), Integer.parseInt(m.group(2)));
    }
    return out;
  }

  @Test
  void itChangesNothingOnAnyHostAndWritesOneObservation() throws IOException {
    Tools.Run run = observe();
    assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
    Map<String, Integer> changed = changed(run.stdout());
    assertEquals(
        Map.of("localhost", 1, "192.168.56.10", 0, "192.168.56.11", 0, "192.168.56.12", 0),
        changed,
        run.stdout());
    // The stand-ins write down what they were asked to change: nothing but psql's stop-on-error.
    List<String> asked =
        Files.readAllLines(tmp.resolve("stand-in.log")).stream()
            .filter(l -> !l.equals("psql -v ON_ERROR_STOP=1"))
            .filter(l -> !l.startsWith("ip -json -4 address show"))
            .filter(l -> !l.startsWith("etcdctl member list --write-out=json"))
            .toList();
    assertEquals(List.of(), asked);
    byte[] bytes = Files.readAllBytes(tmp.resolve(Observation.FILE));
    String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    assertFalse(text.contains("secret"), "a conninfo's password reached the observation");
    ObservationCodec.Read read = ObservationCodec.read(bytes, Observation.FILE);
    assertEquals(List.of(), read.problems());
    Observation o = read.observation().orElseThrow();
    assertEquals("postgres-cluster", o.cluster());
    assertEquals(3, o.members().size());
    assertEquals(3, o.hosts().size());
    assertEquals(List.of("postgresql-1", "postgresql-2", "postgresql-3"), o.etcdMembers());
    assertEquals("100", o.dcsParameters().get("max_connections"));
    assertFalse(o.dcsParameters().containsKey("primary_conninfo"));
    assertEquals(List.of(), o.unreached());
    assertTrue(o.vipHolders().contains("192.168.56.10 127.0.0.1"), o.vipHolders().toString());
    assertEquals(64, o.recordSha256().length());
  }

  @Test
  void inCheckModeItWritesNothing() throws IOException {
    Tools.Run run = observe("--check");
    assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
    assertFalse(Files.exists(tmp.resolve(Observation.FILE)));
    assertTrue(
        changed(run.stdout()).entrySet().stream()
            .allMatch(e -> e.getKey().equals("localhost") || e.getValue() == 0),
        run.stdout());
  }
}
