package dev.hagen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hagen.diagnostic.Code;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every blueprint under src/test/resources/invalid states the diagnostics it must produce in its `#
 * expect: SEVERITY CODE LINE:COLUMN` lines, exactly and in order; those under .../valid must
 * produce none. Both are run through the real command line.
 */
class CorpusTest {
  static final Path INVALID = Path.of("src/test/resources/invalid");
  static final Path VALID = Path.of("src/test/resources/valid");
  static final Path TOGETHER = Path.of("src/test/resources/invalid-together");

  @TempDir Path tmp;

  static List<Path> invalid() throws IOException {
    return list(INVALID);
  }

  static List<Path> valid() throws IOException {
    return list(VALID);
  }

  static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
    }
  }

  static List<String> expected(Path file) throws IOException {
    return Files.readAllLines(file).stream()
        .filter(l -> l.startsWith("# expect: "))
        .map(l -> l.substring("# expect: ".length()).strip())
        .toList();
  }

  static List<String> actual(Path file) throws IOException {
    return actual(file, file);
  }

  /** The diagnostics of {@code file} when {@code input} (it, or its folder) is validated. */
  static List<String> actual(Path input, Path file) throws IOException {
    Cli.Run run = Cli.hagen("validate", "--format", "json", input.toString());
    return found(new ObjectMapper().readTree(run.out()), file);
  }

  /**
   * A JSON report's diagnostics of one file, as {@code SEVERITY CODE LINE:COLUMN}; each must say
   * what is wrong and how to fix it.
   */
  static List<String> found(JsonNode doc, Path file) {
    List<String> found = new ArrayList<>();
    for (JsonNode d : doc.path("diagnostics")) {
      if (!d.path("file").asText().equals(file.toString())) {
        continue;
      }
      found.add(
          d.path("severity").asText()
              + " "
              + d.path("code").asText()
              + " "
              + d.path("line").asInt()
              + ":"
              + d.path("column").asInt());
      assertFalse(d.path("message").asText().isBlank());
      assertFalse(d.path("hint").asText().isBlank(), "every diagnostic has a hint: " + d);
    }
    return found;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void invalidBlueprintsGiveExactlyTheirDiagnostics(Path file) throws IOException {
    List<String> expected = expected(file);
    assertFalse(expected.isEmpty(), file + " states no expectation");
    assertEquals(expected, actual(file));

    boolean errors = expected.stream().anyMatch(e -> e.startsWith("error "));
    Path out = tmp.resolve("out");
    Cli.Run build = Cli.hagen("build", file.toString(), "-o", out.toString());
    assertFalse(build.err().contains("Exception") || build.err().contains("\tat "), build.err());
    assertEquals(errors ? ExitCode.INVALID_BLUEPRINT : ExitCode.OK, build.code(), build.err());
    assertEquals(!errors, Files.exists(out), "written exactly when there is no error");

    Path strictOut = tmp.resolve("strict");
    Cli.Run strict = Cli.hagen("build", "--strict", file.toString(), "-o", strictOut.toString());
    assertEquals(ExitCode.INVALID_BLUEPRINT, strict.code(), "--strict fails on warnings too");
    assertFalse(Files.exists(strictOut), "--strict writes nothing when there is a warning");
  }

  static List<Path> together() throws IOException {
    try (Stream<Path> dirs = Files.list(TOGETHER)) {
      return dirs.filter(Files::isDirectory).sorted().toList();
    }
  }

  /**
   * Blueprints built together: each file states what it must get from the clash with the others.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("together")
  void blueprintsBuiltTogetherClashWhereTheySaid(Path dir) throws IOException {
    boolean errors = false;
    for (Path file : list(dir)) {
      List<String> expected = expected(file);
      assertEquals(expected, actual(dir, file), file.toString());
      errors |= expected.stream().anyMatch(e -> e.startsWith("error "));
      assertEquals(List.of(), actual(file), file + " is valid on its own");
    }
    assertTrue(errors, dir + " expects a clash");
    Path out = tmp.resolve("out");
    Cli.Run build = Cli.hagen("build", dir.toString(), "-o", out.toString());
    assertEquals(ExitCode.INVALID_BLUEPRINT, build.code(), build.err());
    assertFalse(Files.exists(out), "no cluster is written when any blueprint has an error");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valid")
  void validBlueprintsNearEachBoundaryPass(Path file) throws IOException {
    assertEquals(List.of(), actual(file));
    Cli.Run build = Cli.hagen("build", "--strict", file.toString(), "-o", tmp.toString());
    assertEquals(ExitCode.OK, build.code(), build.err());
  }

  @Test
  void theCorpusCoversEveryBlueprintCode() throws IOException {
    Set<Code> covered = EnumSet.noneOf(Code.class);
    List<Path> all = new ArrayList<>(invalid());
    for (Path dir : together()) {
      all.addAll(list(dir));
    }
    for (Path pair : ChangeCorpusTest.pairs()) {
      all.add(pair.resolve("after.yml"));
    }
    for (Path f : all) {
      for (String e : expected(f)) {
        String id = e.split(" ", -1)[1];
        Arrays.stream(Code.values()).filter(c -> c.id().equals(id)).forEach(covered::add);
      }
    }
    Set<Code> missing = EnumSet.complementOf(EnumSet.copyOf(covered));
    // The output folder's codes (9xx) are not a blueprint's: EmitterTest, MainTest,
    // ConcurrentBuildTest
    // and OutputFailureTest cover them, and DiagnosticsDocTest shows a real example of each.
    missing.removeIf(c -> c.id().startsWith("HG9"));
    // --applied without the steps written is about the output folder too: DiagnosticsDocTest.
    missing.remove(Code.STEPS_NOT_WRITTEN);
    // So is a build that would replace pending steps: ChangeCorpusTest and DiagnosticsDocTest.
    missing.remove(Code.PENDING_STEPS);
    // An observation's codes are about the running cluster: DriftPlanTest, on the lab's real
    // observations, and DiagnosticsDocTest.
    missing.removeAll(Set.of(Code.STALE_OBSERVATION, Code.SICK_CLUSTER, Code.DRIFT_REFUSED));
    assertEquals(Set.of(), missing, "codes without a corpus file");
    assertTrue(invalid().size() >= 40, "at least 40 invalid blueprints");
  }

  @Test
  void validateReportsEveryFileAndExitsByTheWorst() throws IOException {
    List<Path> files = invalid().subList(0, 3);
    Cli.Run run =
        Cli.hagen(
            "validate",
            VALID.resolve("01-last-usable-addresses.yml").toString(),
            files.get(0).toString(),
            files.get(2).toString());
    assertEquals(ExitCode.INVALID_BLUEPRINT, run.code());
    assertTrue(run.err().contains(files.get(0) + ":"), run.err());
    assertTrue(run.err().contains(files.get(2) + ":"), run.err());
    assertTrue(
        run.err().endsWith("hagen: 3 blueprints, 2 invalid, 2 errors, 0 warnings\n"), run.err());

    Cli.Run ok = Cli.hagen("validate", VALID.resolve("01-last-usable-addresses.yml").toString());
    assertEquals(ExitCode.OK, ok.code(), ok.err());
    assertEquals("", ok.out());
  }
}
