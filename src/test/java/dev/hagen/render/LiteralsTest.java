package dev.hagen.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hagen.Tools;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each escaper against strings that are code, structure or a different type in its language. */
class LiteralsTest {
  static final List<String> HOSTILE = dev.hagen.Payloads.HOSTILE;

  static List<String> hostile() {
    return HOSTILE;
  }

  @ParameterizedTest
  @MethodSource("hostile")
  void yamlReadsBackExactlyAndJinjaIsUnsafe(String s) {
    Object read = ((Map<?, ?>) ReadBack.yaml("k: " + Literals.yaml(s) + "\n")).get("k");
    assertEquals(Literals.hasJinja(s) ? new ReadBack.Unsafe(s) : s, read);
    assertFalse(Literals.yaml(s).contains("\n"), "one line");
  }

  /**
   * Nested pass-through data, long strings folded, reads back as written, within yamllint's width.
   */
  @ParameterizedTest
  @MethodSource("hostile")
  void yamlEntriesReadBackExactly(String s) {
    Map<String, Object> inner = new java.util.LinkedHashMap<>();
    inner.put("k", s);
    inner.put(s.isEmpty() ? "empty" : s, List.of(s));
    inner.put("n", dev.hagen.plan.ClusterPlan.YAML_NULL);
    List<Object> value =
        List.of(
            inner,
            s.repeat(40),
            List.of(s, List.of()),
            new java.math.BigDecimal("0.50"),
            new java.math.BigInteger("12345678901234567890"),
            true);
    String entry = Literals.yamlEntry("v", value);
    Object read = ((Map<?, ?>) ReadBack.yaml(entry + "\n")).get("v");
    assertEquals(ReadBack.asRead(value), read, entry);
    for (String line : entry.split("\n", -1)) {
      assertTrue(line.length() <= 160, "too long: " + line);
      assertFalse(line.endsWith(" "), "trailing space: [" + line + "]");
    }
  }

  @ParameterizedTest
  @MethodSource("hostile")
  void pythonLiteralsReadBackExactly(String s) {
    assertEquals(s, InventoryReader.literalEval(Literals.python(s)));
    assertEquals(s, InventoryReader.literalEval(Literals.iniVarsValue(s)));
  }

  @ParameterizedTest
  @MethodSource("hostile")
  void inventoryHostValuesReadBackExactly(String s) {
    String line = "10.0.0.1 k=" + Literals.iniHostValue(s) + " after=x";
    List<String> tokens = InventoryReader.shlexSplit(line);
    assertEquals(List.of("10.0.0.1", "k=" + tokens.get(1).substring(2), "after=x"), tokens);
    assertEquals(s, InventoryReader.literalEval(tokens.get(1).substring(2)));
  }

  @ParameterizedTest
  @MethodSource("hostile")
  void rubyLiteralsReadBackExactly(String s) {
    if (s.contains("\r")) {
      assertThrows(IllegalArgumentException.class, () -> Literals.ruby(s));
      return;
    }
    assertEquals(List.of(s), RubyReader.literals("x = " + Literals.ruby(s) + " # done\n"));
  }

  @Test
  void markdownCodeSpansOutfenceTheirContent() {
    assertEquals("`plain`", Literals.markdownCode("plain"));
    assertEquals("``a`b``", Literals.markdownCode("a`b"));
    assertEquals("``` ``x ```", Literals.markdownCode("``x"));
    assertEquals("`a b`", Literals.markdownCode("a\nb"));
    assertEquals("`a\\|b`", Literals.markdownCode("a|b"));
  }

  @Test
  void inertTokensStayBare() {
    assertEquals("192.168.56.10", Literals.iniHostValue("192.168.56.10"));
    assertEquals("postgresql-1", Literals.iniHostValue("postgresql-1"));
    assertEquals("~/.ssh/vmbox", Literals.iniVarsValue("~/.ssh/vmbox"));
    assertEquals("\"'1e5'\"", Literals.iniHostValue("1e5"));
    assertEquals("'True'", Literals.iniVarsValue("True"));
  }

