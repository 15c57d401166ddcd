package dev.hagen.blueprint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SpellingTest {
  private static final List<String> KEYS = List.of("cidr", "interface", "vip");

  @Test
  void findsSwapsTyposAndCase() {
    assertEquals(Optional.of("cidr"), Spelling.nearest("cdir", KEYS));
    assertEquals(Optional.of("interface"), Spelling.nearest("interfce", KEYS));
    assertEquals(Optional.of("vip"), Spelling.nearest("VIP", KEYS));
  }

  @Test
  void suggestsNothingForUnrelatedWords() {
    assertEquals(Optional.empty(), Spelling.nearest("gateway", KEYS));
    assertEquals(Optional.empty(), Spelling.nearest("x", KEYS));
  }
}
