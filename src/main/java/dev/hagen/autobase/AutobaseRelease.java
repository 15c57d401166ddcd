package dev.hagen.autobase;

import java.util.List;
import java.util.Optional;

/**
 * The vitabaks.autobase releases hagen knows the contract of (groups, playbooks, variables), with
 * the variable list each is checked against. 2.5.x has no list of its own: it lies between 2.4.1
 * and 2.6.0, so a variable either of them declares is accepted for it.
 */
public enum AutobaseRelease {
  V2_4_1("2.4.1", "2.4.1"),
  V2_5_0("2.5.0", "2.4.1", "2.6.0"),
  V2_5_1("2.5.1", "2.4.1", "2.6.0"),
  V2_5_2("2.5.2", "2.4.1", "2.6.0"),
  V2_6_0("2.6.0", "2.6.0");

  private final String version;

  @SuppressWarnings("ImmutableEnumChecker") // List.of: immutable
  private final List<String> variableLists;

  AutobaseRelease(String version, String... variableLists) {
    this.version = version;
    this.variableLists = List.of(variableLists);
  }

  public String version() {
    return version;
  }

  List<String> variableLists() {
    return variableLists;
  }

  /**
   * autobase 2.4.x loops over a string in its TimescaleDB and Citus tasks: ansible-core 2.19 fails.
   */
  public boolean breaksTimescaleAndCitusOnAnsible219() {
    return this == V2_4_1;
  }

  public static Optional<AutobaseRelease> of(String version) {
    for (AutobaseRelease r : values()) {
      if (r.version.equals(version)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  public static List<String> versions() {
    return java.util.Arrays.stream(values()).map(AutobaseRelease::version).toList();
  }
}
