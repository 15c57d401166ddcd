package dev.hagen.cli;

import dev.hagen.blueprint.BlueprintFiles;
import dev.hagen.blueprint.BlueprintSource;
import dev.hagen.blueprint.Limits;
import dev.hagen.cli.DiagnosticReport.FileDiagnostics;
import dev.hagen.diagnostic.Code;
import dev.hagen.diagnostic.Diagnostic;
import dev.hagen.diagnostic.SourcePosition;
import dev.hagen.emit.Manifest;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The blueprints named on a command line, read: a file as given (its root is the folder that holds
 * it), a folder walked for *.yml and *.yaml (its root is itself). A walk skips hidden folders,
 * hagen's output folders (any holding a manifest, and the build's own output folder) and never
 * follows a symlinked folder; every file is then read by {@link BlueprintFiles#read}, which refuses
 * anything outside its root.
 */
final class BlueprintInputs {
  /** The sources read, the files that could not be, and a usage error that stops the run. */
  record Collected(
      List<BlueprintSource> sources, List<FileDiagnostics> problems, Optional<String> usage) {}

  private BlueprintInputs() {}

  static Collected read(List<Path> inputs, Optional<Path> output) {
    Map<Path, Path> files = new LinkedHashMap<>(); // file -> its root
    List<FileDiagnostics> problems = new ArrayList<>();
    Optional<Path> skip = output.flatMap(BlueprintInputs::real);
    for (Path input : inputs) {
      if (Files.isDirectory(input)) {
        walk(input, skip, files, problems);
      } else {
        files.putIfAbsent(input, BlueprintFiles.rootOf(input));
      }
      if (files.size() > Limits.MAX_BLUEPRINTS) {
        return new Collected(
            List.of(),
            problems,
            Optional.of(
                "more than "
                    + Limits.MAX_BLUEPRINTS
                    + " blueprints in "
                    + inputs
                    + ": name fewer files or folders per run"));
      }
    }
    if (files.isEmpty() && problems.isEmpty()) {
      return new Collected(
          List.of(), problems, Optional.of("no blueprint (*.yml, *.yaml) in " + inputs));
    }
    List<BlueprintSource> sources = new ArrayList<>();
    files.forEach(
        (file, root) -> {
          BlueprintFiles.Read read = BlueprintFiles.read(file, root);
          if (read.problem() != null) {
            problems.add(new FileDiagnostics(file.toString(), List.of(read.problem())));
          } else {
            sources.add(read.source());
          }
        });
    return new Collected(List.copyOf(sources), List.copyOf(problems), Optional.empty());
  }

  private static void walk(
      Path folder, Optional<Path> skip, Map<Path, Path> files, List<FileDiagnostics> problems) {
    List<Path> found = new ArrayList<>();
    try {
      Files.walkFileTree(
          folder,
          EnumSet.noneOf(java.nio.file.FileVisitOption.class),
          Limits.MAX_FOLDER_DEPTH,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              boolean top = dir.equals(folder);
              boolean hidden = !top && dir.getFileName().toString().startsWith(".");
              boolean output =
                  Files.exists(dir.resolve(Manifest.FILE_NAME), LinkOption.NOFOLLOW_LINKS)
                      || (skip.isPresent() && real(dir).equals(skip));
              return hidden || output ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              if (file.getFileName().toString().matches("[^.].*\\.ya?ml")) {
                found.add(file);
              }
              return found.size() > Limits.MAX_BLUEPRINTS
                  ? FileVisitResult.TERMINATE
                  : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              problems.add(unreadableFolder(file, e));
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      problems.add(unreadableFolder(folder, e));
    }
    Path root = folder.toAbsolutePath().normalize();
    found.stream().sorted().forEach(f -> files.putIfAbsent(f, root));
  }

  private static Optional<Path> real(Path p) {
    try {
      return Optional.of(p.toRealPath());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static FileDiagnostics unreadableFolder(Path folder, IOException e) {
    return new FileDiagnostics(
        folder.toString(),
        List.of(
            new Diagnostic(
                Code.IO,
                SourcePosition.wholeFile(folder.toString()),
                "cannot read this folder: " + BlueprintFiles.reason(e),
                "make it readable, or name the blueprints to check one by one")));
  }
}
