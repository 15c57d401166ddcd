package dev.hagen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hagen.Blueprints;
import dev.hagen.Pipeline;
import dev.hagen.blueprint.Limits;
import dev.hagen.change.ChangePlanner;
import dev.hagen.plan.ClusterPlan;
import dev.hagen.render.GeneratedFile;
import dev.hagen.state.ClusterState;
import dev.hagen.state.StateCodec;
import dev.hagen.steps.ChangePlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a hostile pull request can change in a cluster's tree, and what hagen makes of it: the
 * record and the manifest changed together, the blueprint and group_vars swapped under steps that
 * already ran, a symlinked folder beside the cluster's, values written to break out of Markdown.
 * Each is refused with a diagnostic (never an exit 70 or 74), reads nothing outside the output
 * folder, or is shown as data.
 */
class HostilePullRequestTest {
  @TempDir Path tmp;

  /** A pull request's edit of a file of the tree, with the manifest's hash of it to match. */
  private static void edit(Path tree, String path, String text) throws IOException {
    Path file = tree.resolve(path);
    String was = Files.readString(file);
    Files.writeString(file, text);
    Path manifest = tree.resolve(".hagen-manifest");
    Files.writeString(
        manifest,
        Files.readString(manifest).replace(sha256(was) + "  " + path, sha256(text) + "  " + path));
  }

  private static String sha256(String text) {
    return new GeneratedFile("", text).sha256();
  }

  private ChangeCorpusTest.Built built(String pair) throws IOException {
    return ChangeCorpusTest.built(ChangeCorpusTest.CHANGES.resolve(pair), tmp);
  }

  private static Map<String, String> files(Path dir) throws IOException {
    return ChangeCorpusTest.files(dir);
  }

  // --- a record changed with its manifest --------------------------------------------------

  /**
   * Record values that would reach a step as code or at the wrong host, and a record too large:
   * each a positioned HG910, exit 1 for plan and build, and nothing written.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "a login that Ansible would template|  - name: \"pg-3\"\\n    address: \"192.168.56.13\"\\n"
            + "    roles: [\"replica\", \"etcd\", \"balancer\"]\\n"
            + "|  - name: \"pg-3\"\\n    address: \"192.168.56.13\"\\n"
            + "    roles: [\"replica\", \"etcd\", \"balancer\"]\\n"
            + "    ssh_user: \"{{ lookup('pipe','id') }}\"\\n|28:15",
        "a second name for a kept node's address|  - name: \"pg-3\"\\n"
            + "|  - name: \"pg-2-old\"\\n    address: \"192.168.56.12\"\\n"
            + "    roles: [\"replica\"]\\n  - name: \"pg-3\"\\n|26:14",
        "a parameter name that ends the argument|    max_connections:"
            + "|    \"wal_level=minimal #\": \"replica\"\\n    max_connections:|34:5",
        "an address with more after it|    address: \"192.168.56.13\""
            + "|    address: \"192.168.56.13 x=1\"|26:14",
      })
  void aRecordValueABlueprintCouldNotHoldIsRefusedAtItsLine(
      String what, String from, String to, String at) throws IOException {
    ChangeCorpusTest.Built b = built("03-remove-replica");
    Path record = b.tree().resolve(ClusterState.FILE);
    String text = Files.readString(record);
    String from1 = from.replace("\\n", "\n");
    assertTrue(text.contains(from1), what + ": the record has " + from1);
    edit(
        b.tree(),
        ClusterState.FILE,
        text.replaceFirst(
            java.util.regex.Pattern.quote(from1),
            java.util.regex.Matcher.quoteReplacement(to.replace("\\n", "\n"))));
    JsonNode doc = ChangeCorpusTest.plan(b);
    assertEquals(1, doc.path("exit").asInt(), what + ": " + doc);
    JsonNode first = doc.path("diagnostics").get(0);
    assertEquals("HG910", first.path("code").asText(), doc.toString());
    assertTrue(first.path("file").asText().endsWith(ClusterState.FILE), doc.toString());
    assertEquals(at, first.path("line").asInt() + ":" + first.path("column").asInt(), what);
    Map<String, String> before = files(b.out());
    Cli.Run build = Cli.hagen("build", b.blueprint().toString(), "-o", b.out().toString());
    assertEquals(ExitCode.INVALID_BLUEPRINT, build.code(), build.err());
    assertEquals(before, files(b.out()), "nothing written");
    assertFalse(build.err().contains("uid="), "nothing was templated: " + build.err());
  }

  @Test
  void aRecordTooLargeIsADamagedRecordNotTheMachines() throws IOException {
    ChangeCorpusTest.Built b = built("19-nothing-changed");
    Path record = b.tree().resolve(ClusterState.FILE);
    edit(
        b.tree(),
        ClusterState.FILE,
        Files.readString(record) + "#".repeat(Limits.MAX_OWN_FILE) + "\n");
    JsonNode doc = ChangeCorpusTest.plan(b);
    assertEquals(1, doc.path("exit").asInt(), doc.toString());
    assertEquals("HG910", doc.path("diagnostics").get(0).path("code").asText(), doc.toString());
    Cli.Run build = Cli.hagen("build", b.blueprint().toString(), "-o", b.out().toString());
    assertEquals(ExitCode.INVALID_BLUEPRINT, build.code(), build.err());
  }

  /** Every problem of a damaged record in one run, each at its line. */
  @Test
  void everyProblemOfARecordIsReportedAtOnce() {
    String text =
        "format: 2\ncluster: \"x/../y\"\nblueprint: \"b.yml\"\npostgresql_version: 99\n"
            + "autobase_version: \"2.6.0\"\ndcs: \"zookeeper\"\ndata_dir: null\nvip: null\n"
            + "haproxy: true\nnodes:\n  - name: \"a\"\n    address: \"10.0.0.1\"\n"
            + "    roles: [\"primary\", \"primary\"]\n    ssh_port: 70000\n"
            + "settings: {parameters: {}, pg_hba: [], patroni: {}, users: {}, databases: {},"
            + " pools: {}}\n";
    StateCodec.Read read = StateCodec.read(text, "hagen-state.yml");
    assertTrue(read.record().isEmpty());
    List<String> at =
        read.problems().stream().map(d -> d.position().line() + " " + d.message()).toList();
    assertEquals(5, at.size(), at.toString());
    assertTrue(at.get(0).startsWith("2 "), at.toString());
    assertTrue(at.get(1).startsWith("4 "), at.toString());
    assertTrue(at.get(2).startsWith("6 "), at.toString());
    assertTrue(at.get(3).startsWith("13 "), at.toString());
    assertTrue(at.get(4).startsWith("14 "), at.toString());
  }

