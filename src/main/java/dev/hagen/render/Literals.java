package dev.hagen.render;

/**
 * Every string that reaches an output file becomes a complete literal of that file's language.
 * These are the only escapers; the templates get them through {@link LiteralFormat}, so an
 * interpolation is escaped unless a template says {@code ?no_esc}.
 */
public final class Literals {
  private Literals() {}

  /**
   * A single-quoted Ruby string. Ruby interpolates nothing in single quotes; only {@code \\} and
   * {@code \'} are escapes, so {@code #{...}} stays text.
   */
  public static String ruby(String s) {
    if (s.indexOf('\r') >= 0) {
      // Ruby reads CR LF in source as LF, so no literal can hold a CR exactly; the checks refuse
      // it.
      throw new IllegalArgumentException("a carriage return cannot be written into a Ruby string");
    }
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  /**
   * A double-quoted YAML scalar, tagged {@code !unsafe} when Ansible would otherwise evaluate it as
   * a Jinja2 template. Control and non-printable characters are escaped, so the value stays on one
   * line and reads back exactly.
   */
  public static String yaml(String s) {
    return (hasJinja(s) ? "!unsafe " : "") + yamlQuoted(s);
  }

  /**
   * A plain YAML word where it reads back as the same text, else double-quoted: for YAML that hagen
   * reads itself (a blueprint), where no tag may appear.
   */
  public static String yamlText(String s) {
    return PLAIN_WORD.matcher(s).matches()
            && !PLAIN_NOT_TEXT.contains(s.toLowerCase(java.util.Locale.ROOT))
        ? s
        : yamlQuoted(s);
  }

  /**
   * Words YAML 1.1 reads as text when written plain: a letter first, so never a number or a date.
   */
  private static final java.util.regex.Pattern PLAIN_WORD =
      java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");

  /** Plain words YAML 1.1 reads as something else. */
  private static final java.util.Set<String> PLAIN_NOT_TEXT =
      java.util.Set.of("true", "false", "null", "yes", "no", "on", "off", "y", "n");

  /** A double-quoted YAML scalar, every character escaped that could break the line. */
  private static String yamlQuoted(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2);
    sb.append('"');
    s.codePoints()
        .forEach(
            c -> {
              switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                  if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                    sb.append(String.format(java.util.Locale.ROOT, "\\x%02x", c));
                  } else if (c == 0x2028
                      || c == 0x2029
                      || c == 0xfeff
                      || (c >= 0xd800 && c <= 0xdfff)
                      || c == 0xfffe
                      || c == 0xffff) {
                    sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", c));
                  } else {
                    sb.appendCodePoint(c);
                  }
                }
              }
            });
    return sb.append('"').toString();
  }

  /**
   * A Python string literal, which is how Ansible's INI inventory reads a {@code key=value} in a
   * {@code :vars} section ({@code ast.literal_eval}). Non-ASCII and control characters are escaped.
   */
  public static String python(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('\'');
    s.codePoints()
        .forEach(
            c -> {
              switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\'' -> sb.append("\\'");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                  if (c >= 0x20 && c < 0x7f) {
                    sb.append((char) c);
                  } else if (c <= 0xff) {
                    sb.append(String.format(java.util.Locale.ROOT, "\\x%02x", c));
                  } else if (c <= 0xffff) {
                    sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", c));
                  } else {
                    sb.append(String.format(java.util.Locale.ROOT, "\\U%08x", c));
                  }
                }
              }
            });
    return sb.append('\'').toString();
  }

  /** Lines longer than this are folded: yamllint (with autobase's rules) allows 160. */
  static final int YAML_WIDTH = 120;

  /** yamllint's line-length limit (autobase's rules): a flow entry may use all of it. */
  static final int LINE_LIMIT = 160;

  private static final java.util.regex.Pattern PLAIN_KEY =
      java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /**
   * One top-level entry of a blueprint's autobase_vars in YAML block style: mappings and lists
   * nested as blocks, strings double-quoted (and {@code !unsafe} when they hold Jinja2), long
   * strings folded with escaped line breaks so no line grows past {@link #YAML_WIDTH}, numbers and
   * booleans as YAML 1.1 reads them back. No trailing newline.
   */
  public static String yamlEntry(String key, Object value) {
    return yamlEntry(key, value, 0);
  }

  /**
   * The same entry nested {@code indent} spaces deep, its first line without them (the template
   * writes them before it).
   */
  public static String yamlEntry(String key, Object value, int indent) {
    StringBuilder sb = new StringBuilder();
    entry(sb, indent, key, value);
    return sb.substring(indent, sb.length() - 1);
  }

  private static void entry(StringBuilder sb, int indent, String key, Object value) {
    String head = " ".repeat(indent) + yamlKey(key) + ":";
    if (value instanceof java.util.Map<?, ?> map && !map.isEmpty()) {
      sb.append(head).append('\n');
      map.forEach((k, v) -> entry(sb, indent + 2, (String) k, v));
    } else if (value instanceof java.util.List<?> list && !list.isEmpty()) {
      sb.append(head).append('\n');
      list.forEach(item -> item(sb, indent + 2, item));
    } else {
      sb.append(head).append(' ').append(scalar(value, indent + 2, head.length() + 1)).append('\n');
    }
  }

  private static void item(StringBuilder sb, int indent, Object item) {
    String dash = " ".repeat(indent) + "- ";
    java.util.Optional<String> flow = flow(item);
    if (flow.isPresent() && dash.length() + flow.get().length() < LINE_LIMIT) {
      // One line per entry, as autobase writes its lists: a diff shows the entry that changed.
      sb.append(dash).append(flow.get()).append('\n');
    } else if (item instanceof java.util.Map<?, ?> map && !map.isEmpty()) {
      StringBuilder entries = new StringBuilder();
      map.forEach((k, v) -> entry(entries, indent + 2, (String) k, v));
      // The first key goes on the dash's line: "- option: x".
      sb.append(dash).append(entries.substring(indent + 2));
    } else if (item instanceof java.util.List<?> list && !list.isEmpty()) {
      sb.append(" ".repeat(indent)).append("-\n");
      list.forEach(x -> item(sb, indent + 2, x));
    } else {
      sb.append(dash).append(scalar(item, indent + 2, dash.length())).append('\n');
    }
  }

  /** A mapping of scalars as one flow mapping, {@code { option: "x", value: "y" }}. */
  private static java.util.Optional<String> flow(Object item) {
    if (!(item instanceof java.util.Map<?, ?> map) || map.isEmpty()) {
      return java.util.Optional.empty();
    }
    java.util.List<String> entries = new java.util.ArrayList<>();
    for (java.util.Map.Entry<?, ?> e : map.entrySet()) {
      Object v = e.getValue();
      if (v instanceof java.util.Map<?, ?> || v instanceof java.util.List<?>) {
        return java.util.Optional.empty();
      }
      String text =
          v instanceof String str
              ? yaml(str)
              : v instanceof dev.hagen.plan.ClusterPlan.Jinja j
                  ? yamlQuoted(j.text())
                  : scalar(v, 0, 0);
      entries.add(yamlKey((String) e.getKey()) + ": " + text);
    }
    return java.util.Optional.of("{ " + String.join(", ", entries) + " }");
  }

  private static String yamlKey(String key) {
    return PLAIN_KEY.matcher(key).matches()
            && !PLAIN_NOT_TEXT.contains(key.toLowerCase(java.util.Locale.ROOT))
        ? key
        : yaml(key);
  }

  private static String scalar(Object value, int indent, int column) {
    if (value instanceof String s) {
      return fold(yaml(s), indent, column);
    } else if (value instanceof dev.hagen.plan.ClusterPlan.Jinja j) {
      return fold(yamlQuoted(j.text()), indent, column);
    } else if (value instanceof Boolean
        || value instanceof java.math.BigInteger
        || value instanceof Integer) {
      return value.toString();
    } else if (value instanceof java.math.BigDecimal d) {
      String plain = d.toPlainString();
      return plain.contains(".") ? plain : plain + ".0";
    } else if (value instanceof java.util.List<?>) {
      return "[]";
    } else if (value instanceof java.util.Map<?, ?>) {
      return "{}";
    } else if (value == dev.hagen.plan.ClusterPlan.YAML_NULL) {
      return "null";
    }
    throw new IllegalArgumentException("not blueprint data: " + value);
  }

  /**
   * Breaks a long double-quoted scalar into lines with escaped line breaks ({@code \} at the end of
   * a line adds nothing). A continuation line never starts with a space, which YAML would drop.
   */
  static String fold(String quoted, int indent, int column) {
    if (column + quoted.length() <= YAML_WIDTH) {
      return quoted;
    }
    StringBuilder out = new StringBuilder();
    int lineLength = column;
    int i = 0;
    while (i < quoted.length()) {
      int end = i + 1;
      if (quoted.charAt(i) == '\\') {
        char e = quoted.charAt(i + 1);
        end = i + 2 + (e == 'x' ? 2 : e == 'u' ? 4 : e == 'U' ? 8 : 0);
      } else if (Character.isHighSurrogate(quoted.charAt(i))) {
        end = i + 2;
      }
      char c = quoted.charAt(i);
      boolean inside = i > 0 && end < quoted.length();
      if (inside && lineLength + (end - i) > YAML_WIDTH - 1 && c != ' ' && c != '\t') {
        out.append("\\\n").append(" ".repeat(indent));
        lineLength = indent;
      }
      out.append(quoted, i, end);
      lineLength += end - i;
      i = end;
    }
    return out.toString();
  }

  /** Tokens that Ansible's INI parser keeps as the very same string, so they need no quotes. */
  private static final java.util.regex.Pattern INERT_INI =
      java.util.regex.Pattern.compile(
          "[0-9]{1,3}(\\.[0-9]{1,3}){3}|[A-Za-z_/~][A-Za-z0-9._/~@:+-]*");

  /**
   * A value in an INI inventory host line. Ansible splits the line with {@code shlex}, then reads
   * each value with {@code ast.literal_eval}: {@code 1e5} would become a float and {@code True} a
   * boolean. Inert tokens stay bare; anything else becomes a Python literal inside shell quotes.
   */
  public static String iniHostValue(String s) {
    if (isInertIni(s)) {
      return s;
    }
    return "\"" + python(s).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** A value in an INI inventory {@code :vars} line: no shlex there, only {@code literal_eval}. */
  public static String iniVarsValue(String s) {
    return isInertIni(s) ? s : python(s);
  }

  static boolean isInertIni(String s) {
    return INERT_INI.matcher(s).matches()
        && !s.equals("True")
        && !s.equals("False")
        && !s.equals("None");
  }

  /** Words the shell reads as themselves, unquoted. */
  private static final java.util.regex.Pattern SHELL_WORD =
      java.util.regex.Pattern.compile("[A-Za-z0-9_./@:+=,%-]+");

  /**
   * A shell word that the shell reads back as {@code s}: as it is when it is plain, else in single
   * quotes; a leading {@code ~/} stays outside them, so the shell still expands it.
   */
  public static String shellWord(String s) {
    if (s.startsWith("~/")) {
      return "~/" + (s.length() == 2 ? "" : shellWord(s.substring(2)));
    }
    return !s.isEmpty() && SHELL_WORD.matcher(s).matches()
        ? s
        : "'" + s.replace("'", "'\\''") + "'";
  }

  /** A Markdown code span, fenced with more backticks than the value contains. */
  public static String markdownCode(String s) {
    String oneLine = s.replaceAll("[\\r\\n]+", " ").replace("|", "\\|");
    int longest = 0;
    int run = 0;
    for (int i = 0; i < oneLine.length(); i++) {
      char c = oneLine.charAt(i);
      run = c == '`' ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    String fence = "`".repeat(longest + 1);
    boolean pad = oneLine.startsWith("`") || oneLine.endsWith("`");
    return fence + (pad ? " " : "") + oneLine + (pad ? " " : "") + fence;
  }

  /**
   * Text inside a quoted Mermaid label: anything but letters, digits and {@code .:/_-} and space
   * becomes an entity code ({@code #35;}), so a value can neither close the label nor add markup.
   */
  public static String mermaid(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    s.codePoints()
        .forEach(
            c -> {
              if ((c < 128 && Character.isLetterOrDigit(c)) || ".:/_- ,".indexOf(c) >= 0) {
                sb.appendCodePoint(c);
              } else {
                sb.append('#').append(c).append(';');
              }
            });
    return sb.toString();
  }

  /** Text for a comment line: one line, no control characters. */
  public static String commentText(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    s.codePoints()
        .forEach(
            c ->
                sb.appendCodePoint(
                    Character.isISOControl(c) || c == 0x2028 || c == 0x2029 ? '?' : c));
    return sb.toString();
  }

  /** Text broken into lines of at most {@code width} characters at spaces (a longer word alone). */
  public static java.util.List<String> wrap(String text, int width) {
    java.util.List<String> lines = new java.util.ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : commentText(text).split(" ", -1)) {
      if (line.length() > 0 && line.length() + 1 + word.length() > width) {
        lines.add(line.toString());
        line.setLength(0);
      }
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(word);
    }
    if (line.length() > 0) {
      lines.add(line.toString());
    }
    return java.util.List.copyOf(lines);
  }

  /** Ansible templates any string containing these, wherever it is read from. */
  public static boolean hasJinja(String s) {
    return s.contains("{{") || s.contains("{%") || s.contains("{#");
  }
}
