package dev.hagen.autobase;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What autobase reads, by release: the variables its roles declare (known-variables-*.txt) and the
 * ones they read without declaring (inventory-and-optional-variables.tsv, and the few found since:
 * optional-variables-found.tsv), each with its scope. Loaded once, on first use, from the jar.
 */
public final class AutobaseVariables {
  /** How a variable may be set. */
  public enum Scope {
    /** cluster-wide: group_vars, or a blueprint's autobase_vars. */
    CLUSTER,
    /** per host, in the inventory: hagen writes these from nodes[]. */
    HOST,
    /** set by autobase's playbooks themselves, or a group they create in memory. */
    INTERNAL,
    /** an extra variable for one playbook run (-e), not a setting. */
    EXTRA_VAR
  }

  private static final Map<String, Scope> OPTIONAL = loadOptional();
  private static final Map<AutobaseRelease, Set<String>> DECLARED = loadDeclared();

  private AutobaseVariables() {}

  /** The scope of {@code name} in {@code release}, or empty when autobase does not read it. */
  public static Optional<Scope> scope(AutobaseRelease release, String name) {
    if (DECLARED.get(release).contains(name)) {
      return Optional.of(OPTIONAL.getOrDefault(name, Scope.CLUSTER));
    }
    return Optional.ofNullable(OPTIONAL.get(name));
  }

  /** Every variable name a release reads, whatever its scope, for "did you mean". */
  public static Set<String> all(AutobaseRelease release) {
    Set<String> all = new TreeSet<>(DECLARED.get(release));
    all.addAll(OPTIONAL.keySet());
    return all;
  }

  private static Map<AutobaseRelease, Set<String>> loadDeclared() {
    Map<String, Set<String>> lists = new HashMap<>();
    Map<AutobaseRelease, Set<String>> declared = new EnumMap<>(AutobaseRelease.class);
    for (AutobaseRelease r : AutobaseRelease.values()) {
      Set<String> names = new TreeSet<>();
      for (String list : r.variableLists()) {
        names.addAll(
            lists.computeIfAbsent(
                list,
                v ->
                    read("known-variables-" + v + ".txt").stream()
                        .map(String::strip)
                        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                        .collect(java.util.stream.Collectors.toCollection(TreeSet::new))));
      }
      declared.put(r, Set.copyOf(names));
    }
    return declared;
  }

  /** Rows: names (several, separated by spaces or " / "), TAB, scope, TAB, meaning, TAB, source. */
  private static Map<String, Scope> loadOptional() {
    Map<String, Scope> scopes = new HashMap<>();
    List<String> rows = new java.util.ArrayList<>(read("inventory-and-optional-variables.tsv"));
    rows.addAll(read("optional-variables-found.tsv"));
    for (String row : rows) {
      if (row.startsWith("#") || row.isBlank()) {
        continue;
      }
      String[] cells = row.split("\t", -1);
      String scope = cells[1];
      Scope s =
          scope.startsWith("GROUPS") || scope.equals("internal")
              ? Scope.INTERNAL
              : scope.equals("extra-var")
                  ? Scope.EXTRA_VAR
                  : scope.equals("all") || scope.startsWith("host/all")
                      ? Scope.CLUSTER
                      : Scope.HOST;
      for (String name : cells[0].split("[\\s/]+", -1)) {
        if (!name.isEmpty()) {
          scopes.put(name, s);
        }
      }
    }
    return Map.copyOf(scopes);
  }

  private static List<String> read(String resource) {
    try (InputStream in = AutobaseVariables.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException(resource + " is missing from the hagen jar");
      }
      return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
