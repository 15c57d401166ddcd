package dev.hagen.state;

import dev.hagen.blueprint.InitdbSetting;
import dev.hagen.blueprint.Role;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A cluster as it is or will be, typed: the record beside a built cluster ({@link #FILE}, the
 * "before" of every plan) and the plan's "after" are both one. Only what a change of the running
 * cluster depends on: its members with their roles, addresses and logins, the settings a plan
 * refuses to change ({@code initdb}: a setting missing from it was not recorded by the hagen that
 * wrote the record), and the configuration a plan changes. Never a password.
 */
public record ClusterState(
    String cluster,
    String blueprint,
    int postgresqlVersion,
    String autobaseVersion,
    String dcs,
    Optional<String> dataDir,
    Map<InitdbSetting, Object> initdb,
    Optional<String> vip,
    boolean haproxy,
    List<Member> nodes,
    Optional<Settings> settings) {

  /** The record's path inside the cluster's folder. */
  public static final String FILE = "hagen-state.yml";

  /**
   * The running cluster's configuration as hagen wrote it: PostgreSQL's parameters (autobase's and
   * the blueprint's, cluster-wide and per host, each value as written: a Jinja2 one is autobase's,
   * evaluated on the host), pg_hba rules in order, Patroni's dynamic settings by their DCS name,
   * the users, databases and pools autobase creates, and the backups (empty: none).
   */
  public record Settings(
      Map<String, String> parameters,
      List<HbaRule> pgHba,
      Map<String, String> patroni,
      Map<String, User> users,
      Map<String, Database> databases,
      Map<String, Pool> pools,
      Optional<Backup> backup) {

    /** Patroni's dynamic settings (its DCS keys) and the autobase variable of each. */
    public static final Map<String, String> PATRONI_DCS = patroniDcs();

    private static Map<String, String> patroniDcs() {
      Map<String, String> m = new java.util.LinkedHashMap<>();
      m.put("ttl", "patroni_ttl");
      m.put("loop_wait", "patroni_loop_wait");
      m.put("retry_timeout", "patroni_retry_timeout");
      m.put("maximum_lag_on_failover", "patroni_maximum_lag_on_failover");
      m.put("master_start_timeout", "patroni_master_start_timeout");
      m.put("synchronous_mode", "synchronous_mode");
      m.put("synchronous_mode_strict", "synchronous_mode_strict");
      m.put("synchronous_node_count", "synchronous_node_count");
      return java.util.Collections.unmodifiableMap(m);
    }
  }

  /**
   * A pg_hba rule as autobase's pg_hba.conf.j2 writes it: {@code address} empty for a local rule,
   * {@code options} empty for none. A field may be one of autobase's Jinja2 expressions.
   */
  public record HbaRule(
      String type, String database, String user, String address, String method, String options) {

    /** The rule as pg_hba.conf holds it, its fields apart by one space. */
    public String line() {
      return java.util.stream.Stream.of(type, database, user, address, method, options)
          .filter(v -> !v.isEmpty())
          .collect(Collectors.joining(" "));
    }
  }

  /** A role: {@code flags} as CREATE ROLE takes them, LOGIN or NOLOGIN first. */
  public record User(List<String> flags, Optional<String> memberOf) {
    public boolean logsIn() {
      return !flags.contains("NOLOGIN");
    }
  }

  /** A database: what PostgreSQL fixes when it creates it, its owner, and its extensions. */
  public record Database(String owner, String encoding, String locale, List<String> extensions) {

    /** What a database keeps for its life: its encoding and locale. */
    public String created() {
      return encoding + ", " + locale;
    }
  }

  /** A PgBouncer pool: the database it serves and its pool_parameters ("" for none). */
  public record Pool(String database, String parameters) {}

  /** Backups: where the repository is (in words), the full backups kept, cron by kind. */
  public record Backup(String repository, int retentionFull, Map<String, String> schedule) {}

  /** A node as it was built; {@code roles} in {@link Role}'s order. */
  public record Member(String name, String address, List<Role> roles, Login login) {
    public boolean has(Role role) {
      return roles.contains(role);
    }

    public boolean postgres() {
      return Role.runsPostgres(roles);
    }

    public String roleWords() {
      return roles.stream().map(Role::word).collect(Collectors.joining(", "));
    }
  }

  /** A host's own {@code ansible_*} variables; each empty one is left to {@code [all:vars]}. */
  public record Login(
      Optional<String> host,
      Optional<Integer> port,
      Optional<String> user,
      Optional<String> privateKeyFile) {
    public static final Login NONE =
        new Login(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  public Optional<Member> node(String name) {
    return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
  }

  public long count(Role role) {
    return nodes.stream().filter(n -> n.has(role)).count();
  }
}
