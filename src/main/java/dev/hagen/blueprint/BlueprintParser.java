package dev.hagen.blueprint;

import dev.hagen.diagnostic.Code;
import dev.hagen.diagnostic.Diagnostics;
import dev.hagen.diagnostic.SourcePosition;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Stage 1, parse: blueprint text to a YAML node tree that keeps the line and column of every node.
 * Only composes nodes (no object construction), so no tag can instantiate anything; and a blueprint
 * holds plain values only, so every explicit tag ({@code !!binary}, {@code !!set}, {@code !vault},
 * even {@code !!str}) is refused where it is written.
 */
public final class BlueprintParser {
  private BlueprintParser() {}

  public static Optional<Node> parse(BlueprintSource source, Diagnostics diagnostics) {
    String file = source.displayPath();
    if (source.text().getBytes(StandardCharsets.UTF_8).length > Limits.MAX_BYTES) {
      diagnostics.report(
          Code.INPUT_LIMIT,
          SourcePosition.wholeFile(file),
          "the blueprint is larger than " + Limits.MAX_BYTES + " bytes",
          "a blueprint describes one cluster in a few dozen lines; split it or remove generated text");
      return Optional.empty();
    }
    try {
      TagRecorder events =
          new TagRecorder(
              new ParserImpl(new StreamReader(new StringReader(source.text())), options()));
      Node root = new Composer(events, new Resolver(), options()).getSingleNode();
      if (!events.tags.isEmpty()) {
        events.tags.forEach(
            t ->
                diagnostics.report(
                    Code.YAML_TAG,
                    at(file, t.at()),
                    "YAML tag `"
                        + t.tag().replaceFirst("^" + Tag.PREFIX, "!!")
                        + "` is not allowed",
                    "remove the tag: blueprints hold plain values only"));
        return Optional.empty();
      }
      if (root == null) {
        diagnostics.report(
            Code.EMPTY_BLUEPRINT,
            SourcePosition.wholeFile(file),
            "the blueprint is empty",
            "write one with `hagen init " + file + " -f`, or see `hagen schema` for the format");
      }
      return Optional.ofNullable(root);
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      diagnostics.report(
          Code.YAML_SYNTAX,
          at(file, mark),
          "YAML syntax: " + oneLine(e.getProblem() != null ? e.getProblem() : e.getMessage()),
          syntaxHint(e));
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

  private static LoaderOptions options() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(
        true); // the binder reports duplicates itself, with both positions
    options.setMaxAliasesForCollections(Limits.MAX_ALIASES);
    options.setNestingDepthLimit(Limits.MAX_DEPTH);
    options.setCodePointLimit(Limits.MAX_BYTES);
    options.setAllowRecursiveKeys(false);
    // Nothing is ever constructed from a tag: every tag is reported by TagRecorder instead.
    options.setTagInspector(tag -> true);
    return options;
  }

  /** An explicit tag, where it was written. */
  private record WrittenTag(String tag, Mark at) {}

  /**
   * The parser's events as they pass to the composer, with every explicit tag noted: the node tree
   * cannot tell a written {@code !!str} from a resolved one, the events can.
   */
  private static final class TagRecorder implements Parser {
    private final Parser parser;
    final List<WrittenTag> tags = new ArrayList<>();

    TagRecorder(Parser parser) {
      this.parser = parser;
    }

    @Override
    public boolean checkEvent(Event.ID choice) {
      return parser.checkEvent(choice);
    }

    @Override
    public Event peekEvent() {
      return parser.peekEvent();
    }

    @Override
    public Event getEvent() {
      Event e = parser.getEvent();
      String tag =
          e instanceof ScalarEvent s
              ? s.getTag()
              : e instanceof CollectionStartEvent c ? c.getTag() : null;
      if (tag != null) {
        tags.add(new WrittenTag(tag, e.getStartMark()));
      }
      return e;
    }
  }

  /** What to do about a YAML syntax error, in a user's words rather than the parser's. */
  static String syntaxHint(MarkedYAMLException e) {
    String problem = e.getProblem() == null ? "" : e.getProblem();
    String context = e.getContext() == null ? "" : e.getContext();
    Mark opened = e.getContextMark();
    String where = opened == null ? "" : " opened on line " + (opened.getLine() + 1);
    if (problem.contains("'\\t'") || problem.contains("\t")) {
      return "YAML does not indent with tabs: indent with spaces";
    }
    if (problem.contains("mapping values are not allowed")) {
      return "a `key: value` stands where a value is expected: quote a value that holds `: `,"
          + " or fix this line's indentation";
    }
    if (context.contains("flow sequence") || context.contains("flow mapping")) {
      return "the "
          + (context.contains("flow sequence") ? "list [ ... ]" : "mapping { ... }")
          + where
          + " is not closed where it should be: close it, and quote any value that holds"
          + " `,` `[` `]` `{` `}`";
    }
    if (problem.contains("could not find expected ':'")) {
      return "a key has no `: ` after it: add it, or indent this line under the key it belongs to";
    }
    if (problem.contains("undefined alias")) {
      return "an alias (*name) names no anchor (&name) above it";
    }
    if (context.contains("quoted scalar")) {
      return "the quoted text" + where + " is not closed: end it with the same quote";
    }
    return "check the indentation and quoting" + (where.isEmpty() ? "" : " of what was" + where);
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
