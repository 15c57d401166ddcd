package dev.hagen;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hagen.render.GeneratedFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.approvaltests.Approvals;
import org.approvaltests.core.Options;
import org.approvaltests.reporters.AutoApproveReporter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each generated file is pinned in one place. The example blueprints' trees are committed under
 * generated/ (GeneratedTreeTest); each test fixture's tree is a snapshot here, in which a file the
 * same as the lab's committed one (but for its header) is a line that says so, so a template line
 * that never varies is pinned once, in generated/postgres-cluster. When a change is intended, run
 * scripts/regenerate (it approves what hagen writes now) and read the diff as a reviewer would.
 */
class SnapshotTest {
  static final Path REFERENCE = Path.of("generated/postgres-cluster");

  static List<Path> fixtures() throws IOException {
    try (var files = Files.list(Blueprints.FIXTURES)) {
      return files.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
    }
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void generatedTree(Path blueprint) throws IOException {
    Pipeline.Result result = Pipeline.compile(Blueprints.load(blueprint));
    assertTrue(result.ok(), () -> result.diagnostics().toString());
    String name = blueprint.getFileName().toString().replace(".yml", "");
    StringBuilder text = new StringBuilder();
    for (GeneratedFile f : result.files()) {
      Path lab = REFERENCE.resolve(f.path());
      if (Files.exists(lab) && body(Files.readString(lab)).equals(body(f.content()))) {
        text.append("=== ")
            .append(f.path())
            .append(" === the same as ")
            .append(lab)
            .append(" but for its header\n");
      } else {
        text.append("=== ").append(f.path()).append(" ===\n").append(f.content());
      }
    }
    Options options = new Options().forFile().withAdditionalInformation(name);
    Approvals.verify(
        text.toString(),
        Blueprints.REGENERATE ? options.withReporter(new AutoApproveReporter()) : options);
  }

  /** A file without its header line, which names the blueprint it came from. */
  private static String body(String content) {
    return String.join(
        "\n", content.lines().filter(l -> !l.contains(dev.hagen.emit.Emitter.MARKER)).toList());
  }
}
