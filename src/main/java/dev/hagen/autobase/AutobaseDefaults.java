package dev.hagen.autobase;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * autobase's defaults for the lists hagen merges a blueprint into (PostgreSQL parameters, pg_hba
 * rules, users, PgBouncer pools, Netdata's settings), by release: defaults-&lt;release&gt;.yml,
 * copied from the release's roles/common/defaults/main.yml by scripts/autobase-defaults. Their
 * Jinja2 is autobase's own, for autobase to evaluate. Each release's file is read once, when a
 * build first asks for that release: a build reads one.
 */
public final class AutobaseDefaults {
  private static final Map<AutobaseRelease, Map<String, Object>> DEFAULTS =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** autobase's list of parameters for every member (Patroni's DCS). */
  public static final String CLUSTER_WIDE_PARAMETERS = "postgresql_parameters";

  /** Parameters autobase sets per host (patroni.yml), where a cluster-wide value would be lost. */
  public static final String LOCAL_PARAMETERS = "local_postgresql_parameters";

  private AutobaseDefaults() {}

  /** The parameters a release's defaults set, cluster-wide or per host. */
  public static java.util.Set<String> parameters(AutobaseRelease release) {
    java.util.Set<String> names = new java.util.LinkedHashSet<>();
    for (String list : List.of(CLUSTER_WIDE_PARAMETERS, LOCAL_PARAMETERS)) {
      entries(release, list).forEach(e -> names.add(e.get("option")));
    }
    return names;
  }

  /** A list of entries ({@code postgresql_parameters}: option and value), in autobase's order. */
  @SuppressWarnings("unchecked")
  public static List<Map<String, String>> entries(AutobaseRelease release, String variable) {
    return (List<Map<String, String>>) value(release, variable);
  }

  /** A dict ({@code netdata_conf}), in autobase's order. */
  @SuppressWarnings("unchecked")
  public static Map<String, String> dict(AutobaseRelease release, String variable) {
    return (Map<String, String>) value(release, variable);
  }

  private static Object value(AutobaseRelease release, String variable) {
    Object v = DEFAULTS.computeIfAbsent(release, AutobaseDefaults::load).get(variable);
    if (v == null) {
      throw new IllegalArgumentException("no default of " + variable + " for " + release.version());
    }
    return v;
  }

  private static Map<String, Object> load(AutobaseRelease release) {
    String resource = "defaults-" + release.version() + ".yml";
    try (InputStream in = AutobaseDefaults.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException(resource + " is missing from the hagen jar");
      }
      Map<String, Object> m = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
      return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(strings(m)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every scalar as the text autobase's YAML holds ('0.9', not 0.9): values are text to it. */
  private static Map<String, Object> strings(Map<String, Object> m) {
    Map<String, Object> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k, text(v)));
    return out;
  }

  private static Object text(Object v) {
    if (v instanceof Map<?, ?> map) {
      Map<String, String> out = new LinkedHashMap<>();
      map.forEach((k, x) -> out.put(String.valueOf(k), String.valueOf(x)));
      return java.util.Collections.unmodifiableMap(out);
    } else if (v instanceof List<?> list) {
      return list.stream().map(AutobaseDefaults::text).toList();
    }
    return String.valueOf(v);
  }
}
