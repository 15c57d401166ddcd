package dev.hagen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.hagen.Blueprints;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

/**
 * The JSON Schema is derived from the format, accepts every example, and refuses structural
 * mistakes.
 */
class SchemaTest {
  static final Path SCHEMA = Path.of("docs/blueprint.schema.json");

  static JsonSchema schema() {
    return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
        .getSchema(Cli.hagen("schema").out());
  }

  static JsonNode asJson(Path yaml) throws IOException {
    return new ObjectMapper()
        .valueToTree(new Yaml().load(Files.readString(yaml, StandardCharsets.UTF_8)));
  }

  /**
   * A corpus blueprint as the editor of the whole blueprint would see it: an overlay merged over
   * its base by hagen's own merge, then checked against the schema of complete blueprints.
   */
  static JsonNode merged(Path file) throws IOException {
    var source = dev.hagen.blueprint.BlueprintFiles.read(file).source();
    var d = new dev.hagen.diagnostic.Diagnostics();
    var root = dev.hagen.blueprint.BlueprintParser.parse(source, d).orElseThrow();
    var tree =
        dev.hagen.blueprint.BlueprintOverlay.resolve(
                root, source, f -> dev.hagen.blueprint.BlueprintFiles.read(f, source.root()), d)
            .orElseThrow()
            .root();
    java.io.StringWriter text = new java.io.StringWriter();
    new Yaml().serialize(tree, text);
    com.fasterxml.jackson.databind.node.ObjectNode whole =
        new ObjectMapper().valueToTree(new Yaml().load(text.toString()));
    whole.remove("extends"); // merged: a complete blueprint now
    return whole;
  }

  static List<Path> valid() throws IOException {
    List<Path> all = new ArrayList<>(Blueprints.all());
    // hostile-values.yml names nodes True and 1e5 unquoted: hagen reads them as text, the schema
    // (rightly) asks for quotes.
    all.removeIf(p -> p.getFileName().toString().equals("hostile-values.yml"));
    all.addAll(CorpusTest.valid());
    return all;
  }

  @Test
  void theCommittedSchemaIsWhatHagenPrints() throws IOException {
    assertEquals(
        Cli.hagen("schema").out(), Files.readString(SCHEMA), "run ./hagen schema > " + SCHEMA);
  }

  @ParameterizedTest
  @MethodSource("valid")
  void examplesValidate(Path blueprint) throws IOException {
    assertEquals(java.util.Set.of(), schema().validate(asJson(blueprint)));
  }

  static Stream<String> structural() {
    return Stream.of(
        "04-unknown-key-typo",
        "05-unknown-section",
        "06-missing-cluster-name",
        "07-missing-node-ip",
        "08-missing-ssh",
        "09-wrong-type-cpus",
        "10-wrong-type-nodes",
        "12-unsupported-version",
        "15-unknown-role",
        "16-unknown-extension",
        "17-unknown-provider",
        "52-autobase-unknown-release");
  }

  @ParameterizedTest
  @MethodSource("structural")
  void structuralMistakesAreRefusedByTheSchemaToo(String name) throws IOException {
    Path file = CorpusTest.INVALID.resolve(name + ".yml");
    assertFalse(schema().validate(merged(file)).isEmpty(), name + " passes the schema");
  }

  @Test
  void theLabAndInitOutputCarryTheModeline() throws IOException {
    assertTrue(
        Files.readString(Blueprints.LAB)
            .startsWith("# yaml-language-server: $schema=../docs/blueprint.schema.json\n"));
  }
}
