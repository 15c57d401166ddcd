package dev.hagen.change;

import dev.hagen.blueprint.Blueprint;
import dev.hagen.diagnostic.Code;
import dev.hagen.diagnostic.Diagnostic;
import dev.hagen.postgresql.ServerParameters;
import dev.hagen.state.ClusterState;
import dev.hagen.state.ClusterState.Settings;
import dev.hagen.state.StateCodec;
import dev.hagen.steps.ChangePlan.Action;
import dev.hagen.steps.ChangePlan.Change;
import dev.hagen.steps.SettingsStep;
import dev.hagen.steps.SettingsStep.Parameter;
import dev.hagen.steps.SettingsStep.Rounds;
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

  /**
   * What changed, in the user's words ({@code changes}), what no step can change ({@code
   * problems}), and what the configuration steps apply.
   */
  record Result(List<Change> changes, List<Diagnostic> problems, SettingsStep step) {}

  private SettingsChanges() {}

  /** Compares {@code before} with {@code now}: a pure function of the two and the blueprint. */
  static Result compare(int version, Settings before, Settings now, Blueprint b, boolean userlist) {
    List<Change> changes = new ArrayList<>();
    List<Diagnostic> d = new ArrayList<>();
    List<Parameter> parameters = parameters(version, before, now, changes);
    boolean pgHba = pgHba(lines(before.pgHba()), lines(now.pgHba()), changes);
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
            StateCodec.lines(before.users(), StateCodec::userLine),
            StateCodec.lines(now.users(), StateCodec::userLine),
            changes,
            "not dropped: autobase never drops a role. Drop it by hand once nothing needs it"
                + " (REASSIGN OWNED BY, DROP OWNED BY, then DROP ROLE on the leader)");
    boolean databases = databases(before.databases(), now.databases(), b, changes, d);
    boolean pools =
        entries(
            "pool",
            StateCodec.lines(before.pools(), StateCodec::poolLine),
            StateCodec.lines(now.pools(), StateCodec::poolLine),
            changes,
            "PgBouncer's configuration is written without it");
    boolean poolRemoved =
        before.pools().keySet().stream().anyMatch(p -> !now.pools().containsKey(p));
    SettingsStep step =
        new SettingsStep(
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
    return new Result(List.copyOf(changes), List.copyOf(d), step);
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
  private static Set<String> passwordsSet(
      Map<String, ClusterState.User> before, Map<String, ClusterState.User> now) {
    Set<String> set = new java.util.TreeSet<>();
    now.forEach(
        (name, user) -> {
          ClusterState.User was = before.get(name);
          if (user.logsIn() && (was == null || !was.logsIn())) {
            set.add(name);
          }
        });
    return java.util.Collections.unmodifiableSet(set);
  }

  private static List<String> lines(List<ClusterState.HbaRule> rules) {
    return rules.stream().map(ClusterState.HbaRule::line).toList();
  }

  /** A database's encoding and locale are fixed when it is created: such a change is refused. */
  private static boolean databases(
      Map<String, ClusterState.Database> before,
      Map<String, ClusterState.Database> now,
      Blueprint b,
      List<Change> changes,
      List<Diagnostic> d) {
    for (int i = 0; i < b.postgresql().databases().size(); i++) {
      Blueprint.Database db = b.postgresql().databases().get(i);
      ClusterState.Database was = before.get(db.name());
      ClusterState.Database is = now.get(db.name());
      if (was != null && is != null && !was.created().equals(is.created())) {
        d.add(
            new Diagnostic(
                Code.SETTLED_SETTING,
                b.where().at("postgresql.databases[" + i + "].name"),
                "database "
                    + db.name()
                    + " was created with "
                    + was.created()
                    + ": PostgreSQL fixes a database's encoding and locale when it creates it",
                "keep its encoding and locale; for others, create a database under a new name and"
                    + " move the data"));
      }
    }
    return entries(
        "database",
        StateCodec.lines(before, StateCodec::databaseLine),
        StateCodec.lines(now, StateCodec::databaseLine),
        changes,
        "not dropped: autobase never drops a database. Drop it by hand (DROP DATABASE on the"
            + " leader) once its data is saved elsewhere; its extensions stay as they are");
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
}
