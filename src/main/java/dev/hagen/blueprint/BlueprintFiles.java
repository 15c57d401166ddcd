package dev.hagen.blueprint;

import dev.hagen.diagnostic.Code;
import dev.hagen.diagnostic.Diagnostic;
import dev.hagen.diagnostic.SourcePosition;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * Reads a blueprint file, the one way hagen reads any: only a regular file inside the folder tree
 * it was named from (its root), symlinks resolved before that check; at most {@link
 * Limits#MAX_BYTES} bytes read whatever the file system says; strictly UTF-8. Anything else is a
 * diagnostic that says why, and echoes nothing of what the path leads to.
 */
public final class BlueprintFiles {
  /** Either the source, or the diagnostic that replaces it. */
  public record Read(BlueprintSource source, Diagnostic problem) {
    static Read refused(Code code, String display, String problem, String hint) {
      return new Read(null, new Diagnostic(code, SourcePosition.wholeFile(display), problem, hint));
    }
  }

  private BlueprintFiles() {}

  /** A file named on its own: its root is the folder that holds it. */
  public static Read read(Path file) {
    return read(file, rootOf(file));
  }

  /** The root of a file named on the command line: the folder that holds it. */
  public static Path rootOf(Path file) {
    Path parent = file.toAbsolutePath().normalize().getParent();
    return parent == null ? file.toAbsolutePath().getRoot() : parent;
  }

  /**
   * Reads {@code file} if, with every symlink resolved, it is a regular file inside {@code root}.
   */
  public static Read read(Path file, Path root) {
    String display = file.toString();
    String hint = "give the path of a blueprint file; `hagen init lab.yml` writes one";
    Path real;
    Path realRoot;
    try {
      realRoot = root.toRealPath();
      if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
        return Read.refused(Code.IO, display, "this is a folder, not a blueprint file", hint);
      }
      real = file.toRealPath();
    } catch (NoSuchFileException e) {
      return Read.refused(Code.IO, display, "no such file", hint);
    } catch (IOException e) {
      return Read.refused(Code.IO, display, "cannot read it: " + reason(e), hint);
    }
    if (!real.startsWith(realRoot)) {
      return Read.refused(
          Code.OUTSIDE_ROOT,
          display,
          "this path leads outside "
              + shown(root)
              + ", the folder it was named from (through a symbolic link or `..`); hagen reads blueprints only inside it",
          "keep blueprints, and the bases they extend, in the folder you name to hagen; copy the file there");
    }
    try {
      BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class);
      if (attributes.isDirectory()) {
        return Read.refused(Code.IO, display, "this is a folder, not a blueprint file", hint);
      }
      if (!attributes.isRegularFile()) {
        return Read.refused(
            Code.IO, display, "this is not a regular file (a device, a pipe or a socket)", hint);
      }
      byte[] bytes;
      try (InputStream in = Files.newInputStream(real, LinkOption.NOFOLLOW_LINKS)) {
        bytes = in.readNBytes(Limits.MAX_BYTES + 1);
      }
      if (bytes.length > Limits.MAX_BYTES) {
        return Read.refused(
            Code.INPUT_LIMIT,
            display,
            "the file is larger than " + Limits.MAX_BYTES + " bytes",
            "a blueprint describes one cluster in a few dozen lines; split it or remove generated text");
      }
      Optional<String> decoded = StrictUtf8.decode(bytes);
      if (decoded.isEmpty()) {
        return Read.refused(Code.IO, display, "the file is not UTF-8 text", hint);
      }
      String text = decoded.get();
      if (text.startsWith("\uFEFF")) {
        text = text.substring(1);
      }
      Path name = file.getFileName();
      return new Read(
          new BlueprintSource(display, name == null ? display : name.toString(), text, root), null);
    } catch (IOException e) {
      return Read.refused(Code.IO, display, "cannot read it: " + reason(e), hint);
    }
  }

  /** The reason of an I/O failure in a few words, without Java's class names. */
  public static String reason(IOException e) {
    if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "no such file or folder";
    }
    if (e instanceof java.nio.file.NotDirectoryException) {
      return "not a folder";
    }
    if (e instanceof java.nio.file.FileAlreadyExistsException) {
      return "something of that name is already there";
    }
    if (e instanceof java.nio.file.DirectoryNotEmptyException) {
      return "the folder is not empty";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static String shown(Path root) {
    Path cwd = Path.of("").toAbsolutePath();
    Path abs = root.toAbsolutePath().normalize();
    String s = abs.startsWith(cwd) ? cwd.relativize(abs).toString() : abs.toString();
    return s.isEmpty() ? "the current folder" : s + "/";
  }
}