  @Test
  void theRubyReaderRefusesWhatCouldRun() {
    assertThrows(IllegalArgumentException.class, () -> RubyReader.literals("x = \"#{1}\"\n"));
    assertThrows(IllegalArgumentException.class, () -> RubyReader.literals("x = `id`\n"));
    assertThrows(IllegalArgumentException.class, () -> RubyReader.literals("x = 'open\n"));
    assertThrows(IllegalArgumentException.class, () -> RubyReader.literals("x do\n"));
    assertThrows(
        IllegalArgumentException.class, () -> RubyReader.literals("x = <<~EOS\nhi\nEOS\n"));
    assertThrows(IllegalArgumentException.class, () -> RubyReader.literals("x = <<~'EOS'\nhi\n"));
    assertEquals(
        List.of("a", "body $x\n", "b"),
        RubyReader.literals("f('a', <<~'EOS', 'b')\nbody $x\nEOS\n"));
  }

  /** The real Python reads the values as Ansible's INI inventory does: shlex, then literal_eval. */
  @Test
  @Tag(Tools.TIER)
  void realPythonReadsInventoryValuesBack() {
    Tools.require("python3", "python3");
    StringBuilder lines = new StringBuilder();
    for (String s : HOSTILE) {
      lines.append("h k=").append(Literals.iniHostValue(s)).append('\n');
      lines.append("k=").append(Literals.iniVarsValue(s)).append('\n');
    }
    String script =
        String.join(
            "\n",
            "import ast, json, shlex, sys",
            "def value(v):",
            "    try:",
            "        return ast.literal_eval(v)",
            "    except (ValueError, SyntaxError):",
            "        return v",
            "out = []",
            "for i, line in enumerate(sys.stdin.read().split('\\n')[:-1]):",
            "    if i % 2 == 0:",
            "        out.append(value(shlex.split(line, comments=True)[1].split('=', 1)[1]))",
            "    else:",
            "        out.append(value(line.split('=', 1)[1].strip()))",
            "print(json.dumps(out))");
    Tools.Run run = Tools.run(Path.of("."), Map.of(), lines.toString(), "python3", "-c", script);
    assertEquals(0, run.exitCode(), run.stderr());
    List<String> expected = new ArrayList<>();
    HOSTILE.forEach(s -> expected.addAll(List.of(s, s)));
    assertEquals(json(expected), run.stdout().strip());
  }

  /** The real Ruby evaluates each literal to the very string. */
  @Test
  @Tag(Tools.TIER)
  void realRubyReadsLiteralsBack() {
    Tools.require("ruby", "ruby");
    StringBuilder program = new StringBuilder("require 'json'\nvalues = [\n");
    List<String> writable = HOSTILE.stream().filter(s -> !s.contains("\r")).toList();
    writable.forEach(s -> program.append("  ").append(Literals.ruby(s)).append(",\n"));
    program.append("]\nputs JSON.generate(values.map { |v| v.unpack('U*') })\n");
    Tools.Run run = Tools.run(Path.of("."), Map.of(), program.toString(), "ruby", "-");
    assertEquals(0, run.exitCode(), run.stderr());
    StringBuilder expected = new StringBuilder("[");
    for (int i = 0; i < writable.size(); i++) {
      expected
          .append(i == 0 ? "" : ",")
          .append(
              writable
                  .get(i)
                  .codePoints()
                  .mapToObj(Integer::toString)
                  .toList()
                  .toString()
                  .replace(" ", ""));
    }
    assertEquals(expected.append("]").toString(), run.stdout().strip());
  }

  /** JSON as Python's json.dumps writes it (ASCII only, ", " and ": " separators). */
  static String json(List<String> values) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < values.size(); i++) {
      sb.append(i == 0 ? "" : ", ").append('"');
      for (char c : values.get(i).toCharArray()) {
        switch (c) {
          case '"' -> sb.append("\\\"");
          case '\\' -> sb.append("\\\\");
          case '\n' -> sb.append("\\n");
          case '\r' -> sb.append("\\r");
          case '\t' -> sb.append("\\t");
          default ->
              sb.append(
                  c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
      }
      sb.append('"');
    }
    return sb.append("]").toString();
  }

  @Test
  void commentTextStaysOnOneLine() {
    assertEquals("a?b?c", Literals.commentText("a\nb\u2028c"));
    assertTrue(Literals.hasJinja("x {{ y"));
  }
}
