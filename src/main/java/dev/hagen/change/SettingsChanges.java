package dev.hagen.change;

import dev.hagen.blueprint.Blueprint;
import dev.hagen.change.ChangePlan.Action;
import dev.hagen.change.ChangePlan.Change;
import dev.hagen.change.ClusterRecord.Settings;
import dev.hagen.diagnostic.Code;
import dev.hagen.diagnostic.Diagnostic;
import dev.hagen.postgresql.ServerParameters;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The configuration half of a change: the record's settings against the blueprint's, by autobase
 * 2.6.0's config_pgcluster.yml and Patroni's rules. What changed, and what the steps must know to
 * make it: which parameters need a restart and in which order, what Patroni's DCS must hold.
 */
final class SettingsChanges {

  /**
   * The parameters a standby must have at least as high as its primary (PostgreSQL's
   * CheckRequiredParameterValues): Patroni starts a standby with pg_controldata's value when it is
   * higher, so a decrease takes effect only after the primary restarted with it.
   */
  static final Set<String> AT_LEAST_THE_PRIMARY =
      Set.of(
          "max_connections",
          "max_prepared_transactions",
          "max_locks_per_transaction",
          "max_wal_senders",
          "max_worker_processes");

  /** One parameter that changes: {@code value} empty when it is removed. */
  record Parameter(String name, Optional<String> was, Optional<String> value, String takesEffect) {
    boolean restart() {
      return !takesEffect.equals("reload");
    }
  }

  /** When the restarts of a parameter change happen, by Patroni's roles at run time. */
  enum Rounds {
    /** replicas one at a time, then the leader in place */
    REPLICAS_THEN_LEADER,
    /** the leader in place, then the replicas once they replayed its restart */
    LEADER_THEN_REPLICAS,
    /** both: some values rise and others fall */
    REPLICAS_LEADER_REPLICAS;

    boolean replicasFirst() {
      return this != LEADER_THEN_REPLICAS;
    }

    boolean replicasAfter() {
      return this != REPLICAS_THEN_LEADER;
    }

    String words() {
      return switch (this) {
        case REPLICAS_THEN_LEADER -> "the replicas one at a time, then the leader";
        case LEADER_THEN_REPLICAS ->
            "the leader first (a lower value must reach the replicas through its WAL), then the"
                + " replicas one at a time";
        case REPLICAS_LEADER_REPLICAS ->
            "the replicas one at a time, the leader, then the replicas again (some values rise,"
                + " some fall)";
      };
    }
  }

  /** Everything the configuration steps need. */
  record Found(
      List<Parameter> parameters,
      boolean pgHba,
      Map<String, String> patroni,
      boolean users,
      boolean databases,
      boolean pools,
      boolean userlist,
      Set<String> passwordsSet,
      Map<String, String> relaxed,
      Optional<Rounds> rounds) {

    /**
     * Whether config_pgcluster must run whole: the tags of the users' roles reach neither
     * parameters, pg_hba nor pgbouncer.ini, nor PgBouncer's userlist.txt, which holds every user
     * when PgBouncer does not look them up ({@code pgbouncer_auth_user: false}).
     */
    boolean configuration() {
      return !parameters.isEmpty() || pgHba || pools || (users && userlist);
    }

    boolean rolesOnly() {
      return !configuration() && (users || databases);
    }
  }

  private SettingsChanges() {}

  /**
   * Compares {@code before} with {@code now}, adding the changes in the user's words and a
   * diagnostic for each change no step can make.
   */
  static Found compare(
      int version,
      Settings before,
      Settings now,
      Blueprint b,
      boolean userlist,
      List<Change> changes,
      List<Diagnostic> d) {
    List<Parameter> parameters = parameters(version, before, now, changes);
    boolean pgHba = pgHba(before.pgHba(), now.pgHba(), changes);
    Map<String, String> patroni = new LinkedHashMap<>();
    now.patroni()
        .forEach(
            (key, value) -> {
              String was = before.patroni().get(key);
              if (!value.equals(was)) {
                patroni.put(key, value);
                changes.add(
                    new Change(
                        Action.CHANGE,
                        "patroni " + key,
                        (was == null ? "Patroni's default" : was)
                            + " -> "
                            + value
                            + " (Patroni's dynamic configuration)"));
              }
            });
    boolean users =
        entries(
            "user",
            before.users(),
            now.users(),
            changes,
            "not dropped: autobase never drops a role. Drop it by hand once nothing needs it"
                + " (REASSIGN OWNED BY, DROP OWNED BY, then DROP ROLE on the leader)");
    boolean databases = databases(before.databases(), now.databases(), b, changes, d);
    boolean pools =
        entries(
            "pool",
            before.pools(),
            now.pools(),
            changes,
            "PgBouncer's configuration is written without it");
    boolean poolRemoved =
        before.pools().keySet().stream().anyMatch(p -> !now.pools().containsKey(p));
    return new Found(
        List.copyOf(parameters),
        pgHba,
        patroni,
        users,
        databases,
        pools || poolRemoved,
        userlist,
        passwordsSet(before.users(), now.users()),
        relaxed(before.patroni(), patroni),
        rounds(version, parameters));
  }

