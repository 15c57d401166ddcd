package dev.hagen.blueprint;

import dev.hagen.diagnostic.Code;
import dev.hagen.diagnostic.Diagnostics;
import dev.hagen.diagnostic.SourcePosition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Typed reads from the YAML node tree. Every read records the field's position in the {@link
 * SourceMap} and reports wrong types, unknown and duplicate keys instead of throwing.
 */
final class YamlFields {
  private static final Pattern DECIMAL = Pattern.compile("[-+]?[0-9]+");

  private final Diagnostics diagnostics;
  private final SourceMap where;

  /** Keys an unknown key was taken for ("did you mean"): their absence is not reported twice. */
  private final java.util.Set<String> suggested = new java.util.HashSet<>();

  /**
   * Nodes that came from a base blueprint, and its file; every other node is the blueprint's own.
   */
  private final Map<Node, String> fileOf;

  YamlFields(Diagnostics diagnostics, SourceMap where, Map<Node, String> fileOf) {
    this.diagnostics = diagnostics;
    this.where = where;
    this.fileOf = fileOf;
  }

  private String file(Node node) {
    return fileOf.getOrDefault(node, where.file());
  }

  SourceMap where() {
    return where;
  }

  /** A mapping's entries by key, after reporting duplicates, unknown keys and custom tags. */
  Optional<Map<String, Node>> mapping(Node node, String path, List<String> allowedKeys) {
    mark(path, node);
    if (!(node instanceof MappingNode mapping)) {
      wrongType(node, path, "a mapping (key: value lines)");
      return Optional.empty();
    }
    Map<String, Node> entries = new LinkedHashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
        report(
            Code.WRONG_TYPE,
            tuple.getKeyNode(),
            "a key in " + describe(path) + " is not a plain word",
            "keys are words such as `name` or `ip`");
        continue;
      }
      String key = keyNode.getValue();
      String childPath = path.isEmpty() ? key : path + "." + key;
      if (entries.containsKey(key)) {
        SourcePosition first = where.at(childPath);
        report(
            Code.DUPLICATE_KEY,
            keyNode,
            "`"
                + key
                + "` is set twice in "
                + describe(path)
                + " (first at line "
                + first.line()
                + ")",
            "keep one of them: YAML keeps only the last");
        continue;
      }
      if (!allowedKeys.contains(key)) {
        Optional<String> near = Spelling.nearest(key, allowedKeys);
        near.ifPresent(n -> suggested.add(path.isEmpty() ? n : path + "." + n));
        report(
            Code.UNKNOWN_KEY,
            keyNode,
            "unknown key `" + key + "` in " + describe(path),
            near.map(n -> "did you mean `" + n + "`?")
                .orElse("known keys here: " + String.join(", ", allowedKeys)));
        continue;
      }
      mark(childPath, tuple.getValueNode());
      where.putKey(childPath, position(keyNode));
      entries.put(key, tuple.getValueNode());
    }
    return Optional.of(entries);
  }

  /**
   * A mapping whose keys are names the format does not list (server parameters): its entries by
   * key, in order, after reporting duplicates and keys that are not text.
   */
  Optional<Map<String, Node>> named(Node node, String path, String whatKeysAre) {
    mark(path, node);
    if (!(node instanceof MappingNode mapping)) {
      wrongType(node, path, "a mapping of " + whatKeysAre + " to values");
      return Optional.empty();
    }
    return Optional.of(entries(mapping, path, whatKeysAre));
  }

  /**
   * A mapping's entries by key, in order, after reporting keys that are not text and keys set
   * twice; each key's and value's position recorded.
   */
  private Map<String, Node> entries(MappingNode mapping, String path, String whatKeysAre) {
    Map<String, Node> entries = new LinkedHashMap<>();
    for (NodeTuple t : mapping.getValue()) {
      if (!(t.getKeyNode() instanceof ScalarNode key) || isNull(t.getKeyNode())) {
        report(
            Code.WRONG_TYPE,
            t.getKeyNode(),
            "a key in " + describe(path) + " is not text",
            "keys are " + whatKeysAre);
        continue;
      }
      String childPath = path + "." + key.getValue();
      if (entries.containsKey(key.getValue())) {
        report(
            Code.DUPLICATE_KEY,
            key,
            "`"
                + key.getValue()
                + "` is set twice in "
                + describe(path)
                + " (first at line "
                + where.at(childPath).line()
                + ")",
            "keep one of them: YAML keeps only the last");
        continue;
      }
      where.putKey(childPath, position(key));
      mark(childPath, t.getValueNode());
      entries.put(key.getValue(), t.getValueNode());
    }
    return entries;
  }

  /** A scalar as the text PostgreSQL reads: {@code true} as {@code on}, numbers as written. */
  Optional<String> setting(Node node, String path) {
    if (!(node instanceof ScalarNode scalar) || isNull(node)) {
      wrongType(node, path, "a value (a number, a word, on/off) or null");
      return Optional.empty();
    }
    if (scalar.getTag().equals(Tag.BOOL)) {
      return bool(node, path).map(b -> b ? "on" : "off");
    }
    return text(node, path);
  }

  Optional<List<Node>> sequence(Node node, String path) {
    mark(path, node);
    if (!(node instanceof SequenceNode seq)) {
      wrongType(node, path, "a list");
      return Optional.empty();
    }
    return Optional.of(new ArrayList<>(seq.getValue()));
  }

  /** Any scalar as text: {@code box: ubuntu/jammy64}, {@code autobase_version: 2.6.0}. */
  Optional<String> text(Node node, String path) {
    if (!(node instanceof ScalarNode scalar) || isNull(node)) {
      wrongType(node, path, "a text value");
      return Optional.empty();
    }
    return wellFormed(node, path, scalar.getValue())
        ? Optional.of(scalar.getValue())
        : Optional.empty();
  }

  /** A YAML escape such as "\ud800" can make half a character, which no output file can hold. */
  private boolean wellFormed(Node node, String path, String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        report(
            Code.INVALID_VALUE,
            node,
            describe(path)
                + " holds half of a UTF-16 surrogate pair (\\u"
                + String.format(java.util.Locale.ROOT, "%04x", (int) c)
                + "), which is not a character",
            "remove the escape, or write the whole character");
        return false;
      }
    }
    return true;
  }

  Optional<Integer> integer(Node node, String path) {
    if (!(node instanceof ScalarNode scalar)
        || !(scalar.getTag().equals(Tag.INT) || scalar.getTag().equals(Tag.STR))
        || !DECIMAL.matcher(scalar.getValue()).matches()) {
      wrongType(node, path, "a whole number");
      return Optional.empty();
    }
    try {
      return Optional.of(Integer.parseInt(scalar.getValue()));
    } catch (NumberFormatException e) {
      report(
          Code.WRONG_TYPE,
          node,
          describe(path) + " is too large: " + scalar.getValue(),
          "use a number below 2147483648");
      return Optional.empty();
    }
  }

  Optional<Boolean> bool(Node node, String path) {
    if (node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.BOOL)) {
      String v = scalar.getValue().toLowerCase(java.util.Locale.ROOT);
      return Optional.of(Set.of("true", "yes", "on", "y").contains(v));
    }
    wrongType(node, path, "true or false");
    return Optional.empty();
  }

  /**
   * Free-form data (autobase_vars): a mapping with text keys, turned into plain Java values ({@link
   * String}, {@link Boolean}, {@link java.math.BigInteger}, {@link java.math.BigDecimal}, {@link
   * List}, {@link Map}, or {@link Blueprint#YAML_NULL}), each key's position recorded.
   */
  Optional<Object> data(Node node, String path) {
    if (!(node instanceof MappingNode)) {
      wrongType(node, path, "a mapping of autobase variables to values");
      return Optional.empty();
    }
    return Optional.of(value(node, path));
  }

  private Object value(Node node, String path) {
    mark(path, node);
    if (node instanceof MappingNode mapping) {
      Map<String, Object> m = new LinkedHashMap<>();
      entries(mapping, path, "variable names such as `patroni_ttl`")
          .forEach((key, value) -> m.put(key, value(value, path + "." + key)));
      return java.util.Collections.unmodifiableMap(m);
    }
    if (node instanceof SequenceNode seq) {
      List<Object> items = new ArrayList<>();
      for (int i = 0; i < seq.getValue().size(); i++) {
        items.add(value(seq.getValue().get(i), path + "[" + i + "]"));
      }
      return java.util.Collections.unmodifiableList(items);
    }
    ScalarNode scalar = (ScalarNode) node;
    String text = scalar.getValue();
    Tag tag = scalar.getTag();
    if (!wellFormed(node, path, text)) {
      return "";
    }
    try {
      if (tag.equals(Tag.NULL)) {
        return Blueprint.YAML_NULL;
      } else if (tag.equals(Tag.BOOL)) {
        return Set.of("true", "yes", "on", "y").contains(text.toLowerCase(java.util.Locale.ROOT));
      } else if (tag.equals(Tag.INT)) {
        return new java.math.BigInteger(text.replace("_", ""));
      } else if (tag.equals(Tag.FLOAT)) {
        return new java.math.BigDecimal(text.replace("_", ""));
      }
    } catch (NumberFormatException e) {
      boolean secret =
          java.util.Arrays.stream(path.split("[.\\[]")).anyMatch(SecretValues::isSecretName);
      report(
          Code.WRONG_TYPE,
          node,
          (secret ? "the value" : "`" + text + "`")
              + " in "
              + describe(path)
              + " is not a plain decimal number",
          "write the number in decimal, or quote it to pass it as text");
      return text;
    }
    return text;
  }

  boolean isNull(Node node) {
    return node instanceof ScalarNode && node.getTag().equals(Tag.NULL);
  }

  void missing(String parentPath, String key, String hint) {
    if (suggested.contains(parentPath.isEmpty() ? key : parentPath + "." + key)) {
      return;
    }
    diagnostics.report(
        Code.MISSING_KEY,
        where.keyAt(parentPath),
        "missing `" + key + "` in " + describe(parentPath),
        hint);
  }

  void report(Code code, Node node, String message, String hint) {
    diagnostics.report(code, position(node), message, hint);
  }

  SourcePosition position(Node node) {
    return BlueprintParser.at(file(node), node.getStartMark());
  }

  private void wrongType(Node node, String path, String expected) {
    String found;
    if (node instanceof MappingNode) {
      found = "a mapping";
    } else if (node instanceof SequenceNode) {
      found = "a list";
    } else {
      found = isNull(node) ? "nothing (null)" : "`" + ((ScalarNode) node).getValue() + "`";
    }
    report(
        Code.WRONG_TYPE,
        node,
        describe(path) + " must be " + expected + ", found " + found,
        "write " + describe(path) + " as " + expected);
  }

  private void mark(String path, Node node) {
    where.put(path, position(node));
  }

  static String describe(String path) {
    return path.isEmpty() ? "the blueprint" : "`" + path + "`";
  }
}
