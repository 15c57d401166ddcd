package dev.hagen.blueprint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hagen.Blueprints;
import dev.hagen.diagnostic.Code;
import dev.hagen.diagnostic.Diagnostic;
import dev.hagen.diagnostic.Diagnostics;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlueprintParserTest {
  private static Diagnostic parseError(String text) {
    Diagnostics d = new Diagnostics();
    assertTrue(BlueprintParser.parse(Blueprints.inline(text), d).isEmpty());
    assertEquals(1, d.sorted().size());
    return d.sorted().get(0);
  }

  @Test
  void syntaxErrorsCarryTheirPosition() {
    Diagnostic d = parseError("version: 1\ncluster:\n  name: [a, b\n");
    assertEquals(Code.YAML_SYNTAX, d.code());
    assertEquals(4, d.position().line());
    assertTrue(d.message().startsWith("YAML syntax: "), d.message());
  }

  /** SnakeYAML throws a bare NumberFormatException here; it must come out as a diagnostic. */
  @Test
  void aFileThatEndsInsideAnEscapeIsASyntaxError() {
    for (String cut : new String[] {"\\x", "\\u00", "\\U"}) {
      Diagnostic d = parseError("version: 1\ncluster:\n  name: \"pg" + cut);
      assertEquals(Code.YAML_SYNTAX, d.code(), cut);
      assertEquals(3, d.position().line(), "the end of the file, where the escape was cut");
      assertEquals(12 + cut.length(), d.position().column(), "just after the last character");
    }
  }

  @Test
  void tabIndentationIsASyntaxError() {
    Diagnostic d = parseError("version: 1\ncluster:\n\tname: x\n");
    assertEquals(Code.YAML_SYNTAX, d.code());
    assertEquals(3, d.position().line());
    assertEquals(1, d.position().column());
  }

  @Test
  void anEmptyBlueprintIsReported() {
    assertEquals(Code.EMPTY_BLUEPRINT, parseError("# nothing here\n").code());
  }

  @Test
  void aliasBombsStopAtTheLimit() {
    StringBuilder yaml = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
    for (char c = 'b'; c <= 'k'; c++) {
      char p = (char) (c - 1);
      yaml.append(c)
          .append(": &")
          .append(c)
          .append(" [*")
          .append(p)
          .append(", *")
          .append(p)
          .append(", *")
          .append(p)
          .append(", *")
          .append(p)
          .append("]\n");
    }
    assertEquals(Code.INPUT_LIMIT, parseError(yaml.toString()).code());
  }

  @Test
  void deepNestingStopsAtTheLimit() {
    assertEquals(
        Code.INPUT_LIMIT, parseError("a: " + "[".repeat(200) + "]".repeat(200) + "\n").code());
  }

  @Test
  void oversizedInputIsRefusedBeforeParsing() {
    Diagnostic d = parseError("# " + "x".repeat(Limits.MAX_BYTES) + "\n");
    assertEquals(Code.INPUT_LIMIT, d.code());
    assertEquals(0, d.position().line());
  }

  @Test
  void keepsLineAndColumnOfNodes() {
    Diagnostics d = new Diagnostics();
    var node = BlueprintParser.parse(Blueprints.inline("a: 1\nbb:\n  c: x\n"), d).orElseThrow();
    var tuple = ((org.yaml.snakeyaml.nodes.MappingNode) node).getValue().get(1);
    var inner = ((org.yaml.snakeyaml.nodes.MappingNode) tuple.getValueNode()).getValue().get(0);
    assertEquals(2, inner.getValueNode().getStartMark().getLine());
    assertEquals(5, inner.getValueNode().getStartMark().getColumn());
  }

  /** Every explicit tag is refused where it is written, those YAML resolves itself included. */
  @Test
  void everyExplicitTagIsRefusedAtItsPlace() {
    Diagnostics d = new Diagnostics();
    assertTrue(
        BlueprintParser.parse(
                Blueprints.inline(
                    "a: !!str 1\n!!str b: ! c\nd: !!timestamp 2026-01-01\n"
                        + "e: !!omap [ {x: 1} ]\nf: !vault |\n  $ANSIBLE_VAULT;1.1\n"),
                d)
            .isEmpty());
    assertEquals(
        List.of(
            "HG108 1:4 `!!str`",
            "HG108 2:1 `!!str`",
            "HG108 2:10 `!`",
            "HG108 3:4 `!!timestamp`",
            "HG108 4:4 `!!omap`",
            "HG108 5:4 `!vault`"),
        d.sorted().stream()
            .map(
                x ->
                    x.code().id()
                        + " "
                        + x.position().line()
                        + ":"
                        + x.position().column()
                        + " "
                        + x.message().replaceAll(".*(`[^`]+`).*", "$1"))
            .toList());
  }
}
