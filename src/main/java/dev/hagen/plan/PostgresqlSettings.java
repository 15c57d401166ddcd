package dev.hagen.plan;

import dev.hagen.autobase.AutobaseDefaults;
import dev.hagen.autobase.AutobaseRelease;
import dev.hagen.blueprint.Blueprint;
import dev.hagen.blueprint.Passwords;
import dev.hagen.blueprint.Role;
import dev.hagen.plan.ClusterPlan.Jinja;
import dev.hagen.state.Observation;
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
  /**
   * An entry of one of autobase's lists, typed: each cell is text (data) or a {@link Jinja} of
   * autobase's (for Ansible to evaluate). The group_vars entry ({@link #entry}) and the plan's
   * "after" ({@link PlannedState}) are two views of the one entry hagen derives.
   */
  sealed interface Entry {
    /** The entry as autobase's list holds it, its keys in autobase's order. */
    Map<String, Object> entry();
  }

  /** A server parameter: {@code {option, value}}. */
  record Option(String name, Object value) implements Entry {
    @Override
    public Map<String, Object> entry() {
      return ordered("option", name, "value", value);
    }
  }

  /** A pg_hba rule: autobase's template pads type, database, user and address, so each is there. */
  record Rule(
      Object type,
      Object database,
      Object user,
      Object address,
      Object method,
      Optional<Object> options)
      implements Entry {
    @Override
    public Map<String, Object> entry() {
      Map<String, Object> m =
          ordered("type", type, "database", database, "user", user, "address", address);
      m.put("method", method);
      options.ifPresent(o -> m.put("options", o));
      return m;
    }
  }

  /**
   * A role autobase creates; {@code flags} as CREATE ROLE takes them, {@code role}: "" for none.
   */
  record UserEntry(Object name, Optional<Object> password, Object flags, Object role)
      implements Entry {
    @Override
    public Map<String, Object> entry() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", name);
      password.ifPresent(p -> m.put("password", p));
      m.put("flags", flags);
      m.put("role", role);
      return m;
    }
  }

  /** A PgBouncer pool: its client name, the database, its pool_parameters ("" for none). */
  record PoolEntry(Object name, Object database, Object parameters) implements Entry {
    @Override
    public Map<String, Object> entry() {
      return ordered("name", name, "dbname", database, "pool_parameters", parameters);
    }
  }

  private static Map<String, Object> ordered(Object... pairs) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put((String) pairs[i], pairs[i + 1]);
    }
    return m;
  }

  /**
   * autobase's own Jinja2 expressions among what a record keeps of these entries (parameters'
   * values, pg_hba rules' fields, users' names), with those that name the roles autobase makes:
   * only cells that are autobase's {@link Jinja}, never a blueprint's text, which is data even when
   * it holds Jinja2 markers. No password cell is among them.
   */
  public static List<String> autobaseExpressions(Blueprint b) {
    java.util.Set<String> out = new java.util.TreeSet<>(Observation.AUTOBASE_ROLES);
    List<Object> cells = new ArrayList<>();
    for (String variable : List.of(CLUSTER_WIDE, LOCAL)) {
      parameters(b, variable).forEach(o -> cells.add(o.value()));
    }
    for (Rule r : pgHba(b)) {
      cells.addAll(List.of(r.type(), r.database(), r.user(), r.address(), r.method()));
      r.options().ifPresent(cells::add);
    }
    users(b).forEach(u -> cells.add(u.name()));
    for (Object cell : cells) {
      if (cell instanceof Jinja j) {
        out.add(j.text());
      }
    }
    return List.copyOf(out);
  }

  /** Entries as autobase's list holds them. */
  static List<Map<String, Object>> entries(List<? extends Entry> typed) {
    return typed.stream().map(Entry::entry).toList();
  }

  /** autobase's last pg_hba rule: every address, with a password; a rule after it never matches. */
  static final String EVERY_ADDRESS = "0.0.0.0/0";

  /** Parameters autobase sets per host (patroni.yml), where a cluster-wide value would be lost. */
  static final String LOCAL = AutobaseDefaults.LOCAL_PARAMETERS;

  static final String CLUSTER_WIDE = AutobaseDefaults.CLUSTER_WIDE_PARAMETERS;

  private PostgresqlSettings() {}

  private static AutobaseRelease release(Blueprint b) {
    return AutobaseRelease.of(b.cluster().autobaseVersion()).orElseThrow();
  }

  /**
   * autobase's default entries of a list variable, each cell its Jinja2 kept for it to evaluate,
   * read by {@code read}; an entry whose keys are not {@code keys} (a release that changed the
   * list's shape) stops the build here rather than lose a key.
   */
  private static <T> List<T> defaults(
      Blueprint b,
      String variable,
      List<String> keys,
      java.util.function.Function<Map<String, Object>, T> read) {
    List<T> out = new ArrayList<>();
    for (Map<String, String> e : AutobaseDefaults.entries(release(b), variable)) {
      if (!List.copyOf(e.keySet()).equals(keys)) {
        throw new IllegalStateException(variable + ": autobase's entry " + e + " is not " + keys);
      }
      Map<String, Object> entry = new LinkedHashMap<>();
      e.forEach((k, v) -> entry.put(k, autobase(v)));
      out.add(read.apply(entry));
    }
    return out;
  }

  /**
   * {@code variable}'s list (cluster-wide or per host): autobase's entries in its order, each
   * overridden or removed by the blueprint's parameter of that name, then the blueprint's new ones,
   * in its order. A new parameter goes to the cluster-wide list.
   */
  static List<Option> parameters(Blueprint b, String variable) {
    Map<String, Optional<String>> wanted = new LinkedHashMap<>();
    b.postgresql().parameters().forEach(p -> wanted.put(p.name(), p.value()));
    List<Option> out = new ArrayList<>();
    for (Map<String, String> e : AutobaseDefaults.entries(release(b), variable)) {
      String name = e.get("option");
      if (!wanted.containsKey(name)) {
        out.add(new Option(name, autobase(e.get("value"))));
      } else {
        wanted.get(name).ifPresent(value -> out.add(new Option(name, value)));
      }
    }
    if (variable.equals(CLUSTER_WIDE)) {
      Set<String> autobaseNames = AutobaseDefaults.parameters(release(b));
      wanted.forEach(
          (name, value) -> {
            if (!autobaseNames.contains(name) && value.isPresent()) {
              out.add(new Option(name, value.get()));
            }
          });
    }
    return List.copyOf(out);
  }

  /**
   * pg_hba rules: autobase's; with rules in the blueprint, autobase's local and loopback rules,
   * then every balancer that runs no PostgreSQL (clients through HAProxy arrive from its address;
   * autobase's template adds the PostgreSQL hosts' own), then the blueprint's rules in order, and
   * not autobase's last rule for every address, which would match before any of them.
   */
  static List<Rule> pgHba(Blueprint b) {
    List<Rule> out =
        defaults(
            b,
            "postgresql_pg_hba",
            List.of("type", "database", "user", "address", "method"),
            e ->
                new Rule(
                    e.get("type"),
                    e.get("database"),
                    e.get("user"),
                    e.get("address"),
                    e.get("method"),
                    Optional.empty()));
    if (b.postgresql().pgHba().isEmpty()) {
      return List.copyOf(out);
    }
    out.removeIf(rule -> EVERY_ADDRESS.equals(rule.address()));
    if (b.features().haproxy()) {
      for (Blueprint.Node n : b.nodes()) {
        if (n.has(Role.BALANCER) && !Role.runsPostgres(n.roles())) {
          out.add(
              new Rule(
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
          new Rule(
              r.type(),
              r.database(),
              r.user(),
              r.address().map(PostgresqlSettings::network).orElse(""),
              r.method(),
              r.options().map(Object.class::cast)));
    }
    return List.copyOf(out);
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
  static List<UserEntry> users(Blueprint b) {
    List<UserEntry> out =
        defaults(
            b,
            "postgresql_users",
            List.of("name", "password", "flags", "role"),
            e ->
                new UserEntry(
                    e.get("name"), Optional.of(e.get("password")), e.get("flags"), e.get("role")));
    for (Blueprint.User u : b.postgresql().users()) {
      List<String> flags = new ArrayList<>();
      flags.add(u.login() ? "LOGIN" : "NOLOGIN");
      flags.addAll(u.flags());
      out.add(
          new UserEntry(
              u.name(),
              u.login() ? Optional.of(new Jinja(passwordLookup(b, u.name()))) : Optional.empty(),
              String.join(",", flags),
              u.memberOf().orElse("")));
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
  static List<PoolEntry> pools(Blueprint b) {
    List<PoolEntry> out =
        defaults(
            b,
            "pgbouncer_pools",
            List.of("name", "dbname", "pool_parameters"),
            e -> new PoolEntry(e.get("name"), e.get("dbname"), e.get("pool_parameters")));
    for (Blueprint.Pool p : b.postgresql().pools()) {
      List<String> settings = new ArrayList<>();
      p.size().ifPresent(s -> settings.add("pool_size=" + s));
      settings.add("pool_mode=" + p.mode());
      out.add(new PoolEntry(p.name(), p.database(), String.join(" ", settings)));
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
