package dev.hagen.blueprint;

import dev.hagen.diagnostic.Code;
import dev.hagen.diagnostic.Diagnostics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * {@code extends}: one cluster described once, built for a lab and for real machines. An overlay
 * names a base blueprint and says only what differs; the two YAML trees are merged before binding,
 * so every later stage sees one blueprint and every diagnostic points into the file that wrote the
 * value. Rules (JSON Merge Patch, RFC 7386, plus a merge of {@code nodes} by name):
 *
 * <ul>
 *   <li>mappings merge key by key, and a {@code null} removes the key ({@code vagrant: null});
 *   <li>{@code nodes} merge by {@code name}: an overlay changes the base's nodes, never adds one;
 *   <li>lists ({@code roles}, {@code extensions}) and each {@code autobase_vars} value are replaced
 *       whole.
 * </ul>
 */
public final class BlueprintOverlay {
  /**
   * The tree to bind; {@code fileOf}: the nodes that came from the base, and its file; {@code
   * baseSecrets}: where the base holds secret values (its lines are echoed too).
   */
  public record Merged(
      Node root,
      Map<Node, String> fileOf,
      Optional<BlueprintSource> base,
      List<SecretValues.Span> baseSecrets) {
    public static Merged alone(Node root) {
      return new Merged(root, Map.of(), Optional.empty(), List.of());
    }
  }

  private final Diagnostics diagnostics;
  private final String overlayFile;

  private BlueprintOverlay(Diagnostics diagnostics, String overlayFile) {
    this.diagnostics = diagnostics;
    this.overlayFile = overlayFile;
  }

  /**
   * The blueprint merged over its base when it has {@code extends}; {@code read} reads a file (the
   * edge: the CLI and the tests read from disk). Empty when the base cannot be read or parsed.
   */
  public static Optional<Merged> resolve(
      Node root,
      BlueprintSource source,
      Function<Path, BlueprintFiles.Read> read,
      Diagnostics diagnostics) {
    Optional<ScalarNode> named = extendsValue(root);
    if (named.isEmpty()) {
      return Optional.of(Merged.alone(root));
    }
    ScalarNode value = named.get();
    BlueprintOverlay overlay = new BlueprintOverlay(diagnostics, source.displayPath());
    String text = value.getValue();
    if (text.isBlank() || text.chars().anyMatch(Character::isISOControl)) {
      overlay.report(
          Code.BASE_BLUEPRINT,
          value,
          overlay.overlayFile,
          "`extends` must name a blueprint file",
          "a path relative to this file, e.g. `extends: lab.yml`");
      return Optional.empty();
    }
    if (!text.matches("(?s).*\\.ya?ml")) {
      overlay.report(
          Code.BASE_BLUEPRINT,
          value,
          overlay.overlayFile,
          "`extends` must name a blueprint file (*.yml or *.yaml)",
          "a path relative to this file, e.g. `extends: lab.yml`");
      return Optional.empty();
    }
    // `..` is left for the file system to resolve: after a symlinked folder it means its target's
    // parent.
    Path sibling = Path.of(source.displayPath()).resolveSibling(text);
    Path basePath = text.matches("(?s)(.*/)?\\.\\.(/.*)?") ? sibling : sibling.normalize();
    BlueprintFiles.Read base = read.apply(basePath);
    if (base.problem() != null) {
      Code code =
          base.problem().code() == Code.OUTSIDE_ROOT ? Code.OUTSIDE_ROOT : Code.BASE_BLUEPRINT;
      overlay.report(
          code,
          value,
          overlay.overlayFile,
          "cannot read the base blueprint " + basePath + ": " + base.problem().message(),
          code == Code.OUTSIDE_ROOT
              ? base.problem().hint()
              : "`extends` names a path relative to this file");
      return Optional.empty();
    }
    BlueprintSource baseSource = base.source();
    Optional<Node> baseRoot = BlueprintParser.parse(baseSource, diagnostics);
    if (baseRoot.isEmpty()) {
      return Optional.empty();
    }
    Optional<ScalarNode> chained = extendsValue(baseRoot.get());
    if (chained.isPresent()) {
      overlay.report(
          Code.BASE_BLUEPRINT,
          chained.get(),
          baseSource.displayPath(),
          "the base blueprint " + baseSource.displayPath() + " extends another one itself",
          "an overlay extends a complete blueprint: merge the two bases into one");
      return Optional.empty();
    }
    if (!(baseRoot.get() instanceof MappingNode baseMap)
        || !(root instanceof MappingNode overlayMap)) {
      return Optional.of(Merged.alone(root)); // the binder reports a root that is not a mapping
    }
    IdentityHashMap<Node, String> fileOf = new IdentityHashMap<>();
    origin(baseMap, baseSource.displayPath(), fileOf);
    Node merged = overlay.mapping(baseMap, overlayMap, "");
    return Optional.of(
        new Merged(
            merged,
            Collections.unmodifiableMap(fileOf),
            Optional.of(baseSource),
            SecretValues.spans(baseRoot.get())));
  }

  private static Optional<ScalarNode> extendsValue(Node root) {
    if (root instanceof MappingNode m) {
      for (NodeTuple t : m.getValue()) {
        if (t.getKeyNode() instanceof ScalarNode k
            && k.getValue().equals("extends")
            && t.getValueNode() instanceof ScalarNode v
            && !v.getTag().equals(Tag.NULL)) {
          return Optional.of(v);
        }
      }
    }
    return Optional.empty();
  }