  /**
   * The rule behind the removal step's target: a record node removed may never be a host the
   * blueprint keeps, even in a record that reached the planner some other way.
   */
  @Test
  void aRemovalNeverTargetsAKeptHost() {
    Pipeline.Result after =
        Pipeline.compile(
            Blueprints.load(ChangeCorpusTest.CHANGES.resolve("03-remove-replica/after.yml")));
    ClusterPlan plan = after.plan().orElseThrow();
    ClusterState now = plan.state();
    List<ClusterState.Member> nodes = new ArrayList<>(now.nodes());
    ClusterState.Member kept = nodes.get(1);
    nodes.add(
        new ClusterState.Member(
            kept.name() + "-old",
            kept.address(),
            List.of(dev.hagen.blueprint.Role.REPLICA),
            kept.login()));
    ClusterState lying =
        new ClusterState(
            now.cluster(),
            now.blueprint(),
            now.postgresqlVersion(),
            now.autobaseVersion(),
            now.dcs(),
            now.dataDir(),
            now.initdb(),
            now.vip(),
            now.haproxy(),
            List.copyOf(nodes),
            now.settings());
    dev.hagen.blueprint.Blueprint blueprint =
        Pipeline.check(
                Blueprints.load(ChangeCorpusTest.CHANGES.resolve("03-remove-replica/after.yml")),
                false)
            .blueprint()
            .orElseThrow();
    ChangePlan changes =
        ChangePlanner.plan(
            Optional.of(new StateCodec.Recorded(lying, plan.clusterName())), blueprint, plan);
    assertTrue(changes.steps().isEmpty(), changes.toString());
    assertEquals("HG703", changes.diagnostics().get(0).code().id(), changes.toString());
    assertTrue(
        changes.diagnostics().get(0).message().contains("would remove node " + kept.name()),
        changes.toString());
  }

  // --- inputs swapped after the steps were written --------------------------------------------

