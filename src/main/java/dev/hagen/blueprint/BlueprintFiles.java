package dev.hagen.blueprint;

import dev.hagen.diagnostic.Code;
import dev.hagen.diagnostic.Diagnostic;
import dev.hagen.diagnostic.SourcePosition;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a blueprint file: strictly UTF-8, size-limited, or a diagnostic saying why not. */
public final class BlueprintFiles {
  /** Either the source, or the diagnostic that replaces it. */
  public record Read(BlueprintSource source, Diagnostic problem) {}

  private BlueprintFiles() {}

  public static Read read(Path file) {
    String display = file.toString();
    String problem;
    try {
      if (Files.isDirectory(file)) {
        problem = "this is a folder, not a blueprint file";
      } else if (Files.size(file) > BlueprintSource.MAX_BYTES) {
        problem = "the file is larger than " + BlueprintSource.MAX_BYTES + " bytes";
      } else {
        String text = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        if (text.startsWith("\uFEFF")) {
          text = text.substring(1);
        }
        Path name = file.getFileName();
        return new Read(new BlueprintSource(display, name == null ? display : name.toString(), text), null);
      }
    } catch (CharacterCodingException e) {
      problem = "the file is not UTF-8 text";
    } catch (NoSuchFileException e) {
      problem = "no such file";
    } catch (IOException e) {
      problem = "cannot read it: " + e.getMessage();
    }
    return new Read(null, new Diagnostic(Code.IO, SourcePosition.wholeFile(display), problem,
        "give the path of a blueprint file, e.g. blueprints/lab.yml"));
  }
}
