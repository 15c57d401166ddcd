package dev.hagen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hagen.render.GeneratedFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The topology in each cluster README is a diagram Mermaid draws, as GitHub would: rendered by
 * Mermaid's own command line (scripts/mermaid, pinned) in Debian's chromium, no browser download.
 */
@Tag(Tools.TIER)
class MermaidTest {
  static final Path MERMAID = Path.of("scripts/mermaid").toAbsolutePath();
  static final Path MMDC = MERMAID.resolve("node_modules/.bin/mmdc");

  @TempDir Path tmp;

  @BeforeEach
  void renderer() {
    Tools.require("chromium", "chromium");
    Tools.requireInstalled(MMDC, "run (cd scripts/mermaid && PUPPETEER_SKIP_DOWNLOAD=true npm ci)");
  }

  static List<Path> blueprints() {
    return Blueprints.all();
  }

  private Tools.Run render(String markdown) throws IOException {
    Files.writeString(tmp.resolve("README.md"), markdown);
    return Tools.run(
        tmp,
        MMDC.toString(),
        "-q",
        "-p",
        MERMAID.resolve("puppeteer.json").toString(),
        "-i",
        "README.md",
        "-o",
        "drawn.md");
  }

  @ParameterizedTest
  @MethodSource("blueprints")
  void theTopologyIsADiagramMermaidDraws(Path blueprint) throws IOException {
    Pipeline.Result result = Pipeline.compile(Blueprints.load(blueprint));
    String readme =
        result.files().stream()
            .filter(f -> f.path().equals("README.md"))
            .map(GeneratedFile::content)
            .findFirst()
            .orElseThrow();
    assertTrue(readme.contains("\n```mermaid\n"), "the README has a topology");
    Tools.Run run = render(readme);
    assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
    assertTrue(Files.readString(tmp.resolve("drawn.md")).contains(".svg"), "the diagram was drawn");
  }

  /** The check can fail: a diagram Mermaid cannot parse is refused. */
  @Test
  void aDiagramMermaidCannotDrawFails() throws IOException {
    Tools.Run run = render("# x\n\n```mermaid\nflowchart TB\n  a -- \"5000\" -->\n```\n");
    assertNotEquals(0, run.exitCode(), run.stdout());
    assertTrue(run.stderr().contains("Parse error"), run.stderr());
  }
}