  /**
   * The steps ran with the reviewed blueprint; a later pull request swaps the blueprint (and so
   * group_vars) and keeps the step files as they were. --applied must not record what never ran.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "a pg_hba rule made trust|28-pg-hba-rule|method: scram-sha-256|method: trust",
        "a NOLOGIN user made a superuser|30-user-and-database|- { name: app }"
            + "|- { name: app, flags: [SUPERUSER] }",
      })
  void appliedRefusesInputsSwappedUnderStepsThatRan(
      String what, String pair, String reviewed, String swapped) throws IOException {
    ChangeCorpusTest.Built b = built(pair);
    Cli.Run written = Cli.hagen("build", b.blueprint().toString(), "-o", b.out().toString());
    assertEquals(ExitCode.OK, written.code(), written.err());
    Path plan = b.tree().resolve(ChangePlan.TREE_FOLDER);
    Map<String, String> ran = files(plan);
    String text = Files.readString(b.blueprint());
    assertTrue(text.contains(reviewed), what);
    Files.writeString(b.blueprint(), text.replace(reviewed, swapped));
    // The pull request's own build: it says the steps never ran, to get past HG716.
    Cli.Run rebuilt =
        Cli.hagen("build", "--replace-steps", b.blueprint().toString(), "-o", b.out().toString());
    assertEquals(ExitCode.OK, rebuilt.code(), rebuilt.err());
    for (Map.Entry<String, String> step : ran.entrySet()) {
      edit(b.tree(), ChangePlan.TREE_FOLDER + step.getKey(), step.getValue());
    }
    String record = Files.readString(b.tree().resolve(ClusterState.FILE));
    Cli.Run applied =
        Cli.hagen("build", "--applied", b.blueprint().toString(), "-o", b.out().toString());
    assertEquals(ExitCode.INVALID_BLUEPRINT, applied.code(), what + ": " + applied.err());
    assertTrue(applied.err().contains("error[HG712]"), applied.err());
    assertTrue(
        applied.err().contains("written from another ansible/inventories/group_vars/all.yml"),
        applied.err());
    assertEquals(
        record, Files.readString(b.tree().resolve(ClusterState.FILE)), "the record keeps what ran");
  }

  // --- the record search never leaves the output folder --------------------------------------

  /**
   * A renamed cluster's record is searched for in the other folders of the output folder: never
   * through a symlinked folder, and never in a folder whose manifest does not list the record as
   * hagen wrote it.
   */
  @Test
  void theSearchForARenamedClusterStaysInTheOutputFolder() throws IOException {
    Path outside = tmp.resolve("outside");
    Path lab = tmp.resolve("lab.yml");
    Files.copy(Blueprints.LAB, lab);
    Cli.Run foreign = Cli.hagen("build", lab.toString(), "-o", outside.toString(), "-q");
    assertEquals(ExitCode.OK, foreign.code(), foreign.err());
    Path out = Files.createDirectories(tmp.resolve("generated"));
    Files.createSymbolicLink(out.resolve("elsewhere"), outside.resolve("postgres-cluster"));
    Path copied = Files.createDirectories(out.resolve("copied"));
    Files.copy(
        outside.resolve("postgres-cluster").resolve(ClusterState.FILE),
        copied.resolve(ClusterState.FILE));
    Files.writeString(
        lab, Files.readString(lab).replace("name: postgres-cluster", "name: renamed-cluster"));
    Cli.Run plan = Cli.hagen("plan", lab.toString(), "-o", out.toString());
    assertEquals(2, plan.code(), plan.err());
    assertFalse(plan.err().contains("HG701"), plan.err());
    assertFalse((plan.out() + plan.err()).contains("postgres-cluster"), plan.out() + plan.err());
    assertTrue(plan.out().contains("renamed-cluster: not built yet"), plan.out());
  }

  // --- Markdown -----------------------------------------------------------------------------

  /** A parameter value written to be Markdown stays one code span in the cluster's README. */
  @Test
  void aValueInTheReadmeIsACodeSpan() throws IOException {
    ChangeCorpusTest.Built b = built("24-parameters-raised");
    String value = "`[click](https://evil.example)` <img src=x onerror=alert(1)> **bold**";
    Files.writeString(
        b.blueprint(),
        Files.readString(b.blueprint())
            + "    hagen_test.banner: \""
            + value.replace("\"", "\\\"")
            + "\"\n");
    Cli.Run build = Cli.hagen("build", b.blueprint().toString(), "-o", b.out().toString());
    assertEquals(ExitCode.OK, build.code(), build.err());
    String readme = Files.readString(b.tree().resolve("README.md"));
    String line =
        Stream.of(readme.split("\n"))
            .filter(l -> l.contains("hagen_test.banner") && l.startsWith("- "))
            .findFirst()
            .orElseThrow(() -> new AssertionError(readme));
    assertEquals(
        "- `+` `parameter hagen_test.banner`: `` "
            + value
            + " (restart (hagen has no data of it)) ``",
        line);
  }
}
