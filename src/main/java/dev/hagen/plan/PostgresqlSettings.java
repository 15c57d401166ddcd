package dev.hagen.plan;

import dev.hagen.autobase.AutobaseDefaults;
import dev.hagen.autobase.AutobaseRelease;
import dev.hagen.blueprint.Blueprint;
import dev.hagen.blueprint.Passwords;
import dev.hagen.blueprint.Role;
import dev.hagen.plan.ClusterPlan.Jinja;
import inet.ipaddr.IPAddressString;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The blueprint's PostgreSQL settings merged into autobase's defaults for the pinned release, as
 * the lists and dicts autobase reads. autobase replaces a default list whole when a variable is
 * set, so each list hagen writes starts from the release's own (its Jinja2 kept for autobase to
 * evaluate) and adds the blueprint's entries by name: nothing of autobase's is lost unless the
 * blueprint removes it.
 */
public final class PostgresqlSettings {
  /** autobase's last pg_hba rule: every address, with a password; a rule after it never matches. */
  static final String EVERY_ADDRESS = "0.0.0.0/0";

  /** Parameters autobase sets per host (patroni.yml), where a cluster-wide value would be lost. */
  static final String LOCAL = AutobaseDefaults.LOCAL_PARAMETERS;

  static final String CLUSTER_WIDE = AutobaseDefaults.CLUSTER_WIDE_PARAMETERS;

  private PostgresqlSettings() {}

  private static AutobaseRelease release(Blueprint b) {
    return AutobaseRelease.of(b.cluster().autobaseVersion()).orElseThrow();
  }

