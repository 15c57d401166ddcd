package dev.hagen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hagen.state.ClusterState;
import dev.hagen.state.StateCodec;
import dev.hagen.steps.ChangePlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every pair under src/test/resources/changes: {@code before.yml} is built, then {@code after.yml}
 * takes its place, as a user edits a blueprint. after.yml states what {@code hagen plan} must say:
 * its diagnostics ({@code # expect: SEVERITY CODE LINE:COLUMN}, exactly and in order), its changes
 * ({@code # change: + node NAME}) and its steps ({@code # steps: add, balancers}). Then the flow: a
 * refused change writes nothing; a pending one writes its steps beside the unchanged record, and
 * {@code hagen build --applied} records it, after which the plan is empty.
 */
class ChangeCorpusTest {
  static final Path CHANGES = Path.of("src/test/resources/changes");

  @TempDir Path tmp;

  static List<Path> pairs() throws IOException {
    try (Stream<Path> dirs = Files.list(CHANGES)) {
      return dirs.filter(Files::isDirectory).sorted().toList();
    }
  }

  static List<String> stated(Path file, String prefix) throws IOException {
    return Files.readAllLines(file).stream()
        .filter(l -> l.startsWith(prefix))
        .map(l -> l.substring(prefix.length()).strip())
        .toList();
  }

  /** The blueprint's path and output folder of a pair built from its before.yml. */
  record Built(Path blueprint, Path out) {
    Path tree() {
      return out.resolve(cluster());
    }

    String cluster() {
      try (Stream<Path> dirs = Files.list(out)) {
        return dirs.filter(Files::isDirectory)
            .map(p -> p.getFileName().toString())
            .filter(n -> !n.startsWith("."))
            .sorted()
            .findFirst()
            .orElseThrow();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  /** Builds before.yml, then puts after.yml in its place. */
  static Built built(Path pair, Path tmp) throws IOException {
    Path bp = Files.createDirectories(tmp.resolve("blueprints")).resolve("cluster.yml");
    Path out = tmp.resolve("generated");
    Files.copy(pair.resolve("before.yml"), bp);
    Cli.Run first = Cli.hagen("build", bp.toString(), "-o", out.toString(), "-q");
    assertEquals(ExitCode.OK, first.code(), first.err());
    Files.copy(pair.resolve("after.yml"), bp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return new Built(bp, out);
  }

  static JsonNode plan(Built b) throws IOException {
    Cli.Run run =
        Cli.hagen("plan", b.blueprint().toString(), "-o", b.out().toString(), "--format", "json");
    JsonNode doc = new ObjectMapper().readTree(run.out());
    ((com.fasterxml.jackson.databind.node.ObjectNode) doc).put("exit", run.code());
    return doc;
  }

  /** Every diagnostic of a change names the blueprint (none is about another file). */
  static List<String> diagnostics(JsonNode doc, Path file) {
    List<String> found = CorpusTest.found(doc, file);
    assertEquals(doc.path("diagnostics").size(), found.size(), doc.toString());
    return found;
  }

  static Map<String, String> files(Path dir) throws IOException {
    Map<String, String> m = new TreeMap<>();
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.filter(Files::isRegularFile).toList()) {
        m.put(dir.relativize(p).toString(), Files.readString(p));
      }
    }
    return m;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pairs")
  void planSaysWhatThePairStates(Path pair) throws IOException {
    Path after = pair.resolve("after.yml");
    List<String> expected = stated(after, "# expect: ");
    Built b = built(pair, tmp);
    Map<String, String> tree = files(b.out());
    JsonNode doc = plan(b);
    assertEquals(tree, files(b.out()), "hagen plan writes nothing");
    assertEquals(expected, diagnostics(doc, b.blueprint()), pair.toString());
    boolean errors = expected.stream().anyMatch(e -> e.startsWith("error "));
    List<String> changes = new ArrayList<>();
    List<String> steps = new ArrayList<>();
    for (JsonNode c : doc.path("plan").path("clusters")) {
      assertTrue(c.path("built").asBoolean());
      for (JsonNode ch : c.path("changes")) {
        String symbol =
            switch (ch.path("action").asText()) {
              case "add" -> "+";
              case "remove" -> "-";
              default -> "~";
            };
        changes.add(symbol + " " + ch.path("subject").asText());
      }
      for (JsonNode s : c.path("steps")) {
        steps.add(s.path("kind").asText());
        assertFalse(s.path("written").asBoolean(), "plan writes nothing");
        assertTrue(
            s.path("command")
                .asText()
                .startsWith(
                    s.path("kind").asText().startsWith("vagrant-")
                        ? "vagrant "
                        : "ansible-playbook plan/"),
            s.toString());
      }
    }
    assertEquals(stated(after, "# change: "), changes, pair.toString());
    List<String> statedSteps = stated(after, "# steps: ");
    assertEquals(
        statedSteps.isEmpty() ? List.of() : List.of(statedSteps.get(0).split(", ")),
        steps,
        pair.toString());
    int exit = errors ? 1 : changes.isEmpty() ? 0 : 2;
    assertEquals(exit, doc.path("exit").asInt(), doc.toString());
    assertEquals(!errors && exit == 2, doc.path("plan").path("changes").asBoolean());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pairs")
  void buildWritesTheStepsThenAppliedRecordsThem(Path pair) throws IOException {
    Path after = pair.resolve("after.yml");
    boolean errors = stated(after, "# expect: ").stream().anyMatch(e -> e.startsWith("error "));
    boolean steps = !stated(after, "# steps: ").isEmpty();
    Built b = built(pair, tmp);
    Path tree = b.tree();
    Map<String, String> before = files(tree);
    Cli.Run build = Cli.hagen("build", b.blueprint().toString(), "-o", b.out().toString());
    if (errors) {
      assertEquals(ExitCode.INVALID_BLUEPRINT, build.code(), build.err());
      assertEquals(before, files(tree), "a refused change writes nothing");
      return;
    }
    assertEquals(ExitCode.OK, build.code(), build.err());
    Path plan = tree.resolve("ansible/plan");
    if (steps) {
      assertEquals(
          before.get(ClusterState.FILE),
          Files.readString(tree.resolve(ClusterState.FILE)),
          "the record stays as built while the change is pending");
      assertTrue(Files.isDirectory(plan));
      assertTrue(build.err().contains("a change is pending"), build.err());
      assertTrue(Files.readString(tree.resolve("README.md")).contains("### Pending: "));
      Cli.Run check =
          Cli.hagen("build", "--check", b.blueprint().toString(), "-o", b.out().toString());
      assertEquals(
          ExitCode.OK, check.code(), "--check agrees with the committed steps: " + check.err());
      JsonNode doc = plan(b);
      for (JsonNode s : doc.path("plan").path("clusters").get(0).path("steps")) {
        assertTrue(s.path("written").asBoolean(), "hagen build wrote " + s);
        if (s.path("kind").asText().equals("settings")) {
          assertEquals(
              stated(after, "# restart: "),
              List.of(restartRounds(tree.resolve(s.path("file").asText()))),
              pair.toString());
        }
      }
      Cli.Run applied =
          Cli.hagen("build", "--applied", b.blueprint().toString(), "-o", b.out().toString());
      assertEquals(ExitCode.OK, applied.code(), applied.err());
    }
    assertFalse(Files.exists(plan), "no step files once nothing is pending");
    assertEquals(0, plan(b).path("exit").asInt(), "the next plan starts from the new record");
    Cli.Run again = Cli.hagen("build", b.blueprint().toString(), "-o", b.out().toString());
    assertTrue(again.out().contains("0 created, 0 changed"), again.out());
  }

  /**
   * The restarts a configuration step's playbook makes, in order, as the plays' names say them:
   * "replicas-first", "leader", "replicas-after", or "none".
   */
  static String restartRounds(Path playbook) throws IOException {
    List<String> rounds = new ArrayList<>();
    for (String line : Files.readAllLines(playbook)) {
      if (line.startsWith("- name: Restart the leader")) {
        rounds.add("leader");
      } else if (line.startsWith("- name: Restart the replicas")) {
        rounds.add(rounds.contains("leader") ? "replicas-after" : "replicas-first");
      }
    }
    return rounds.isEmpty() ? "none" : String.join(", ", rounds);
  }

  /** --applied before the steps were written: refused, and nothing changes. */
  @org.junit.jupiter.api.Test
  void appliedBeforeTheStepsWereWrittenIsRefused() throws IOException {
    Built b = built(CHANGES.resolve("01-add-replica"), tmp);
    Map<String, String> before = files(b.out());
    Cli.Run applied =
        Cli.hagen("build", "--applied", b.blueprint().toString(), "-o", b.out().toString());
    assertEquals(ExitCode.INVALID_BLUEPRINT, applied.code(), applied.err());
    assertTrue(applied.err().contains("error[HG712]"), applied.err());
    assertEquals(before, files(b.out()), "nothing written");
  }

  /**
   * A record of the hagen before settings were recorded (format 1, no settings): read, and the plan
   * says the settings are recorded now, with no step; the build records them.
   */
  @org.junit.jupiter.api.Test
  void aRecordWithoutSettingsGetsThemWithNoStep() throws Exception {
    Built b = built(CHANGES.resolve("19-nothing-changed"), tmp);
    Path record = b.tree().resolve(ClusterState.FILE);
    String text = Files.readString(record);
    String old =
        text.substring(0, text.indexOf("# The configuration as built"))
            .replace("format: " + StateCodec.FORMAT, "format: 1");
    Files.writeString(record, old);
    Path manifest = b.tree().resolve(".hagen-manifest");
    Files.writeString(manifest, Files.readString(manifest).replace(sha256(text), sha256(old)));
    JsonNode doc = plan(b);
    assertEquals(2, doc.path("exit").asInt(), doc.toString());
    JsonNode c = doc.path("plan").path("clusters").get(0);
    assertEquals("settings", c.path("changes").get(0).path("subject").asText());
    assertEquals(0, c.path("steps").size());
    Cli.Run build = Cli.hagen("build", b.blueprint().toString(), "-o", b.out().toString());
    assertEquals(ExitCode.OK, build.code(), build.err());
    assertTrue(Files.readString(record).contains("format: " + StateCodec.FORMAT));
    assertEquals(0, plan(b).path("exit").asInt());
  }

  static String sha256(String text) throws java.security.NoSuchAlgorithmException {
    return java.util.HexFormat.of()
        .formatHex(
            java.security.MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  /** A record edited by hand is not planned from, nor built over. */
  @org.junit.jupiter.api.Test
  void anEditedRecordIsRefused() throws IOException {
    Built b = built(CHANGES.resolve("01-add-replica"), tmp);
    Path record = b.tree().resolve(ClusterState.FILE);
    Files.writeString(record, Files.readString(record).replace("pg-3", "pg-9"));
    JsonNode doc = plan(b);
    assertEquals(1, doc.path("exit").asInt());
    assertEquals("HG910", doc.path("diagnostics").get(0).path("code").asText());
    Map<String, String> before = files(b.out());
    Cli.Run build = Cli.hagen("build", b.blueprint().toString(), "-o", b.out().toString());
    assertEquals(ExitCode.INVALID_BLUEPRINT, build.code(), build.err());
    assertEquals(before, files(b.out()), "nothing written");
  }

  /**
   * A change's steps written, then the blueprint changed again before they were recorded: the build
   * refuses to replace steps that may have run, and replaces them only when told none did.
   */
  @org.junit.jupiter.api.Test
  void aBuildNeverReplacesPendingStepsUnlessTold() throws IOException {
    Built b = built(CHANGES.resolve("01-add-replica"), tmp);
    Cli.Run first = Cli.hagen("build", b.blueprint().toString(), "-o", b.out().toString());
    assertEquals(ExitCode.OK, first.code(), first.err());
    Files.writeString(
        b.blueprint(),
        Files.readString(b.blueprint()) + "postgresql:\n  parameters:\n    work_mem: 32MB\n");
    Map<String, String> before = files(b.out());
    Cli.Run again = Cli.hagen("build", b.blueprint().toString(), "-o", b.out().toString());
    assertEquals(ExitCode.OUTPUT_REFUSED, again.code(), again.err());
    assertTrue(again.err().contains("error[HG716]"), again.err());
    assertEquals(before, files(b.out()), "nothing written");
    Cli.Run replaced =
        Cli.hagen("build", "--replace-steps", b.blueprint().toString(), "-o", b.out().toString());
    assertEquals(ExitCode.OK, replaced.code(), replaced.err());
    assertTrue(
        Files.exists(b.tree().resolve(ChangePlan.TREE_FOLDER).resolve("04-settings.yml")),
        "the new change's steps are written");
  }

  /** A wrong command line is exit 1 for plan (2 means "changes"), as for terraform plan. */
  @org.junit.jupiter.api.Test
  void aWrongCommandLineIsExitOne() {
    assertEquals(1, Cli.hagen("plan", "--no-such-option", "x.yml").code());
    assertEquals(1, Cli.hagen("plan").code());
  }

  /** A blueprint never built: exit 2, one change (the cluster), no steps. */
  @org.junit.jupiter.api.Test
  void aClusterNotBuiltYetIsAChange() throws IOException {
    Cli.Run run =
        Cli.hagen(
            "plan", "blueprints/lab.yml", "-o", tmp.resolve("none").toString(), "--format", "json");
    assertEquals(2, run.code(), run.err());
    JsonNode c = new ObjectMapper().readTree(run.out()).path("plan").path("clusters").get(0);
    assertFalse(c.path("built").asBoolean());
    assertEquals("cluster postgres-cluster", c.path("changes").get(0).path("subject").asText());
    assertEquals(0, c.path("steps").size());
    assertFalse(Files.exists(tmp.resolve("none")), "plan writes nothing");
  }
}
