package dev.hagen.steps;

import dev.hagen.postgresql.ServerParameters;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a configuration step applies, as the rules of a change found it: the parameters that change
 * and when each takes effect, whether pg_hba, users, databases or pools change, what Patroni's DCS
 * must hold, whose passwords the step sets, and the order of restarts.
 */
public record SettingsStep(
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
   * Whether config_pgcluster must run whole: the tags of the users' roles reach neither parameters,
   * pg_hba nor pgbouncer.ini, nor PgBouncer's userlist.txt, which holds every user when PgBouncer
   * does not look them up ({@code pgbouncer_auth_user: false}).
   */
  public boolean configuration() {
    return !parameters.isEmpty() || pgHba || pools || (users && userlist);
  }

  public boolean rolesOnly() {
    return !configuration() && (users || databases);
  }

  /** One parameter that changes: {@code value} empty when it is removed. */
  public record Parameter(
      String name, Optional<String> was, Optional<String> value, String takesEffect) {
    public boolean restart() {
      return !takesEffect.equals("reload");
    }
  }

  /** When the restarts of a parameter change happen, by Patroni's roles at run time. */
  public enum Rounds {
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

  /**
   * What pg_settings.setting must show for each changed parameter once the step ran, for those
   * whose value is a literal hagen can read (autobase's Jinja2 defaults are evaluated on the host).
   */
  public static Map<String, String> expectedSettings(int version, List<Parameter> parameters) {
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
  public static Map<String, String> written(List<Parameter> parameters) {
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
  public static List<String> rendered(List<Parameter> parameters) {
    return parameters.stream()
        .filter(p -> p.value().isPresent() && p.value().get().contains("{{"))
        .map(Parameter::name)
        .toList();
  }

  public static List<String> removed(List<Parameter> parameters) {
    return parameters.stream().filter(p -> p.value().isEmpty()).map(Parameter::name).toList();
  }
}
