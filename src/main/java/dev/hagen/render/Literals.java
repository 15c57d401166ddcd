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
      // Ruby reads CR LF in source as LF, so no literal can hold a CR exactly; the checks refuse it.
      throw new IllegalArgumentException("a carriage return cannot be written into a Ruby string");
    }
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  /**
   * A double-quoted YAML scalar, tagged {@code !unsafe} when Ansible would otherwise evaluate it as
   * a Jinja2 template. Control and non-printable characters are escaped, so the value stays on
   * one line and reads back exactly.
   */
  public static String yaml(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2);
    if (hasJinja(s)) {
      sb.append("!unsafe ");
    }
    sb.append('"');
    s.codePoints().forEach(c -> {
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '"' -> sb.append("\\\"");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        case '\r' -> sb.append("\\r");
        default -> {
          if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
            sb.append(String.format(java.util.Locale.ROOT, "\\x%02x", c));
          } else if (c == 0x2028 || c == 0x2029 || c == 0xfeff || (c >= 0xd800 && c <= 0xdfff)
              || c == 0xfffe || c == 0xffff) {
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
    s.codePoints().forEach(c -> {
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

  /**
   * Any value of a blueprint's autobase_vars as one line of YAML flow style: strings quoted (and
   * {@code !unsafe} when they hold Jinja2), numbers and booleans as YAML 1.1 reads them back.
   */
  public static String yamlFlow(Object value) {
    if (value instanceof String s) {
      return yaml(s);
    } else if (value instanceof Boolean || value instanceof java.math.BigInteger) {
      return value.toString();
    } else if (value instanceof java.math.BigDecimal d) {
      String plain = d.toPlainString();
      return plain.contains(".") ? plain : plain + ".0";
    } else if (value instanceof java.util.List<?> list) {
      return "[" + String.join(", ", list.stream().map(Literals::yamlFlow).toList()) + "]";
    } else if (value instanceof java.util.Map<?, ?> map) {
      return "{" + String.join(", ", map.entrySet().stream()
          .map(e -> yaml((String) e.getKey()) + ": " + yamlFlow(e.getValue())).toList()) + "}";
    } else if (value == dev.hagen.blueprint.Blueprint.YAML_NULL) {
      return "null";
    }
    throw new IllegalArgumentException("not blueprint data: " + value);
  }

  /** Tokens that Ansible's INI parser keeps as the very same string, so they need no quotes. */
  private static final java.util.regex.Pattern INERT_INI = java.util.regex.Pattern.compile(
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
    return INERT_INI.matcher(s).matches() && !s.equals("True") && !s.equals("False")
        && !s.equals("None");
  }

  /** A Markdown code span, fenced with more backticks than the value contains. */
  public static String markdownCode(String s) {
    String oneLine = s.replaceAll("[\\r\\n]+", " ").replace("|", "\\|");
    int longest = 0;
    int run = 0;
    for (char c : oneLine.toCharArray()) {
      run = c == '`' ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    String fence = "`".repeat(longest + 1);
    boolean pad = oneLine.startsWith("`") || oneLine.endsWith("`");
    return fence + (pad ? " " : "") + oneLine + (pad ? " " : "") + fence;
  }

  /** Text for a comment line: one line, no control characters. */
  public static String commentText(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    s.codePoints().forEach(c -> sb.appendCodePoint(Character.isISOControl(c)
        || c == 0x2028 || c == 0x2029 ? '?' : c));
    return sb.toString();
  }

  /** Ansible templates any string containing these, wherever it is read from. */
  public static boolean hasJinja(String s) {
    return s.contains("{{") || s.contains("{%") || s.contains("{#");
  }
}
