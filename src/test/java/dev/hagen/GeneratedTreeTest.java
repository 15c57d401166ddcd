package dev.hagen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The committed generated/ folder is exactly what hagen produces now from blueprints/. */
class GeneratedTreeTest {
  static Stream<Path> examples() throws IOException {
    try (Stream<Path> files = Files.list(Blueprints.EXAMPLES)) {
      return files.filter(p -> p.toString().endsWith(".yml")).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("examples")
  void committedOutputIsFresh(Path blueprint) throws IOException {
    Pipeline.Result result = Pipeline.compile(Blueprints.load(blueprint));
    assertTrue(result.ok(), () -> result.diagnostics().toString());
    Path dir = Path.of("generated", result.plan().orElseThrow().clusterName());
    Map<String, String> expected = Blueprints.tree(result);
    Map<String, String> committed = Tools.tree(dir);
    assertEquals(
        new LinkedHashMap<>(expected).keySet(),
        committed.keySet(),
        dir + " is stale: run ./hagen build " + blueprint + " and commit the result");
    expected.forEach(
        (path, content) ->
            assertEquals(
                content,
                committed.get(path),
                dir.resolve(path)
                    + " is stale: run ./hagen build "
                    + blueprint
                    + " and commit the result"));
  }
}
