package dev.hagen;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.approvaltests.Approvals;
import org.approvaltests.core.Options;
import org.approvaltests.reporters.AutoApproveReporter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The whole generated tree of every example and fixture blueprint, as a reviewer reads it. When a
 * change is intended, run scripts/regenerate (it approves what hagen writes now) and read the
 * diff of the approved files as a reviewer would.
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
    Options options = new Options().forFile().withAdditionalInformation(name);
    Approvals.verify(Blueprints.asText(result.files()),
        Blueprints.REGENERATE ? options.withReporter(new AutoApproveReporter()) : options);
  }
}
