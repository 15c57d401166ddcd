package dev.hagen.check;

import dev.hagen.autobase.AutobaseDefaults;
import dev.hagen.autobase.AutobaseRelease;
import dev.hagen.blueprint.Blueprint;
import dev.hagen.blueprint.Blueprint.HbaRule;
import dev.hagen.blueprint.Passwords;
import dev.hagen.blueprint.Role;
import dev.hagen.blueprint.SecretValues;
import dev.hagen.blueprint.Spelling;
import dev.hagen.diagnostic.Code;
import dev.hagen.diagnostic.Diagnostics;
import dev.hagen.postgresql.HbaRules;
import dev.hagen.postgresql.ServerParameters;
import dev.hagen.postgresql.ServerParameters.Parameter;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * PostgreSQL as the blueprint declares it: parameters PostgreSQL has, with values it takes and that
 * nobody else sets; pg_hba rules it accepts; users, databases and pools it and PgBouncer create;
 * and no password anywhere.
 */
final class PostgresqlCheck implements Check {
  /**
   * Parameters set from elsewhere, with where: Patroni writes them on each node, or autobase
   * derives them from its own variables or from a blueprint field.
   */
  static final Map<String, String> DERIVED =
      Map.ofEntries(
          Map.entry("listen_addresses", "Patroni sets it to each node's `ip` (nodes[].ip)"),
          Map.entry("port", "autobase sets it from `postgresql_port` (autobase_vars)"),
          Map.entry("cluster_name", "Patroni sets it from cluster.name"),
          Map.entry(
              "data_directory", "autobase sets it from `postgresql_data_dir` (autobase_vars)"),
          Map.entry("config_file", "Patroni writes it from autobase's `postgresql_conf_dir`"),
          Map.entry("hba_file", "Patroni writes it; rules go in postgresql.pg_hba"),
          Map.entry("ident_file", "Patroni writes it from autobase's `postgresql_pg_ident`"),
          Map.entry(
              "unix_socket_directories",
              "autobase sets it from `postgresql_unix_socket_dir` (autobase_vars)"),
          Map.entry(
              "synchronous_standby_names",
              "Patroni manages it: features.synchronous_mode and synchronous_node_count"),
          Map.entry("primary_conninfo", "Patroni writes it on each replica"),
          Map.entry("primary_slot_name", "Patroni writes it on each replica"),
          Map.entry(
              "restore_command", "Patroni writes it on each replica from its recovery settings"),
          Map.entry("promote_trigger_file", "Patroni promotes replicas itself"),
          Map.entry("archive_command", "the `backup` section wires WAL archiving to pgBackRest"),
          Map.entry("ssl", "tls.enabled sets it"),
          Map.entry("ssl_cert_file", "tls.enabled sets it to autobase's certificate in /etc/tls"),
          Map.entry("ssl_key_file", "tls.enabled sets it to autobase's key in /etc/tls"),
          Map.entry("ssl_ca_file", "tls.enabled sets it to autobase's CA in /etc/tls"),
          Map.entry(
              "password_encryption",
              "autobase sets it from `postgresql_password_encryption_algorithm` (autobase_vars), which"
                  + " also sets pg_hba's methods and PgBouncer's auth_type"));

  /** Why a parameter may not come from a blueprint, and what to do instead. */
  record Unsafe(String why, String hint) {}

  private static final String QUOTING_HINT =
      "remove it: hagen's checks on the nodes, and most drivers, quote text by the SQL standard's"
          + " rules; an application that needs it sets it for its own role or database";

