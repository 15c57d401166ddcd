package dev.hagen.plan;

import dev.hagen.blueprint.Role;
import dev.hagen.state.ClusterState;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Stage 4's result: everything the output says, decided. Templates only lay it out; every value
 * here is already resolved (defaults applied, groups computed, variables derived). {@code state} is
 * the cluster it builds, typed: the "after" that hagen plan compares and the record keeps; {@code
 * autobaseExpressions}: autobase's own Jinja2 expressions in it (see {@link
 * PostgresqlSettings#autobaseExpressions}), which observe.yml evaluates on each host.
 */
public record ClusterPlan(
    Provenance provenance,
    String clusterName,
    String networkCidr,
    String autobaseVersion,
    List<Host> hosts,
    List<InventoryGroup> groups,
    Connection connection,
    GroupVars vars,
    Optional<Lab> lab,
    ClientAccess access,
    List<Secret> secrets,
    Optional<Vault> vault,
    Settings settings,
    Optional<Backups> backups,
    ClusterState state,
    List<String> autobaseExpressions) {

  /**
   * Which hagen and which blueprint produced the output: goes into every file's header. {@code
   * blueprintFile} names the base too for an overlay ("prod.yml + lab.yml"), and the hash covers
   * both.
   */
  public record Provenance(String hagenVersion, String blueprintFile, String blueprintSha256) {}

  /**
   * A machine of the cluster. {@code address} is its private IP: the inventory key and
   * bind_address. {@code patroniTags}: autobase's "k=v,k=v" form, empty for none; {@code
   * replicateFrom}: a host name; {@code login}: this host's own connection variables (existing
   * machines); {@code vm}: its size in a lab.
   */
  public record Host(
      String name,
      String address,
      Optional<Integer> sshPort,
      Set<Role> roles,
      boolean vagrantPrimary,
      String patroniTags,
      Optional<String> replicateFrom,
      ClusterState.Login login,
      Optional<VmSize> vm) {

    public boolean isPrimary() {
      return roles.contains(Role.PRIMARY);
    }

    public boolean isReplica() {
      return roles.contains(Role.REPLICA);
    }

    /** Whether it runs PostgreSQL (with Patroni): the primary or a replica. */
    public boolean isPostgres() {
      return Role.runsPostgres(roles);
    }

    public boolean isBalancer() {
      return roles.contains(Role.BALANCER);
    }

    public boolean isEtcd() {
      return roles.contains(Role.ETCD);
    }

    /** pgBackRest's repository host, which runs no PostgreSQL. */
    public boolean isBackup() {
      return roles.contains(Role.BACKUP);
    }

    public String roleWords() {
      return String.join(", ", roles.stream().map(Role::word).toList());
    }
  }

  /**
   * Where Ansible logs in to a host, as the inventory says it: the host's own {@code ansible_*}
   * settings, else {@code [all:vars]}, else the inventory key (its private IP) and port 22.
   */
  public String sshTarget(Host h) {
    SshLogin l = sshLogin(h);
    return l.user() + "@" + l.host() + ":" + l.port();
  }

  /** How Ansible logs in to a host, every setting resolved. */
  public record SshLogin(String user, String host, int port, String privateKeyFile) {}

  public SshLogin sshLogin(Host h) {
    return new SshLogin(
        h.login().user().orElse(connection.user()),
        h.login().host().orElse(h.address()),
        h.login().port().orElse(22),
        h.login().privateKeyFile().orElse(connection.privateKeyFile()));
  }

  /** The first host of autobase's {@code master} group: where the cluster is bootstrapped. */
  public Host primary() {
    return groups.stream()
        .filter(g -> g.name().equals(AutobaseGroup.MASTER.group))
        .flatMap(g -> g.hosts().stream())
        .findFirst()
        .orElseThrow();
  }

  /** A lab VM's size. */
  public record VmSize(int cpus, int memoryMb) {}

  /** An autobase inventory group and its hosts, in blueprint order; may be empty. */
  public record InventoryGroup(String name, String comment, List<Host> hosts, boolean postgres) {}

  /** {@code [all:vars]}: how Ansible logs in. */
  public record Connection(String user, String privateKeyFile) {}

  /**
   * The Vagrant lab. {@code netmask}: the private network's, which Vagrant would otherwise take to
   * be /24. {@code libvirt}: vagrant-libvirt's settings, on that provider only.
   */
  public record Lab(
      String provider,
      String box,
      String netmask,
      String publicKeyFile,
      String sshUser,
      Optional<LibvirtLab> libvirt) {

    public boolean isLibvirt() {
      return libvirt.isPresent();
    }
  }

  /**
   * {@code networkName}: the libvirt network of the private addresses, isolated like VirtualBox's
   * host-only network; {@code domainPrefix}: VM names are the prefix and the node's name.
   */
  public record LibvirtLab(
      String driver, String managementNetwork, String networkName, String domainPrefix) {}

  /**
   * Where clients connect: the VIP when there is one, else each balancer (or the leader). {@code
   * readOnlyPort} is empty without HAProxy: vip-manager's VIP follows the leader only. {@code
   * vipHolder}: what moves the VIP (keepalived on a balancer, vip-manager to the leader).
   */
  public record ClientAccess(
      List<String> addresses,
      int readWritePort,
      Optional<Integer> readOnlyPort,
      boolean viaVip,
      String vipHolder) {}

  /**
   * A password autobase needs, looked up at run time: {@code lookup} is the Jinja2 expression
   * group_vars holds, reading the controller's environment or the blueprint's vault file; {@code
   * whenUnset}: what autobase does when it is empty; {@code required}: deploy.yml stops before it
   * changes anything while it is empty.
   */
  public record Secret(
      String variable,
      String environmentVariable,
      String purpose,
      String whenUnset,
      String lookup,
      boolean required) {}

  /**
   * The blueprint's Ansible Vault file: {@code file} as written, {@code lookup} the expression of
   * the variable {@code hagen_vault} that decrypts and reads it, which each secret takes a key of.
   */
  public record Vault(String file, String lookup) {
    public static final String VARIABLE = "hagen_vault";
  }

  /**
   * group_vars/all.yml: the variables of {@link GroupVariables}, in the order it writes them, and
   * {@code passThrough}, the blueprint's autobase_vars (a YAML null in them is {@link #YAML_NULL}).
   */
  public record GroupVars(List<Written> written, Map<String, Object> passThrough) {

    /**
     * One variable as written: its value, the blueprint field behind it, and the comment written
     * above it after a blank line ({@code ""}: the blank line only; empty: neither).
     */
    public record Written(String name, Object value, String field, Optional<String> comment) {
      public List<String> commentLines() {
        return comment.filter(c -> !c.isEmpty()).map(c -> c.lines().toList()).orElse(List.of());
      }
    }

    /** The variables hagen derives, by name, in the order all.yml writes them. */
    public Map<String, Object> derived() {
      Map<String, Object> m = new java.util.LinkedHashMap<>();
      written.forEach(w -> m.put(w.name(), w.value()));
      return m;
    }

    /**
     * The value of one derived variable by its autobase name. Callers spell the name as autobase
     * does; a name hagen does not write fails at once, in any test that plans.
     */
    public Object get(String name) {
      return written.stream()
          .filter(w -> w.name().equals(name))
          .findFirst()
          .map(Written::value)
          .orElseThrow(() -> new IllegalArgumentException("hagen writes no variable " + name));
    }
  }

  /**
   * What the cluster README and deploy.yml say of PostgreSQL's settings: TLS, Netdata, the
   * parameters the blueprint sets (and when each takes effect), its users with where each login's
   * password comes from, its databases and its PgBouncer pools (client name and database), and its
   * pg_hba rules that connections through the VIP never meet ({@code directOnly}: each as
   * pg_hba.conf writes it).
   */
  public record Settings(
      boolean tls,
      Optional<String> netdataListen,
      List<ParameterSetting> parameters,
      List<UserLogin> users,
      List<String> databases,
      List<String> pools,
      List<ServicePort> ports,
      List<String> directOnly) {}

  /**
   * Backups, as the cluster README and restore.yml speak of them: whether a backup host holds the
   * repository (else S3, and the leader backs up), where the repository is, what is kept and when
   * backups run, and the commands (run from the ansible/ folder) that take a backup now, list the
   * backups, and restore the cluster to a point in time ({@code restoreTarget}: the form
   * restore.yml accepts, a regular expression without backslashes).
   */
  public record Backups(
      boolean onHost,
      String repository,
      String stanza,
      int retentionFull,
      List<ScheduledBackup> schedule,
      String runsOn,
      String backupNow,
      String info,
      String restore,
      String restoreTarget) {}

  /** A kind of backup and its cron expression. */
  public record ScheduledBackup(String kind, String cron) {}

  /** A port a service listens on, and where: the cluster README's table. */
  public record ServicePort(String service, int port, String where) {}

  /**
   * A parameter the blueprint sets: {@code value} empty when it removes autobase's; {@code
   * takesEffect}: "reload", "restart", or "unknown" for a module hagen has no data of.
   */
  public record ParameterSetting(String name, Optional<String> value, String takesEffect) {}

  /** A user; {@code passwordFrom}: the environment variable or vault key, empty for NOLOGIN. */
  public record UserLogin(String name, Optional<String> passwordFrom) {}

  /**
   * A Jinja2 expression for Ansible to evaluate, written without {@code !unsafe}: only hagen's own
   * lookups and autobase's defaults are ever one, never a value from the blueprint.
   */
  public record Jinja(String text) {
    @Override
    public String toString() {
      return text;
    }
  }

  /** A YAML null in pass-through data, as the plan and the templates know it. */
  public static final Object YAML_NULL =
      new Object() {
        @Override
        public String toString() {
          return "null";
        }
      };
}
