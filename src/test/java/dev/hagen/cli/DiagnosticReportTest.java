package dev.hagen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.hagen.diagnostic.Code;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class DiagnosticReportTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static List<String> corpus() throws IOException {
    try (Stream<Path> files = Files.list(CorpusTest.INVALID)) {
      return files.map(Path::toString).filter(p -> p.endsWith(".yml")).sorted().toList();
    }
  }

  private static JsonNode run(String format, List<String> files) throws IOException {
    String[] args =
        Stream.concat(Stream.of("validate", "--format", format), files.stream())
            .toArray(String[]::new);
    Cli.Run run = Cli.hagen(args);
    assertEquals(ExitCode.INVALID_BLUEPRINT, run.code(), run.err());
    assertEquals("", run.err(), "machine formats keep stderr quiet");
    return JSON.readTree(run.out());
  }

  /** The whole corpus in one SARIF log, checked against the OASIS SARIF 2.1.0 schema itself. */
  @Test
  void sarifValidatesAgainstTheSarif210Schema() throws IOException {
    JsonNode sarif = run("sarif", corpus());
    JsonSchema schema;
    try (InputStream in = getClass().getResourceAsStream("/schema/sarif-schema-2.1.0.json")) {
      schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
    }
    Set<ValidationMessage> problems = schema.validate(sarif);
    assertEquals(Set.of(), problems);

    JsonNode run = sarif.path("runs").path(0);
    assertEquals(Code.values().length, run.path("tool").path("driver").path("rules").size());
    JsonNode first = run.path("results").path(0);
    assertEquals("HG101", first.path("ruleId").asText());
    assertEquals("error", first.path("level").asText());
    assertEquals(
        "src/test/resources/invalid/01-syntax-unclosed-list.yml",
        first
            .path("locations")
            .path(0)
            .path("physicalLocation")
            .path("artifactLocation")
            .path("uri")
            .asText());
    assertEquals(
        24,
        first
            .path("locations")
            .path(0)
            .path("physicalLocation")
            .path("region")
            .path("startLine")
            .asInt());
    // Validated together, the corpus also clashes with itself (one cluster name, one network):
    // every file's own diagnostics are there, and more.
    int total = 0;
    for (String f : corpus()) {
      total += CorpusTest.expected(Path.of(f)).size();
    }
    assertTrue(run.path("results").size() > total, "results: " + run.path("results").size());
    for (JsonNode r : run.path("results")) {
      String id = r.path("ruleId").asText();
      assertEquals(
          id,
          run.path("tool")
              .path("driver")
              .path("rules")
              .path(r.path("ruleIndex").asInt())
              .path("id")
              .asText(),
          "ruleIndex points at the rule");
    }
  }

  @Test
  void jsonCountsAndListsEveryDiagnostic() throws IOException {
    JsonNode doc =
        run("json", List.of(CorpusTest.INVALID.resolve("59-many-at-once.yml").toString()));
    assertEquals(false, doc.path("valid").asBoolean());
    assertEquals(3, doc.path("errors").asInt());
    assertEquals(1, doc.path("warnings").asInt());
    JsonNode d = doc.path("diagnostics").path(0);
    assertEquals("HG206", d.path("code").asText());
    // the first `# expect:` line of the corpus file: error HG206 LINE:COLUMN
    String[] place =
        CorpusTest.expected(CorpusTest.INVALID.resolve("59-many-at-once.yml"))
            .get(0)
            .split(" ", -1)[2]
            .split(":", -1);
    assertEquals(Integer.parseInt(place[0]), d.path("line").asInt());
    assertEquals(Integer.parseInt(place[1]), d.path("column").asInt());
    assertTrue(d.path("message").asText().startsWith("the VIP 192.168.56.12"), d.toString());
  }

  @Test
  void sarifUrisAreRelativeWithForwardSlashes() {
    assertEquals("blueprints/lab.yml", DiagnosticReport.uri("./blueprints/lab.yml"));
    assertEquals("my%20dir/a%23b.yml", DiagnosticReport.uri("my dir/a#b.yml"));
    assertTrue(DiagnosticReport.uri("/tmp/x.yml").startsWith("file:///tmp/x.yml"));
  }

  @Test
  void strictReportsWarningsAsErrors() throws IOException {
    String file = CorpusTest.INVALID.resolve("47-port-privileged.yml").toString();
    Cli.Run lax = Cli.hagen("validate", "--format", "json", file);
    assertEquals(ExitCode.OK, lax.code());
    assertEquals(
        "warning", JSON.readTree(lax.out()).path("diagnostics").path(0).path("severity").asText());
    Cli.Run strict = Cli.hagen("validate", "--strict", "--format", "json", file);
    assertEquals(ExitCode.INVALID_BLUEPRINT, strict.code());
    assertEquals(
        "error", JSON.readTree(strict.out()).path("diagnostics").path(0).path("severity").asText());
  }
}