  /** autobase's default entries of a list variable, its Jinja2 kept for it to evaluate. */
  private static List<Map<String, Object>> defaults(Blueprint b, String variable) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map<String, String> e : AutobaseDefaults.entries(release(b), variable)) {
      Map<String, Object> entry = new LinkedHashMap<>();
      e.forEach((k, v) -> entry.put(k, autobase(v)));
      out.add(entry);
    }
    return out;
  }

  /**
   * {@code variable}'s list (cluster-wide or per host): autobase's entries in its order, each
   * overridden or removed by the blueprint's parameter of that name, then the blueprint's new ones,
   * in its order. A new parameter goes to the cluster-wide list.
   */
  static List<Map<String, Object>> parameters(Blueprint b, String variable) {
    Map<String, Optional<String>> wanted = new LinkedHashMap<>();
    b.postgresql().parameters().forEach(p -> wanted.put(p.name(), p.value()));
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map<String, String> e : AutobaseDefaults.entries(release(b), variable)) {
      String name = e.get("option");
      if (!wanted.containsKey(name)) {
        out.add(option(name, autobase(e.get("value"))));
      } else {
        wanted.get(name).ifPresent(value -> out.add(option(name, value)));
      }
    }
    if (variable.equals(CLUSTER_WIDE)) {
      Set<String> autobaseNames = AutobaseDefaults.parameters(release(b));
      wanted.forEach(
          (name, value) -> {
            if (!autobaseNames.contains(name) && value.isPresent()) {
              out.add(option(name, value.get()));
            }
          });
    }
    return List.copyOf(out);
  }

  private static Map<String, Object> option(String name, Object value) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("option", name);
    m.put("value", value);
    return m;
  }

  /**
   * pg_hba rules: autobase's; with rules in the blueprint, autobase's local and loopback rules,
   * then every balancer that runs no PostgreSQL (clients through HAProxy arrive from its address;
   * autobase's template adds the PostgreSQL hosts' own), then the blueprint's rules in order, and
   * not autobase's last rule for every address, which would match before any of them.
   */
  static List<Map<String, Object>> pgHba(Blueprint b) {
    boolean custom = !b.postgresql().pgHba().isEmpty();
    List<Map<String, Object>> out = defaults(b, "postgresql_pg_hba");
    if (custom) {
      out.removeIf(rule -> EVERY_ADDRESS.equals(rule.get("address")));
    }
    if (!custom) {
      return List.copyOf(out);
    }
    if (b.features().haproxy()) {
      for (Blueprint.Node n : b.nodes()) {
        if (n.has(Role.BALANCER) && !Role.runsPostgres(n.roles())) {
          out.add(
              rule(
                  new Jinja("{{ host_type }}"),
                  "all",
                  "all",
                  n.ip() + "/32",
                  new Jinja("{{ postgresql_password_encryption_algorithm }}"),
                  Optional.empty()));
        }
      }
    }
    for (Blueprint.HbaRule r : b.postgresql().pgHba()) {
      out.add(
          rule(
              r.type(),
              r.database(),
              r.user(),
              r.address().map(PostgresqlSettings::network).orElse(""),
              r.method(),
              r.options()));
    }
    return List.copyOf(out);
  }

  private static Map<String, Object> rule(
      Object type,
      String database,
      String user,
      String address,
      Object method,
      Optional<String> options) {
    // autobase's template pads type, database, user and address: each must be there.
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", type);
    m.put("database", database);
    m.put("user", user);
    m.put("address", address);
    m.put("method", method);
    options.ifPresent(o -> m.put("options", o));
    return m;
  }

  /** An address as pg_hba takes it: a bare IP address becomes its /32 (or /128) network. */
  public static String network(String address) {
    IPAddressString s = new IPAddressString(address);
    if (s.isIPAddress() && !s.getAddress().isPrefixed()) {
      return address + (s.getAddress().isIPv4() ? "/32" : "/128");
    }
    return address;
  }

  /** autobase's users (its PgBouncer auth user), then the blueprint's, passwords looked up. */
  static List<Map<String, Object>> users(Blueprint b) {
    List<Map<String, Object>> out = defaults(b, "postgresql_users");
    for (Blueprint.User u : b.postgresql().users()) {
      Map<String, Object> user = new LinkedHashMap<>();
      user.put("name", u.name());
      if (u.login()) {
        user.put("password", new Jinja(passwordLookup(b, u.name())));
      }
      List<String> flags = new ArrayList<>();
      flags.add(u.login() ? "LOGIN" : "NOLOGIN");
      flags.addAll(u.flags());
      user.put("flags", String.join(",", flags));
      user.put("role", u.memberOf().orElse(""));
      out.add(user);
    }
    return List.copyOf(out);
  }

  /** Where a user's password comes from at run time: the vault file, or the environment. */
  private static String passwordLookup(Blueprint b, String user) {
    return b.secrets().vaultFile().isPresent()
        ? "{{ "
            + ClusterPlan.Vault.VARIABLE
            + "['"
            + Passwords.vaultKey(user)
            + "'] | default('') }}"
        : "{{ lookup('ansible.builtin.env', '"
            + Passwords.environmentVariable(user)
            + "', default='') }}";
  }

  /** The same, in words: the README, explain and deploy.yml's message name it. */
  static String passwordFrom(Blueprint b, String user) {
    return b.secrets().vaultFile().isPresent()
        ? "the vault key " + Passwords.vaultKey(user)
        : Passwords.environmentVariable(user);
  }

  static List<Map<String, Object>> databases(Blueprint b) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Blueprint.Database db : b.postgresql().databases()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("db", db.name());
      m.put("encoding", db.encoding());
      m.put("lc_collate", db.locale());
      m.put("lc_ctype", db.locale());
      m.put("owner", db.owner());
      out.add(m);
    }
    return List.copyOf(out);
  }

  static List<Map<String, Object>> extensions(Blueprint b) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Blueprint.Database db : b.postgresql().databases()) {
      for (String ext : db.extensions()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ext", ext);
        m.put("db", db.name());
        out.add(m);
      }
    }
    return List.copyOf(out);
  }

  /** autobase's pools (`postgres`), then the blueprint's. */
  static List<Map<String, Object>> pools(Blueprint b) {
    List<Map<String, Object>> out = defaults(b, "pgbouncer_pools");
    for (Blueprint.Pool p : b.postgresql().pools()) {
      List<String> settings = new ArrayList<>();
      p.size().ifPresent(s -> settings.add("pool_size=" + s));
      settings.add("pool_mode=" + p.mode());
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", p.name());
      m.put("dbname", p.database());
      m.put("pool_parameters", String.join(" ", settings));
      out.add(m);
    }
    return List.copyOf(out);
  }

  /** Netdata's settings: autobase's, listening where the blueprint says. */
  static Map<String, Object> netdata(Blueprint b) {
    Map<String, Object> m = new LinkedHashMap<>(AutobaseDefaults.dict(release(b), "netdata_conf"));
    m.put(
        "web_bind_to",
        switch (b.monitoring().netdataListen()) {
          case "private" -> new Jinja("{{ bind_address }}");
          case "localhost" -> "localhost";
          default -> "*";
        });
    return m;
  }

  /** A value of autobase's defaults: its Jinja2 is autobase's, for Ansible to evaluate. */
  static Object autobase(String value) {
    return value.contains("{{") || value.contains("{%") ? new Jinja(value) : value;
  }
}
