package dev.hagen;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hagen.blueprint.Limits;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SECURITY.md states every bound hagen puts on its input, with the value the code has. */
class SecurityDocTest {
  @Test
  void everyLimitIsInTheTableWithItsValue() throws IOException, IllegalAccessException {
    List<String> lines = Files.readAllLines(Path.of("SECURITY.md"));
    int rows = 0;
    for (Field f : Limits.class.getFields()) {
      if (!Modifier.isStatic(f.getModifiers()) || f.getType() != int.class) {
        continue;
      }
      String row = "| " + f.getInt(null) + " | `" + f.getName() + "` |";
      assertTrue(
          lines.stream().anyMatch(l -> l.endsWith(row)), "SECURITY.md has no row ending " + row);
      rows++;
    }
    assertTrue(rows >= 8, "the limits were found: " + rows);
  }

  @Test
  void everyTestItNamesExists() throws IOException {
    String text = Files.readString(Path.of("SECURITY.md"));
    var m = java.util.regex.Pattern.compile("\\*([A-Z][A-Za-z]+Test)\\*").matcher(text);
    int named = 0;
    while (m.find()) {
      String test = m.group(1);
      try (var files = Files.walk(Path.of("src/test/java"))) {
        assertTrue(
            files.anyMatch(p -> p.getFileName().toString().equals(test + ".java")),
            "SECURITY.md names " + test + ", which does not exist");
      }
      named++;
    }
    assertTrue(named >= 10, "SECURITY.md names the tests that check it: " + named);
  }
}
