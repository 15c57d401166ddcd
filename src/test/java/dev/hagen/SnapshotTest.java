package dev.hagen;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.approvaltests.Approvals;
import org.approvaltests.core.Options;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The whole generated tree of every example and fixture blueprint, as a reviewer reads it. When a
 * change is intended, read the diff of the *.received.txt against the *.approved.txt, then move
 * the received file over the approved one.
 */
class SnapshotTest {
  static List<Path> blueprints() {
    return Blueprints.all();
  }

  @ParameterizedTest
  @MethodSource("blueprints")
  void generatedTree(Path blueprint) {
    Pipeline.Result result = Pipeline.compile(Blueprints.load(blueprint));
    assertTrue(result.ok(), () -> result.diagnostics().toString());
    String name = blueprint.getFileName().toString().replace(".yml", "");
    Approvals.verify(Blueprints.asText(result.files()),
        new Options().forFile().withAdditionalInformation(name));
  }
}
