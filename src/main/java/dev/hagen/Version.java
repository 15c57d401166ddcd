package dev.hagen;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** hagen's version, from the build (Maven filters version.properties). */
public final class Version {
  public static final String VALUE = load();

  private Version() {}

  private static String load() {
    try (InputStream in = Version.class.getResourceAsStream("/dev/hagen/version.properties")) {
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException | NullPointerException e) {
      throw new UncheckedIOException(
          new IOException("version.properties is missing from the jar", e));
    }
  }
}
