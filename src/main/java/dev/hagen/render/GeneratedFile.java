package dev.hagen.render;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** One output file, in memory: its path under the cluster's folder (with '/') and its text. */
public record GeneratedFile(String path, String content) {
  /** The SHA-256 of the file's bytes, as the manifest and the steps' input checks write it. */
  public String sha256() {
    return sha256(content.getBytes(StandardCharsets.UTF_8));
  }

  /** The SHA-256 of some bytes, in lower-case hex: how hagen names a file's content everywhere. */
  public static String sha256(byte[] content) {
    return HexFormat.of().formatHex(digest().digest(content));
  }

  /** A new SHA-256 digest. */
  public static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