  /**
   * Parameters that change how clients' SQL text is quoted (hagen's own checks on the nodes among
   * them) or where code is loaded from. Any parameter whose name ends in {@code _command} runs a
   * command, and is refused as these are.
   */
  static final Map<String, Unsafe> UNSAFE =
      Map.of(
          "standard_conforming_strings",
          new Unsafe(
              "with it off, a backslash escapes a quote in a string literal, so text quoted by the"
                  + " standard's rules can end early and run as SQL",
              QUOTING_HINT),
          "backslash_quote",
          new Unsafe(
              "it decides whether a backslash can escape a quote in a string literal",
              QUOTING_HINT),
          "client_encoding",
          new Unsafe(
              "it is the encoding of every client that names none, and an encoding such as SJIS or"
                  + " GBK lets a character swallow the backslash that escapes a quote",
              "remove it; an application that needs another encoding sets it for its own role or"
                  + " database (ALTER ROLE ... SET client_encoding)"),
          "dynamic_library_path",
          new Unsafe(
              "it tells PostgreSQL where to load extensions' code from",
              "remove it: extensions load from PostgreSQL's own folder, where packages install"
                  + " them"));

  /** Parameters that name libraries to load: each a library's name, never a path. */
  static final Set<String> LIBRARY_LISTS =
      Set.of(
          "shared_preload_libraries",
          "session_preload_libraries",
          "local_preload_libraries",
          "archive_library");

  /** A library's name as PostgreSQL finds it in its own $libdir. */
  static final Pattern LIBRARY = Pattern.compile("(\\$libdir/)?[A-Za-z0-9_-]+");

  /** Values Patroni's replicas cannot live with. */
  static final Map<String, Set<String>> REFUSED_VALUES =
      Map.of(
          "wal_level",
          Set.of("minimal"),
          "hot_standby",
          Set.of("off", "false", "no", "0", "f", "n"));

  /** Roles autobase creates itself (its defaults: the superuser, replication and PgBouncer). */
  static final Set<String> AUTOBASE_ROLES = Set.of("postgres", "replicator", "pgbouncer");

  static final Set<String> RESERVED_DATABASES = Set.of("postgres", "template0", "template1");

  /** PostgreSQL's server encodings (client-only ones cannot be a database's). */
  static final List<String> SERVER_ENCODINGS =
      List.of(
          "UTF8",
          "SQL_ASCII",
          "EUC_CN",
          "EUC_JP",
          "EUC_JIS_2004",
          "EUC_KR",
          "EUC_TW",
          "ISO_8859_5",
          "ISO_8859_6",
          "ISO_8859_7",
          "ISO_8859_8",
          "KOI8R",
          "KOI8U",
          "LATIN1",
          "LATIN2",
          "LATIN3",
          "LATIN4",
          "LATIN5",
          "LATIN6",
          "LATIN7",
          "LATIN8",
          "LATIN9",
          "LATIN10",
          "MULE_INTERNAL",
          "WIN866",
          "WIN874",
          "WIN1250",
          "WIN1251",
          "WIN1252",
          "WIN1253",
          "WIN1254",
          "WIN1255",
          "WIN1256",
          "WIN1257",
          "WIN1258");

  static final Pattern EXTENSION = Pattern.compile("[a-z_][a-z0-9_-]{0,62}");

  static final Pattern LOCALE = Pattern.compile("[A-Za-z0-9_.@-]{1,64}");

  /** pg_hba's database and user fields: names, keywords, commas, +group, no spaces. */
  static final Pattern HBA_NAMES = Pattern.compile("[A-Za-z0-9_.,+@-]{1,200}");

  static final Pattern HBA_OPTIONS = Pattern.compile("[A-Za-z0-9_=.,:/@ +\"-]{1,400}");

