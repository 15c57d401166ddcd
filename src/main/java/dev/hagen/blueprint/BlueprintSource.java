package dev.hagen.blueprint;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A blueprint as the user wrote it: the name shown in diagnostics, the name recorded in generated
 * headers (the file name only, so output does not depend on where hagen was run from), the text,
 * and the root: the folder tree it was named from, which its {@code extends} may not leave.
 */
public record BlueprintSource(String displayPath, String fileName, String text, Path root) {

  /** A blueprint whose root is the folder that holds it. */
  public BlueprintSource(String displayPath, String fileName, String text) {
    this(displayPath, fileName, text, BlueprintFiles.rootOf(Path.of(displayPath)));
  }

  public List<String> lines() {
    return text.lines().toList();
  }

  /** SHA-256 of the blueprint's bytes, so a reviewer can tell which input produced an output. */
  public String sha256() {
    return sha256(text);
  }

  /** SHA-256 of a text's UTF-8 bytes, in hex. */
  public static String sha256(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
