package dev.hagen.cli;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/**
 * The JSON hagen prints (diagnostics, SARIF, plans, explain, the schema), from maps, lists,
 * strings, numbers, booleans and nulls: two-space indents, LF line endings, {@code "key": value},
 * {@code []} and {@code {}} when empty. Strings are escaped as RFC 8259 requires (quote, backslash
 * and every control character) and nothing else, so text stays readable. The tests parse every
 * document back with Jackson; the product does not carry a JSON library for this.
 */
final class JsonText {
  private JsonText() {}

  static String of(Object value) {
    StringBuilder out = new StringBuilder();
    write(value, out, 0);
    return out.toString();
  }

  private static void write(Object value, StringBuilder out, int depth) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String s) {
      string(s, out);
    } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
      out.append(value);
    } else if (value instanceof BigInteger || value instanceof BigDecimal) {
      out.append(value); // exact, however large: 1E+400 is a JSON number
    } else if (value instanceof Number n) {
      double d = n.doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw new IllegalArgumentException("JSON has no " + d);
      }
      out.append(n);
    } else if (value instanceof Map<?, ?> map) {
      object(map, out, depth);
    } else if (value instanceof Collection<?> list) {
      array(list.iterator(), out, depth);
    } else if (value instanceof Object[] array) {
      array(java.util.Arrays.asList(array).iterator(), out, depth);
    } else if (value instanceof Enum<?> || value instanceof Character) {
      string(value.toString(), out);
    } else {
      throw new IllegalArgumentException("no JSON for a " + value.getClass().getName());
    }
  }

  private static void object(Map<?, ?> map, StringBuilder out, int depth) {
    if (map.isEmpty()) {
      out.append("{}");
      return;
    }
    out.append('{');
    String separator = "\n";
    for (Map.Entry<?, ?> e : map.entrySet()) {
      out.append(separator);
      indent(out, depth + 1);
      string(String.valueOf(e.getKey()), out);
      out.append(": ");
      write(e.getValue(), out, depth + 1);
      separator = ",\n";
    }
    out.append('\n');
    indent(out, depth);
    out.append('}');
  }

  private static void array(Iterator<?> items, StringBuilder out, int depth) {
    if (!items.hasNext()) {
      out.append("[]");
      return;
    }
    out.append('[');
    String separator = "\n";
    while (items.hasNext()) {
      out.append(separator);
      indent(out, depth + 1);
      write(items.next(), out, depth + 1);
      separator = ",\n";
    }
    out.append('\n');
    indent(out, depth);
    out.append(']');
  }

  private static void indent(StringBuilder out, int depth) {
    out.append("  ".repeat(depth));
  }

  private static final String HEX = "0123456789abcdef";

  static void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20) {
            out.append("\\u00").append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xf));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
