package dev.hagen.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** The blueprint files named on a command line: files as given, folders walked for *.yml, *.yaml. */
final class BlueprintInputs {
  private BlueprintInputs() {}

  static List<Path> expand(List<Path> inputs) throws IOException {
    Set<Path> files = new LinkedHashSet<>();
    for (Path input : inputs) {
      if (Files.isDirectory(input)) {
        try (Stream<Path> walk = Files.walk(input)) {
          walk.filter(Files::isRegularFile)
              .filter(p -> p.getFileName().toString().matches("[^.].*\\.ya?ml"))
              .sorted()
              .forEach(files::add);
        }
      } else {
        files.add(input);
      }
    }
    return new ArrayList<>(files);
  }
}
