package dev.hagen.cli;

import dev.hagen.blueprint.BlueprintFiles;
import dev.hagen.diagnostic.Code;
import dev.hagen.diagnostic.Diagnostic;
import dev.hagen.diagnostic.SourcePosition;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * A failure of the machine, not of hagen: a full disk, a read-only mount, a missing permission, a
 * file where a folder belongs. Said as a diagnostic that names the path and the cause (exit code
 * 74), so that 70 stays for hagen's own bugs.
 */
final class OutputFailure {
  private OutputFailure() {}

  static Diagnostic diagnostic(IOException e, Path fallback) {
    String path =
        e instanceof FileSystemException f && f.getFile() != null
            ? f.getFile()
            : fallback.toString();
    String cause =
        e instanceof FileAlreadyExistsException || e instanceof NotDirectoryException
            ? "this is a file, and hagen needs a folder here"
            : BlueprintFiles.reason(e);
    return new Diagnostic(
        Code.OUTPUT_IO,
        SourcePosition.wholeFile(path),
        "cannot write or read here: " + cause,
        "free space, fix the permissions or the mount, or build with -o into another folder; then run hagen again");
  }
}
