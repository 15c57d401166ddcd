package dev.hagen.render;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Reads back the subset of Ruby hagen writes in a Vagrantfile: comments, single-quoted strings,
 * single-quoted heredocs, words and brackets. It fails on anything that could interpolate or
 * execute (double quotes, backticks, {@code %}-literals, {@code $}, bare heredocs), on unterminated
 * literals and on unbalanced {@code do}/{@code end} or brackets; and returns every string literal,
 * decoded, in source order.
 */
public final class RubyReader {
  private final String src;
  private int pos;
  private int line = 1;
  private final List<String> literals = new ArrayList<>();
  private final Deque<String> open = new ArrayDeque<>();

  /** Heredocs opened on the current line: their ids and the slots their bodies fill. */
  private final Deque<String> pendingHeredocs = new ArrayDeque<>();

  private final Deque<Integer> pendingSlots = new ArrayDeque<>();

  private RubyReader(String src) {
    this.src = src;
  }

  public static List<String> literals(String source) {
    RubyReader r = new RubyReader(source);
    r.read();
    return r.literals;
  }

  private void read() {
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (c == '\n') {
        pos++;
        line++;
        while (!pendingHeredocs.isEmpty()) {
          heredocBody(pendingHeredocs.removeFirst(), pendingSlots.removeFirst());
        }
      } else if (c == '#') {
        while (pos < src.length() && src.charAt(pos) != '\n') {
          pos++;
        }
      } else if (c == '\'') {
        singleQuoted();
      } else if (c == '"' || c == '`' || c == '%' || c == '$') {
        throw error("`" + c + "` is never written by hagen: it could interpolate or execute");
      } else if (src.startsWith("<<", pos)) {
        heredocStart();
      } else if (Character.isLetter(c) || c == '_') {
        word();
      } else if (c == '(' || c == '[' || c == '{') {
        open.push(String.valueOf(c));
        pos++;
      } else if (c == ')' || c == ']' || c == '}') {
        String expected = c == ')' ? "(" : c == ']' ? "[" : "{";
        if (open.isEmpty() || !open.pop().equals(expected)) {
          throw error("unbalanced `" + c + "`");
        }
        pos++;
      } else {
        pos++;
      }
    }
    if (!pendingHeredocs.isEmpty()) {
      throw error("heredoc " + pendingHeredocs.peek() + " has no body");
    }
    if (!open.isEmpty()) {
      throw error("unclosed `" + open.peek() + "` at end of file");
    }
  }

  /** Ruby's single quotes: only {@code \\} and {@code \'} are escapes; newlines are text. */
  private void singleQuoted() {
    int startLine = line;
    StringBuilder sb = new StringBuilder();
    pos++;
    while (true) {
      if (pos >= src.length()) {
        throw new IllegalArgumentException("line " + startLine + ": unterminated string");
      }
      char d = src.charAt(pos);
      if (d == '\\'
          && pos + 1 < src.length()
          && (src.charAt(pos + 1) == '\\' || src.charAt(pos + 1) == '\'')) {
        sb.append(src.charAt(pos + 1));
        pos += 2;
      } else if (d == '\'') {
        pos++;
        break;
      } else {
        if (d == '\n') {
          line++;
        }
        sb.append(d);
        pos++;
      }
    }
    literals.add(sb.toString());
  }

  private void heredocStart() {
    int q = pos + 2;
    if (q < src.length() && (src.charAt(q) == '~' || src.charAt(q) == '-')) {
      q++;
    }
    int close = q < src.length() && src.charAt(q) == '\'' ? src.indexOf('\'', q + 1) : -1;
    int eol = src.indexOf('\n', q);
    if (close < 0 || (eol >= 0 && close > eol)) {
      throw error("only single-quoted heredocs (<<~'ID') are allowed");
    }
    pendingHeredocs.addLast(src.substring(q + 1, close));
    pendingSlots.addLast(literals.size());
    literals.add(null);
    pos = close + 1;
  }

  private void heredocBody(String id, int slot) {
    StringBuilder body = new StringBuilder();
    while (true) {
      if (pos >= src.length()) {
        throw error("heredoc " + id + " is not terminated");
      }
      int eol = src.indexOf('\n', pos);
      int end = eol < 0 ? src.length() : eol;
      String text = src.substring(pos, end);
      pos = eol < 0 ? src.length() : eol + 1;
      line++;
      if (text.strip().equals(id)) {
        break;
      }
      body.append(text).append('\n');
    }
    literals.set(slot, body.toString());
  }

  private void word() {
    int start = pos;
    while (pos < src.length()
        && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
      pos++;
    }
    String word = src.substring(start, pos);
    boolean member = start > 0 && src.charAt(start - 1) == '.';
    if (!member && word.equals("do")) {
      open.push("do");
    } else if (!member && word.equals("end")) {
      if (open.isEmpty() || !open.pop().equals("do")) {
        throw error("`end` without `do`");
      }
    }
  }

  private IllegalArgumentException error(String message) {
    return new IllegalArgumentException("line " + line + ": " + message);
  }
}