  private static void origin(Node node, String file, IdentityHashMap<Node, String> fileOf) {
    fileOf.put(node, file);
    if (node instanceof MappingNode m) {
      for (NodeTuple t : m.getValue()) {
        origin(t.getKeyNode(), file, fileOf);
        origin(t.getValueNode(), file, fileOf);
      }
    } else if (node instanceof SequenceNode s) {
      s.getValue().forEach(child -> origin(child, file, fileOf));
    }
  }

  /**
   * The base's keys in its order, each overridden, merged or removed; then the overlay's new keys.
   */
  private MappingNode mapping(MappingNode base, MappingNode over, String path) {
    Map<String, NodeTuple> overrides = new LinkedHashMap<>();
    List<NodeTuple> repeated = new ArrayList<>(); // left for the binder to report as duplicates
    for (NodeTuple t : over.getValue()) {
      String key = key(t);
      if (key == null || overrides.containsKey(key)) {
        repeated.add(t);
      } else {
        overrides.put(key, t);
      }
    }
    List<NodeTuple> tuples = new ArrayList<>();
    for (NodeTuple t : base.getValue()) {
      String key = key(t);
      NodeTuple o = key == null ? null : overrides.remove(key);
      if (o == null) {
        tuples.add(t);
      } else if (!isNull(o.getValueNode())) {
        tuples.add(merge(t, o, path.isEmpty() ? key : path + "." + key));
      }
    }
    overrides.values().stream().filter(t -> !isNull(t.getValueNode())).forEach(tuples::add);
    tuples.addAll(repeated);
    return new MappingNode(
        Tag.MAP, true, tuples, over.getStartMark(), over.getEndMark(), over.getFlowStyle());
  }

  private NodeTuple merge(NodeTuple base, NodeTuple over, String path) {
    Node b = base.getValueNode();
    Node o = over.getValueNode();
    if (path.equals("nodes") && b instanceof SequenceNode bs && o instanceof SequenceNode os) {
      return new NodeTuple(over.getKeyNode(), nodes(bs, os));
    }
    // autobase_vars merges by variable; each variable's value is data, replaced whole.
    boolean data = path.startsWith("autobase_vars.");
    if (!data && b instanceof MappingNode bm && o instanceof MappingNode om) {
      return new NodeTuple(over.getKeyNode(), mapping(bm, om, path));
    }
    return over;
  }

  /** The base's nodes in its order; each overlay entry names one and changes its keys. */
  private SequenceNode nodes(SequenceNode base, SequenceNode over) {
    Map<String, Integer> byName = new LinkedHashMap<>();
    for (int i = 0; i < base.getValue().size(); i++) {
      name(base.getValue().get(i)).ifPresent(n -> byName.putIfAbsent(n.getValue(), byName.size()));
    }
    List<Node> items = new ArrayList<>(base.getValue());
    Map<String, Node> seen = new LinkedHashMap<>();
    for (Node item : over.getValue()) {
      Optional<ScalarNode> name = name(item);
      if (name.isEmpty()) {
        report(
            Code.BASE_BLUEPRINT,
            item,
            overlayFile,
            "a node in an overlay must say which node of the base it changes",
            "start it with the base node's name, e.g. `- { name: "
                + byName.keySet().stream().findFirst().orElse("postgresql-1")
                + ", ip: ... }`");
        continue;
      }
      String n = name.get().getValue();
      Integer at = indexOf(base, n);
      if (at == null) {
        report(
            Code.BASE_BLUEPRINT,
            name.get(),
            overlayFile,
            "node `" + n + "` is not in the base blueprint",
            Spelling.nearest(n, List.copyOf(byName.keySet()))
                .map(s -> "did you mean `" + s + "`?")
                .orElse("an overlay changes the base's nodes; add or remove nodes in the base"));
      } else if (seen.put(n, item) != null) {
        report(
            Code.BASE_BLUEPRINT,
            name.get(),
            overlayFile,
            "node `" + n + "` is changed twice in this overlay",
            "merge the two entries into one");
      } else {
        items.set(
            at,
            mapping(
                (MappingNode) base.getValue().get(at), (MappingNode) item, "nodes[" + at + "]"));
      }
    }
    return new SequenceNode(
        Tag.SEQ, true, items, over.getStartMark(), over.getEndMark(), over.getFlowStyle());
  }

  private static Integer indexOf(SequenceNode base, String name) {
    for (int i = 0; i < base.getValue().size(); i++) {
      Node item = base.getValue().get(i);
      if (item instanceof MappingNode
          && name(item).map(s -> s.getValue().equals(name)).orElse(false)) {
        return i;
      }
    }
    return null;
  }

  private static Optional<ScalarNode> name(Node item) {
    if (item instanceof MappingNode m) {
      for (NodeTuple t : m.getValue()) {
        if ("name".equals(key(t)) && t.getValueNode() instanceof ScalarNode v && !isNull(v)) {
          return Optional.of(v);
        }
      }
    }
    return Optional.empty();
  }

  private static String key(NodeTuple t) {
    return t.getKeyNode() instanceof ScalarNode k ? k.getValue() : null;
  }

  private static boolean isNull(Node node) {
    return node instanceof ScalarNode && node.getTag().equals(Tag.NULL);
  }

  private void report(Code code, Node node, String file, String message, String hint) {
    diagnostics.report(code, BlueprintParser.at(file, node.getStartMark()), message, hint);
  }
}
