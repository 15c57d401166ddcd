package dev.hagen.emit;

import dev.hagen.render.GeneratedFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files hagen generated in a cluster's folder, each with the SHA-256 it was written with, and
 * the blueprint they were built from (its file name, as the headers give it, and its SHA-256). This
 * is how a rebuild tells its own files (to update or remove) from the user's (never touched), an
 * untouched generated file from a hand-edited one, and its own cluster from another blueprint's.
 */
public record Manifest(Optional<Source> blueprint, Map<String, String> files) {

  /**
   * The blueprint a folder was built from: its file name (an overlay's names its base too, as the
   * headers do) and the SHA-256 of its text, which tells a reviewer which revision built the files.
   */
  public record Source(String name, String sha256) {
    public Source {
      name = printable(name);
    }
  }

  public static final String FILE_NAME = ".hagen-manifest";

  private static final String HEADER =
      """
      # hagen manifest: the files hagen generated in this folder, with the SHA-256 of each.
      # hagen reads it to tell its own files from yours; it removes or updates only these. Do not edit.
      """;

  private static final String BLUEPRINT = "blueprint ";

  private static final Pattern BLUEPRINT_LINE = Pattern.compile("blueprint ([0-9a-f]{64})  (.+)");

  /**
   * A path hagen may write: plain names under the folder, never `..`, `.`, a leading `/` or a
   * backslash.
   */
  private static final Pattern PATH =
      Pattern.compile("(?!\\.{1,2}(/|$))[A-Za-z0-9._-]+(/(?!\\.{1,2}(/|$))[A-Za-z0-9._-]+)*");

  /** A manifest as read from disk: the manifest, or the first line that makes it untrustworthy. */
  public record Reading(Optional<Manifest> manifest, int line, String problem) {
    static Reading bad(int line, String problem) {
      return new Reading(Optional.empty(), line, problem);
    }
  }

  public static Manifest of(Source blueprint, List<GeneratedFile> files) {
    Map<String, String> m = new TreeMap<>();
    files.forEach(f -> m.put(f.path(), sha256(f.content())));
    return new Manifest(Optional.of(blueprint), Collections.unmodifiableMap(m));
  }

  public boolean owns(String path) {
    return files.containsKey(path);
  }

  /** Whether {@code content} is what hagen wrote at {@code path}. */
  public boolean untouched(String path, byte[] content) {
    return sha256(content).equals(files.get(path));
  }

  public GeneratedFile asFile() {
    StringBuilder sb = new StringBuilder(HEADER);
    blueprint.ifPresent(
        b -> sb.append(BLUEPRINT).append(b.sha256()).append("  ").append(b.name()).append('\n'));
    files.forEach((path, sha) -> sb.append(sha).append("  ").append(path).append('\n'));
    return new GeneratedFile(FILE_NAME, sb.toString());
  }

  /** Whether hagen could have written a file at {@code path}: it stays inside its folder. */
  public static boolean isPlainPath(String path) {
    return PATH.matcher(path).matches() && !path.equals(FILE_NAME);
  }

  /** Reads a manifest strictly: one bad line and none of it is trusted. */
  public static Reading parse(String text) {
    Map<String, String> m = new TreeMap<>();
    Optional<Source> blueprint = Optional.empty();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      int number = i + 1;
      if ((line.isEmpty() && i == lines.length - 1) || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith(BLUEPRINT) && blueprint.isEmpty() && m.isEmpty()) {
        Matcher b = BLUEPRINT_LINE.matcher(line);
        if (!b.matches()) {
          return Reading.bad(number, "this line is not `blueprint <sha256>  <file>`");
        }
        blueprint = Optional.of(new Source(b.group(2), b.group(1)));
        continue;
      }
      if (line.length() < 67
          || !line.substring(0, 64).matches("[0-9a-f]{64}")
          || !line.startsWith("  ", 64)) {
        return Reading.bad(number, "this line is not `<sha256>  <path>`");
      }
      String path = line.substring(66);
      if (!isPlainPath(path)) {
        return Reading.bad(number, "`" + printable(path) + "` is not a path inside this folder");
      }
      if (m.put(path, line.substring(0, 64)) != null) {
        return Reading.bad(number, "`" + path + "` is listed twice");
      }
    }
    return new Reading(
        Optional.of(new Manifest(blueprint, Collections.unmodifiableMap(m))), 0, null);
  }

  /** A name as one line of the manifest: control characters (a newline in a file name) as `?`. */
  static String printable(String s) {
    return s.codePoints()
        .map(c -> Character.isISOControl(c) ? '?' : c)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
        .toString();
  }

  static String sha256(String content) {
    return sha256(content.getBytes(StandardCharsets.UTF_8));
  }

  static String sha256(byte[] content) {
    return GeneratedFile.sha256(content);
  }

  /** The SHA-256 of a file's bytes, however large, read without following a symlink. */
  static String sha256(Path file) throws IOException {
    MessageDigest digest = GeneratedFile.digest();
    try (InputStream in =
        new DigestInputStream(Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS), digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
