package dev.hagen.emit;

import dev.hagen.render.GeneratedFile;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The files hagen generated in a cluster's folder, each with the SHA-256 it was written with. This
 * is how a rebuild tells its own files (to update or remove) from the user's (never touched), and an
 * untouched generated file from a hand-edited one.
 */
public record Manifest(Map<String, String> files) {
  public static final String FILE_NAME = ".hagen-manifest";

  private static final String HEADER = """
      # hagen manifest: the files hagen generated in this folder, with the SHA-256 of each.
      # hagen reads it to tell its own files from yours; it removes or updates only these. Do not edit.
      """;

  public static Manifest of(List<GeneratedFile> files) {
    Map<String, String> m = new TreeMap<>();
    files.forEach(f -> m.put(f.path(), sha256(f.content())));
    return new Manifest(Collections.unmodifiableMap(m));
  }

  public boolean owns(String path) {
    return files.containsKey(path);
  }

  /** Whether {@code content} is what hagen wrote at {@code path}. */
  public boolean untouched(String path, String content) {
    return sha256(content).equals(files.get(path));
  }

  public GeneratedFile asFile() {
    StringBuilder sb = new StringBuilder(HEADER);
    files.forEach((path, sha) -> sb.append(sha).append("  ").append(path).append('\n'));
    return new GeneratedFile(FILE_NAME, sb.toString());
  }

  /** Reads a manifest; empty when the text is not one (then nothing in the folder counts as hagen's). */
  public static Optional<Manifest> parse(String text) {
    Map<String, String> m = new TreeMap<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int sep = line.indexOf("  ");
      if (sep != 64 || !line.substring(0, 64).matches("[0-9a-f]{64}")) {
        return Optional.empty();
      }
      m.put(line.substring(66), line.substring(0, 64));
    }
    return Optional.of(new Manifest(Collections.unmodifiableMap(m)));
  }

  static String sha256(String content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(content.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
