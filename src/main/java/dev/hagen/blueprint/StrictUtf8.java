package dev.hagen.blueprint;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Bytes as text only when they are UTF-8 throughout: a file hagen reads (a blueprint, a record, an
 * observation, its own output) is never read with a malformed byte replaced.
 */
public final class StrictUtf8 {
  private StrictUtf8() {}

  /** The text, or empty for bytes that are not UTF-8 (or none: null). */
  public static Optional<String> decode(byte[] bytes) {
    if (bytes == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }
}
