package dev.hagen;

import java.util.List;

/** Strings that are code, structure or another type in the languages hagen writes. */
public final class Payloads {
  public static final List<String> HOSTILE = List.of(
      "plain", "", " leading space", "trailing ", "it's", "say \"hi\"", "back\\slash", "a\\'b",
      "#{`id`}", "#{system('id')}", "${HOME}", "$(id)", "`id`", "{{ lookup('pipe', 'id') }}",
      "{% if true %}x{% endif %}", "{# c #}", "a: b", "- item", "# comment", "*alias", "&anchor",
      "!tag", "---", "...", "key=value", "[section]", "; semi", "line1\nline2", "tab\there",
      "cr\r\nlf", "null", "~", "true", "True", "None", "1e5", "0x1f", "010", "1_000", "-1", "[1, 2]",
      "{a: 1}", "(1,)", "ünïcödé", "emoji \uD83D\uDE00", "sep\u2028x", "nul\u0000x", "del\u007fx",
      "c1\u0085x", "bom\uFEFFx", "@at", "%percent", "|pipe", ">folded", "'", "\"", "\\", "?", ": ",
      "<<~'SCRIPT'", "end", "do", "192.168.56.10", "~/.ssh/id", "/tmp/a b");

  private Payloads() {}
}