  private static List<Parameter> parameters(
      int version, Settings before, Settings now, List<Change> changes) {
    Set<String> names = new LinkedHashSet<>(before.parameters().keySet());
    names.addAll(now.parameters().keySet());
    List<Parameter> out = new ArrayList<>();
    for (String name : names) {
      Optional<String> was = Optional.ofNullable(before.parameters().get(name));
      Optional<String> value = Optional.ofNullable(now.parameters().get(name));
      if (was.equals(value)) {
        continue;
      }
      String effect =
          ServerParameters.find(version, name)
              .map(p -> p.context().word())
              .orElse("restart (hagen has no data of it)");
      Parameter p = new Parameter(name, was, value, effect);
      out.add(p);
      if (was.isEmpty()) {
        changes.add(new Change(Action.ADD, "parameter " + name, value.get() + " (" + effect + ")"));
      } else if (value.isEmpty()) {
        changes.add(
            new Change(
                Action.REMOVE,
                "parameter " + name,
                "was "
                    + was.get()
                    + "; removed from Patroni's configuration, PostgreSQL's default applies ("
                    + effect
                    + ")"));
      } else {
        changes.add(
            new Change(
                Action.CHANGE,
                "parameter " + name,
                was.get() + " -> " + value.get() + " (" + effect + ")"));
      }
    }
    return out;
  }

  private static boolean pgHba(List<String> before, List<String> now, List<Change> changes) {
    if (before.equals(now)) {
      return false;
    }
    int n = changes.size();
    now.stream()
        .filter(r -> !before.contains(r))
        .forEach(r -> changes.add(new Change(Action.ADD, "pg_hba rule", r + " (reload)")));
    before.stream()
        .filter(r -> !now.contains(r))
        .forEach(r -> changes.add(new Change(Action.REMOVE, "pg_hba rule", r + " (reload)")));
    if (changes.size() == n) {
      changes.add(
          new Change(
              Action.CHANGE,
              "pg_hba rules",
              "the same rules in another order: the first that matches decides (reload)"));
    }
    return true;
  }

  /**
   * Named entries (users, pools): added, changed, removed. Returns whether a step has something to
   * apply; a removal is only reported with {@code removed}.
   */
  private static boolean entries(
      String what,
      Map<String, String> before,
      Map<String, String> now,
      List<Change> changes,
      String removed) {
    boolean apply = false;
    for (Map.Entry<String, String> e : now.entrySet()) {
      String was = before.get(e.getKey());
      if (was == null) {
        changes.add(new Change(Action.ADD, what + " " + e.getKey(), e.getValue()));
        apply = true;
      } else if (!was.equals(e.getValue())) {
        changes.add(
            new Change(Action.CHANGE, what + " " + e.getKey(), was + " -> " + e.getValue()));
        apply = true;
      }
    }
    before.keySet().stream()
        .filter(k -> !now.containsKey(k))
        .forEach(k -> changes.add(new Change(Action.REMOVE, what + " " + k, removed)));
    return apply;
  }

  /**
   * The Patroni settings of {@code changed} that relax what a commit needs: fewer synchronous
   * standbys, strict mode or synchronous mode turned off.
   */
  private static Map<String, String> relaxed(
      Map<String, String> before, Map<String, String> changed) {
    Map<String, String> relaxed = new LinkedHashMap<>();
    changed.forEach(
        (key, value) -> {
          String was = before.get(key);
          boolean off = "true".equals(was) && "false".equals(value);
          boolean fewer =
              key.equals("synchronous_node_count")
                  && was != null
                  && was.matches("[0-9]+")
                  && value.matches("[0-9]+")
                  && Integer.parseInt(value) < Integer.parseInt(was);
          if (fewer
              || (off
                  && (key.equals("synchronous_mode") || key.equals("synchronous_mode_strict")))) {
            relaxed.put(key, value);
          }
        });
    return java.util.Collections.unmodifiableMap(relaxed);
  }

  /**
   * The users whose password a step sets: those it creates, and those that could not log in before
   * and can now. Every other user keeps the password it has: autobase sets whatever password it is
   * given, an empty one as none.
   */
  private static Set<String> passwordsSet(Map<String, String> before, Map<String, String> now) {
    Set<String> set = new java.util.TreeSet<>();
    now.forEach(
        (name, value) -> {
          String was = before.get(name);
          if (logsIn(value) && (was == null || !logsIn(was))) {
            set.add(name);
          }
        });
    return java.util.Collections.unmodifiableSet(set);
  }

  /** Whether a recorded user ("LOGIN,CREATEDB", "NOLOGIN, member of x") can log in. */
  private static boolean logsIn(String recorded) {
    return !recorded.startsWith("NOLOGIN");
  }

