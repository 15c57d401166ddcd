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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

  /** CONTRIBUTING.md's example of a variable is the table's row, as the code has it. */
  @Test
  void contributingShowsARealRowOfTheTable() throws IOException {
    String text = Files.readString(Path.of("CONTRIBUTING.md"));
    String java =
        text.substring(
            text.indexOf("```java\n") + 8, text.indexOf("```", text.indexOf("```java\n") + 8));
    assertTrue(
        Files.readString(Path.of("src/main/java/dev/hagen/plan/GroupVariables.java"))
            .contains(java),
        java);
  }

  @ParameterizedTest
  @ValueSource(strings = {"SECURITY.md", "CONTRIBUTING.md"})
  void everyTestItNamesExists(String page) throws IOException {
    String text = Files.readString(Path.of(page));
    var m = java.util.regex.Pattern.compile("[*`]([A-Z][A-Za-z]+Test)[*`]").matcher(text);
    int named = 0;
    while (m.find()) {
      String test = m.group(1);
      try (var files = Files.walk(Path.of("src/test/java"))) {
        assertTrue(
            files.anyMatch(p -> p.getFileName().toString().equals(test + ".java")),
            page + " names " + test + ", which does not exist");
      }
      named++;
    }
    assertTrue(named >= 10, page + " names the tests that check it: " + named);
  }
}
