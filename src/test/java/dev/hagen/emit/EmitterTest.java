package dev.hagen.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hagen.emit.Emitter.Change;
import dev.hagen.emit.Emitter.Outcome;
import dev.hagen.render.GeneratedFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmitterTest {
  @TempDir Path dir;

  private static GeneratedFile file(String path, String body) {
    return new GeneratedFile(path, "# " + Emitter.MARKER + "0.1.0 from x.yml\n" + body);
  }

  @Test
  void classifiesEveryFileBeforeWritingAny() throws IOException {
    List<GeneratedFile> files = List.of(file("a", "same\n"), file("sub/b", "new\n"), file("c", "v2\n"));
    Files.writeString(dir.resolve("a"), files.get(0).content());
    Files.writeString(dir.resolve("c"), file("c", "v1\n").content());
    List<Path> foreign = new ArrayList<>();
    List<Outcome> outcomes = Emitter.plan(dir, files, foreign);
    assertEquals(List.of(new Outcome("a", Change.UNCHANGED), new Outcome("sub/b", Change.CREATED),
        new Outcome("c", Change.CHANGED)), outcomes);
    assertEquals(List.of(), foreign);

    Emitter.write(dir, files, outcomes);
    for (GeneratedFile f : files) {
      assertEquals(f.content(), Files.readString(dir.resolve(f.path())));
    }
    try (Stream<Path> all = Files.walk(dir)) {
      assertEquals(List.of(), all.filter(p -> p.toString().endsWith(".hagen-tmp")).toList(),
          "no temporary file is left behind");
    }
  }

  @Test
  void aFileWithoutHagensHeaderIsForeign() throws IOException {
    Files.writeString(dir.resolve("a"), "line 1\nline 2\n");
    Files.createDirectories(dir.resolve("d"));
    List<Path> foreign = new ArrayList<>();
    Emitter.plan(dir, List.of(file("a", "x\n"), file("d", "x\n")), foreign);
    assertEquals(List.of(dir.resolve("a"), dir.resolve("d")), foreign);
  }

  @Test
  void pathsCannotLeaveTheOutputFolder() {
    assertThrows(IllegalArgumentException.class,
        () -> Emitter.plan(dir, List.of(file("../escape", "x\n")), new ArrayList<>()));
  }
}