  /** A database's encoding and locale are fixed when it is created: such a change is refused. */
  private static boolean databases(
      Map<String, String> before,
      Map<String, String> now,
      Blueprint b,
      List<Change> changes,
      List<Diagnostic> d) {
    for (int i = 0; i < b.postgresql().databases().size(); i++) {
      Blueprint.Database db = b.postgresql().databases().get(i);
      String was = before.get(db.name());
      if (was != null && !created(was).equals(created(now.get(db.name())))) {
        d.add(
            new Diagnostic(
                Code.SETTLED_SETTING,
                b.where().at("postgresql.databases[" + i + "].name"),
                "database "
                    + db.name()
                    + " was created with "
                    + created(was)
                    + ": PostgreSQL fixes a database's encoding and locale when it creates it",
                "keep its encoding and locale; for others, create a database under a new name and"
                    + " move the data"));
      }
    }
    return entries(
        "database",
        before,
        now,
        changes,
        "not dropped: autobase never drops a database. Drop it by hand (DROP DATABASE on the"
            + " leader) once its data is saved elsewhere; its extensions stay as they are");
  }

  /** The encoding and locale part of a recorded database ("owner x, UTF8, C.UTF-8; ..."). */
  private static String created(String recorded) {
    String head = recorded.split(";", 2)[0];
    int comma = head.indexOf(", ");
    return comma < 0 ? head : head.substring(comma + 2);
  }

  /**
   * The order of restarts, when a parameter needs one: a value of {@link #AT_LEAST_THE_PRIMARY}
   * that falls (or that hagen cannot compare) needs the leader first; anything else the replicas
   * first, so that no standby ever runs with less than its primary.
   */
  private static Optional<Rounds> rounds(int version, List<Parameter> parameters) {
    boolean restart = parameters.stream().anyMatch(Parameter::restart);
    if (!restart) {
      return Optional.empty();
    }
    boolean falls = false;
    boolean other = false;
    for (Parameter p : parameters) {
      if (!p.restart()) {
        continue;
      }
      if (AT_LEAST_THE_PRIMARY.contains(p.name())) {
        Optional<Integer> direction = direction(version, p);
        if (direction.isEmpty() || direction.get() < 0) {
          falls = true;
        }
        if (direction.isEmpty() || direction.get() > 0) {
          other = true;
        }
      } else {
        other = true;
      }
    }
    if (falls && other) {
      return Optional.of(Rounds.REPLICAS_LEADER_REPLICAS);
    }
    return Optional.of(falls ? Rounds.LEADER_THEN_REPLICAS : Rounds.REPLICAS_THEN_LEADER);
  }

  /** +1 when the value rises, -1 when it falls, empty when hagen cannot compare them. */
  private static Optional<Integer> direction(int version, Parameter p) {
    Optional<ServerParameters.Parameter> data = ServerParameters.find(version, p.name());
    if (data.isEmpty()) {
      return Optional.empty();
    }
    // A parameter removed falls back to PostgreSQL's default: its direction is unknown here.
    Optional<BigDecimal> was = p.was().flatMap(v -> ServerParameters.amount(data.get(), v));
    Optional<BigDecimal> now = p.value().flatMap(v -> ServerParameters.amount(data.get(), v));
    if (was.isEmpty() || now.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(Integer.signum(now.get().compareTo(was.get())));
  }

  /**
   * What pg_settings.setting must show for each changed parameter once the step ran, for those
   * whose value is a literal hagen can read (autobase's Jinja2 defaults are evaluated on the host).
   */
  static Map<String, String> expectedSettings(int version, List<Parameter> parameters) {
    Map<String, String> m = new LinkedHashMap<>();
    for (Parameter p : parameters) {
      if (p.value().isEmpty() || p.value().get().contains("{{")) {
        continue;
      }
      ServerParameters.find(version, p.name())
          .flatMap(data -> ServerParameters.setting(data, p.value().get()))
          .ifPresent(s -> m.put(p.name(), s));
    }
    return m;
  }

  /** The values Patroni must write into postgresql.conf, as written (literal values only). */
  static Map<String, String> written(List<Parameter> parameters) {
    Map<String, String> m = new LinkedHashMap<>();
    parameters.stream()
        .filter(p -> p.value().isPresent() && !p.value().get().contains("{{"))
        .forEach(p -> m.put(p.name(), p.value().get()));
    return m;
  }

  /**
   * The parameters whose new value is one of autobase's templates (Jinja2), which Ansible renders
   * on each host: the step waits for the value Patroni was given, read from the cluster.
   */
  static List<String> rendered(List<Parameter> parameters) {
    return parameters.stream()
        .filter(p -> p.value().isPresent() && p.value().get().contains("{{"))
        .map(Parameter::name)
        .toList();
  }

  static List<String> removed(List<Parameter> parameters) {
    return parameters.stream().filter(p -> p.value().isEmpty()).map(Parameter::name).toList();
  }
}
