package dev.hagen.blueprint;

import dev.hagen.blueprint.BlueprintFormat.Field;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON Schema (draft-07, what editors' YAML plugins read) of the blueprint format. */
public final class BlueprintSchema {
  public static final String ID = "https://hagen.invalid/blueprint-1.schema.json";

  private BlueprintSchema() {}

  public static Map<String, Object> schema() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("$schema", "http://json-schema.org/draft-07/schema#");
    s.put("$id", ID);
    s.put("title", "hagen blueprint, format 1");
    s.put("description", "A highly available PostgreSQL cluster for hagen to compile into Vagrant and autobase files.");
    s.putAll(object(BlueprintFormat.BLUEPRINT));
    return s;
  }

  private static Map<String, Object> object(Field f) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("type", "object");
    Map<String, Object> properties = new LinkedHashMap<>();
    List<String> required = new ArrayList<>();
    for (Field child : f.fields()) {
      properties.put(child.name(), property(child));
      if (child.required()) {
        required.add(child.name());
      }
    }
    s.put("properties", properties);
    if (!required.isEmpty()) {
      s.put("required", required);
    }
    s.put("additionalProperties", false);
    return s;
  }

  private static Map<String, Object> property(Field f) {
    Map<String, Object> s = new LinkedHashMap<>();
    switch (f.type()) {
      case "object" -> s.putAll(object(f));
      case "list" -> {
        s.put("type", "array");
        s.put("minItems", 1);
        s.put("items", object(f));
      }
      case "map" -> {
        s.put("type", "object");
        s.put("propertyNames", Map.of("pattern", "^[A-Za-z_][A-Za-z0-9_]*$"));
      }
      case "words" -> {
        s.put("type", "array");
        s.put("items", Map.of("enum", f.allowed()));
        s.put("uniqueItems", true);
      }
      default -> {
        s.put("type", f.type());
        if (!f.allowed().isEmpty()) {
          s.put("enum", f.type().equals("integer") ? f.allowed().stream().map(Integer::valueOf).toList() : f.allowed());
        }
      }
    }
    s.put("description", f.meaning() + (f.drives().isEmpty() ? "" : ". Drives: " + f.drives()));
    if (f.defaultValue() != null && !(f.defaultValue() instanceof String d && d.startsWith("<"))) {
      s.put("default", f.defaultValue());
    }
    return s;
  }
}
