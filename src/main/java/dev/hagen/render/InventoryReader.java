package dev.hagen.render;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an INI inventory the way Ansible's {@code ini} plugin does (sections, {@code shlex} host
 * lines, {@code ast.literal_eval} values), for the parse-back of what hagen wrote. Values that
 * Ansible would read as something other than a string come back as {@link NotText}.
 */
public final class InventoryReader {
  /** The inventory as Ansible would see it. Group vars and children by group name. */
  public record Inventory(
      Map<String, Map<String, Map<String, Object>>> hosts,
      Map<String, List<String>> children,
      Map<String, Map<String, Object>> vars) {}

  /** A value literal_eval turns into a number, boolean, None or container. */
  public record NotText(String source) {}

  private InventoryReader() {}

  public static Inventory read(String text) {
    Map<String, Map<String, Map<String, Object>>> hosts = new LinkedHashMap<>();
    Map<String, List<String>> children = new LinkedHashMap<>();
    Map<String, Map<String, Object>> vars = new LinkedHashMap<>();
    String group = "ungrouped";
    String state = "hosts";
    int lineNo = 0;
    for (String raw : text.split("\n", -1)) {
      lineNo++;
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      if (line.startsWith("[")) {
        int close = line.indexOf(']');
        String rest = close < 0 ? "" : line.substring(close + 1).strip();
        if (close < 0 || !(rest.isEmpty() || rest.startsWith("#"))) {
          throw new IllegalArgumentException("line " + lineNo + ": bad section header: " + line);
        }
        String[] title = line.substring(1, close).split(":", 2);
        group = title[0];
        state = title.length > 1 ? title[1] : "hosts";
        if (group.isEmpty() || group.chars().anyMatch(Character::isWhitespace)) {
          throw new IllegalArgumentException("line " + lineNo + ": bad group name: " + line);
        }
        switch (state) {
          case "hosts" -> hosts.computeIfAbsent(group, g -> new LinkedHashMap<>());
          case "children" -> children.computeIfAbsent(group, g -> new ArrayList<>());
          case "vars" -> vars.computeIfAbsent(group, g -> new LinkedHashMap<>());
          default ->
              throw new IllegalArgumentException(
                  "line " + lineNo + ": unknown section type " + state);
        }
        continue;
      }
      switch (state) {
        case "hosts" -> {
          List<String> tokens = shlexSplit(line);
          Map<String, Object> hostVars = new LinkedHashMap<>();
          for (String token : tokens.subList(1, tokens.size())) {
            int eq = token.indexOf('=');
            if (eq < 0) {
              throw new IllegalArgumentException(
                  "line " + lineNo + ": expected key=value: " + token);
            }
            hostVars.put(token.substring(0, eq), literalEval(token.substring(eq + 1)));
          }
          hosts
              .get(group)
              .merge(
                  tokens.get(0),
                  hostVars,
                  (a, b) -> {
                    a.putAll(b);
                    return a;
                  });
        }
        case "children" -> children.get(group).add(line);
        default -> {
          int eq = line.indexOf('=');
          if (eq < 0) {
            throw new IllegalArgumentException("line " + lineNo + ": expected key=value: " + line);
          }
          vars.get(group)
              .put(line.substring(0, eq).strip(), literalEval(line.substring(eq + 1).strip()));
        }
      }
    }
    return new Inventory(hosts, children, vars);
  }

  /** Python's {@code shlex.split(line, comments=True)} in POSIX mode. */
  static List<String> shlexSplit(String line) {
    List<String> tokens = new ArrayList<>();
    StringBuilder token = null;
    int i = 0;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (Character.isWhitespace(c)) {
        if (token != null) {
          tokens.add(token.toString());
          token = null;
        }
        i++;
      } else if (c == '#') {
        break;
      } else {
        if (token == null) {
          token = new StringBuilder();
        }
        if (c == '\'') {
          int end = line.indexOf('\'', i + 1);
          if (end < 0) {
            throw new IllegalArgumentException("no closing quotation: " + line);
          }
          token.append(line, i + 1, end);
          i = end + 1;
        } else if (c == '"') {
          i++;
          while (true) {
            if (i >= line.length()) {
              throw new IllegalArgumentException("no closing quotation: " + line);
            }
            char d = line.charAt(i);
            if (d == '"') {
              i++;
              break;
            }
            if (d == '\\'
                && i + 1 < line.length()
                && (line.charAt(i + 1) == '"' || line.charAt(i + 1) == '\\')) {
              token.append(line.charAt(i + 1));
              i += 2;
            } else {
              token.append(d);
              i++;
            }
          }
        } else if (c == '\\') {
          if (i + 1 >= line.length()) {
            throw new IllegalArgumentException("no escaped character: " + line);
          }
          token.append(line.charAt(i + 1));
          i += 2;
        } else {
          token.append(c);
          i++;
        }
      }
    }
    if (token != null) {
      tokens.add(token.toString());
    }
    if (tokens.isEmpty()) {
      throw new IllegalArgumentException("empty host line");
    }
    return tokens;
  }

  /**
   * The part of {@code ast.literal_eval} an inventory value can reach: a quoted string literal is
   * decoded, a number/constant/container is {@link NotText}, anything else is the text itself.
   */
  static Object literalEval(String v) {
    if (v.length() >= 2
        && (v.charAt(0) == '\'' || v.charAt(0) == '"')
        && v.charAt(v.length() - 1) == v.charAt(0)) {
      return decodePython(v.substring(1, v.length() - 1), v.charAt(0));
    }
    if (v.matches(
            "[-+]?[0-9][0-9_]*([.][0-9_]*)?([eE][-+]?[0-9]+)?j?|[-+]?[.][0-9]+([eE][-+]?[0-9]+)?"
                + "|0[xXoObB][0-9a-fA-F_]+|True|False|None")
        || v.startsWith("[")
        || v.startsWith("{")
        || v.startsWith("(")) {
      return new NotText(v);
    }
    return v;
  }

  private static String decodePython(String body, char quote) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == quote) {
        throw new IllegalArgumentException("unescaped quote in literal: " + body);
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      char e = body.charAt(++i);
      switch (e) {
        case '\\', '\'', '"' -> sb.append(e);
        case 'n' -> sb.append('\n');
        case 't' -> sb.append('\t');
        case 'r' -> sb.append('\r');
        case 'x' -> {
          sb.appendCodePoint(Integer.parseInt(body.substring(i + 1, i + 3), 16));
          i += 2;
        }
        case 'u' -> {
          sb.appendCodePoint(Integer.parseInt(body.substring(i + 1, i + 5), 16));
          i += 4;
        }
        case 'U' -> {
          sb.appendCodePoint(Integer.parseInt(body.substring(i + 1, i + 9), 16));
          i += 8;
        }
        default ->
            throw new IllegalArgumentException("escape \\" + e + " is not produced by hagen");
      }
    }
    return sb.toString();
  }
}
