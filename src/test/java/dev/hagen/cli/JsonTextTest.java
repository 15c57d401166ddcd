package dev.hagen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** hagen's JSON writer against an independent parser: whatever it writes, Jackson reads back. */
class JsonTextTest {
  private static final ObjectMapper JACKSON = new ObjectMapper();

  @Test
  void everyCharacterReadsBackAsItself() throws Exception {
    StringBuilder all = new StringBuilder();
    for (char c = 0; c < 0x300; c++) {
      all.append(c);
    }
    all.append("\u2028\u2029\uFEFF").append(Character.toChars(0x1F418)).append("</script>");
    String text = all.toString();
    assertEquals(text, JACKSON.readValue(JsonText.of(text), String.class));
    assertEquals(text, JACKSON.readValue(JsonText.of(Map.of(text, text)), Map.class).get(text));
  }

  @Test
  void aDocumentReadsBackEqual() throws Exception {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("string", "a \"quoted\" \\ value\n\ton two lines");
    doc.put("int", 5432);
    doc.put("long", 1L << 40);
    doc.put("double", 0.9);
    doc.put("big", new java.math.BigInteger("123456789012345678901234"));
    doc.put("huge", new java.math.BigDecimal("1E+400"));
    doc.put("true", true);
    doc.put("null", null);
    doc.put("empty list", List.of());
    doc.put("empty map", Map.of());
    doc.put("nested", List.of(Map.of("k", List.of(1, 2, List.of())), "x"));
    doc.put("array", new String[] {"a", "b"});
    String json = JsonText.of(doc);
    Map<?, ?> back = JACKSON.readValue(json, Map.class);
    Map<String, Object> expected = new LinkedHashMap<>(doc);
    expected.put("array", Arrays.asList("a", "b"));
    assertEquals(JACKSON.readTree(JACKSON.writeValueAsString(expected)), JACKSON.valueToTree(back));
    assertEquals(new ArrayList<>(doc.keySet()), new ArrayList<>(back.keySet()), "key order kept");
  }

  @Test
  void theLayoutIsTwoSpacesAndLineFeeds() {
    assertEquals(
        "{\n  \"a\": [\n    1,\n    {}\n  ],\n  \"b\": []\n}",
        JsonText.of(mapOf("a", List.of(1, Map.of()), "b", List.of())));
  }

  @Test
  void whatJsonCannotHoldIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> JsonText.of(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> JsonText.of(new Object()));
  }

  private static Map<String, Object> mapOf(String k1, Object v1, String k2, Object v2) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(k1, v1);
    m.put(k2, v2);
    return m;
  }
}
