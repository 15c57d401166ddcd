package dev.hagen.blueprint;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code postgresql.*} fields autobase reads only when Patroni first makes the cluster
 * (initdb): on a running cluster a change of one would do nothing, silently. Each row is the whole
 * of such a field: the blueprint field (its type, default and meaning, which {@link
 * BlueprintFormat} lists), the autobase variable group_vars writes, the key the record keeps it
 * under (the field's name), and what {@code hagen plan} says when a blueprint changes it. Adding
 * one is one row here.
 */
public enum InitdbSetting {
  DATA_CHECKSUMS(
      "data_checksums",
      BlueprintFormat.Type.BOOLEAN,
      true,
      "page checksums, set when the cluster is first made (initdb): a built cluster keeps what it"
          + " was made with, and hagen refuses to change it",
      "postgresql_data_checksums",
      "a cluster's page checksums are set when it is first made (initdb), and Patroni never runs"
          + " initdb again on a running cluster",
      "pg_checksums --enable or --disable runs on a stopped server, node by node, which hagen does"
          + " not plan");

  /** The field's key under {@code postgresql}, and the record's key. */
  public final String key;

  public final BlueprintFormat.Type type;

  /** The field's default, autobase's own for the variable: a Boolean, Integer or String. */
  @SuppressWarnings("ImmutableEnumChecker") // each of the three is immutable
  public final Object defaultValue;

  /** What the field means, for docs/blueprint.md and the schema. */
  public final String meaning;

  /** The autobase variable group_vars writes. */
  public final String variable;

  /** Why a built cluster keeps what it was made with. */
  public final String why;

  /** How the value is changed by hand, which hagen does not plan. */
  public final String byHand;

  InitdbSetting(
      String key,
      BlueprintFormat.Type type,
      Object defaultValue,
      String meaning,
      String variable,
      String why,
      String byHand) {
    this.key = key;
    this.type = type;
    this.defaultValue = defaultValue;
    this.meaning = meaning;
    this.variable = variable;
    this.why = why;
    this.byHand = byHand;
  }

  /** The blueprint field's path. */
  public String field() {
    return "postgresql." + key;
  }

  /** Every row's field, for the format's {@code postgresql} section. */
  static List<BlueprintFormat.Field> fields() {
    return Arrays.stream(values())
        .map(
            s ->
                new BlueprintFormat.Field(
                    s.key,
                    s.type,
                    false,
                    s.defaultValue,
                    s.meaning,
                    "`" + s.variable + "`",
                    List.of(),
                    List.of()))
        .toList();
  }

  /** Every row at its default: a blueprint without a {@code postgresql} section. */
  static Map<InitdbSetting, Object> defaults() {
    Map<InitdbSetting, Object> m = new EnumMap<>(InitdbSetting.class);
    for (InitdbSetting s : values()) {
      m.put(s, s.defaultValue);
    }
    return Collections.unmodifiableMap(m);
  }
}
