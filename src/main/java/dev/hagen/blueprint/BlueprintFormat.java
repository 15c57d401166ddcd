package dev.hagen.blueprint;

import dev.hagen.autobase.AutobaseRelease;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The blueprint format as data: every field with its type, default, meaning and the output it
 * drives. The binder takes its keys and defaults from here, `hagen init` writes its defaults,
 * `hagen schema` turns it into a JSON Schema, and docs/blueprint.md is generated from it, so the
 * format is written down once.
 */
public final class BlueprintFormat {
  /** What a field holds; {@code word()} is how the docs and the schema name it. */
  public enum Type {
    STRING,
    INTEGER,
    BOOLEAN,
    /** a list of {@code allowed} words */
    WORDS,
    OBJECT,
    /** a list of objects */
    LIST,
    /** a mapping of names to values; {@code allowed}, when set, holds the names' pattern */
    MAP;

    public String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** A field of the format. */
  public record Field(
      String name,
      Type type,
      boolean required,
      Object defaultValue,
      String meaning,
      String drives,
      List<String> allowed,
      List<Field> fields) {

    public Optional<Field> field(String key) {
      return fields.stream().filter(f -> f.name().equals(key)).findFirst();
    }

    public List<String> keys() {
      return fields.stream().map(Field::name).toList();
    }
  }

  private static Field scalar(
      String name, Type type, boolean required, Object dflt, String meaning, String drives) {
    return new Field(name, type, required, dflt, meaning, drives, List.of(), List.of());
  }

  private static Field words(
      String name,
      Type type,
      boolean required,
      Object dflt,
      String meaning,
      String drives,
      List<String> allowed) {
    return new Field(name, type, required, dflt, meaning, drives, allowed, List.of());
  }

  private static Field object(
      String name, Type type, boolean required, String meaning, String drives, Field... fields) {
    return new Field(name, type, required, null, meaning, drives, List.of(), List.of(fields));
  }

  /** The same, its first fields from a table of their own. */
  private static Field object(
      String name,
      Type type,
      boolean required,
      String meaning,
      String drives,
      List<Field> first,
      Field... rest) {
    List<Field> fields = new java.util.ArrayList<>(first);
    fields.addAll(List.of(rest));
    return new Field(name, type, required, null, meaning, drives, List.of(), List.copyOf(fields));
  }

  static final List<String> ROLES = Arrays.stream(Role.values()).map(Role::word).toList();

  /**
   * Here, not in the binder: the format is read while the binder initialises, never the reverse.
   */
  public static final List<String> PROVIDERS =
      Arrays.stream(Provider.values()).map(Provider::word).toList();

  public static final List<String> LIBVIRT_DRIVERS = List.of("kvm", "qemu");

  /** Patroni's boolean member tags. */
  public static final List<String> PATRONI_TAGS =
      List.of("nofailover", "nosync", "noloadbalance", "nostream");

  /** pg_hba.conf's connection types hagen writes (PostgreSQL's GSSAPI-only types are left out). */
  public static final List<String> HBA_TYPES = List.of("host", "hostssl", "hostnossl", "local");

  /** pg_hba.conf's methods on Linux. */
  public static final List<String> HBA_METHODS =
      List.of(
          "scram-sha-256",
          "md5",
          "password",
          "trust",
          "reject",
          "peer",
          "ident",
          "cert",
          "ldap",
          "radius",
          "pam",
          "gss");

  /** Role attributes besides LOGIN, as community.postgresql.postgresql_user takes them. */
  public static final List<String> USER_FLAGS =
      List.of("SUPERUSER", "CREATEDB", "CREATEROLE", "REPLICATION", "BYPASSRLS", "NOINHERIT");

  public static final List<String> POOL_MODES = List.of("session", "transaction", "statement");

  /** A server parameter's name: a word, or a module's word after a dot (pg_stat_statements.max). */
  public static final String PARAMETER_NAME = "^[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)?$";

