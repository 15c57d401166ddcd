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

  /** Each promise of SECURITY.md's guarantees names the tests that check it. */
  @Test
  void everyGuaranteeNamesItsTests() throws IOException {
    String text = Files.readString(Path.of("SECURITY.md"));
    String guarantees =
        text.substring(
            text.indexOf("## What hagen guarantees"), text.indexOf("## What hagen does not"));
    List<String> promises =
        java.util.regex.Pattern.compile("\n- \\*\\*").splitAsStream(guarantees).toList();
    assertTrue(promises.size() > 10, "the promises were found: " + promises.size());
    for (String promise : promises.subList(1, promises.size())) {
      String name = promise.substring(0, promise.indexOf("**"));
      boolean network = name.equals("No network.");
      assertTrue(
          network
              || java.util.regex.Pattern.compile("\\*[A-Z][A-Za-z]+Test\\*")
                  .matcher(promise)
                  .find(),
          "SECURITY.md's promise \"" + name + "\" names no test that checks it");
    }
  }

  /** Every diagnostic code SECURITY.md names is one hagen has. */
  @Test
  void everyCodeItNamesExists() throws IOException {
    var m =
        java.util.regex.Pattern.compile("HG[0-9]{3}")
            .matcher(Files.readString(Path.of("SECURITY.md")));
    java.util.Set<String> codes = new java.util.HashSet<>();
    for (dev.hagen.diagnostic.Code c : dev.hagen.diagnostic.Code.values()) {
      codes.add(c.id());
    }
    int named = 0;
    while (m.find()) {
      assertTrue(
          codes.contains(m.group()), "SECURITY.md names " + m.group() + ", no code of hagen's");
      named++;
    }
    assertTrue(named >= 10, "codes named: " + named);
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
