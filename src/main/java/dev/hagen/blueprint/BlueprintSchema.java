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
    s.put(
        "description",
        "A highly available PostgreSQL cluster for hagen to compile into Vagrant and autobase files.");
    // An overlay (`extends`) says only what differs from its base, and `null` removes a key: it is
    // held to the format's shape alone. Any other blueprint must also be complete.
    s.putAll(object(BlueprintFormat.BLUEPRINT, true, ""));
    s.put("if", Map.of("required", List.of("extends")));
    s.put("else", object(BlueprintFormat.BLUEPRINT, false, ""));
    return s;
  }

  private static Map<String, Object> object(Field f, boolean overlay, String path) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("type", "object");
    Map<String, Object> properties = new LinkedHashMap<>();
    List<String> required = new ArrayList<>();
    for (Field child : f.fields()) {
      properties.put(
          child.name(),
          property(child, overlay, path.isEmpty() ? child.name() : path + "." + child.name()));
      // An overlay's node names the base node it changes.
      if (overlay
          ? f.type() == BlueprintFormat.Type.LIST && child.name().equals("name")
          : child.required()) {
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

  private static Map<String, Object> property(Field f, boolean overlay, String path) {
    Map<String, Object> s = new LinkedHashMap<>();
    switch (f.type()) {
      case OBJECT -> s.putAll(object(f, overlay, path));
      case LIST -> {
        s.put("type", "array");
        s.put("minItems", 1);
        s.put("items", object(f, overlay, path));
      }
      case MAP -> {
        s.put("type", "object");
        s.put(
            "propertyNames",
            Map.of(
                "pattern",
                f.allowed().isEmpty() ? "^[A-Za-z_][A-Za-z0-9_]*$" : f.allowed().get(0)));
      }
      case WORDS -> {
        s.put("type", "array");
        s.put(
            "items",
            f.allowed().isEmpty() ? Map.of("type", "string") : Map.of("enum", f.allowed()));
        s.put("uniqueItems", true);
      }
      default -> {
        s.put("type", f.type().word());
        if (!f.allowed().isEmpty()) {
          s.put(
              "enum",
              f.type() == BlueprintFormat.Type.INTEGER
                  ? f.allowed().stream().map(Integer::valueOf).toList()
                  : f.allowed());
        }
      }
    }
    String description = f.meaning() + (f.drives().isEmpty() ? "" : ". Drives: " + f.drives());
    if (overlay || BlueprintFormat.NULL_MEANS_NONE.contains(path)) {
      Map<String, Object> nullable = new LinkedHashMap<>();
      nullable.put("description", description);
      nullable.put("anyOf", List.of(s, Map.of("type", "null")));
      return nullable;
    }
    s.put("description", description);
    if (f.defaultValue() != null && !(f.defaultValue() instanceof String d && d.startsWith("<"))) {
      s.put("default", f.defaultValue());
    }
    return s;
  }
}
