package dev.hagen.blueprint;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A blueprint as the user wrote it: the name shown in diagnostics, the name recorded in generated
 * headers (the file name only, so output does not depend on where hagen was run from), and the text.
 */
public record BlueprintSource(String displayPath, String fileName, String text) {

  /** Blueprints larger than this are refused before parsing: no real cluster needs 1 MiB of YAML. */
  public static final int MAX_BYTES = 1 << 20;

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