  static final Pattern HOST_NAME =
      Pattern.compile(
          "\\.?[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

  @Override
  public void run(Blueprint b, Diagnostics d) {
    var pg = b.postgresql();
    parameters(b, d);
    for (int i = 0; i < pg.pgHba().size(); i++) {
      hbaRule(b, d, pg.pgHba().get(i), "postgresql.pg_hba[" + i + "]");
    }
    hbaLockout(b, d);
    hbaThroughTheVip(b, d);
    strictReconnect(b, d);
    users(b, d);
    databases(b, d);
    pools(b, d);
    if (b.monitoring().netdata() && b.monitoring().netdataListen().equals("all")) {
      d.report(
          Code.NETDATA_EVERYWHERE,
          b.where().at("monitoring.netdata_listen"),
          "Netdata's dashboard (port 19999, no password) would listen on every interface of every node",
          "use `netdata_listen: private` (the cluster's network) or `localhost` (an SSH tunnel)");
    }
  }

  // --- parameters -----------------------------------------------------------------------------

  private static void parameters(Blueprint b, Diagnostics d) {
    if (b.postgresql().parameters().isEmpty()) {
      return; // PostgreSQL's parameters are read only for a blueprint that sets some
    }
    int major = b.cluster().postgresqlVersion();
    Map<String, Parameter> known = ServerParameters.of(major);
    Set<String> autobaseSets =
        AutobaseRelease.of(b.cluster().autobaseVersion())
            .map(AutobaseDefaults::parameters)
            .orElse(Set.of());
    for (Blueprint.Parameter p : b.postgresql().parameters()) {
      String path = "postgresql.parameters." + p.name();
      var nameAt = b.where().keyAt(path);
      if (DERIVED.containsKey(p.name())) {
        d.report(
            Code.DERIVED_PARAMETER,
            nameAt,
            "`" + p.name() + "` is not yours to set here: " + DERIVED.get(p.name()),
            "remove it from postgresql.parameters");
        continue;
      }
      Optional<Unsafe> unsafe = unsafe(p.name(), p.value());
      if (unsafe.isPresent()) {
        d.report(
            Code.UNSAFE_PARAMETER,
            nameAt,
            "`" + p.name() + "` is not a blueprint's to set: " + unsafe.get().why(),
            unsafe.get().hint());
        continue;
      }
      if (p.value().isPresent() && !Grammar.oneLine(p.value().get())) {
        d.report(
            Code.PARAMETER_VALUE,
            b.where().at(path),
            "the value of `" + p.name() + "` has a line break or a control character",
            "write it on one line: postgresql.conf holds one setting a line");
        continue;
      }
      if (known.isEmpty()) {
        continue; // a PostgreSQL version autobase does not install: HG509 says so
      }
      Optional<Parameter> parameter = ServerParameters.find(major, p.name());
      if (parameter.isEmpty()) {
        if (!Grammar.PARAMETER_NAME.matcher(p.name()).matches()) {
          // A module hagen has no data of passes by name, but only a name postgresql.conf takes.
          d.report(
              Code.UNKNOWN_PARAMETER,
              nameAt,
              "`" + p.name() + "` is not a parameter name",
              "a parameter is lowercase letters, digits and `_`, or a module's: `module.name`");
        } else if (ServerParameters.knownPrefix(major, p.name())) {
          d.report(
              Code.UNKNOWN_PARAMETER,
              nameAt,
              "PostgreSQL "
                  + major
                  + " has no parameter `"
                  + p.name()
                  + "`"
                  + otherVersions(p.name()),
              Spelling.nearest(p.name(), known.keySet())
                  .map(n -> "did you mean `" + n + "`?")
                  .orElse("`SHOW ALL` on a server lists its parameters"));
        }
        continue;
      }
      Parameter known1 = parameter.get();
      if (known1.context() == ServerParameters.Context.INTERNAL) {
        d.report(
            Code.DERIVED_PARAMETER,
            nameAt,
            "`" + p.name() + "` is read-only: PostgreSQL fixes it when it is built or at initdb",
            "remove it from postgresql.parameters");
        continue;
      }
      if (p.value().isEmpty()) {
        if (!autobaseSets.contains(p.name())) {
          d.report(
              Code.NOTHING_TO_REMOVE,
              b.where().at(path),
              "`"
                  + p.name()
                  + ": null` removes autobase's setting, but autobase "
                  + b.cluster().autobaseVersion()
                  + " does not set `"
                  + p.name()
                  + "`: PostgreSQL's default applies either way",
              "remove the line");
        }
        continue;
      }
      String value = p.value().get();
      Optional<String> problem = ServerParameters.problem(known1, value);
      if (problem.isPresent()) {
        d.report(
            Code.PARAMETER_VALUE,
            b.where().at(path),
            "`" + value + "` is not a value of `" + p.name() + "`: " + problem.get(),
            "write it as PostgreSQL " + major + " takes it");
      } else if (REFUSED_VALUES
          .getOrDefault(p.name(), Set.of())
          .contains(value.toLowerCase(Locale.ROOT))) {
        d.report(
            Code.PARAMETER_VALUE,
            b.where().at(path),
            "`"
                + p.name()
                + ": "
                + value
                + "` leaves Patroni's replicas unable to stream or serve reads",
            "keep autobase's value: remove the line");
      }
    }
  }

  /**
   * Why a parameter may not come from a blueprint: it runs a command, changes quoting, or loads a
   * library from a path.
   */
  static Optional<Unsafe> unsafe(String name, Optional<String> value) {
    if (UNSAFE.containsKey(name)) {
      return Optional.of(UNSAFE.get(name));
    }
    if (name.endsWith("_command")) {
      return Optional.of(
          new Unsafe(
              "PostgreSQL runs its value as a shell command, as the postgres user",
              "remove it: a command PostgreSQL runs is set on the hosts by whoever runs them, not"
                  + " by a change to a blueprint"));
    }
    if (LIBRARY_LISTS.contains(name)
        && value.isPresent()
        && !value.get().isBlank()
        && !java.util.Arrays.stream(value.get().split(",", -1))
            .map(String::strip)
            .allMatch(l -> LIBRARY.matcher(l).matches())) {
      return Optional.of(
          new Unsafe(
              "its value names libraries to load, and only a name (not a path) keeps them to the"
                  + " ones installed with PostgreSQL",
              "name each library as PostgreSQL finds it in its own folder, e.g."
                  + " `pg_stat_statements,auto_explain`"));
    }
    return Optional.empty();
  }

  /** A standby's reconnect delay a blueprint in strict synchronous mode should lower to. */
  static final String RECONNECT = "wal_retrieve_retry_interval";

  /**
   * Strict synchronous mode with PostgreSQL's standby reconnect delay: a standby that lost its
   * primary (the leader restarted, a switchover) reconnects after wal_retrieve_retry_interval, 5 s
   * by default, and until it does, no commit is acknowledged. The lab measured a leader's restart
   * stopping writes for 5.4 s with the default, 1.5 s with 1 s.
   */
  private static void strictReconnect(Blueprint b, Diagnostics d) {
    if (!b.features().synchronousMode() || !b.features().synchronousModeStrict()) {
      return; // strict without synchronous mode is HG317
    }
    int major = b.cluster().postgresqlVersion();
    Optional<java.math.BigDecimal> millis =
        b.postgresql().parameters().stream()
            .filter(p -> p.name().equals(RECONNECT) && p.value().isPresent())
            .findFirst()
            .flatMap(
                p ->
                    ServerParameters.find(major, RECONNECT)
                        .flatMap(known -> ServerParameters.amount(known, p.value().get())));
    if (millis.isPresent() && millis.get().compareTo(java.math.BigDecimal.valueOf(1000)) <= 0) {
      return;
    }
    d.report(
        Code.SLOW_STANDBY_RECONNECT,
        b.where().at("features.synchronous_mode_strict"),
        "in strict synchronous mode no commit is acknowledged until a synchronous standby"
            + " reconnects after it lost its primary (a restart of the leader, a switchover), and a"
            + " standby waits "
            + RECONNECT
            + " before it tries (5 s by default): the lab measured a leader's restart stopping"
            + " writes for 5.4 s",
        "set `postgresql.parameters." + RECONNECT + ": 1s` (the same restart: 1.5 s)");
  }

  /** " (it is one of PostgreSQL 13-15's)", when other versions have it. */
  private static String otherVersions(String name) {
    List<Integer> versions =
        IntStream.rangeClosed(ServerParameters.OLDEST, ServerParameters.NEWEST)
            .filter(v -> ServerParameters.find(v, name).isPresent())
            .boxed()
            .toList();
    return versions.isEmpty()
        ? ""
        : " (PostgreSQL "
            + (versions.size() == 1
                ? versions.get(0)
                : versions.get(0) + "-" + versions.get(versions.size() - 1))
            + " has it)";
  }

  // --- pg_hba ---------------------------------------------------------------------------------

  private static void hbaRule(Blueprint b, Diagnostics d, HbaRule r, String path) {
    var at = b.where().at(path);
    boolean local = r.type().equals("local");
    if (local && r.address().isPresent()) {
      d.report(
          Code.HBA_RULE,
          b.where().at(path + ".address"),
          "a `local` rule is for the Unix socket: it has no address",
          "remove `address`, or make the rule `type: host`");
    } else if (!local && r.address().isEmpty()) {
      d.report(
          Code.HBA_RULE,
          at,
          "a `" + r.type() + "` rule needs the clients' address",
          "add e.g. `address: " + b.network().cidr() + "`");
    }
    r.address().ifPresent(a -> address(b, d, a, path + ".address"));
    if (r.type().equals("hostssl") && !b.tls().enabled()) {
      d.report(
          Code.HBA_RULE,
          b.where().at(path + ".type"),
          "a `hostssl` rule matches TLS connections only, and tls.enabled is false: it would match none",
          "turn TLS on (`tls: { enabled: true }`) or make the rule `type: host`");
    }
    if (r.method().equals("peer") && !local) {
      d.report(
          Code.HBA_RULE,
          b.where().at(path + ".method"),
          "`peer` works on the Unix socket only",
          "use `type: local`, or a password method such as `scram-sha-256`");
    }
    if (r.method().equals("cert") && !r.type().equals("hostssl")) {
      d.report(
          Code.HBA_RULE,
          b.where().at(path + ".method"),
          "`cert` needs a TLS connection",
          "make the rule `type: hostssl`");
    }
    for (String field : List.of("database", "user")) {
      String v = field.equals("database") ? r.database() : r.user();
      if (!HBA_NAMES.matcher(v).matches()) {
        d.report(
            Code.HBA_RULE,
            b.where().at(path + "." + field),
            "`"
                + field
                + "` of a pg_hba rule is names separated by commas, without spaces or quotes",
            "e.g. `" + field + ": all` or `" + field + ": app,reports`");
      }
    }
    r.options()
        .ifPresent(
            o -> {
              if (SecretValues.hasSecretPair(o)) {
                d.report(
                    Code.LITERAL_PASSWORD,
                    b.where().at(path + ".options"),
                    "the rule's options hold a password, and the blueprint is committed and reviewed",
                    "remove it here; give the method its secret in an Ansible Vault file at run time");
              } else if (!HBA_OPTIONS.matcher(o).matches()) {
                d.report(
                    Code.HBA_RULE,
                    b.where().at(path + ".options"),
                    "the rule's options are name=value pairs separated by spaces",
                    "e.g. `options: clientcert=verify-full`");
              }
            });
    boolean network = !local && r.address().filter(PostgresqlCheck::loopback).isEmpty();
    if (network && (r.method().equals("trust") || r.method().equals("password"))) {
      d.report(
          Code.OPEN_HBA_RULE,
          b.where().at(path + ".method"),
          r.method().equals("trust")
              ? "`trust` lets every client from "
                  + r.address().orElse("")
                  + " in as any user it names, with no password"
              : "`password` sends the password over the network in clear text",
          "use `scram-sha-256`");
    }
  }

  /**
   * A rule that refuses a connection the cluster makes between its own hosts, where it comes first:
   * pg_hba.conf takes the first rule that matches, and autobase writes its rules for the cluster's
   * hosts after the blueprint's. Nothing breaks at the reload; the next replica restart, failover
   * or client through HAProxy is refused.
   */
  private static void hbaLockout(Blueprint b, Diagnostics d) {
    List<HbaRule> rules = b.postgresql().pgHba();
    if (rules.isEmpty()) {
      return;
    }
    Set<String> balancers = new HashSet<>(HbaRules.balancerAddresses(b));
    Set<Integer> reported = new HashSet<>();
    for (HbaRules.Connection c : HbaRules.Connection.values()) {
      for (Blueprint.Node n : b.nodes()) {
        boolean postgres = Role.runsPostgres(n.roles());
        if (!postgres || (c == HbaRules.Connection.CLIENTS && !balancers.contains(n.ip()))) {
          continue; // a balancer without PostgreSQL has hagen's rule before the blueprint's
        }
        for (int i = 0; i < rules.size(); i++) {
          HbaRule r = rules.get(i);
          if (!HbaRules.matches(r, c, n.ip(), b.tls().enabled(), b)) {
            continue;
          }
          if (!HbaRules.admits(r.method()) && reported.add(i)) {
            d.report(
                Code.HBA_LOCKOUT,
                b.where().at("postgresql.pg_hba[" + i + "].method"),
                "this rule refuses "
                    + c.words()
                    + " from "
                    + n.name()
                    + " ("
                    + n.ip()
                    + "): pg_hba.conf takes the first rule that matches, and autobase writes its"
                    + " rules for the cluster's own hosts after the blueprint's, so "
                    + switch (c) {
                      case REPLICATION ->
                          "a replica that restarts, a new replica's pg_basebackup and pg_rewind"
                              + " after a failover would be refused";
                      case SUPERUSER ->
                          "pg_rewind after a failover would be refused, and the old leader could"
                              + " not rejoin";
                      case CLIENTS -> "clients through the VIP would be refused";
                    },
                "put a rule before it that admits the cluster's hosts with a password, e.g. `{"
                    + " type: "
                    + (b.tls().enabled() ? "hostssl" : "host")
                    + ", database: "
                    + (c == HbaRules.Connection.REPLICATION ? "replication" : "all")
                    + ", user: "
                    + (c == HbaRules.Connection.REPLICATION ? "replicator" : "all")
                    + ", address: "
                    + b.network().cidr()
                    + ", method: scram-sha-256 }`, or narrow its address to the clients it is"
                    + " for");
          }
          break;
        }
      }
    }
  }

  /**
   * A client rule that connections through the VIP never meet: HAProxy passes them on from the
   * balancer's own address, where autobase's rule for the cluster's hosts (or hagen's for a
   * balancer without PostgreSQL) admits every user with a password.
   */
  private static void hbaThroughTheVip(Blueprint b, Diagnostics d) {
    List<String> balancers = HbaRules.balancerAddresses(b);
    List<HbaRule> rules = b.postgresql().pgHba();
    for (int i = 0; i < rules.size(); i++) {
      HbaRule r = rules.get(i);
      if (HbaRules.meetsTheVip(r, balancers) || r.address().isEmpty()) {
        continue;
      }
      d.report(
          Code.HBA_NOT_THROUGH_THE_VIP,
          b.where().at("postgresql.pg_hba[" + i + "].address"),
          "connections through the VIP arrive from a balancer's address ("
              + String.join(", ", balancers)
              + "), which "
              + r.address().get()
              + " does not cover: this rule decides only connections made to the nodes"
              + " directly; through the VIP, autobase's rule for the cluster's hosts admits every"
              + " user with a password",
          "to hold these clients to the rule through the VIP too, let only them reach the"
              + " balancers' ports (a firewall); for a rule meant for direct connections only,"
              + " nothing needs to change");
    }
  }

  private static void address(Blueprint b, Diagnostics d, String a, String path) {
    if (a.equals("samehost") || a.equals("samenet") || a.equals("all")) {
      return;
    }
    IPAddressString s = new IPAddressString(a);
    if (s.isIPAddress()) {
      IPAddress ip = s.getAddress();
      if (ip.isPrefixed() && !ip.equals(ip.toPrefixBlock())) {
        d.report(
            Code.HBA_RULE,
            b.where().at(path),
            "`" + a + "` has host bits set: PostgreSQL takes a network",
            "did you mean `" + ip.toPrefixBlock() + "`?");
      }
      return;
    }
    if (!HOST_NAME.matcher(a).matches()
        || a.chars().allMatch(c -> Character.isDigit(c) || c == '.' || c == '/')) {
      d.report(
          Code.HBA_RULE,
          b.where().at(path),
          "`" + a + "` is not a network, an address or a host name",
          "e.g. `" + b.network().cidr() + "`, `192.168.56.20`, `.example.com`, `samenet`");
    }
  }

  private static boolean loopback(String address) {
    IPAddressString s = new IPAddressString(address);
    return (s.isIPAddress() && s.getAddress().isLoopback()) || address.equals("samehost");
  }

  // --- users, databases, pools ----------------------------------------------------------------

  /** Whether {@code name} is one autobase's modules pass on unquoted; reports it when not. */
  private static boolean wellNamed(
      Diagnostics d, dev.hagen.diagnostic.SourcePosition at, String what, String name) {
    if (Grammar.ROLE_NAME.matcher(name).matches()) {
      return true;
    }
    d.report(
        Code.INVALID_ROLE,
        at,
        "`" + name + "` is not a " + what + " name hagen writes",
        "a letter or `_`, then letters, digits, `_` or `-`, at most 63");
    return false;
  }

  private static void users(Blueprint b, Diagnostics d) {
    Map<String, String> byVariable = new HashMap<>();
    Set<String> seen = new HashSet<>();
    var users = b.postgresql().users();
    for (int i = 0; i < users.size(); i++) {
      var u = users.get(i);
      String path = "postgresql.users[" + i + "]";
      var at = b.where().at(path + ".name");
      boolean named = wellNamed(d, at, "role", u.name());
      if (named && (AUTOBASE_ROLES.contains(u.name()) || u.name().startsWith("pg_"))) {
        d.report(
            Code.INVALID_ROLE,
            at,
            "`"
                + u.name()
                + "` is "
                + (u.name().startsWith("pg_")
                    ? "reserved by PostgreSQL"
                    : "a role autobase creates itself"),
            "give the user another name");
      } else if (named && !seen.add(u.name())) {
        d.report(
            Code.INVALID_ROLE, at, "user `" + u.name() + "` is declared twice", "declare it once");
      } else if (named) {
        String variable = Passwords.environmentVariable(u.name());
        String other = byVariable.putIfAbsent(variable, u.name());
        if (other != null) {
          d.report(
              Code.INVALID_ROLE,
              at,
              "users `"
                  + other
                  + "` and `"
                  + u.name()
                  + "` would both read their password from "
                  + variable,
              "rename one of them");
        }
      }
      u.memberOf()
          .filter(m -> !Grammar.ROLE_NAME.matcher(m).matches())
          .ifPresent(
              m ->
                  d.report(
                      Code.INVALID_ROLE,
                      b.where().at(path + ".member_of"),
                      "`" + m + "` is not a role name",
                      "name one role, e.g. `pg_monitor`"));
    }
  }

  private static void databases(Blueprint b, Diagnostics d) {
    Set<String> owners = new TreeSet<>(Set.of("postgres"));
    b.postgresql().users().forEach(u -> owners.add(u.name()));
    Set<String> seen = new HashSet<>();
    var databases = b.postgresql().databases();
    for (int i = 0; i < databases.size(); i++) {
      var db = databases.get(i);
      String path = "postgresql.databases[" + i + "]";
      var at = b.where().at(path + ".name");
      boolean named = wellNamed(d, at, "database", db.name());
      if (named && RESERVED_DATABASES.contains(db.name())) {
        d.report(
            Code.INVALID_ROLE,
            at,
            "database `" + db.name() + "` is PostgreSQL's own",
            "give it another name");
      } else if (named && !seen.add(db.name())) {
        d.report(
            Code.INVALID_ROLE,
            at,
            "database `" + db.name() + "` is declared twice",
            "declare it once");
      }
      if (!owners.contains(db.owner())) {
        d.report(
            Code.INVALID_ROLE,
            b.where().at(path + ".owner"),
            "the owner `" + db.owner() + "` is not a user of postgresql.users",
            Spelling.nearest(db.owner(), owners)
                .map(n -> "did you mean `" + n + "`?")
                .orElse("add it to postgresql.users, or use one of: " + String.join(", ", owners)));
      }
      String encoding = db.encoding().toUpperCase(Locale.ROOT).replace("-", "");
      if (!SERVER_ENCODINGS.contains(encoding)) {
        d.report(
            Code.INVALID_ROLE,
            b.where().at(path + ".encoding"),
            "`" + db.encoding() + "` is not a server encoding of PostgreSQL",
            Spelling.nearest(db.encoding(), SERVER_ENCODINGS)
                .map(n -> "did you mean `" + n + "`?")
                .orElse("e.g. `UTF8`"));
      }
      String locale = db.locale();
      if (!LOCALE.matcher(locale).matches()) {
        d.report(
            Code.INVALID_ROLE,
            b.where().at(path + ".locale"),
            "`" + locale + "` is not a locale name",
            "e.g. `C.UTF-8` or `en_US.UTF-8`");
      } else if (encoding.equals("UTF8")
          && !Set.of("C", "POSIX").contains(locale)
          && !locale.toLowerCase(Locale.ROOT).replace("-", "").endsWith(".utf8")) {
        d.report(
            Code.INVALID_ROLE,
            b.where().at(path + ".locale"),
            "the locale `"
                + locale
                + "` does not match the encoding UTF8: PostgreSQL refuses the database",
            "use a UTF-8 locale such as `C.UTF-8` or `en_US.UTF-8`");
      }
      for (int e = 0; e < db.extensions().size(); e++) {
        String ext = db.extensions().get(e);
        if (!EXTENSION.matcher(ext).matches()) {
          d.report(
              Code.INVALID_ROLE,
              b.where().at(path + ".extensions[" + e + "]"),
              "`" + ext + "` is not an extension name",
              "e.g. `pg_stat_statements`");
        }
      }
    }
  }

  private static void pools(Blueprint b, Diagnostics d) {
    var pools = b.postgresql().pools();
    if (pools.isEmpty()) {
      return;
    }
    if (!b.features().pgbouncer()) {
      d.report(
          Code.INVALID_ROLE,
          b.where().at("postgresql.pools"),
          "PgBouncer pools, but features.pgbouncer is off: nothing would serve them",
          "turn PgBouncer on (`features: { pgbouncer: true }`) or remove the pools");
    }
    Set<String> databases = new TreeSet<>(Set.of("postgres"));
    b.postgresql().databases().forEach(db -> databases.add(db.name()));
    Set<String> seen = new HashSet<>(Set.of("postgres"));
    for (int i = 0; i < pools.size(); i++) {
      var p = pools.get(i);
      String path = "postgresql.pools[" + i + "]";
      if (wellNamed(d, b.where().at(path + ".name"), "pool", p.name()) && !seen.add(p.name())) {
        d.report(
            Code.INVALID_ROLE,
            b.where().at(path + ".name"),
            p.name().equals("postgres")
                ? "the pool `postgres` is autobase's own"
                : "pool `" + p.name() + "` is declared twice",
            "give it another name");
      }
      if (!databases.contains(p.database())) {
        d.report(
            Code.INVALID_ROLE,
            b.where()
                .at(b.where().written(path + ".database") ? path + ".database" : path + ".name"),
            "the pool's database `" + p.database() + "` is not one of postgresql.databases",
            Spelling.nearest(p.database(), databases)
                .map(n -> "did you mean `" + n + "`?")
                .orElse(
                    "add it to postgresql.databases, or name one of: "
                        + String.join(", ", databases)));
      }
      p.size()
          .filter(s -> s < 1 || s > 10000)
          .ifPresent(
              s ->
                  d.report(
                      Code.INVALID_VALUE,
                      b.where().at(path + ".size"),
                      "a pool of " + s + " server connections",
                      "give it 1 to 10000"));
    }
  }
}