  public static final List<String> NETDATA_LISTEN = List.of("private", "localhost", "all");

  public static final List<String> BACKUP_REPOSITORIES = List.of("host", "s3");

  /** Fields where {@code null} turns a default off (elsewhere it is the same as leaving it out). */
  public static final java.util.Set<String> NULL_MEANS_NONE =
      java.util.Set.of("backup.schedule.differential");

  public static final List<String> S3_URI_STYLES = List.of("host", "path");

  public static final Field BLUEPRINT =
      object(
          "",
          Type.OBJECT,
          true,
          "a blueprint",
          "",
          words(
              "version",
              Type.INTEGER,
              true,
              null,
              "the blueprint format; this hagen reads 1",
              "",
              List.of("1")),
          scalar(
              "extends",
              Type.STRING,
              false,
              null,
              "a base blueprint (a path relative to this file) that this one overrides: mappings merge key by key, "
                  + "`null` removes a key, `nodes` merge by `name`, lists and autobase variables are replaced whole",
              "everything the merged blueprint says; the headers name both files"),
          object(
              "cluster",
              Type.OBJECT,
              true,
              "the cluster",
              "",
              scalar(
                  "name",
                  Type.STRING,
                  true,
                  null,
                  "the cluster's name: 1-63 letters, digits, `-`, `_`",
                  "`patroni_cluster_name`, the output folder, VirtualBox VM names, the removal confirmation"),
              scalar(
                  "postgresql_version",
                  Type.INTEGER,
                  false,
                  18,
                  "PostgreSQL major version, 10-18",
                  "`postgresql_version`"),
              words(
                  "autobase_version",
                  Type.STRING,
                  false,
                  "2.6.0",
                  "the vitabaks.autobase release",
                  "`ansible/requirements.yml`; which variables `autobase_vars` may set",
                  AutobaseRelease.versions())),
          object(
              "network",
              Type.OBJECT,
              true,
              "the private network all cluster traffic uses",
              "",
              scalar(
                  "cidr",
                  Type.STRING,
                  true,
                  null,
                  "the network, e.g. `192.168.56.0/24`",
                  "`vip_manager_mask` (its prefix length); checks: every address inside it, not its network or broadcast address"),
              scalar(
                  "interface",
                  Type.STRING,
                  false,
                  "<the provider's second NIC>",
                  "that network's NIC on every host; with a `vagrant` section it defaults to the box's second NIC "
                      + "(`enp0s8` on VirtualBox, `eth1` on libvirt), without one it is required",
                  "`vip_interface` (always written)"),
              scalar(
                  "vip",
                  Type.STRING,
                  false,
                  null,
                  "the address clients use; keepalived moves it to a healthy balancer",
                  "`cluster_vip`; the README's connect commands")),
          object(
              "vagrant",
              Type.OBJECT,
              false,
              "a lab of VMs; leave it out for machines that already exist",
              "the `Vagrantfile` (written only with this section)",
              words(
                  "provider",
                  Type.STRING,
                  false,
                  PROVIDERS.get(0),
                  "the Vagrant provider",
                  "`node.vm.provider`",
                  PROVIDERS),
              scalar(
                  "box",
                  Type.STRING,
                  false,
                  "<the provider's box>",
                  "the base box; defaults to `ubuntu/jammy64` on VirtualBox and `generic/ubuntu2204` on libvirt",
                  "`config.vm.box`"),
              scalar(
                  "cpus",
                  Type.INTEGER,
                  false,
                  2,
                  "CPUs per VM (a warning below 2 on a node that runs PostgreSQL)",
                  "provider `cpus`"),
              scalar(
                  "memory_mb",
                  Type.INTEGER,
                  false,
                  2048,
                  "memory per VM in MiB (a warning below 1024 on a node that runs PostgreSQL, below 512 elsewhere)",
                  "provider `memory`"),
              scalar(
                  "custom_host_only_ranges",
                  Type.BOOLEAN,
                  false,
                  false,
                  "VirtualBox only: true when /etc/vbox/networks.conf on the host allows `network.cidr` (VirtualBox 6.1.28+ otherwise allows only 192.168.56.0/21)",
                  "the HG210 check"),
              object(
                  "libvirt",
                  Type.OBJECT,
                  false,
                  "vagrant-libvirt's settings (only with `provider: libvirt`)",
                  "",
                  words(
                      "driver",
                      Type.STRING,
                      false,
                      "kvm",
                      "`kvm` (hardware virtualisation) or `qemu` (emulation, slow)",
                      "provider `driver`",
                      LIBVIRT_DRIVERS),
                  scalar(
                      "management_network",
                      Type.STRING,
                      false,
                      "192.168.121.0/24",
                      "the network Vagrant reaches each VM on (its first NIC); must not overlap `network.cidr`",
                      "provider `management_network_address`"))),
          object(
              "ssh",
              Type.OBJECT,
              true,
              "how Ansible logs in to the hosts",
              "`[all:vars]` of the inventory",
              scalar(
                  "user",
                  Type.STRING,
                  false,
                  "vagrant",
                  "the user Ansible logs in as; defaults to `vagrant` only with a `vagrant` section, required without",
                  "`ansible_user`; the Vagrantfile installs the key for this user"),
              scalar(
                  "private_key",
                  Type.STRING,
                  true,
                  null,
                  "the key Ansible logs in with (no `{{`, `{%`, `{#`)",
                  "`ansible_ssh_private_key_file`"),
              scalar(
                  "public_key",
                  Type.STRING,
                  false,
                  "<private_key>.pub",
                  "its public half, read on the host at `vagrant up`",
                  "the Vagrantfile's key provisioner")),
          object(
              "nodes",
              Type.LIST,
              true,
              "the machines, in order; the first is Vagrant's `primary`",
              "every output",
              scalar(
                  "name",
                  Type.STRING,
                  true,
                  null,
                  "a host name (RFC 1123 label), unique without case",
                  "`hostname`, `config.vm.define`, `vm.hostname`; etcd and Patroni member names"),
              scalar(
                  "ip",
                  Type.STRING,
                  true,
                  null,
                  "its address in `network.cidr`, unique",
                  "the inventory host, `bind_address`, the `private_network` ip"),
              scalar(
                  "ssh_port",
                  Type.INTEGER,
                  false,
                  null,
                  "in a lab, the host port forwarded to the VM's SSH (1-65535, unique); on existing machines, the port sshd listens on",
                  "lab: `forwarded_port` with `id: 'ssh'` on 127.0.0.1; existing machines: `ansible_port`"),
              scalar(
                  "ssh_host",
                  Type.STRING,
                  false,
                  "<ip>",
                  "existing machines only: the address or DNS name Ansible connects to, when not `ip` (a management network, say)",
                  "`ansible_host`"),
              scalar(
                  "ssh_user",
                  Type.STRING,
                  false,
                  "<ssh.user>",
                  "existing machines only: this machine's login user",
                  "`ansible_user` of this host"),
              scalar(
                  "ssh_private_key",
                  Type.STRING,
                  false,
                  "<ssh.private_key>",
                  "existing machines only: this machine's key",
                  "`ansible_ssh_private_key_file` of this host"),
              scalar(
                  "cpus",
                  Type.INTEGER,
                  false,
                  "<vagrant.cpus>",
                  "lab only: this VM's CPUs",
                  "provider `cpus` of this VM"),
              scalar(
                  "memory_mb",
                  Type.INTEGER,
                  false,
                  "<vagrant.memory_mb>",
                  "lab only: this VM's memory in MiB",
                  "provider `memory` of this VM"),
              words(
                  "roles",
                  Type.WORDS,
                  true,
                  null,
                  "what the node runs: exactly one node is `primary`, at least one `etcd`; `backup` is pgBackRest's "
                      + "repository host (with `backup.repository: host`), which runs no PostgreSQL",
                  "inventory groups `master`, `replica`, `etcd_cluster`, `balancers`, `pgbackrest`",
                  ROLES),
              words(
                  "tags",
                  Type.WORDS,
                  false,
                  List.of(),
                  "Patroni tags set to true on this PostgreSQL node: "
                      + "`nofailover` (never promoted), `nosync` (never a synchronous standby), `noloadbalance`, `nostream`",
                  "`patroni_tags`",
                  PATRONI_TAGS),
              scalar(
                  "replicate_from",
                  Type.STRING,
                  false,
                  null,
                  "cascading replication: the name of the node this replica streams from instead of the leader",
                  "`patroni_replicatefrom`")),
          object(
              "features",
              Type.OBJECT,
              false,
              "what the cluster runs besides PostgreSQL",
              "",
              scalar(
                  "haproxy",
                  Type.BOOLEAN,
                  false,
                  true,
                  "HAProxy load balancing (and keepalived for the VIP)",
                  "`with_haproxy_load_balancing`"),
              scalar(
                  "pgbouncer",
                  Type.BOOLEAN,
                  false,
                  false,
                  "PgBouncer connection pooling",
                  "`pgbouncer_install`"),
              scalar(
                  "synchronous_mode",
                  Type.BOOLEAN,
                  false,
                  false,
                  "Patroni synchronous replication: a commit returns once a synchronous standby has it",
                  "`synchronous_mode`"),
              scalar(
                  "synchronous_mode_strict",
                  Type.BOOLEAN,
                  false,
                  false,
                  "with synchronous mode, refuse writes while no synchronous standby is available (no acknowledged write is ever only on one node)",
                  "`synchronous_mode_strict`"),
              scalar(
                  "synchronous_node_count",
                  Type.INTEGER,
                  false,
                  1,
                  "with synchronous mode, how many standbys confirm each commit (at most the replicas that may be synchronous)",
                  "`synchronous_node_count`"),
              words(
                  "extensions",
                  Type.WORDS,
                  false,
                  List.of(),
                  "extensions autobase installs",
                  "the `enable_*` flags",
                  Extension.words())),
          // Patroni's own defaults (30/10/10) took 36-47 s to replace a lost leader in the lab
          // harness;
          // these take less than 30 s (vagrant/README.md has the figures) and keep Patroni's rule.
          object(
              "patroni",
              Type.OBJECT,
              false,
              "Patroni's failover timing: how fast a lost leader is replaced. "
                  + "Patroni requires `loop_wait + 2 * retry_timeout <= ttl`",
              "",
              scalar(
                  "ttl",
                  Type.INTEGER,
                  false,
                  20,
                  "seconds the leader lock lives without renewal: the longest a lost leader stays leader (Patroni's minimum: 20)",
                  "`patroni_ttl`"),
              scalar(
                  "loop_wait",
                  Type.INTEGER,
                  false,
                  5,
                  "seconds between two runs of Patroni's loop (at least 1)",
                  "`patroni_loop_wait`"),
              scalar(
                  "retry_timeout",
                  Type.INTEGER,
                  false,
                  5,
                  "seconds Patroni retries etcd and PostgreSQL before it gives up (at least 3): an outage shorter than this demotes no leader",
                  "`patroni_retry_timeout`")),
          object(
              "postgresql",
              Type.OBJECT,
              false,
              "PostgreSQL as you declare it, merged into autobase's defaults for the pinned release: "
                  + "nothing of autobase's is lost unless you remove it",
              "",
              InitdbSetting.fields(),
              new Field(
                  "parameters",
                  Type.MAP,
                  false,
                  null,
                  "server parameters by name (`max_connections: 300`, `work_mem: 64MB`), checked against the blueprint's "
                      + "PostgreSQL version; each overrides autobase's default of that name or adds one, `null` removes "
                      + "autobase's default. Parameters that hagen, Patroni or autobase set from other fields are refused "
                      + "with the field to use",
                  "`postgresql_parameters` (autobase's list with these merged in by name) and "
                      + "`local_postgresql_parameters` (`shared_buffers`, `effective_cache_size`)",
                  List.of(PARAMETER_NAME),
                  List.of()),
              object(
                  "pg_hba",
                  Type.LIST,
                  false,
                  "client authentication rules, in order, after autobase's local and loopback rules; "
                      + "with any rule here autobase's last rule (every address, with a password) is left out, "
                      + "so an address no rule names is refused",
                  "`postgresql_pg_hba`",
                  words(
                      "type",
                      Type.STRING,
                      false,
                      "host",
                      "`host`, `hostssl` (TLS only: needs `tls.enabled`), `hostnossl` or `local` (the Unix socket)",
                      "the rule's type",
                      HBA_TYPES),
                  scalar(
                      "database",
                      Type.STRING,
                      false,
                      "all",
                      "`all`, `replication`, `sameuser`, or database names separated by commas",
                      "the rule's database"),
                  scalar(
                      "user",
                      Type.STRING,
                      false,
                      "all",
                      "`all`, user names separated by commas, or `+group`",
                      "the rule's user"),
                  scalar(
                      "address",
                      Type.STRING,
                      false,
                      null,
                      "the clients: a network (`192.168.56.0/24`, `::1/128`), an address (a /32 is added), a host name, "
                          + "`samehost` or `samenet`; required except for `local`",
                      "the rule's address"),
                  words(
                      "method",
                      Type.STRING,
                      false,
                      "scram-sha-256",
                      "how the client proves who it is",
                      "the rule's method",
                      HBA_METHODS),
                  scalar(
                      "options",
                      Type.STRING,
                      false,
                      null,
                      "the method's options, e.g. `clientcert=verify-full`",
                      "the rule's options")),
              object(
                  "users",
                  Type.LIST,
                  false,
                  "roles autobase creates (after its own PgBouncer auth user); a login role's password is read at "
                      + "deploy time from the environment variable `HAGEN_USER_<NAME>_PASSWORD` (the name upper-cased, "
                      + "`-` as `_`) or, with `secrets.vault_file`, the vault key `user_<name>_password`, never from the blueprint",
                  "`postgresql_users`",
                  scalar(
                      "name",
                      Type.STRING,
                      true,
                      null,
                      "the role's name: a letter or `_`, then letters, digits, `_`, `-` (at most 63)",
                      "the role"),
                  scalar(
                      "login",
                      Type.BOOLEAN,
                      false,
                      true,
                      "whether it logs in (and so has a password)",
                      "`LOGIN` or `NOLOGIN`"),
                  words(
                      "flags",
                      Type.WORDS,
                      false,
                      List.of(),
                      "further role attributes",
                      "`role_attr_flags`",
                      USER_FLAGS),
                  scalar(
                      "member_of",
                      Type.STRING,
                      false,
                      null,
                      "a role it is granted, e.g. `pg_monitor`, or another user here",
                      "the user's `role`")),
              object(
                  "databases",
                  Type.LIST,
                  false,
                  "databases autobase creates, each with its extensions",
                  "`postgresql_databases`, `postgresql_extensions`",
                  scalar(
                      "name",
                      Type.STRING,
                      true,
                      null,
                      "the database's name: a letter or `_`, then letters, digits, `_`, `-` (at most 63)",
                      "`db`"),
                  scalar(
                      "owner",
                      Type.STRING,
                      false,
                      "postgres",
                      "a user of `postgresql.users`, or `postgres`",
                      "`owner`"),
                  scalar("encoding", Type.STRING, false, "UTF8", "a server encoding", "`encoding`"),
                  scalar(
                      "locale",
                      Type.STRING,
                      false,
                      "C.UTF-8",
                      "collation and character classes (`C.UTF-8` exists on every Debian and Ubuntu host; "
                          + "others must be generated there)",
                      "`lc_collate`, `lc_ctype`"),
                  words(
                      "extensions",
                      Type.WORDS,
                      false,
                      List.of(),
                      "extensions created in this database (their packages must be on the hosts: contrib's are)",
                      "`postgresql_extensions`",
                      List.of())),
              object(
                  "pools",
                  Type.LIST,
                  false,
                  "PgBouncer pools (with `features.pgbouncer`), after autobase's own `postgres` pool",
                  "`pgbouncer_pools`",
                  scalar(
                      "name",
                      Type.STRING,
                      true,
                      null,
                      "the database name clients give PgBouncer",
                      "`name`"),
                  scalar(
                      "database",
                      Type.STRING,
                      false,
                      "<name>",
                      "the database behind it: one of `postgresql.databases`, or `postgres`",
                      "`dbname`"),
                  words(
                      "mode",
                      Type.STRING,
                      false,
                      "session",
                      "when a server connection goes back to the pool",
                      "`pool_mode`",
                      POOL_MODES),
                  scalar(
                      "size",
                      Type.INTEGER,
                      false,
                      null,
                      "server connections per user and database (1-10000; PgBouncer's `default_pool_size` otherwise)",
                      "`pool_size`"))),
          object(
              "tls",
              Type.OBJECT,
              false,
              "TLS inside the cluster",
              "",
              scalar(
                  "enabled",
                  Type.BOOLEAN,
                  false,
                  true,
                  "autobase makes a CA and a certificate per node: PostgreSQL takes TLS (`ssl`), autobase's network "
                      + "rule becomes `hostssl`, and Patroni's REST API and etcd use https; clients connect with "
                      + "`sslmode=require` (or `verify-ca` with the CA from /etc/tls/ca.crt)",
                  "`tls_cert_generate`")),
          object(
              "monitoring",
              Type.OBJECT,
              false,
              "monitoring agents on the nodes",
              "",
              scalar(
                  "netdata",
                  Type.BOOLEAN,
                  false,
                  false,
                  "Netdata on every node. Off by default: autobase installs it by downloading and running a script "
                      + "from the internet, which a careful operator reviews first",
                  "`netdata_install`"),
              words(
                  "netdata_listen",
                  Type.STRING,
                  false,
                  "private",
                  "where Netdata's web server (port 19999) listens: `private` (the node's address on `network.cidr`), "
                      + "`localhost`, or `all` (every interface: autobase's default)",
                  "`netdata_conf.web_bind_to`",
                  NETDATA_LISTEN)),
          object(
              "backup",
              Type.OBJECT,
              false,
              "backups and point-in-time recovery with pgBackRest; leave it out for a cluster without backups",
              "`pgbackrest_install` and pgBackRest's settings in `group_vars/all.yml`; the README's backup and restore "
                  + "procedure; `restore.yml`",
              words(
                  "repository",
                  Type.STRING,
                  false,
                  BACKUP_REPOSITORIES.get(0),
                  "where backups and archived WAL go: `host` (the node with role `backup`, over SSH) or `s3` "
                      + "(S3-compatible storage, the `s3` section)",
                  "`pgbackrest_repo_type`, `pgbackrest_repo_host`, the `[pgbackrest]` inventory group",
                  BACKUP_REPOSITORIES),
              scalar(
                  "retention_full",
                  Type.INTEGER,
                  false,
                  4,
                  "how many full backups are kept (at least 1); older ones, and the WAL only they need, are expired",
                  "`repo1-retention-full` with `repo1-retention-full-type=count`"),
              object(
                  "schedule",
                  Type.OBJECT,
                  false,
                  "when backups run: five-field cron expressions (minute hour day-of-month month day-of-week), in the "
                      + "hosts' time zone",
                  "`pgbackrest_cron_jobs`",
                  scalar(
                      "full",
                      Type.STRING,
                      false,
                      "0 3 * * 0",
                      "full backups (autobase's default: Sundays at 03:00)",
                      "the full backup's cron job"),
                  scalar(
                      "differential",
                      Type.STRING,
                      false,
                      "0 3 * * 1-6",
                      "differential backups (changes since the last full one); `null` for none",
                      "the differential backup's cron job"),
                  scalar(
                      "incremental",
                      Type.STRING,
                      false,
                      null,
                      "incremental backups (changes since the last backup of any kind); none by default",
                      "the incremental backup's cron job")),
              object(
                  "s3",
                  Type.OBJECT,
                  false,
                  "S3-compatible storage (with `repository: s3`). The keys are never written here: they are read when the "
                      + "playbook runs, from HAGEN_S3_KEY and HAGEN_S3_KEY_SECRET (or the vault keys "
                      + "`pgbackrest_s3_key` and `pgbackrest_s3_key_secret`)",
                  "`repo1-s3-*` in `pgbackrest_conf`",
                  scalar(
                      "endpoint",
                      Type.STRING,
                      true,
                      null,
                      "the service's host name, with a port if not 443 (`s3.eu-central-1.amazonaws.com`, "
                          + "`minio.example.net:9000`); pgBackRest always speaks https",
                      "`repo1-s3-endpoint`"),
                  scalar(
                      "bucket",
                      Type.STRING,
                      true,
                      null,
                      "the bucket: 3-63 lowercase letters, digits, dots and hyphens",
                      "`repo1-s3-bucket`"),
                  scalar(
                      "region",
                      Type.STRING,
                      true,
                      null,
                      "the bucket's region (`eu-central-1`; MinIO's default is `us-east-1`)",
                      "`repo1-s3-region`"),
                  scalar(
                      "path",
                      Type.STRING,
                      false,
                      "/pgbackrest",
                      "the repository's folder in the bucket (absolute)",
                      "`repo1-path`"),
                  words(
                      "uri_style",
                      Type.STRING,
                      false,
                      S3_URI_STYLES.get(0),
                      "`host` (bucket.endpoint, AWS) or `path` (endpoint/bucket, MinIO and most others)",
                      "`repo1-s3-uri-style`",
                      S3_URI_STYLES))),
          object(
              "secrets",
              Type.OBJECT,
              false,
              "where the passwords come from when the playbook runs; "
                  + "without this section, the controller's environment (HAGEN_SUPERUSER_PASSWORD, ...)",
              "`group_vars/all.yml`'s lookups",
              scalar(
                  "vault_file",
                  Type.STRING,
                  false,
                  null,
                  "an Ansible Vault file holding the passwords by autobase variable name, as a path from the generated `ansible/` folder "
                      + "(or absolute); the playbook then needs `--ask-vault-password` or a vault password file",
                  "`lookup('ansible.builtin.unvault', ...)` in `group_vars/all.yml`")),
          object(
              "autobase_vars",
              Type.MAP,
              false,
              "further variables of the pinned autobase release, passed through as data (strings holding Jinja2 are written `!unsafe`)",
              "the end of `group_vars/all.yml`"));

  private BlueprintFormat() {}

  /** The field at a dotted path ({@code patroni.ttl}, {@code nodes.roles}). */
  public static Field field(String path) {
    Field f = BLUEPRINT;
    for (String part : path.isEmpty() ? new String[0] : path.split("\\.")) {
      f =
          f.field(part)
              .orElseThrow(
                  () -> new IllegalArgumentException("the blueprint format has no " + path));
    }
    return f;
  }

  /**
   * The default of the field at {@code path}, as the binder applies it. A field whose default is
   * computed (written {@code <...>} in the docs) or that has none has no value here.
   */
  public static Object defaultOf(String path) {
    Object d = field(path).defaultValue();
    if (d == null || (d instanceof String s && s.startsWith("<"))) {
      throw new IllegalArgumentException(path + " has no fixed default");
    }
    return d;
  }

  /** The keys of the section at {@code path} ("" for the top, "nodes" for a node). */
  static List<String> keys(String path) {
    return field(path).keys();
  }
}
