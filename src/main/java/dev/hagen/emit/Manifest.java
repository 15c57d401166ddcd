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
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The files hagen generated in a cluster's folder, each with the SHA-256 it was written with, and
 * the blueprint (its file name, as the headers give it) they were built from. This is how a rebuild
 * tells its own files (to update or remove) from the user's (never touched), an untouched generated
 * file from a hand-edited one, and its own cluster from another blueprint's.
 */
public record Manifest(Optional<String> blueprint, Map<String, String> files) {
  public static final String FILE_NAME = ".hagen-manifest";

  private static final String HEADER =
      """
      # hagen manifest: the files hagen generated in this folder, with the SHA-256 of each.
      # hagen reads it to tell its own files from yours; it removes or updates only these. Do not edit.
      """;

  private static final String BLUEPRINT = "blueprint ";

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

  public static Manifest of(String blueprint, List<GeneratedFile> files) {
    Map<String, String> m = new TreeMap<>();
    files.forEach(f -> m.put(f.path(), sha256(f.content())));
    return new Manifest(Optional.of(printable(blueprint)), Collections.unmodifiableMap(m));
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
    blueprint.ifPresent(b -> sb.append(BLUEPRINT).append(b).append('\n'));
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
    Optional<String> blueprint = Optional.empty();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      int number = i + 1;
      if ((line.isEmpty() && i == lines.length - 1) || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith(BLUEPRINT) && blueprint.isEmpty() && m.isEmpty()) {
        blueprint = Optional.of(line.substring(BLUEPRINT.length()));
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
    MessageDigest digest = digest();
    return HexFormat.of().formatHex(digest.digest(content));
  }

  /** The SHA-256 of a file's bytes, however large, read without following a symlink. */
  static String sha256(Path file) throws IOException {
    MessageDigest digest = digest();
    try (InputStream in =
        new DigestInputStream(Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS), digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
