package dev.hagen.render;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Reads back the subset of Ruby hagen writes in a Vagrantfile: comments, single-quoted strings,
 * quoted heredocs, words and brackets. It fails on anything that could interpolate or execute
 * (double quotes, backticks, {@code %}-literals, bare heredocs), on unterminated literals and on
 * unbalanced {@code do}/{@code end} or brackets; and returns every string literal, decoded.
 */
public final class RubyReader {
  private RubyReader() {}

  public static List<String> literals(String source) {
    List<String> literals = new ArrayList<>();
    Deque<String> open = new ArrayDeque<>();
    String[] lines = source.split("\n", -1);
    for (int n = 0; n < lines.length; n++) {
      String line = lines[n];
      int i = 0;
      while (i < line.length()) {
        char c = line.charAt(i);
        if (c == '#') {
          break;
        } else if (c == '\'') {
          StringBuilder sb = new StringBuilder();
          int j = i + 1;
          // Single-quoted strings may span lines in Ruby; hagen's never do, and that is checked too.
          while (true) {
            if (j >= line.length()) {
              throw error(n, "unterminated single-quoted string");
            }
            char d = line.charAt(j);
            if (d == '\\' && j + 1 < line.length()
                && (line.charAt(j + 1) == '\\' || line.charAt(j + 1) == '\'')) {
              sb.append(line.charAt(j + 1));
              j += 2;
            } else if (d == '\'') {
              break;
            } else {
              sb.append(d);
              j++;
            }
          }
          literals.add(sb.toString());
          i = j + 1;
        } else if (c == '"' || c == '`' || c == '%' || c == '$') {
          throw error(n, "`" + c + "` is never written by hagen: it could interpolate or execute");
        } else if (line.startsWith("<<", i)) {
          int q = i + 2;
          if (q < line.length() && (line.charAt(q) == '~' || line.charAt(q) == '-')) {
            q++;
          }
          if (q >= line.length() || line.charAt(q) != '\'') {
            throw error(n, "only single-quoted heredocs are allowed");
          }
          int close = line.indexOf('\'', q + 1);
          String id = line.substring(q + 1, close);
          StringBuilder body = new StringBuilder();
          int m = n + 1;
          while (m < lines.length && !lines[m].strip().equals(id)) {
            body.append(lines[m]).append('\n');
            m++;
          }
          if (m >= lines.length) {
            throw error(n, "heredoc " + id + " is not terminated");
          }
          literals.add(body.toString());
          // The rest of this line is still code; the heredoc's lines are skipped below.
          String rest = line.substring(close + 1);
          lines[m] = "";
          for (int k = n + 1; k < m; k++) {
            lines[k] = "";
          }
          line = rest;
          i = 0;
        } else if (Character.isLetter(c) || c == '_') {
          int j = i;
          while (j < line.length() && (Character.isLetterOrDigit(line.charAt(j)) || line.charAt(j) == '_')) {
            j++;
          }
          String word = line.substring(i, j);
          boolean member = i > 0 && line.charAt(i - 1) == '.';
          if (!member && word.equals("do")) {
            open.push("do");
          } else if (!member && word.equals("end")) {
            if (open.isEmpty() || !open.pop().equals("do")) {
              throw error(n, "`end` without `do`");
            }
          }
          i = j;
        } else if (c == '(' || c == '[' || c == '{') {
          open.push(String.valueOf(c));
          i++;
        } else if (c == ')' || c == ']' || c == '}') {
          String expected = c == ')' ? "(" : c == ']' ? "[" : "{";
          if (open.isEmpty() || !open.pop().equals(expected)) {
            throw error(n, "unbalanced `" + c + "`");
          }
          i++;
        } else {
          i++;
        }
      }
    }
    if (!open.isEmpty()) {
      throw new IllegalArgumentException("unclosed `" + open.peek() + "` at end of file");
    }
    return literals;
  }

  private static IllegalArgumentException error(int line, String message) {
    return new IllegalArgumentException("line " + (line + 1) + ": " + message);
  }
}
