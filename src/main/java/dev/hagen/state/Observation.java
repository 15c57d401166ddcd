package dev.hagen.state;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What ansible/observe.yml saw of a running cluster ({@link #FILE}, format {@link #FORMAT}), typed.
 * {@code recordSha256}: the SHA-256 of the record it was taken beside ("" when there was none), so
 * an observation of another build of the cluster is told apart; {@code members}: Patroni's view,
 * from the first PostgreSQL host that gave one; {@code dcsPgHba}: pg_hba rules in Patroni's dynamic
 * configuration (put there by patronictl edit-config: Patroni then writes pg_hba.conf from them,
 * over autobase's); {@code hosts}: what each reached host showed; {@code unreached}: each host or
 * command that gave nothing, with why.
 */
public record Observation(
    String cluster,
    String takenAt,
    String recordSha256,
    List<Member> members,
    Map<String, String> patroni,
    Map<String, String> dcsParameters,
    List<String> dcsPgHba,
    Optional<String> patroniVersion,
    Map<String, Host> hosts,
    List<String> etcdMembers,
    List<String> vipHolders,
    List<String> unreached) {

  /** The observation's path inside the cluster's folder, where observe.yml writes it. */
  public static final String FILE = "observed.json";

  /** The format observe.yml writes; a hagen that reads a newer one refuses it. */
  public static final int FORMAT = 1;

  /** Patroni 4's name for a setting that the record keeps under Patroni 3's. */
  public static final Map<String, String> RENAMED_DCS_KEYS =
      Map.of("primary_start_timeout", "master_start_timeout");

  /** The dynamic settings observe.yml keeps from Patroni's configuration, by their DCS names. */
  public static final List<String> DCS_KEYS =
      java.util.stream.Stream.concat(
              ClusterState.Settings.PATRONI_DCS.keySet().stream(),
              RENAMED_DCS_KEYS.keySet().stream())
          .toList();

  /**
   * autobase's expressions for the roles it makes itself (never in a record's users): observe.yml
   * always reports what they are on each host, so a plan tells them from a role made by hand.
   */
  public static final List<String> AUTOBASE_ROLES =
      List.of("{{ patroni_superuser_username }}", "{{ patroni_replication_username }}");

  /**
   * A Patroni member as patronictl list shows it: {@code role} and {@code state} in Patroni's words
   * ("Leader", "Replica", "Sync Standby"; "running", "streaming"), {@code lagMb} empty when Patroni
   * knows none (a leader, a stopped member).
   */
  public record Member(
      String name,
      String host,
      String role,
      String state,
      Optional<Integer> timeline,
      Optional<Long> lagMb,
      boolean pendingRestart) {

    public boolean leader() {
      return role.equals("Leader") || role.equals("Standby Leader");
    }

    /** Running as it should: a leader running, a replica streaming. */
    public boolean healthy() {
      return leader() ? state.equals("running") : state.equals("streaming");
    }
  }

  /**
   * One PostgreSQL host's server: its parameters ({@code name}: value as pg_settings shows it, in
   * the base unit; those pending a restart apart), pg_hba rules as it reads them, and (the same on
   * every member) its roles and databases; {@code autobase}: the value each of autobase's
   * expressions in the record takes on this host.
   */
  public record Host(
      int serverVersionNum,
      String systemIdentifier,
      boolean inRecovery,
      boolean dataChecksums,
      Map<String, Setting> settings,
      List<ClusterState.HbaRule> pgHba,
      Map<String, ClusterState.User> roles,
      Map<String, ClusterState.Database> databases,
      Map<String, String> autobase) {

    public int major() {
      return serverVersionNum / 10000;
    }
  }

  /** A parameter as pg_settings shows it: its value in the base unit, where it was set. */
  public record Setting(String value, String unit, String source, boolean pendingRestart) {}

  public Optional<Member> leader() {
    return members.stream().filter(Member::leader).findFirst();
  }
}
