package dev.hagen.blueprint;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A bound blueprint: every field typed, defaults applied. Addresses stay in the user's words here;
 * the check stage proves them well formed before the plan stage computes with them.
 */
public record Blueprint(
    int version,
    Cluster cluster,
    Network network,
    Optional<VagrantLab> vagrant,
    Ssh ssh,
    List<Node> nodes,
    Features features,
    Patroni patroni,
    Postgresql postgresql,
    Tls tls,
    Monitoring monitoring,
    Optional<Backup> backup,
    Secrets secrets,
    Map<String, Object> autobaseVars,
    BlueprintSource source,
    Optional<BlueprintSource> base,
    SourceMap where) {

  public static final int FORMAT_VERSION = 1;

  /** A YAML null inside autobase_vars (a Java null cannot live in an immutable collection). */
  public static final Object YAML_NULL =
      new Object() {
        @Override
        public String toString() {
          return "null";
        }
      };

  /** Features when the blueprint has no {@code features} section: the format's defaults. */
  public static final Features DEFAULT_FEATURES =
      new Features(
          (boolean) BlueprintFormat.defaultOf("features.haproxy"),
          (boolean) BlueprintFormat.defaultOf("features.pgbouncer"),
          (boolean) BlueprintFormat.defaultOf("features.synchronous_mode"),
          (boolean) BlueprintFormat.defaultOf("features.synchronous_mode_strict"),
          Optional.empty(),
          Set.of());

  /** Patroni's timing when the blueprint has no {@code patroni} section: the format's defaults. */
  public static final Patroni DEFAULT_PATRONI =
      new Patroni(
          (int) BlueprintFormat.defaultOf("patroni.ttl"),
          (int) BlueprintFormat.defaultOf("patroni.loop_wait"),
          (int) BlueprintFormat.defaultOf("patroni.retry_timeout"));

  /** vagrant-libvirt's settings when a libvirt lab has no {@code libvirt} section. */
  public static final Libvirt DEFAULT_LIBVIRT =
      new Libvirt(
          (String) BlueprintFormat.defaultOf("vagrant.libvirt.driver"),
          (String) BlueprintFormat.defaultOf("vagrant.libvirt.management_network"));

  /** PostgreSQL as autobase configures it when the blueprint has no {@code postgresql} section. */
  public static final Postgresql DEFAULT_POSTGRESQL =
      new Postgresql(
          InitdbSetting.defaults(), List.of(), List.of(), List.of(), List.of(), List.of());

  /** TLS when the blueprint has no {@code tls} section: the format's default. */
  public static final Tls DEFAULT_TLS = new Tls((boolean) BlueprintFormat.defaultOf("tls.enabled"));

  /** Monitoring when the blueprint has no {@code monitoring} section: the format's defaults. */
  public static final Monitoring DEFAULT_MONITORING =
      new Monitoring(
          (boolean) BlueprintFormat.defaultOf("monitoring.netdata"),
          (String) BlueprintFormat.defaultOf("monitoring.netdata_listen"));

  /** Secrets when the blueprint has no {@code secrets} section: the controller's environment. */
  public static final Secrets DEFAULT_SECRETS = new Secrets(Optional.empty());

  /** {@code name}: patroni_cluster_name and the output folder. */
  public record Cluster(String name, int postgresqlVersion, String autobaseVersion) {}

  /** The private network all cluster traffic uses, its NIC inside each guest, and the VIP. */
  public record Network(String cidr, String iface, Optional<String> vip) {}

  /**
   * The lab of VMs; absent for machines that already exist. {@code customHostOnlyRanges}: the user
   * configured /etc/vbox/networks.conf, so VirtualBox's default host-only range does not apply.
   */
  public record VagrantLab(
      Provider provider,
      String box,
      int cpus,
      int memoryMb,
      boolean customHostOnlyRanges,
      Libvirt libvirt) {

    public boolean virtualbox() {
      return provider == Provider.VIRTUALBOX;
    }

    public boolean isLibvirt() {
      return provider == Provider.LIBVIRT;
    }
  }

  /**
   * vagrant-libvirt's own settings: the hypervisor driver, and the management network Vagrant
   * reaches each VM on (every VM's first NIC; the private network is its second).
   */
  public record Libvirt(String driver, String managementNetwork) {}

  /** How Ansible (and the Vagrantfile's key provisioner) reach the hosts. */
  public record Ssh(String user, String privateKey, String publicKey) {}

  /**
   * {@code tags}: Patroni tags such as nofailover; {@code replicateFrom}: the node it cascades
   * from; {@code cpus}, {@code memoryMb}: this VM's size when not the lab's; {@code ssh}: how
   * Ansible reaches this machine when it is not at its private address with the blueprint's user
   * and key.
   */
  public record Node(
      String name,
      String ip,
      Optional<Integer> sshPort,
      Set<Role> roles,
      List<String> tags,
      Optional<String> replicateFrom,
      Optional<Integer> cpus,
      Optional<Integer> memoryMb,
      NodeSsh ssh) {
    public boolean has(Role role) {
      return roles.contains(role);
    }
  }

  /** A node's own connection settings; each empty one falls back to the blueprint's. */
  public record NodeSsh(Optional<String> host, Optional<String> user, Optional<String> privateKey) {
    public static final NodeSsh NONE =
        new NodeSsh(Optional.empty(), Optional.empty(), Optional.empty());
  }

  /**
   * {@code synchronousNodeCount}: how many synchronous standbys Patroni keeps (autobase's default,
   * 1, when empty); {@code synchronousModeStrict}: refuse writes when none is available.
   */
  public record Features(
      boolean haproxy,
      boolean pgbouncer,
      boolean synchronousMode,
      boolean synchronousModeStrict,
      Optional<Integer> synchronousNodeCount,
      Set<Extension> extensions) {

    /** The synchronous standbys Patroni keeps: as set, or the format's default. */
    public int nodeCount() {
      return synchronousNodeCount.orElseGet(
          () -> (int) BlueprintFormat.defaultOf("features.synchronous_node_count"));
    }
  }

  /**
   * Where the passwords come from at run time: the controller's environment, or, when {@code
   * vaultFile} is set, an Ansible Vault file (a path as seen from the generated ansible/ folder).
   */
  public record Secrets(Optional<String> vaultFile) {}

  /**
   * Patroni's failover timing, in seconds: {@code ttl} of the leader lock, the loop, the retries.
   */
  public record Patroni(int ttl, int loopWait, int retryTimeout) {}

  /**
   * PostgreSQL as the user declares it, merged by hagen into autobase's defaults: the settings
   * fixed when the cluster is made (every {@link InitdbSetting}, typed as its row says), server
   * parameters, pg_hba rules, users, databases and PgBouncer pools.
   */
  public record Postgresql(
      Map<InitdbSetting, Object> initdb,
      List<Parameter> parameters,
      List<HbaRule> pgHba,
      List<User> users,
      List<Database> databases,
      List<Pool> pools) {}

  /**
   * A server parameter as PostgreSQL reads it ({@code "300"}, {@code "on"}, {@code "64MB"}); an
   * empty value removes autobase's default of that name.
   */
  public record Parameter(String name, Optional<String> value) {}

  /** A pg_hba.conf line; {@code address} is empty for {@code local}. */
  public record HbaRule(
      String type,
      String database,
      String user,
      Optional<String> address,
      String method,
      Optional<String> options) {}

  /**
   * A role autobase creates. A login role's password is never in the blueprint: it is looked up at
   * run time ({@code ClusterPlan}'s secrets say where).
   */
  public record User(String name, boolean login, List<String> flags, Optional<String> memberOf) {}

  /** A database autobase creates, with the extensions created in it. */
  public record Database(
      String name, String owner, String encoding, String locale, List<String> extensions) {}

  /** A PgBouncer pool: the name clients connect to, the database behind it, its mode and size. */
  public record Pool(String name, String database, String mode, Optional<Integer> size) {}

  /**
   * Whether autobase makes a CA and server certificates, and PostgreSQL, Patroni and etcd use TLS.
   */
  public record Tls(boolean enabled) {}

  /** Netdata on every node, and where its web server listens ({@code private}, ...). */
  public record Monitoring(boolean netdata, String netdataListen) {}

  /**
   * pgBackRest: {@code repository} {@code host} (the node with role backup) or {@code s3}; {@code
   * retentionFull}: full backups kept; cron expressions for each kind of backup.
   */
  public record Backup(String repository, int retentionFull, Schedule schedule, Optional<S3> s3) {
    public boolean onHost() {
      return repository.equals("host");
    }
  }

  /** Five-field cron expressions; empty: no backup of that kind. */
  public record Schedule(String full, Optional<String> differential, Optional<String> incremental) {
    /** A cron expression's fields, as cron splits them (at runs of blanks). */
    public static List<String> fields(String expression) {
      String trimmed = expression.trim();
      return trimmed.isEmpty() ? List.of() : List.of(trimmed.split("\\s+", -1));
    }
  }

  /** S3-compatible storage; the keys are never here (they come in at run time). */
  public record S3(String endpoint, String bucket, String region, String path, String uriStyle) {}
}
