package dev.hagen.blueprint;

import dev.hagen.diagnostic.SourcePosition;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each field of a blueprint was written, by path ({@code nodes[1].ip}), in its own file or in
 * the base blueprint it extends. Checks report against paths; a path that was not written (a
 * default) falls back to its nearest written parent.
 */
public final class SourceMap {
  private final String file;
  private final Map<String, SourcePosition> positions = new HashMap<>();
  private final Map<String, SourcePosition> keys = new HashMap<>();

  public SourceMap(String file) {
    this.file = file;
  }

  void put(String path, SourcePosition at) {
    positions.putIfAbsent(path, at);
  }

  void putKey(String path, SourcePosition at) {
    keys.putIfAbsent(path, at);
  }

  /** Where the key of a section was written ({@code network:}), else where its value starts. */
  public SourcePosition keyAt(String path) {
    SourcePosition key = keys.get(path);
    return key != null ? key : at(path);
  }

  /** Whether the blueprint wrote this path itself (otherwise its value is a default). */
  public boolean written(String path) {
    return positions.containsKey(path);
  }

  public String file() {
    return file;
  }

  public SourcePosition at(String path) {
    String p = path;
    while (!p.isEmpty()) {
      SourcePosition found = positions.get(p);
      if (found != null) {
        return found;
      }
      p = parent(p);
    }
    SourcePosition root = positions.get("");
    return root != null ? root : SourcePosition.wholeFile(file);
  }

  static String parent(String path) {
    int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
    return cut <= 0 ? "" : path.substring(0, cut);
  }
}
