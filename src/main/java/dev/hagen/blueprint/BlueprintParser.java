package dev.hagen.blueprint;

import dev.hagen.diagnostic.Code;
import dev.hagen.diagnostic.Diagnostics;
import dev.hagen.diagnostic.SourcePosition;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Stage 1, parse: blueprint text to a YAML node tree that keeps the line and column of every node.
 * Only composes nodes (no object construction), so no tag can instantiate anything.
 */
public final class BlueprintParser {
  /** Enough for any real blueprint; "billion laughs" documents stop here. */
  static final int MAX_ALIASES = 20;

  static final int MAX_DEPTH = 16;

  private BlueprintParser() {}

  public static Optional<Node> parse(BlueprintSource source, Diagnostics diagnostics) {
    String file = source.displayPath();
    if (source.text().getBytes(StandardCharsets.UTF_8).length > BlueprintSource.MAX_BYTES) {
      diagnostics.report(
          Code.INPUT_LIMIT,
          SourcePosition.wholeFile(file),
          "the blueprint is larger than " + BlueprintSource.MAX_BYTES + " bytes",
          "a blueprint describes one cluster in a few dozen lines; split it or remove generated text");
      return Optional.empty();
    }
    try {
      Node root = yaml().compose(new StringReader(source.text()));
      if (root == null) {
        diagnostics.report(
            Code.EMPTY_BLUEPRINT,
            SourcePosition.wholeFile(file),
            "the blueprint is empty",
            "start from blueprints/lab.yml, or run `hagen build --help` for the format");
      }
      return Optional.ofNullable(root);
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      if (String.valueOf(e.getProblem()).startsWith("Global tag is not allowed")) {
        diagnostics.report(Code.YAML_TAG, at(file, mark), "YAML tag `" + oneLine(e.getProblem())
            .replaceFirst("^Global tag is not allowed: ", "") + "` is not allowed",
            "remove the tag: blueprints hold plain values only");
        return Optional.empty();
      }
      diagnostics.report(
          Code.YAML_SYNTAX,
          at(file, mark),
          "YAML syntax: " + oneLine(e.getProblem() != null ? e.getProblem() : e.getMessage()),
          e.getContext() != null ? oneLine(e.getContext()) : "check indentation and quoting");
      return Optional.empty();
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      // SnakeYAML's scanner throws these, unwrapped, for an escape cut short ("\x" and the end of
      // a truncated file): found by the damaged-blueprint property test.
      diagnostics.report(
          Code.YAML_SYNTAX,
          endOf(file, source.text()),
          "YAML syntax: a double-quoted string ends inside an escape sequence (`\\x`, `\\u` or `\\U` without its hex digits)",
          "close the string, and write the escape's digits in full, e.g. `\\x41`");
      return Optional.empty();
    } catch (YAMLException e) {
      // Limits (aliases, nesting, size) and reader errors such as non-printable characters.
      diagnostics.report(
          Code.INPUT_LIMIT,
          SourcePosition.wholeFile(file),
          "the blueprint cannot be read: " + oneLine(e.getMessage()),
          "remove YAML aliases, deep nesting and control characters");
      return Optional.empty();
    }
  }

  private static Yaml yaml() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(true); // the binder reports duplicates itself, with both positions
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setNestingDepthLimit(MAX_DEPTH);
    options.setCodePointLimit(BlueprintSource.MAX_BYTES);
    options.setAllowRecursiveKeys(false);
    DumperOptions dump = new DumperOptions();
    return new Yaml(new SafeConstructor(options), new Representer(dump), dump, options);
  }

  /** The place just after the last character: where a file cut short stops. */
  static SourcePosition endOf(String file, String text) {
    String[] lines = text.split("\n", -1);
    return new SourcePosition(file, lines.length, lines[lines.length - 1].length() + 1);
  }

  static SourcePosition at(String file, Mark mark) {
    return mark == null
        ? SourcePosition.wholeFile(file)
        : new SourcePosition(file, mark.getLine() + 1, mark.getColumn() + 1);
  }

  static String oneLine(String s) {
    return s == null ? "" : s.strip().replaceAll("\\s+", " ");
  }
}
