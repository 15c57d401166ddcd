package dev.hagen;

import dev.hagen.blueprint.BlueprintSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The example and fixture blueprints the tests compile, and small ones made in the tests. */
public final class Blueprints {
  public static final Path EXAMPLES = Path.of("blueprints");
  public static final Path FIXTURES = Path.of("src/test/resources/fixtures");
  public static final Path LAB = EXAMPLES.resolve("lab.yml");

  /**
   * The test base fixture: the lab as tests know it. Tests that name lines do so in this file
   * (never in blueprints/lab.yml, which users change), and the invalid corpus's overlays extend it.
   */
  public static final Path BASE = Path.of("src/test/resources/invalid/base/lab.yml");

  /**
   * scripts/regenerate's switch: the tests that pin generated files (snapshots, docs pages) write
   * what hagen produces now instead of failing on the difference.
   */
  public static final boolean REGENERATE = Boolean.getBoolean("hagen.regenerate");

  private Blueprints() {}

  public static BlueprintSource load(Path file) {
    try {
      return new BlueprintSource(
          file.toString(),
          file.getFileName().toString(),
          Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static BlueprintSource inline(String text) {
    return new BlueprintSource("test.yml", "test.yml", text);
  }

  /** Every blueprint the snapshot tests cover: the examples first, then the fixtures. */
  public static List<Path> all() {
    return Stream.concat(list(EXAMPLES), list(FIXTURES)).toList();
  }

  private static Stream<Path> list(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".yml")).sorted().toList().stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The test base fixture with one line replaced, for tests of a single mistake. */
  public static BlueprintSource labWith(String line, String replacement) {
    String text = load(BASE).text();
    if (!text.contains(line)) {
      throw new IllegalArgumentException(BASE + " has no line " + line);
    }
    return new BlueprintSource("lab.yml", "lab.yml", text.replace(line, replacement));
  }

  /**
   * The tree a build writes for a compiled blueprint, manifest included: path to content, sorted.
   */
  public static java.util.SortedMap<String, String> tree(Pipeline.Result result) {
    var provenance = result.plan().orElseThrow().provenance();
    java.util.SortedMap<String, String> tree = new java.util.TreeMap<>();
    dev.hagen.emit.Emitter.tree(
            new dev.hagen.emit.Manifest.Source(
                provenance.blueprintFile(), provenance.blueprintSha256()),
            result.files())
        .forEach(f -> tree.put(f.path(), f.content()));
    return tree;
  }

  /** The change corpus: pairs of blueprints, before and after a user's edit. */
  public static final Path CHANGES = Path.of("src/test/resources/changes");

  /**
   * What hagen build makes of a change-corpus pair: after.yml planned against the record of
   * before.yml (as if before.yml had been built into the same folder).
   */
  public static Pipeline.Result pending(String pair) {
    Pipeline.Result first = Pipeline.compile(load(CHANGES.resolve(pair).resolve("before.yml")));
    dev.hagen.state.ClusterState record = first.plan().orElseThrow().state();
    return Pipeline.generate(
        Pipeline.check(load(CHANGES.resolve(pair).resolve("after.yml")), false),
        plan ->
            new dev.hagen.state.StateCodec.Found(
                java.util.Optional.of(
                    new dev.hagen.state.StateCodec.Recorded(record, plan.clusterName())),
                java.util.List.of()),
        false);
  }
}
